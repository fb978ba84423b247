"""The member pages of democratic management (in the ``portal`` namespace)."""

from django.urls import path

from gonghui.democracy import views_portal

urlpatterns = [
    path("proposals/", views_portal.my_proposals, name="democracy-proposals"),
    path("proposals/new/", views_portal.new_proposal, name="democracy-proposal-new"),
]
