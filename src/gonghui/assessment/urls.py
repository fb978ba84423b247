from django.urls import path

from gonghui.assessment.views import assessments, campaigns, standards, targets

app_name = "assessment"
urlpatterns = [
    path("", campaigns.IndexView.as_view(), name="index"),
    path("standards/", standards.StandardListView.as_view(), name="standards"),
    path("standards/upload/", standards.StandardUploadView.as_view(), name="standard-upload"),
    path("standards/<int:pk>/", standards.StandardDetailView.as_view(), name="standard"),
    path("standards/<int:pk>/excel/", standards.StandardExcelView.as_view(), name="standard-excel"),
    path("standards/<int:pk>/delete/", standards.StandardDeleteView.as_view(), name="standard-delete"),
    path("campaigns/new/", campaigns.CampaignCreateView.as_view(), name="campaign-create"),
    path("campaigns/<int:pk>/", campaigns.CampaignDetailView.as_view(), name="campaign"),
    path("campaigns/<int:pk>/export/", campaigns.CampaignExportView.as_view(), name="campaign-export"),
    path(
        "campaigns/<int:pk>/inspectors/",
        campaigns.CampaignInspectorsView.as_view(),
        name="campaign-inspectors",
    ),
    path("campaigns/<int:pk>/targets/", targets.CampaignTargetsView.as_view(), name="campaign-targets"),
    path("campaigns/<int:pk>/targets/set/", targets.TargetSetView.as_view(), name="campaign-target-set"),
    path(
        "campaigns/<int:pk>/targets/template/",
        targets.TargetTemplateView.as_view(),
        name="campaign-targets-template",
    ),
    path(
        "campaigns/<int:pk>/targets/import/",
        targets.TargetImportView.as_view(),
        name="campaign-targets-import",
    ),
    path("campaigns/<int:pk>/rescore/", campaigns.CampaignRescoreView.as_view(), name="campaign-rescore"),
    path("assignments/<int:pk>/delete/", campaigns.UnassignView.as_view(), name="unassign"),
    path("<int:pk>/", assessments.AssessmentView.as_view(), name="assessment"),
    path("<int:pk>/act/", assessments.AssessmentActView.as_view(), name="assessment-act"),
    path("<int:pk>/opinions/", assessments.AssessmentOpinionsView.as_view(), name="assessment-opinions"),
    path("<int:pk>/rescore/", assessments.AssessmentRescoreView.as_view(), name="assessment-rescore"),
    path("<int:pk>/items/<int:criterion>/", assessments.ItemView.as_view(), name="item"),
    path(
        "<int:pk>/items/<int:criterion>/reported/",
        assessments.ItemReportedView.as_view(),
        name="item-reported",
    ),
    path(
        "<int:pk>/items/<int:criterion>/evidence/",
        assessments.EvidenceUploadView.as_view(),
        name="evidence-upload",
    ),
    path("evidence/<int:pk>/", assessments.EvidenceDownloadView.as_view(), name="evidence"),
    path("evidence/<int:pk>/delete/", assessments.EvidenceDeleteView.as_view(), name="evidence-delete"),
    path("<int:pk>/gaps/", assessments.GapsView.as_view(), name="gaps"),
    path("<int:pk>/history/", assessments.HistoryView.as_view(), name="history"),
]
