from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    """The union's own work: meetings and visits, work plans, publicity."""

    name = "gonghui.work"
    label = "work"
    verbose_name = _("Union work")

    def ready(self) -> None:
        from . import registration  # noqa: F401
