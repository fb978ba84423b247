from django.conf import settings
from django.urls import include, path

from gonghui.api import api
from gonghui.core.discovery import app_urlpatterns
from gonghui.orgs.views import HomeView

# The error page shows the request's id (gonghui.core.requestid), to quote when reporting it.
handler500 = "gonghui.core.requestid.server_error"
handler404 = "gonghui.api.not_found"  # JSON under /api/

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("gonghui.accounts.urls")),
    path("orgs/", include("gonghui.orgs.urls")),
    path("api/v1/", api.urls),
    path("m/", include("gonghui.portal.urls")),  # members' own pages, on the phone
    *app_urlpatterns(mounted={"core", "orgs", "accounts", "portal"}),  # other apps' own pages, at /<label>/
    path("", include("gonghui.core.urls")),
]

if settings.DEBUG:  # pragma: no cover
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
