"""Use cases of the summary's draft page and API: edit, add, move, refresh, save, delete.

Each takes ``access=`` and checks ``records.edit`` on the union itself. Every change on the page
is written at once to the union's working copy of the year (one row, locked while it changes),
made on the first change from the newest named version or, with none, from the generated text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.accounts.access import Access
from gonghui.core.errors import DomainError
from gonghui.core.sensitivity import Viewer
from gonghui.core.services import save_validated
from gonghui.reports.summary import compose, drafts, selectors
from gonghui.reports.summary.models import SummaryDraft

NAME_MAX = 100
TITLE_MAX = 200


def _require(access: Access, org: Any) -> None:
    if not selectors.may_edit(access, org):
        raise PermissionDenied(_("You may not edit this union's summary."))


def _locked_working_copy(access: Access, org: Any, year: int) -> SummaryDraft:
    """The working copy of ``org``'s ``year``, locked; made from what the page shows when absent.
    Call inside a transaction."""
    draft = SummaryDraft.objects.select_for_update().filter(organization=org, year=year, working=True).first()
    if draft is not None:
        return draft
    _shown, title, blocks = selectors.current_blocks(access, org, year)
    try:
        with transaction.atomic():  # a savepoint: another officer may have made it meanwhile
            return SummaryDraft.objects.create(
                organization=org,
                year=year,
                working=True,
                name="",
                title=title,
                blocks=blocks,
                created_by=access.user,
            )
    except IntegrityError:
        return SummaryDraft.objects.select_for_update().get(organization=org, year=year, working=True)


def _change(
    access: Access, org: Any, year: int, change: Callable[[list[drafts.DraftBlock]], list[drafts.DraftBlock]]
) -> SummaryDraft:
    _require(access, org)
    with transaction.atomic():
        draft = _locked_working_copy(access, org, year)
        draft.blocks = change(list(draft.blocks))
        draft.created_by = access.user
        draft.save(update_fields=["blocks", "created_by", "updated_at"])
    return draft


def draft_edit_block(*, access: Access, org: Any, year: int, key: str, text: str) -> SummaryDraft:
    """The officer's text for one block (the generated text again makes it unedited)."""
    return _change(access, org, year, lambda blocks: drafts.edit(blocks, key, text))


def draft_add_block(*, access: Access, org: Any, year: int, after: str | None, kind: str, text: str) -> str:
    """A paragraph or heading of the officer's after block ``after`` (None: first); its key."""
    added: list[str] = []

    def change(blocks: list[drafts.DraftBlock]) -> list[drafts.DraftBlock]:
        out, key = drafts.add(blocks, after, kind, text)
        added.append(key)
        return out

    _change(access, org, year, change)
    return added[0]


def draft_remove_block(*, access: Access, org: Any, year: int, key: str) -> SummaryDraft:
    return _change(access, org, year, lambda blocks: drafts.remove(blocks, key))


def draft_move_block(*, access: Access, org: Any, year: int, key: str, step: int) -> SummaryDraft:
    return _change(access, org, year, lambda blocks: drafts.move(blocks, key, step))


def draft_keep_text(*, access: Access, org: Any, year: int, key: str) -> SummaryDraft:
    """The officer keeps their text although its figures changed: the mark goes."""
    return _change(access, org, year, lambda blocks: drafts.keep_text(blocks, key))


def draft_use_generated(*, access: Access, org: Any, year: int, key: str) -> SummaryDraft:
    return _change(access, org, year, lambda blocks: drafts.use_generated(blocks, key))


def draft_refresh(*, access: Access, org: Any, year: int) -> SummaryDraft | None:
    """Compose the summary again and merge it into the working copy (``drafts.merge``).

    With nothing saved the page shows the generated text anyway: nothing is written (None).
    """
    _require(access, org)
    if selectors.shown_draft(org, year) is None:
        return None
    fresh = compose.compose_summary(org, year, viewer=Viewer(access))
    return _change(access, org, year, lambda blocks: drafts.merge(blocks, fresh.blocks))


