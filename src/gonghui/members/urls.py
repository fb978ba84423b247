from django.urls import path

from gonghui.members import views, views_join

app_name = "members"
urlpatterns = [
    path("<int:pk>/reveal/", views.RevealView.as_view(), name="reveal"),
    path("<int:pk>/change/<slug:kind>/", views.MembershipChangeView.as_view(), name="change"),
    path("transfers/", views.TransfersView.as_view(), name="transfers"),
    path("transfers/<int:pk>/decide/", views.TransferDecideView.as_view(), name="transfer-decide"),
    path("transfer-requests/", views.TransferRequestsView.as_view(), name="transfer-requests"),
    path(
        "transfer-requests/<int:pk>/decide/",
        views.TransferRequestDecideView.as_view(),
        name="transfer-request-decide",
    ),
    path(
        "transfer-requests/<int:pk>/cancel/",
        views.TransferRequestCancelView.as_view(),
        name="transfer-request-cancel",
    ),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/template/", views.ImportTemplateView.as_view(), name="import-template"),
    path("import/<int:pk>/", views.ImportJobView.as_view(), name="import-job"),
    path("import/<int:pk>/commit/", views.ImportCommitView.as_view(), name="import-commit"),
    path("import/<int:pk>/retry/", views.ImportRetryView.as_view(), name="import-retry"),
    path("import/<int:pk>/annotated/", views.ImportAnnotatedView.as_view(), name="import-annotated"),
    path("pick/", views.MemberPickView.as_view(), name="pick"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
]
urlpatterns += [
    path("join-applications/", views_join.JoinApplicationsView.as_view(), name="join-applications"),
    path("join-applications/<int:pk>/", views_join.JoinApplicationView.as_view(), name="join-application"),
    path("join-applications/<int:pk>/approve/", views_join.JoinApproveView.as_view(), name="join-approve"),
    path("join-applications/<int:pk>/reject/", views_join.JoinRejectView.as_view(), name="join-reject"),
    path("join-qr/", views_join.JoinQrView.as_view(), name="join-qr"),
]
