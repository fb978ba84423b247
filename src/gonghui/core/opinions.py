"""The opinions a union's application carries (上级审批意见栏): the party organization's, the
administration's and the higher union's, as on the paper forms of aid applications and of the
applications for acceptance (验收). An abstract model: a record type that carries them inherits it
and lists ``OPINION_FIELDS`` in its form."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

OPINION_FIELDS = ["party_opinion", "administration_opinion", "higher_union_opinion"]


class WithOpinions(models.Model):
    party_opinion = models.TextField(_("opinion of the party organization"), blank=True)
    administration_opinion = models.TextField(_("opinion of the administration"), blank=True)
    higher_union_opinion = models.TextField(_("opinion of the higher union"), blank=True)

    class Meta:
        abstract = True


def opinions_written(obj: Any) -> list[tuple[str, str]]:
    """(label, text) of the opinions written on ``obj``, in the form's order: what a printed
    application shows in its opinion boxes."""
    return [
        (str(capfirst(obj._meta.get_field(f).verbose_name)), text.strip())
        for f in OPINION_FIELDS
        if (text := getattr(obj, f) or "").strip()
    ]
