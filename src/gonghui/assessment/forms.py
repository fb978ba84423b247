"""Forms of the assessment pages; choices always come from what the user may see."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.roles import Perm
from gonghui.assessment import selectors
from gonghui.assessment.models import Assessment, Criterion, CriterionKind, RectificationTask, Standard
from gonghui.assessment.services.campaigns import ASSESSED_TYPES, DEFAULT_TYPES, RUNNERS
from gonghui.core.forms import StyledForm, StyledModelForm
from gonghui.core.scope import get_scope
from gonghui.orgs.models import Organization, OrgType

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CriterionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Criterion) -> str:
        return f"{obj.standard.code} v{obj.standard.version} · {obj.code} {obj.title}"


def _in_scope(queryset: Any) -> Any:
    """Narrow ``queryset`` (of users) to those holding a role in the request's scope."""
    scope = get_scope()
    if scope.get("_enabled") is False:
        return queryset
    if "organization" not in scope:
        return queryset.none()
    grants = RoleGrant.objects.all()  # the scope's own filter: a grant on one of its organizations
    return queryset.filter(pk__in=grants.values("user_id"))


class TaskForm(StyledModelForm):
    """The rectification task's form, for the generic record pages and API."""

    # Declared with no rows (a scoped manager cannot be read without a scope): ``__init__``
    # takes them in the request's scope.
    assessment = forms.ModelChoiceField(queryset=Assessment.objects.none(), label=_("assessment"))
    criterion = CriterionChoice(queryset=Criterion.objects.none(), label=_("criterion"))

    class Meta:
        model = RectificationTask
        fields = ["assessment", "criterion", "title", "responsible", "due_date", "status", "plan", "result"]
        widgets = {
            "due_date": DATE,
            "plan": forms.Textarea(attrs={"rows": 3}),
            "result": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assessments = Assessment.objects.select_related("organization", "campaign")
        self.fields["assessment"].queryset = assessments
        criteria = Criterion.objects.select_related("standard").exclude(kind=CriterionKind.SECTION)
        if self.instance.pk:
            criteria = criteria.filter(standard_id=self.instance.assessment.campaign.standard_id)
        else:
            criteria = criteria.filter(
                standard__campaigns__assessments__in=assessments.values("pk")
            ).distinct()
        self.fields["criterion"].queryset = criteria
        self.fields["responsible"].queryset = _in_scope(User.objects.filter(is_active=True)).order_by(
            "username"
        )
        self.fields["title"].required = False


class StandardUploadForm(StyledForm):
    file = forms.FileField(label=_("Standard file (YAML or Excel)"))
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), required=False, label=_("Publisher")
    )

    def __init__(self, *args: Any, access: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = access.orgs_with(Perm.CAMPAIGN_MANAGE).filter(org_type__in=RUNNERS)
        field.required = not access.is_superuser
        if access.is_superuser:
            field.empty_label = _("gonghui (shared by all federations)")


class CampaignForm(StyledForm):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("Federation"))
    name = forms.CharField(max_length=200, label=_("Name"))
    year = forms.IntegerField(min_value=2000, max_value=2100, label=_("Year"))
    standard = forms.ModelChoiceField(queryset=Standard.objects.none(), label=_("Standard"))
    root = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        label=_("Covered subtree"),
        help_text=_("Empty: the whole federation."),
    )
    org_types = forms.MultipleChoiceField(
        choices=[(t, OrgType(t).label) for t in ASSESSED_TYPES],
        initial=DEFAULT_TYPES,
        widget=forms.CheckboxSelectMultiple,
        label=_("Covered union types"),
    )
    self_deadline = forms.DateField(widget=DATE, label=_("Self-assessment deadline"))
    acceptance_deadline = forms.DateField(widget=DATE, label=_("Acceptance deadline"))

    def __init__(self, *args: Any, access: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        runners = access.orgs_with(Perm.CAMPAIGN_MANAGE).filter(org_type__in=RUNNERS, status="active")
        self.fields["organization"].queryset = runners
        self.fields["standard"].queryset = selectors.visible_standards(access)
        # A covered subtree is a federation's or a township's (a union is covered by its type).
        self.fields["root"].queryset = runners
        self.fields["year"].initial = timezone.localdate().year
        self.fields["org_types"].widget.attrs["class"] = ""


class AssignForm(StyledForm):
    inspector = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Inspector"))
    organizations = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        label=_("Unions"),
        help_text=_("Empty: every union of the campaign the inspector may review."),
    )

    def __init__(self, *args: Any, candidates: Any, unions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = candidates
        self.fields["organizations"].queryset = unions
        self.fields["organizations"].widget.attrs["size"] = 8


class ScoreForm(forms.Form):
    side = forms.ChoiceField(choices=[("self", "self"), ("review", "review")])
    points = forms.CharField(required=False, max_length=20)
    comment = forms.CharField(required=False, max_length=5000)
    version = forms.IntegerField(min_value=0)


class ReturnForm(StyledForm):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Reasons"), max_length=5000)


class GapTaskForm(StyledForm):
    criterion = forms.IntegerField(widget=forms.HiddenInput)
    responsible = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Responsible person"))
    due_date = forms.DateField(widget=DATE, label=_("Due date"))
    title = forms.CharField(required=False, max_length=200, label=_("Task"))

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people
