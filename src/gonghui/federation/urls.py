from django.urls import path

from gonghui.federation import views

app_name = "federation"
urlpatterns = [
    path("returns/", views.ReturnsView.as_view(), name="returns"),
    path("returns/<int:year>/", views.ReturnsView.as_view(), name="returns-year"),
    path("returns/<int:year>/template/", views.ReturnsTemplateView.as_view(), name="returns-template"),
]
