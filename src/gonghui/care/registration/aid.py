"""Aid cases with their objections and payments; the workflow steps are actions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.accounts.roles import Perm
from gonghui.care.models import AidCase, AidDisbursement, AidObjection
from gonghui.care.models.aid import NON_MEMBER_FIELDS
from gonghui.care.registration.common import UNION_TYPES
from gonghui.care.services import aid
from gonghui.core.opinions import OPINION_FIELDS
from gonghui.core.records import Column, RecordType, register

AID_FORM = [
    "case_no",
    "member",
    *NON_MEMBER_FIELDS,
    "kind",
    "hardship_file",
    "beneficiary",
    "applied_on",
    "amount_requested",
    "situation",
    *OPINION_FIELDS,
]
AID_STATE = [
    "year",
    "status",
    "submitted_online",
    "reviewed_by",
    "reviewed_on",
    "review_note",
    "notice_start",
    "notice_end",
    "approved_by",
    "approved_on",
    "approved_amount",
    "rejected_by",
    "rejected_on",
    "rejection_reason",
]


# The marker of an application the member filled in on the phone (a column of the list).
ONLINE_COLUMN = Column(
    "submitted_online", _("Submitted online"), lambda r: _("Online") if r.submitted_online else ""
)


def _aid_context(request: Any, obj: AidCase, access: Any) -> dict[str, Any]:
    paid = aid.paid_total(obj)
    return {
        "case": obj,
        "paid": paid,
        "left": (obj.approved_amount - paid) if obj.approved_amount is not None else None,
        "open_objections": obj.objections.filter(resolved=False).count(),
        "show_file": obj.hardship_file_id is not None and access.can(Perm.HARDSHIP, obj.organization),
    }


register(
    RecordType(
        model=AidCase,
        slug="aid-cases",
        period_field="applied_on",
        module="care",
        icon="heart-pulse",
        list_display=[
            "case_no",
            Column("member__name", _("Applicant"), lambda c: c.applicant_name),
            "kind",
            "applied_on",
            "amount_requested",
            "approved_amount",
            "status",
            ONLINE_COLUMN,
            "organization__name",
        ],
        list_filters=["kind", "status", "year", "submitted_online"],
        search_fields=["case_no", "member__name", "non_member_name", "beneficiary"],
        form_fields=AID_FORM,
        detail_fields=[*AID_FORM, *AID_STATE],
        export_fields=["organization__name", *AID_FORM, *AID_STATE],
        api_fields=[
            "id",
            "case_no",
            "member",
            *NON_MEMBER_FIELDS,
            "kind",
            "beneficiary",
            "applied_on",
            "year",
            "amount_requested",
            "situation",
            "status",
            "reviewed_on",
            "notice_start",
            "notice_end",
            "approved_on",
            "approved_amount",
            "rejected_on",
            "rejection_reason",
            *OPINION_FIELDS,
        ],
        select_related=["member", "organization"],
        ordering=["-applied_on", "-pk"],
        org_types=UNION_TYPES,
        create=aid.aid_create,
        update=aid.aid_update,
        can_delete=aid.may_delete_case,
        detail_template="care/_aid_detail.html",
        actions=[
            (pgettext_lazy("aid step", "Review"), "care:aid-review", Perm.RECORDS_EDIT),
            (pgettext_lazy("aid step", "Approve or reject"), "care:aid-decide", Perm.HARDSHIP),
            (pgettext_lazy("aid step", "Record a payment"), "care:aid-disburse", Perm.FINANCE_EDIT),
        ],
        detail_context=_aid_context,
        api_router="gonghui.care.api.aid_router",
        nav_order=120,
    )
)

register(
    RecordType(
        model=AidObjection,
        slug="aid-objections",
        module="care",
        icon="exclamation-diamond",
        parent_field="aid_case",
        list_display=["raised_on", "aid_case", "raised_by", "content", "resolved", "resolved_on"],
        list_filters=["resolved"],
        search_fields=["content", "raised_by", "resolution"],
        form_fields=[
            "aid_case",
            "raised_on",
            "raised_by",
            "content",
            "resolved",
            "resolution",
            "resolved_on",
        ],
        select_related=["aid_case__member", "organization"],
        ordering=["-raised_on", "-pk"],
        create=aid.objection_create,
        update=aid.objection_update,
        can_delete=aid.may_delete_objection,
        nav_order=121,
        nav=False,
    )
)

register(
    RecordType(
        model=AidDisbursement,
        slug="aid-disbursements",
        period_field="paid_on",
        module="care",
        icon="cash-stack",
        parent_field="aid_case",
        edit_perm=Perm.FINANCE_EDIT,
        list_display=["paid_on", "aid_case", "amount", "source", "note", "organization__name"],
        list_filters=["source"],
        search_fields=["aid_case__member__name", "aid_case__non_member_name", "aid_case__case_no", "note"],
        form_fields=["aid_case", "amount", "source", "paid_on", "note"],
        select_related=["aid_case__member", "organization"],
        ordering=["-paid_on", "-pk"],
        create=aid.disbursement_create,
        update=aid.disbursement_update,
        can_delete=lambda access, obj: False,
        nav_order=122,
    )
)
