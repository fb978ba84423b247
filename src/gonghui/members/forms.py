"""The member form, the roster's filters and the forms of membership changes and imports."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.accounts.roles import Perm
from gonghui.core.current import requested_org
from gonghui.core.forms import StyledForm, record_form_class
from gonghui.core.scope import subtree_q, unscoped
from gonghui.members.choices import AgeBand
from gonghui.members.models import (
    NOT_ACTIVE,
    EmploymentType,
    EventReason,
    Gender,
    IdType,
    Member,
    MemberStatus,
)
from gonghui.members.selectors import age_band_range
from gonghui.members.services import EDITABLE_FIELDS, LEAVE_REASONS, RETAIN_REASONS
from gonghui.members.validators import id_facts, normalize_id
from gonghui.orgs.models import Organization, OrgType

HOLDER_TYPES = [t for t in OrgType.values if t != OrgType.GROUP]


class MemberForm(record_form_class(Member, EDITABLE_FIELDS)):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only groups are offered (narrowed further to the member's union).
        self.fields["union_group"].queryset = Organization.objects.filter(org_type=OrgType.GROUP)
        self.fields["id_number"].help_text = _("Birth date and gender are taken from a resident ID number.")
        self.fields["gender"].help_text = _("Filled in from the ID number when left empty.")
        for name in ("id_type", "employment_type"):  # defaults when left out (API, import)
            self.fields[name].required = False

    def clean_id_type(self) -> str:
        return self.cleaned_data.get("id_type") or IdType.RESIDENT

    def clean_employment_type(self) -> str:
        return self.cleaned_data.get("employment_type") or EmploymentType.CONTRACT


def _groups(request: Any) -> Any:
    org = requested_org(request) if request is not None else None
    if org is None or org.org_type in (OrgType.FEDERATION, OrgType.TOWNSHIP):
        return Organization.objects.none()  # groups are chosen within one union
    return Organization.objects.filter(subtree_q(org.path), org_type=OrgType.GROUP).order_by("path")


class MemberFilterSet(django_filters.FilterSet):
    union_group = django_filters.ModelChoiceFilter(queryset=_groups, label=_("Union group"))
    status = django_filters.ChoiceFilter(choices=MemberStatus.choices, method="by_status", label=_("Status"))
    employment_type = django_filters.ChoiceFilter(choices=EmploymentType.choices, label=_("Employment type"))
    gender = django_filters.ChoiceFilter(choices=Gender.choices, label=_("Gender"))
    age_band = django_filters.ChoiceFilter(choices=AgeBand.choices, method="by_age_band", label=_("Age"))
    join_year = django_filters.NumberFilter(method="by_join_year", label=_("Join year"), min_value=1900)

    class Meta:
        model = Member
        fields = ["union_group", "status", "employment_type", "gender"]

    def by_status(self, qs: Any, name: str, value: str) -> Any:
        if not value:
            return qs
        qs = qs.filter(status=value)
        # Few members are not active: across a federation they are found through their own index.
        return qs if value == MemberStatus.ACTIVE else qs.filter(NOT_ACTIVE)

    def by_age_band(self, qs: Any, name: str, value: str) -> Any:
        return qs.filter(age_band_range(value, timezone.localdate())) if value else qs

    def by_join_year(self, qs: Any, name: str, value: Any) -> Any:
        if not value:
            return qs

        year = int(value)
        return qs.filter(join_date__gte=dt.date(year, 1, 1), join_date__lt=dt.date(year + 1, 1, 1))


def import_targets(access: Any) -> Any:
    """Unions where the user may import members."""
    return (
        access.orgs_with(Perm.MEMBERS_EDIT)
        .filter(status="active", org_type__in=HOLDER_TYPES)
        .order_by("path")
    )


class ImportForm(StyledForm):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("Union"))
    file = forms.FileField(
        label=_("Roster file"),
        help_text=_("An .xlsx, .xls or .csv file; the first rows hold the column titles."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
    )

    def __init__(self, *args: Any, access: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = import_targets(access)


class TransferOutForm(StyledForm):
    to_code = forms.CharField(
        label=_("Receiving union's code"),
        max_length=40,
        help_text=_("The organization code of the union the member moves to (ask that union for it)."),
    )
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean_to_code(self) -> Organization:
        code = self.cleaned_data["to_code"].strip()
        with unscoped("the receiving union is usually outside the sender's scope"):
            org = Organization.objects.filter(code__iexact=code, status="active").first()
        if org is None or org.org_type == OrgType.GROUP:
            raise forms.ValidationError(_("No active union has the code %(code)s.") % {"code": code})
        return org


class EventForm(StyledForm):
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.ChoiceField(label=_("Reason"), choices=())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, reasons: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if reasons:
            self.fields["reason"].choices = [(v, label) for v, label in EventReason.choices if v in reasons]
        else:
            del self.fields["reason"]


EVENT_REASONS = {"retain": RETAIN_REASONS, "leave": LEAVE_REASONS, "death": None, "cancel": None}


class TransferRequestForm(StyledForm):
    """Ask for a person whose record another union holds (the page and the API)."""

    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("Requesting union"))
    id_number = forms.CharField(label=_("ID number"), max_length=30)
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    join_date = forms.DateField(
        label=_("Join date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For a person who had left: the date they join again (empty: the day of approval)."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, access: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = import_targets(access)


class TransferDecisionForm(StyledForm):
    on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: today."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


# ---- online joining ----------------------------------------------------------
class JoinForm(StyledForm):
    """The phone's application form; the service checks it all again (``joining.join_apply``)."""

    name = forms.CharField(label=pgettext_lazy("person", "name"), max_length=50)
    id_type = forms.ChoiceField(label=_("ID type"), choices=IdType.choices, initial=IdType.RESIDENT)
    id_number = forms.CharField(
        label=_("ID number"), max_length=30, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    gender = forms.ChoiceField(
        label=_("gender"),
        choices=[("", "—"), *Gender.choices],
        required=False,
        help_text=_("Only for a passport or a permit whose number does not show it."),
    )
    employer = forms.CharField(
        label=_("employer"),
        max_length=100,
        help_text=_("Your employer, or the platform you work through."),
    )
    employment_type = forms.ChoiceField(
        label=_("employment type"), choices=[("", "—"), *EmploymentType.choices]
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        number = normalize_id(data.get("id_number"))
        if number and data.get("id_type"):
            try:
                facts = id_facts(data["id_type"], number)
            except ValidationError as e:
                self.add_error("id_number", e.messages)
            else:
                if facts is None and not data.get("gender"):
                    self.add_error("gender", _("Your ID number does not show the gender: choose it."))
        return data


class JoinDecisionForm(StyledForm):
    """Approve (with the union group, optional) or reject (with the reason the applicant reads)."""

    union_group = forms.ModelChoiceField(
        label=_("union group"), queryset=Organization.objects.none(), required=False
    )
    reason = forms.CharField(
        label=pgettext_lazy("join", "reason for rejection"), max_length=200, required=False
    )

    def __init__(self, *args: Any, union: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["union_group"].queryset = Organization.objects.filter(
            path__startswith=union.path, org_type=OrgType.GROUP
        ).order_by("path")
