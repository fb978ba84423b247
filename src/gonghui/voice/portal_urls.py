"""/m/ pages of members' voice (in the ``portal`` namespace)."""

from django.urls import path

from gonghui.voice import views_portal

urlpatterns = [
    path("surveys/", views_portal.surveys, name="voice-surveys"),
    path("surveys/<int:pk>/", views_portal.survey, name="voice-survey"),
    path("suggestions/", views_portal.suggestions, name="voice-suggestions"),
    path("suggestions/new/", views_portal.suggestion_new, name="voice-suggestion-new"),
]
