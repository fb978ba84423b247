"""The member pages of care, included under /m/ in the ``portal`` namespace (names ``care-…``)."""

from django.urls import path

from gonghui.care import views_portal

urlpatterns = [
    path("care/", views_portal.my_applications, name="care-cases"),
    path("care/apply/<str:kind>/", views_portal.apply, name="care-apply"),
    path("care/claims/new/", views_portal.new_claim, name="care-claim"),
    path("care/<str:kind>/<int:pk>/", views_portal.detail, name="care-detail"),
]
