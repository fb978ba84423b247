from django.contrib.auth import views as auth_views
from django.urls import path

from gonghui.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password"),
    path("grants/", views.GrantsView.as_view(), name="grants"),
    path("grants/<int:pk>/revoke/", views.RevokeView.as_view(), name="revoke"),
    path("tokens/", views.TokensView.as_view(), name="tokens"),
]
