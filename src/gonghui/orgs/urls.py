from django.urls import path

from gonghui.orgs import views

app_name = "orgs"
urlpatterns = [
    path("tree/", views.TreeView.as_view(), name="tree"),
    path("tree/<int:pk>/children/", views.TreeChildrenView.as_view(), name="tree-children"),
    path("switch/", views.SwitchView.as_view(), name="switch"),
    path("<int:pk>/move/", views.MoveView.as_view(), name="move"),
    path("<int:pk>/dissolve/", views.DissolveView.as_view(), name="dissolve"),
    path("<int:pk>/reactivate/", views.ReactivateView.as_view(), name="reactivate"),
]
