from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "gonghui.activities"
    label = "activities"
    verbose_name = _("Activities and facilities")

    def ready(self) -> None:
        from . import registration  # noqa: F401
