"""/m/: the member pages. Other apps add theirs in ``<app>/portal_urls.py`` (``urlpatterns``,
names prefixed with the app, e.g. ``care-apply``), all in the ``portal`` namespace."""

from django.urls import path

from gonghui.core.discovery import app_modules
from gonghui.portal import views, views_card

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("bind/", views.bind, name="bind"),
    path("card/", views_card.card, name="card"),
    path("card/qr/", views_card.card_qr, name="card-qr"),
    path("card/photo/<str:key>", views_card.card_photo, name="card-photo"),
    path("card/verify/<str:token>", views_card.card_verify, name="card-verify"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
for module in app_modules("portal_urls"):
    urlpatterns += module.urlpatterns
