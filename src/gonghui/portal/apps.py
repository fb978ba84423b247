from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Members' own pages on the phone (/m/): sign-in by code, and the tiles other apps plug in."""

    name = "gonghui.portal"
    label = "portal"
    verbose_name = _("Members' own pages")

    def ready(self) -> None:
        from . import registration  # noqa: F401
