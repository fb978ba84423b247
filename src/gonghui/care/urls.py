from django.urls import path

from gonghui.care import views

app_name = "care"
urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("aid-cases/<int:pk>/review/", views.AidReviewView.as_view(), name="aid-review"),
    path("aid-cases/<int:pk>/decide/", views.AidDecideView.as_view(), name="aid-decide"),
    path("aid-cases/<int:pk>/disburse/", views.AidDisburseView.as_view(), name="aid-disburse"),
    path("hardship-files/<int:pk>/exit/", views.HardshipExitView.as_view(), name="hardship-exit"),
    path("insurance-plans/<int:pk>/enrol/", views.PlanEnrolView.as_view(), name="plan-enrol"),
]
