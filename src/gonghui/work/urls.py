from django.urls import path

from gonghui.work import views

app_name = "work"
urlpatterns = [
    path("work-plans/<int:pk>/carry-over/", views.CarryOverView.as_view(), name="carry-over"),
]
