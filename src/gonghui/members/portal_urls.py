"""/m/join/: online joining (names in the ``portal`` namespace, prefixed ``members-``)."""

from django.urls import path

from gonghui.members import views_portal

urlpatterns = [
    path("join/", views_portal.join_find, name="members-join-find"),
    path("join/mine/", views_portal.join_mine, name="members-join-mine"),
    path("join/<slug:code>/", views_portal.join, name="members-join"),
]
