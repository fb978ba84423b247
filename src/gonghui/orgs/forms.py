from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import StyledForm
from gonghui.orgs.models import ALLOWED_PARENTS, Organization


class MoveForm(StyledForm):
    new_parent = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("New parent organization")
    )

    def __init__(self, *args: Any, org: Organization, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = [t for t in ALLOWED_PARENTS[org.org_type] if t]
        cast(forms.ModelChoiceField, self.fields["new_parent"]).queryset = candidates.filter(
            org_type__in=allowed, status="active"
        ).exclude(path__startswith=org.path)


class DissolveForm(StyledForm):
    on = forms.DateField(
        label=_("Dissolution date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
