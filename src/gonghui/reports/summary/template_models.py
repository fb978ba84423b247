"""A federation's own Word template of the annual summary, used by every union below it."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope import OrgScopedManager


class DocumentTemplate(models.Model):
    """The summary template a federation (or any union) uploaded: the nearest one above a union
    (itself included) is the one its summary is rendered with; none means the default.

    One row per organization: an upload that passes the checks replaces it, a refused one
    leaves it as it was; deleting it reverts to the template above (or the default).
    """

    organization = models.OneToOneField(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    objects = OrgScopedManager()
    sensitive_fields: ClassVar[dict[str, Any]] = {}  # a document layout, no personal data

    class Meta:
        verbose_name = _("summary template")

    def __str__(self) -> str:
        return self.filename
