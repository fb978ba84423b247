"""The roster's own pages beyond the generic record pages: unmasking, membership changes,
incoming transfers, import and statistics. Each looks its objects up in scope and checks
the permission on the object's union.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from gonghui.accounts.roles import Perm
from gonghui.core.audit import audit_log
from gonghui.core.bounds import clean_text
from gonghui.core.current import current_org, requested_org
from gonghui.core.downloads import XLSX, file_response
from gonghui.core.forms import errors_to_form
from gonghui.core.scoping import get_in_scope
from gonghui.core.sensitivity import Viewer, viewer_for
from gonghui.core.storage import local_path
from gonghui.core.typing import AuthedRequest
from gonghui.core.views import record_url
from gonghui.members import masking, picker, selectors, services
from gonghui.members.forms import (
    EVENT_REASONS,
    EventForm,
    ImportForm,
    TransferDecisionForm,
    TransferOutForm,
    TransferRequestForm,
    import_targets,
)
from gonghui.members.importer import jobs
from gonghui.members.importer.workbooks import annotated_workbook, hidden_columns, template_workbook
from gonghui.members.models import ImportJob, ImportStatus, Member, TransferRequest
from gonghui.members.registration import MEMBERS, as_of, parse_day


def _member(request: AuthedRequest, pk: int) -> Member:
    return get_in_scope(MEMBERS.queryset(request.access), request, pk=pk)


def _xlsx(file: Any, name: str) -> FileResponse:
    return file_response(file, filename=name, content_type=XLSX)


class RevealView(LoginRequiredMixin, View):
    """*Show*: one member's full ID number and phone, for users who may see personal data (recorded)."""

    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        member = _member(request, pk)
        if not masking.may_unmask(request.access, member):
            raise PermissionDenied
        values = masking.reveal(request=request, member=member)
        return render(request, "members/_revealed.html", {"values": values, "member": member})


