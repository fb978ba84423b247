from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    name = "gonghui.skills"
    label = "skills"
    verbose_name = _("Competitions and training")

    def ready(self) -> None:
        from . import registration  # noqa: F401
