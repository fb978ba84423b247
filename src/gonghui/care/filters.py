"""Filters of the care lists beyond the generic ones (a hardship file's causes)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from gonghui.care.models import HardshipCause, HardshipFile, TargetGroup, Visit
from gonghui.care.models.common import code_list_q


def hardship_file_filter() -> type[django_filters.FilterSet]:
    """The hardship files' filters, built at first use in the request's scope
    (``core.records.filterset_class``): django-filter reads the default manager while it
    makes the class."""

    class HardshipFileFilter(django_filters.FilterSet):
        cause = django_filters.ChoiceFilter(
            label=_("cause"), choices=HardshipCause.choices, method="by_cause"
        )

        class Meta:
            model = HardshipFile
            fields = ["category", "level", "status", "migrant_hardship"]

        def by_cause(self, qs: Any, name: str, value: str) -> Any:
            return qs.filter(code_list_q("causes", value))

    return HardshipFileFilter


def visit_filter() -> type[django_filters.FilterSet]:
    """The visits' filters: a visit matches a target group it lists among several."""

    class VisitFilter(django_filters.FilterSet):
        target_group = django_filters.ChoiceFilter(
            label=_("visited"), choices=TargetGroup.choices, method="by_target_group"
        )

        class Meta:
            model = Visit
            fields = ["occasion", "target_group", "source"]

        def by_target_group(self, qs: Any, name: str, value: str) -> Any:
            return qs.filter(code_list_q("target_group", value))

    return VisitFilter