def _name_title_errors(org: Any, year: int, name: str, title: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not name:
        errors.setdefault("name", []).append(_("Give the version a name."))
    elif len(name) > NAME_MAX:
        errors.setdefault("name", []).append(_("At most %(n)s characters.") % {"n": NAME_MAX})
    if not title:
        errors.setdefault("title", []).append(_("Give the summary a title."))
    elif len(title) > TITLE_MAX:
        errors.setdefault("title", []).append(_("At most %(n)s characters.") % {"n": TITLE_MAX})
    for field, value in (("name", name), ("title", title)):
        if "\x00" in value:
            errors.setdefault(field, []).append(_("The text contains a character that cannot be saved."))
    if (
        name
        and "name" not in errors
        and SummaryDraft.objects.filter(organization=org, year=year, working=False, name=name).exists()
    ):
        errors.setdefault("name", []).append(
            _("A version of this year is already named so: choose another name.")
        )
    return errors


def draft_save(*, access: Access, org: Any, year: int, name: str, title: str) -> SummaryDraft:
    """What the page shows, saved as a named version; the working copy goes (the page then
    shows this version). Errors of the name and the title are raised together."""
    _require(access, org)
    name, title = (name or "").strip(), (title or "").strip()
    with transaction.atomic():
        working = (
            SummaryDraft.objects.select_for_update().filter(organization=org, year=year, working=True).first()
        )
        errors = _name_title_errors(org, year, name, title)
        if errors:
            raise DomainError(errors)
        if working is not None:
            blocks = list(working.blocks)
        else:
            _shown, _title, blocks = selectors.current_blocks(access, org, year)
        version = SummaryDraft(
            organization=org, year=year, name=name, title=title, blocks=blocks, created_by=access.user
        )
        save_validated(version, actor=access.user)
        if working is not None:
            working.delete()
    return version


def draft_save_blocks(
    *, access: Access, org: Any, year: int, name: str, title: str, blocks: list[dict[str, str]]
) -> SummaryDraft:
    """A named version with the text a client sends (the API): each ``{key, kind, text}`` whose key
    is a generated block's of the draft shown keeps that block's figures (edited when the text
    differs); any other is the officer's own. Order as sent. The working copy is left alone."""
    _require(access, org)
    name, title = (name or "").strip(), (title or "").strip()
    errors = _name_title_errors(org, year, name, title)
    if not blocks:
        errors["blocks"] = [_("Send at least one block.")]
    elif len(blocks) > drafts.BLOCKS_MAX:
        errors["blocks"] = [_("A summary holds at most %(n)s blocks.") % {"n": drafts.BLOCKS_MAX}]
    out: list[drafts.DraftBlock] = []
    if "blocks" not in errors:
        _shown, _title, base = selectors.current_blocks(access, org, year)
        known = {b["key"]: b for b in base if not b.get("own")}
        for n, sent in enumerate(blocks, start=1):
            key, kind = sent.get("key") or "", sent.get("kind") or "p"
            try:
                text = drafts.clean_text(kind, sent.get("text") or "")
            except ValidationError as exc:
                errors.setdefault("blocks", []).extend(f"{n}: {m}" for m in exc.messages)
                continue
            if key in known and known[key]["kind"] == kind:
                out.append(known.pop(key))
                if text != out[-1]["text"]:
                    out = drafts.edit(out, key, text)
            else:
                out.append(drafts.own_block(kind, text))
    if errors:
        raise DomainError(errors)
    with transaction.atomic():
        version = SummaryDraft(
            organization=org, year=year, name=name, title=title, blocks=out, created_by=access.user
        )
        save_validated(version, actor=access.user)
    return version


def draft_discard(*, access: Access, org: Any, year: int) -> bool:
    """Throw the working copy away (the page shows the newest named version again)."""
    _require(access, org)
    with transaction.atomic():
        deleted, _kinds = SummaryDraft.objects.filter(organization=org, year=year, working=True).delete()
    return bool(deleted)


def draft_restore(*, access: Access, version: SummaryDraft) -> SummaryDraft:
    """Continue from a named version: it becomes the working copy (replacing one there)."""
    _require(access, version.organization)
    if version.working:
        raise DomainError(_("This is the working copy already."))
    with transaction.atomic():
        working = _locked_working_copy(access, version.organization, version.year)
        working.blocks, working.title, working.created_by = list(version.blocks), version.title, access.user
        working.save(update_fields=["blocks", "title", "created_by", "updated_at"])
    return working


def draft_delete(*, access: Access, version: SummaryDraft) -> None:
    """Delete one named version."""
    _require(access, version.organization)
    if version.working:
        raise DomainError(_("Discard the working copy instead."))
    with transaction.atomic():
        SummaryDraft.objects.filter(pk=version.pk).delete()
