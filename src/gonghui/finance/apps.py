from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "gonghui.finance"
    label = "finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        from . import registration  # noqa: F401
