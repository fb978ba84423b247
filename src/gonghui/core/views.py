"""Generic record pages: one set of views serves every registered record type."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from gonghui.core.attachments import attachment_add, attachment_delete, attachment_response, attachments_of
from gonghui.core.audit import audit_log, audit_reveal
from gonghui.core.bounds import clean_text, parse_id
from gonghui.core.current import current_org, requested_org
from gonghui.core.display import column_value, detail_rows, reached_rules, row_values
from gonghui.core.exporters import Exporter
from gonghui.core.forms import (
    add_unshown_errors,
    errors_to_form,
    filterset_class,
    form_class,
    limit_choices,
    protect_sensitive,
    show_warnings,
    style_widgets,
)
from gonghui.core.history import history_entries
from gonghui.core.models import Attachment
from gonghui.core.paging import RecordPaginator
from gonghui.core.precheck import CONFIRM_FIELD, confirmed
from gonghui.core.records import (
    RecordType,
    lock_reason,
    may_delete,
    panels_for,
    record_create,
    record_delete,
    record_precheck,
    record_trial_errors,
    record_update,
    record_warnings,
    registry,
)
from gonghui.core.scoping import get_in_scope
from gonghui.core.sensitivity import Viewer, sensitive_fields, viewer_for, wants_reveal
from gonghui.core.typing import AuthedRequest

PAGE_SIZE = 25
CHILD_ROWS = 100


def record_url(rt: RecordType, name: str, obj: Any = None) -> str:
    kwargs: dict[str, Any] = {"rt": rt}
    if obj is not None:
        kwargs["pk"] = obj.pk
    return reverse(f"records:{name}", kwargs=kwargs)


class RecordView(LoginRequiredMixin, View):
    rt: RecordType

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.rt = kwargs["rt"]
        self.access = request.access  # type: ignore[attr-defined]

    def get_object(self) -> Any:
        return get_in_scope(self.rt.queryset(self.access), self.request, pk=self.kwargs["pk"])

    def context(self, **extra: Any) -> dict[str, Any]:
        return {"rt": self.rt, **extra}


class FilteredRecords:
    """The list's queryset after the org filter, the filter form, search and sort."""

    def __init__(self, rt: RecordType, request: AuthedRequest) -> None:
        access = request.access
        self.org = requested_org(request)
        qs = rt.queryset(access, within=self.org)
        # Values out of their bounds (core/bounds.py) filter nothing: the list says why.
        self.errors: list[str] = []
        raw_parent = request.GET.get(rt.parent_field, "") if rt.parent_field else ""
        parent_id = parse_id(raw_parent)
        if parent_id is not None:  # the children of one parent record ("show all" on its page)
            qs = qs.filter(**{rt.parent_field: parent_id})
        elif raw_parent:
            label = rt.field_label(rt.parent_field)
            self.errors.append(f"{label}：{_('No record has this number.')}")
        filters = filterset_class(rt) if rt.list_filters else None
        self.filterset = filters(request.GET or None, queryset=qs, request=request) if filters else None
        if self.filterset is not None:
            # The valid filters apply; an invalid one is left out and named.
            qs = self.filterset.qs
            for name, errs in self.filterset.form.errors.items():
                field = self.filterset.form.fields.get(name)
                label = field.label if field is not None and field.label else name
                self.errors.extend(f"{label}：{m}" for m in errs)
        self.q = clean_text(request.GET.get("q", ""))
        qs = rt.search(qs, self.q, access)
        sortable = {c.name for c in rt.columns() if c.sortable and c.value is None}
        self.sort = request.GET.get("o", "")
        if self.sort.lstrip("-") in sortable:
            qs = qs.order_by(self.sort, "-pk")
        self.qs = qs


