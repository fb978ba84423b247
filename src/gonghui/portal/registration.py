"""The portal's own tiles (other apps register theirs in their registration modules)."""

from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile, register_tile

register_tile(Tile(label=_("Member card"), url_name="portal:card", icon="person-vcard", order=10))