class MembershipChangeView(LoginRequiredMixin, View):
    """Transfer out, retain, leave, withdraw a transfer, record a death."""

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        if kwargs["kind"] not in (*EVENT_REASONS, "transfer-out"):
            raise Http404

    def _allowed(self, request: AuthedRequest, pk: int) -> Member:
        member = _member(request, pk)
        if not request.access.can(Perm.MEMBERS_EDIT, member.organization):
            raise PermissionDenied
        return member

    def form(self, kind: str, data: Any = None) -> Any:
        if kind == "transfer-out":
            return TransferOutForm(data)
        return EventForm(data, reasons=EVENT_REASONS[kind])

    def get(self, request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
        member = self._allowed(request, pk)
        return render(
            request, "members/change.html", {"member": member, "form": self.form(kind), "kind": kind}
        )

    def post(self, request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
        member = self._allowed(request, pk)
        form = self.form(kind, request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                if kind == "transfer-out":
                    services.member_transfer_out(
                        actor=request.user,
                        member=member,
                        to_organization=d["to_code"],
                        on=d["on"],
                        note=d["note"],
                    )
                elif kind == "retain":
                    services.member_retain(
                        actor=request.user, member=member, on=d["on"], reason=d["reason"], note=d["note"]
                    )
                elif kind == "leave":
                    services.member_leave(
                        actor=request.user, member=member, on=d["on"], reason=d["reason"], note=d["note"]
                    )
                elif kind == "cancel":
                    services.member_transfer_cancel(
                        actor=request.user, member=member, on=d["on"], refused=False, note=d["note"]
                    )
                else:
                    services.member_death(actor=request.user, member=member, on=d["on"], note=d["note"])
                messages.success(request, _("Membership change recorded."))
                return redirect(record_url(MEMBERS, "detail", member))
            except ValidationError as e:
                errors_to_form(form, e)
        ctx = {"member": member, "form": form, "kind": kind}
        return render(request, "members/change.html", ctx, status=400)


class TransfersView(LoginRequiredMixin, View):
    """Members other unions transfer to the user's unions: accept or refuse."""

    def get(self, request: AuthedRequest) -> HttpResponse:
        if not request.access.has_anywhere(Perm.MEMBERS_EDIT):
            raise PermissionDenied
        events = list(selectors.incoming_transfers(request.access)[:500])
        rows = [(e, masking.mask_id(e.member.id_number)) for e in events]
        return render(request, "members/transfers.html", {"rows": rows})


class TransferDecideView(LoginRequiredMixin, View):
    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        event = get_in_scope(selectors.incoming_transfers(request.access), request, pk=pk)
        try:
            day = parse_day(request.POST.get("on"))
            if request.POST.get("decision") == "accept":
                services.member_transfer_accept(actor=request.user, member=event.member, on=day)
                messages.success(
                    request,
                    _("%(name)s joined %(org)s.")
                    % {"name": event.member.name, "org": event.counterpart.name},
                )
            else:
                services.member_transfer_cancel(actor=request.user, member=event.member, on=day, refused=True)
                messages.info(
                    request,
                    _("Transfer refused: %(name)s stays with %(org)s.")
                    % {"name": event.member.name, "org": event.organization.name},
                )
        except ValidationError as e:
            for m in e.messages:
                messages.error(request, m)
        return redirect("members:transfers")


# ---- transfer requests ------------------------------------------------------------------
def request_rows(access: Any, requests: Any) -> list[dict[str, Any]]:
    """What each side may see of a request: the holder, its record and the decider only for the
    deciding side (the holding union or a federation above it); the requester sees its own."""
    rows = []
    for r in requests:
        decides = access.can(Perm.MEMBERS_EDIT, r.holder)
        rows.append(
            {
                "request": r,
                "id_number": masking.mask_id(r.id_number),
                "decides": decides,
                "made": access.can(Perm.MEMBERS_EDIT, r.organization),
            }
        )
    return rows


class TransferRequestsView(LoginRequiredMixin, View):
    """Transfer requests in and out of the user's unions, and a new request."""

    def _render(self, request: AuthedRequest, form: Any, status: int = 200) -> HttpResponse:
        access = request.access
        requests = selectors.transfer_requests(access).select_related("member", "decided_by")[:500]
        ctx = {"form": form, "rows": request_rows(access, requests), "decision": TransferDecisionForm()}
        return render(request, "members/transfer_requests.html", ctx, status=status)

    def get(self, request: AuthedRequest) -> HttpResponse:
        if not request.access.has_anywhere(Perm.MEMBERS_EDIT):
            raise PermissionDenied
        org = current_org(request)
        access = request.access
        initial = {"organization": import_targets(access).filter(pk=getattr(org, "pk", None)).first()}
        return self._render(request, TransferRequestForm(access=access, initial=initial))

    def post(self, request: AuthedRequest) -> HttpResponse:
        if not request.access.has_anywhere(Perm.MEMBERS_EDIT):
            raise PermissionDenied
        form = TransferRequestForm(request.POST, access=request.access)
        if form.is_valid():
            try:  # the form's fields are the service's arguments
                services.transfer_request_create(actor=request.user, **form.cleaned_data)
                messages.success(request, _("Transfer request submitted."))
                return redirect("members:transfer-requests")
            except ValidationError as e:
                errors_to_form(form, e)
        return self._render(request, form, status=400)


class TransferRequestDecideView(LoginRequiredMixin, View):
    """The holding union (or a federation above it) approves or refuses."""

    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        access = request.access
        req = get_in_scope(selectors.pending_requests(access, "decide"), request, pk=pk)
        form = TransferDecisionForm(request.POST)
        if not form.is_valid():
            for errs in form.errors.values():
                for m in errs:
                    messages.error(request, m)
            return redirect("members:transfer-requests")
        d = form.cleaned_data
        try:
            if request.POST.get("decision") == "approve":
                new = services.transfer_request_approve(
                    actor=request.user, request=req, on=d["on"], note=d["note"]
                )
                messages.success(
                    request, _("%(name)s joined %(org)s.") % {"name": new.name, "org": req.organization.name}
                )
            else:
                services.transfer_request_refuse(actor=request.user, request=req, note=d["note"])
                messages.info(request, _("Transfer request refused."))
        except ValidationError as e:
            for m in e.messages:
                messages.error(request, m)
        return redirect("members:transfer-requests")


class TransferRequestCancelView(LoginRequiredMixin, View):
    """The requesting union withdraws its request."""

    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        req: TransferRequest = get_in_scope(
            selectors.pending_requests(request.access, "made"),
            request,
            pk=pk,
        )
        try:
            services.transfer_request_cancel(actor=request.user, request=req)
            messages.info(request, _("Transfer request withdrawn."))
        except ValidationError as e:
            for m in e.messages:
                messages.error(request, m)
        return redirect("members:transfer-requests")


# ---- import ---------------------------------------------------------------------------
def _job(request: AuthedRequest, pk: int) -> ImportJob:
    job = get_in_scope(ImportJob.objects.select_related("organization"), request, pk=pk)
    if not request.access.can(Perm.MEMBERS_EDIT, job.organization):
        raise Http404
    return job


class ImportView(LoginRequiredMixin, View):
    def _targets(self, request: AuthedRequest) -> Any:
        targets = import_targets(request.access)
        if not targets.exists():
            raise PermissionDenied
        return targets

    def _render(self, request: AuthedRequest, form: Any, status: int = 200) -> HttpResponse:
        recent = ImportJob.objects.filter(created_by=request.user).select_related("organization")[:10]
        return render(request, "members/import.html", {"form": form, "recent": recent}, status=status)

    def get(self, request: AuthedRequest) -> HttpResponse:
        targets = self._targets(request)
        org = current_org(request)
        form = ImportForm(
            access=request.access,
            initial={"organization": targets.filter(pk=getattr(org, "pk", None)).first()},
        )
        return self._render(request, form)

    def post(self, request: AuthedRequest) -> HttpResponse:
        self._targets(request)
        form = ImportForm(request.POST, request.FILES, access=request.access)
        if not form.is_valid():
            return self._render(request, form, status=400)
        try:
            job = jobs.job_create(
                actor=request.user,
                organization=form.cleaned_data["organization"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as e:
            form.add_error("file", e.messages)
            return self._render(request, form, status=400)
        jobs.start_check(job)
        return redirect("members:import-job", pk=job.pk)


class ImportTemplateView(LoginRequiredMixin, View):
    def get(self, request: AuthedRequest) -> HttpResponse:
        targets = import_targets(request.access)
        asked = requested_org(request, Perm.MEMBERS_EDIT)
        org = targets.filter(pk=getattr(asked, "pk", None)).first() or targets.first()
        if org is None:
            raise Http404
        return _xlsx(template_workbook(org), _("%(org)s roster template.xlsx") % {"org": org.name})


class ImportJobView(LoginRequiredMixin, View):
    """The preview: counts, problems, and the import button; polled by htmx while the job runs."""

    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        job = _job(request, pk)
        if not job.finished and jobs.reap_imports(ImportJob.objects.filter(pk=job.pk)):
            job.refresh_from_db()  # its runner died: the page says so instead of spinning
        ctx = {"job": job, "statuses": ImportStatus}
        if request.htmx:
            return render(request, "members/_import_job.html", ctx)
        return render(request, "members/import_job.html", ctx)


class ImportCommitView(LoginRequiredMixin, View):
    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        job = _job(request, pk)
        if job.status != ImportStatus.CHECKED:
            messages.error(request, _("Only a checked file without problems can be imported."))
        else:
            jobs.start_commit(job, request.user)
        return redirect("members:import-job", pk=job.pk)


class ImportRetryView(LoginRequiredMixin, View):
    """A failed import (its process was stopped half-way): the same file is checked again."""

    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        job = _job(request, pk)
        try:
            jobs.job_retry(job, request.user)
        except ValidationError as e:
            messages.error(request, e.messages[0])
        return redirect("members:import-job", pk=job.pk)


class ImportAnnotatedView(LoginRequiredMixin, View):
    """The uploaded workbook with the bad cells marked (it holds personal data: recorded)."""

    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        job = _job(request, pk)
        viewer = Viewer(request.access, reveal=True)
        masked = sorted(hidden_columns(viewer, job.organization))
        audit_log(
            "members.import_annotated",
            request=request,
            organization=job.organization,
            obj=job,
            detail={"masked": masked},
        )
        stem = job.original_name.rsplit(".", 1)[0]
        try:
            with local_path(job.file) as path:  # storage: the upload may be in a bucket
                workbook = annotated_workbook(path, job.organization, viewer)
            return _xlsx(
                workbook,
                _("%(name)s (problems).xlsx") % {"name": stem},
            )
        except Exception:  # an unreadable file has no cells to mark: its problem is on the page
            messages.error(request, _("This file cannot be read, so there are no cells to mark."))
            return redirect("members:import-job", pk=job.pk)


# ---- the member picker's search ----------------------------------------------------
class MemberPickView(LoginRequiredMixin, View):
    """``?q=`` among the members the user may choose on a record of ``?org=`` (the picker's
    union; absent: the current one; outside the scope: 404): at most ``PICK_LIMIT`` as JSON."""

    def get(self, request: AuthedRequest) -> JsonResponse:
        org = requested_org(request, Perm.MEMBERS_VIEW)
        text = clean_text(request.GET.get("q"))
        found = picker.find(request.access, org, text, limit=picker.PICK_LIMIT + 1)
        results = [p.as_json() for p in picker.picks(found[: picker.PICK_LIMIT], viewer_for(request))]
        return JsonResponse({"results": results, "more": len(found) > picker.PICK_LIMIT})


# ---- statistics -----------------------------------------------------------------
class StatisticsView(LoginRequiredMixin, View):
    def get(self, request: AuthedRequest) -> HttpResponse:
        access = request.access
        org = requested_org(request, Perm.MEMBERS_VIEW)
        if org is None or not access.can(Perm.MEMBERS_VIEW, org):
            raise PermissionDenied
        # A group's statistics are its members' (members.selectors.org_members_q).
        ctx = {"panel": {"stats": selectors.statistics(org, as_of(request))}}
        template = "members/_org_panel.html" if request.htmx else "members/statistics.html"
        return render(request, template, ctx)