class RecordListView(RecordView):
    def get(self, request: AuthedRequest, **kwargs: Any) -> HttpResponse:
        found = FilteredRecords(self.rt, request)
        page = RecordPaginator(found.qs, PAGE_SIZE, narrow=bool(found.q.strip())).get_page(
            request.GET.get("page")
        )
        cols = self.rt.columns()
        rows = row_values(list(page), cols, request)
        # Below the md breakpoint each row is a card: its first cell the title, then these.
        on_card = self.rt.phone_columns(cols)
        cards = [(obj, cells[0], [(cols[i].label, cells[i]) for i in on_card]) for obj, cells in rows]
        params = request.GET.copy()
        params.pop("page", None)
        ctx = self.context(
            page=page,
            rows=rows,
            cards=cards,
            columns=cols,
            filterset=found.filterset,
            filter_errors=found.errors,
            q=found.q,
            sort=found.sort,
            scope_org=found.org,
            query=params.urlencode(),
            can_create=self.rt.owner_orgs(self.access).exists() and self.rt.creatable,
        )
        template = "core/_record_table.html" if request.htmx else "core/record_list.html"
        return render(request, template, ctx)


class RecordExporter(Exporter):
    def __init__(self, rt: RecordType, queryset: Any, request: Any = None) -> None:
        self.rt = rt
        self.queryset = queryset
        self.request = request
        self.cols = rt.export_columns()
        self.filename = rt.verbose_name_plural
        # Full values for the reader holding their permission, as an export always gave (recorded
        # by the export view, with the sensitive fields it reached).
        self.viewer = Viewer(getattr(request, "access", None), reveal=True)
        held = [
            r
            for r in reached_rules(rt, self.cols)
            if self.viewer.access and self.viewer.access.has_anywhere(r.perm)
        ]
        if request is not None and held:
            audit_log(
                "sensitive.export",
                request=request,
                detail={"type": rt.slug, "perms": sorted({r.perm for r in held})},
            )

    def header(self) -> list[str]:
        return [str(c.label) for c in self.cols]

    def rows(self):
        for obj in self.queryset.iterator(chunk_size=2000):
            yield [column_value(obj, c, viewer=self.viewer) for c in self.cols]


class RecordExportView(RecordView):
    def get(self, request: AuthedRequest, **kwargs: Any) -> HttpResponseBase:
        found = FilteredRecords(self.rt, request)
        fmt = request.GET.get("format", "xlsx")
        audit_log(
            "records.export",
            request=request,
            organization=found.org,
            detail={"type": self.rt.slug, "format": fmt, "query": request.GET.urlencode()},
        )
        # A type may bring its own layout (the roster's 花名册): fn(rt, queryset, request) -> Exporter.
        exporter = (self.rt.exporter or RecordExporter)(self.rt, found.qs, request)
        return exporter.csv_response() if fmt == "csv" else exporter.xlsx_response()


def _reader(request: AuthedRequest, obj: Any) -> Viewer:
    """Who reads this record's page; with ``?reveal=1`` the personal data they may unmask, recorded."""
    viewer = viewer_for(request, reveal=wants_reveal(request))
    if viewer.reveal:
        audit_reveal(request, obj, viewer_for(request).may_reveal(obj))
    return viewer


