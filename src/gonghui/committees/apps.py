from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "gonghui.committees"
    label = "committees"
    verbose_name = _("Committees and elections")

    def ready(self) -> None:
        from . import registration  # noqa: F401
