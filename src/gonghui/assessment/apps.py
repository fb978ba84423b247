from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "gonghui.assessment"
    label = "assessment"
    verbose_name = _("Assessment")

    def ready(self) -> None:
        from . import registration  # noqa: F401
