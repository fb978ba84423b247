"""The opinions a union's application carries (上级审批意见栏): the party organization's, the
administration's and the higher union's, as on the paper forms of aid applications and of the
applications for acceptance (验收). An abstract model: a record type that carries them inherits it
and lists ``OPINION_FIELDS`` in its form."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

OPINION_FIELDS = ["party_opinion", "administration_opinion", "higher_union_opinion"]


class WithOpinions(models.Model):
    party_opinion = models.TextField(_("opinion of the party organization"), blank=True)
    administration_opinion = models.TextField(_("opinion of the administration"), blank=True)
    higher_union_opinion = models.TextField(_("opinion of the higher union"), blank=True)

    class Meta:
        abstract = True
