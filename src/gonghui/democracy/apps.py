from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemocracyConfig(AppConfig):
    name = "gonghui.democracy"
    label = "democracy"
    verbose_name = _("Democratic management")

    def ready(self) -> None:
        from . import registration  # noqa: F401
