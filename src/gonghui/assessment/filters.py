"""Filters of the rectification task list beyond the generic ones: the campaign."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.assessment.models import Campaign, RectificationTask
from gonghui.assessment.selectors import visible_campaigns


def _campaigns(request: Any) -> QuerySet[Campaign]:
    """The campaigns the reader may see (a union reaches its federation's campaign through its
    own assessment), newest first; read per request, never kept in the class."""
    if request is None:
        return Campaign.objects.none()
    return visible_campaigns(request.access).order_by("-year", "name")


def task_filter() -> type[django_filters.FilterSet]:
    """Built at first use in the request's scope (``core.forms.filterset_class``)."""

    class TaskFilter(django_filters.FilterSet):
        campaign = django_filters.ModelChoiceFilter(
            field_name="assessment__campaign", queryset=_campaigns, label=_("Campaign")
        )

        class Meta:
            model = RectificationTask
            fields = ["campaign", "status"]

    return TaskFilter
