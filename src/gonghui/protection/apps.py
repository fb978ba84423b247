from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "gonghui.protection"
    label = "protection"
    verbose_name = _("Labor protection and mediation")

    def ready(self) -> None:
        from . import registration  # noqa: F401
