from django.urls import path

from gonghui.voice import views

app_name = "voice"
urlpatterns = [
    path("satisfaction-surveys/<int:pk>/online/", views.survey_results, name="survey-results"),
    path("satisfaction-surveys/<int:pk>/open/", views.survey_open, name="survey-open"),
    path("satisfaction-surveys/<int:pk>/close/", views.survey_close, name="survey-close"),
]