class RecordDetailView(RecordView):
    def get(self, request: AuthedRequest, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        org = self.rt.org_of(obj)
        can_edit = self.access.can(self.rt.edit_perm, org)
        locked = lock_reason(self.rt, obj)
        actions = [
            (label, reverse(url_name, kwargs={"pk": obj.pk}))
            for label, url_name, perm in self.rt.actions
            if self.access.can(perm, org) or self.access.can_above(perm, org)
        ]
        viewer = _reader(request, obj)
        ctx = self.context(
            obj=obj,
            org=org,
            rows=detail_rows(self.rt, obj, viewer=viewer),
            revealable=viewer_for(request).may_reveal(obj) if not viewer.reveal else [],
            attachments=attachments_of(obj),
            can_edit=can_edit,
            can_delete=may_delete(self.rt, self.access, obj),
            locked=locked,
            actions=actions,
            history=history_entries(obj, limit=5, viewer=viewer),
            children=self.children(obj, can_edit and not locked),
        )
        if self.rt.detail_template:
            ctx["extra_template"] = self.rt.detail_template
            if self.rt.detail_context is not None:
                ctx.update(self.rt.detail_context(request, obj, self.access))
        # Panels other apps add to this type's page (e.g. member statistics on a union's page).
        panels = [(p.template, p.context(request, obj, self.access)) for p in panels_for(self.rt.slug)]
        ctx["panels"] = [{"template": t, "panel": c} for t, c in panels if c is not None]
        return render(request, "core/record_detail.html", ctx)

    def children(self, obj: Any, can_edit: bool) -> list[dict[str, Any]]:
        """The child records of each type whose parent is this record's type."""
        out = []
        for child in registry.children_of(self.rt.model):
            cols = [c for c in child.columns() if c.name != child.parent_field]
            qs = child.queryset(self.access).filter(**{child.parent_field: obj})
            rows = row_values(list(qs[:CHILD_ROWS]), cols, self.request)
            out.append(
                {
                    "rt": child,
                    "columns": cols,
                    "rows": rows,
                    "more": len(rows) == CHILD_ROWS,
                    "list_url": f"{record_url(child, 'list')}?{child.parent_field}={obj.pk}",
                    "add_url": f"{record_url(child, 'create')}?{child.parent_field}={obj.pk}"
                    if can_edit and self.access.can(child.edit_perm, self.rt.org_of(obj))
                    else "",
                }
            )
        return out


class RecordHistoryView(RecordView):
    def get(self, request: AuthedRequest, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        viewer = _reader(request, obj)
        ctx = self.context(
            obj=obj,
            history=history_entries(obj, viewer=viewer),
            revealable=viewer_for(request).may_reveal(obj) if not viewer.reveal else [],
        )
        return render(request, "core/record_history.html", ctx)


class RecordFormView(RecordView):
    """Create (no pk) or edit (pk) a record through its services."""

    def parent(self) -> Any:
        """The parent record named in the query (?<parent_field>=pk), looked up in scope."""
        name = self.rt.parent_field
        value = parse_id(self.request.GET.get(name, "")) if name else None
        if value is None:
            return None
        parent_rt = registry.for_model(self.rt.parent_model())
        if parent_rt is None:
            return None
        return get_in_scope(parent_rt.queryset(self.access), self.request, pk=value)

    def prefill(self, form: Any) -> dict[str, str]:
        """A new record's plain fields named in the query (``?year=2026``, as Django's admin does):
        a page that sends people here to enter a missing figure opens the form on it."""
        hidden = set(sensitive_fields(self.rt.model)) | {self.rt.parent_field}
        return {
            name: clean_text(self.request.GET[name])
            for name in form.fields
            if name in self.request.GET and name not in hidden
        }

    def get_form(self, obj: Any = None) -> Any:
        form = form_class(self.rt)(self.request.POST or None, self.request.FILES or None, instance=obj)
        if obj is None and not form.is_bound:
            form.initial.update(self.prefill(form))
        parent = self.parent() if obj is None else None
        context_org = self.rt.org_of(obj) if obj is not None else None
        if obj is None:
            owners = self.rt.owner_orgs(self.access)
            initial = None
            if parent is not None:
                context_org = self.rt.org_of(parent)
                owners = owners.filter(pk=context_org.pk)
                form.fields[self.rt.parent_field].initial = parent.pk
            elif (asked := requested_org(self.request)) is not None:
                initial = owners.filter(pk=asked.pk).first()
            if initial is None:
                cur = current_org(self.request)
                initial = owners.filter(pk=cur.pk).first() if cur is not None else None
            context_org = context_org or initial or current_org(self.request)
            owner_field = forms.ModelChoiceField(
                queryset=owners,
                label=self.rt.owner_label or _("Organization"),
                initial=context_org.pk if parent is not None else initial,
            )
            form.fields = {"owner": owner_field, **form.fields}
            style_widgets(form)
        limit_choices(form, self.access, context_org, parent, self.rt.parent_field)
        # A type may narrow the form for the person editing: fields it shows but this person may
        # not change (an organization's type, only from above). fn(form, access, obj or None).
        if self.rt.prepare_form is not None:
            self.rt.prepare_form(form, self.access, obj)
        # Sensitive values: masked and kept for a reader without their permission; shown to a
        # holder, and recorded when the page shows them (not when a submission comes back).
        protect_sensitive(
            form, self.access, obj, request=self.request if self.request.method == "GET" else None
        )
        return form

    def get(self, request: AuthedRequest, **kwargs: Any) -> HttpResponse:
        obj = self.get_object() if "pk" in kwargs else None
        if obj is not None and not self.access.can(self.rt.edit_perm, self.rt.org_of(obj)):
            raise PermissionDenied
        if obj is None and not self.rt.owner_orgs(self.access).exists():
            raise PermissionDenied
        if obj is not None and lock_reason(self.rt, obj):
            messages.error(request, lock_reason(self.rt, obj))
            return redirect(record_url(self.rt, "detail", obj))
        return render(request, "core/record_form.html", self.context(form=self.get_form(obj), obj=obj))

    def post(self, request: AuthedRequest, **kwargs: Any) -> HttpResponse:
        obj = self.get_object() if "pk" in kwargs else None
        form = self.get_form(obj)
        valid = form.is_valid()
        data = {k: v for k, v in form.cleaned_data.items() if k != "owner"}
        owner = form.cleaned_data.get("owner") if obj is None else None
        if not valid:  # the record's own rules too, on the fields that passed: every error at once
            trial = record_trial_errors(self.rt, access=self.access, data=data, organization=owner, obj=obj)
            add_unshown_errors(form, trial)
            return self.again(form, obj, status=400)
        warnings = record_warnings(self.rt, data=data, organization=owner, obj=obj)
        if not confirmed(warnings, request.POST.get(CONFIRM_FIELD)):
            # Said before the save; errors still block and are shown with the warnings.
            check = record_precheck(self.rt, access=self.access, data=data, organization=owner, obj=obj)
            if check.errors:
                errors_to_form(form, ValidationError(check.errors))
            return self.again(form, obj, status=400 if check.errors else 200, **show_warnings(form, warnings))
        try:
            if obj is None:
                obj = record_create(self.rt, access=self.access, organization=owner, data=data)
                messages.success(request, _("%(name)s created.") % {"name": obj})
            else:
                obj = record_update(self.rt, access=self.access, obj=obj, data=data)
                messages.success(request, _("Changes saved."))
            return redirect(record_url(self.rt, "detail", obj))
        except ValidationError as e:
            errors_to_form(form, e)
        return self.again(form, obj, status=400)

    def again(self, form: Any, obj: Any, status: int, **extra: Any) -> HttpResponse:
        """The form shown again with its errors (and warnings to confirm)."""
        return render(
            request=self.request,
            template_name="core/record_form.html",
            context=self.context(form=form, obj=obj, **extra),
            status=status,
        )


class RecordDeleteView(RecordView):
    def get(self, request: AuthedRequest, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        if lock_reason(self.rt, obj):
            messages.error(request, lock_reason(self.rt, obj))
            return redirect(record_url(self.rt, "detail", obj))
        if not may_delete(self.rt, self.access, obj):
            raise PermissionDenied
        return render(request, "core/record_delete.html", self.context(obj=obj))

    def post(self, request: AuthedRequest, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        try:
            record_delete(self.rt, access=self.access, obj=obj)
        except ValidationError as e:
            for m in e.messages:
                messages.error(request, m)
            return redirect(record_url(self.rt, "detail", obj))
        messages.success(request, _("%(name)s deleted.") % {"name": obj})
        return redirect(record_url(self.rt, "list"))


class AttachmentUploadView(RecordView):
    def post(self, request: AuthedRequest, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a file to upload."))
        else:
            try:
                attachment_add(
                    self.rt,
                    access=self.access,
                    obj=obj,
                    upload=upload,
                    description=request.POST.get("description", ""),
                )
                messages.success(request, _("File uploaded."))
            except ValidationError as e:
                for m in e.messages:
                    messages.error(request, m)
        return redirect(record_url(self.rt, "detail", obj))


def _attachment_and_type(request: AuthedRequest, pk: int) -> tuple[Attachment, RecordType]:
    att = get_in_scope(Attachment.objects.select_related("content_type", "organization"), request, pk=pk)
    rt = registry.for_model(att.content_type.model_class())
    if rt is None or not request.access.can(rt.view_perm, att.organization):
        raise Http404
    return att, rt


class AttachmentDownloadView(LoginRequiredMixin, View):
    def get(self, request: AuthedRequest, pk: int) -> HttpResponseBase:
        att, _rt = _attachment_and_type(request, pk)
        return attachment_response(att)


class AttachmentDeleteView(LoginRequiredMixin, View):
    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        att, rt = _attachment_and_type(request, pk)
        record = att.record
        attachment_delete(rt, access=request.access, attachment=att)
        messages.success(request, _("File removed."))
        return redirect(record_url(rt, "detail", record) if record is not None else "home")
