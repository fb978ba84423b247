from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gonghui.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from gonghui.accounts.roles import Perm
        from gonghui.core.nav import NavLink, register_nav

        register_nav(
            NavLink("admin", _("Users and roles"), "accounts:grants", Perm.ORG_GRANT, icon="person-badge")
        )
        from . import registration  # noqa: F401
