"""The summary's Word template: which one applies to a union, checking and replacing a
federation's own, and reverting to the one above."""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from docx import Document
from jinja2 import TemplateSyntaxError
from lxml.etree import LxmlError

from gonghui.accounts.roles import Perm
from gonghui.core.attachments import check_office_package
from gonghui.core.audit import audit_log
from gonghui.core.errors import DomainError
from gonghui.core.scope import unscoped
from gonghui.orgs.models import Organization, OrgType
from gonghui.reports.summary.document import summary_docx
from gonghui.reports.summary.layout import sample_summary
from gonghui.reports.summary.template_models import DocumentTemplate

TEMPLATE_MAX_BYTES = 5 * 1024 * 1024


def ancestor_paths(org: Organization) -> list[str]:
    """The paths of ``org`` and every organization above it, nearest first."""
    step = org.steplen
    return [org.path[:n] for n in range(len(org.path), 0, -step)]


def template_row(org: Organization) -> DocumentTemplate | None:
    """The template that applies to ``org``: its own, else the nearest one above, else None."""
    paths = ancestor_paths(org)
    with unscoped("a federation's template applies below"):
        rows = list(
            DocumentTemplate.objects.filter(organization__path__in=paths).select_related("organization")
        )
    rows.sort(key=lambda r: -len(r.organization.path))
    return rows[0] if rows else None


def template_for(org: Organization) -> bytes | None:
    """The template bytes ``summary_docx`` renders ``org``'s summary with (None: the default)."""
    row = template_row(org)
    return bytes(row.content) if row is not None else None


def _refuse(message: str) -> DomainError:
    return DomainError({"file": message})


def check_template(content: bytes) -> None:
    """Refuse (DomainError on "file", in words an officer can act on) a template that is not a
    Word document, has wrong tags, fails to render a sample summary, renders a damaged
    document or prints none of the summary."""
    if len(content) > TEMPLATE_MAX_BYTES:
        raise _refuse(_("The template is larger than 5 MB."))
    check_office_package(io.BytesIO(content), ".docx")
    sample = sample_summary()
    try:
        rendered = summary_docx(sample, content)
    except TemplateSyntaxError as e:
        raise _refuse(
            _("The template's tags are wrong (line %(line)s of its XML): %(error)s")
            % {"line": e.lineno, "error": e.message}
        ) from e
    except (KeyError, LxmlError, zipfile.BadZipFile) as e:  # a package without its Word parts
        raise _refuse(
            _("The template is not a Word document that can be filled in: save it again as .docx.")
        ) from e
    except Exception as e:  # whatever else an uploaded template does wrong is refused
        raise _refuse(
            _("The template could not be filled with a sample summary: %(error)s") % {"error": e}
        ) from e
    try:
        body = "\n".join(p.text for p in Document(io.BytesIO(rendered)).paragraphs)
    except (KeyError, ValueError, LxmlError, zipfile.BadZipFile) as e:
        raise _refuse(_("Filled with a sample summary, the template gives a damaged document.")) from e
    if sample.blocks[1].text.split("\n")[0] not in body:
        raise _refuse(
            _(
                "The template prints no paragraph of the summary: it needs a loop over blocks, "
                "as in the default template."
            )
        )


def may_upload(access: Any, org: Organization) -> bool:
    """Who replaces a template: whoever manages a federation, for it and every union below."""
    return org.org_type == OrgType.FEDERATION and bool(access.can(Perm.ORG_MANAGE, org))


@transaction.atomic
def template_upload(
    *, access: Any, organization: Organization, content: bytes, filename: str
) -> DocumentTemplate:
    """A federation's own template: checked whole, then it replaces the previous one (which
    stays when the check fails)."""
    if not may_upload(access, organization):
        raise PermissionDenied
    check_template(content)
    row, _created = DocumentTemplate.objects.update_or_create(
        organization=organization,
        defaults={
            "filename": (filename or "template.docx")[-200:],
            "content": content,
            "sha256": hashlib.sha256(content).hexdigest(),
            "uploaded_by": access.user,
        },
    )
    audit_log(
        "reports.summary_template.upload",
        user=access.user,
        organization=organization,
        obj=row,
        detail={"filename": row.filename, "sha256": row.sha256},
    )
    return row


@transaction.atomic
def template_revert(*, access: Any, organization: Organization) -> bool:
    """Remove the federation's own template: the one above (or the default) applies again."""
    if not may_upload(access, organization):
        raise PermissionDenied
    deleted, _rows = DocumentTemplate.objects.filter(organization=organization).delete()
    if deleted:
        audit_log("reports.summary_template.revert", user=access.user, organization=organization)
    return bool(deleted)
