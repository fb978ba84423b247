from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    """What a federation sees of the unions below it: annual returns and federation-wide measures."""

    name = "gonghui.federation"
    label = "federation"
    verbose_name = _("Federation")

    def ready(self) -> None:
        from . import registration  # noqa: F401
