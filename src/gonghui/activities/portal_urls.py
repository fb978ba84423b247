"""The member pages of notices and activities (in the ``portal`` namespace)."""

from django.urls import path

from gonghui.activities import views_portal

urlpatterns = [
    path("notices/", views_portal.notices, name="activities-notices"),
    path("notices/disclosures/<int:pk>/", views_portal.disclosure, name="activities-disclosure"),
    path("activities/<int:pk>/", views_portal.activity, name="activities-activity"),
    path("activities/<int:pk>/sign-up/", views_portal.signup, name="activities-signup"),
]
