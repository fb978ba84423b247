from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoiceConfig(AppConfig):
    name = "gonghui.voice"
    label = "voice"
    verbose_name = _("Voice of members")

    def ready(self) -> None:
        from . import registration  # noqa: F401
