"""Organization pages beyond the generic ones: tree browser, move, dissolve, switcher, home."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from gonghui.accounts.roles import Perm
from gonghui.core import rollups
from gonghui.core.advice import advice_of
from gonghui.core.bounds import YearField, clean_text, query_value
from gonghui.core.current import current_org, set_current_org
from gonghui.core.forms import errors_to_form
from gonghui.core.metrics import one_run
from gonghui.core.records import registry
from gonghui.core.scoping import get_in_scope
from gonghui.core.typing import AuthedRequest
from gonghui.core.views import record_url
from gonghui.orgs import selectors, services
from gonghui.orgs.forms import DissolveForm, MoveForm
from gonghui.orgs.models import Organization
from gonghui.reports.dashboards.views import charts_context


def _tree_rows(nodes: list[Organization]) -> list[dict[str, Any]]:
    counts = selectors.subtree_counts(nodes)
    return [{"org": n, **selectors.count_summary(counts[n.pk])} for n in nodes]


class HomeView(LoginRequiredMixin, View):
    """The current organization at a glance: key figures of a year, reminders, its units."""

    def get(self, request: AuthedRequest) -> HttpResponse:
        org = current_org(request)
        ctx: dict[str, Any] = {"org": org}
        with one_run():  # the figures, the advice and the charts read the same targets
            if org is not None:
                ctx.update(_home(request, org))
        return render(request, "orgs/home.html", ctx)


def _home(request: AuthedRequest, org: Organization) -> dict[str, Any]:
    # A large federation's figures and its units' counts are kept a few minutes (core.rollups).
    years = rollups.kept(
        request, "years", org, lambda: (selectors.work_years(org), selectors.default_year(org))
    )
    year = _year_param(request, years.value[1])
    figures = rollups.kept(request, f"home:{year}", org, lambda: _figures(org, year))
    charts = charts_context(request, org, year)
    return {
        **figures.value,
        "org_url": record_url(registry.get("orgs"), "detail", org),
        "year": year,
        "years": years.value[0],
        **charts,
        **rollups.note(request, years, figures, charts["kept"]),
    }


def _figures(org: Organization, year: int) -> dict[str, Any]:
    """What the home page adds up below ``org``: its counts, its units' counts, the key
    figures of ``year`` and the advice on them."""
    children = list(selectors.children_of(org))
    return {
        "summary": selectors.count_summary(selectors.subtree_counts([org])[org.pk]),
        "children": _tree_rows(children[:50]),
        "more_children": max(0, len(children) - 50),
        "figures": selectors.key_figures(org, year),
        "advice": advice_of(org, year=year),  # checks of a year judge the figures' year
    }


def _year_param(request: AuthedRequest, default: int) -> int:
    return query_value(request, "year", YearField(label=_("Year")), default)


class TreeView(LoginRequiredMixin, View):
    def get(self, request: AuthedRequest) -> HttpResponse:
        roots = list(selectors.visible_roots(request.access))
        return render(request, "orgs/tree.html", {"rows": _tree_rows(roots)})


class TreeChildrenView(LoginRequiredMixin, View):
    """The children of one node, loaded by htmx when a node is opened."""

    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        org = get_in_scope(Organization.objects.all(), request, pk=pk)
        rows = _tree_rows(list(selectors.children_of(org)))
        return render(request, "orgs/_tree_rows.html", {"rows": rows, "level": org.depth})


class OrgActionView(LoginRequiredMixin, View):
    """Move and dissolve act on a node from above: the permission comes from a grant over its parent."""

    template = ""

    def get_org(self, request: AuthedRequest, pk: int) -> Organization:
        org = get_in_scope(Organization.objects.all(), request, pk=pk)
        if not request.access.can_above(Perm.ORG_MANAGE, org):
            raise PermissionDenied
        return org

    def done(self, org: Organization) -> HttpResponse:
        return redirect(record_url(registry.get("orgs"), "detail", org))


class MoveView(OrgActionView):
    def form(self, request: AuthedRequest, org: Organization) -> MoveForm:
        candidates = request.access.orgs_with(Perm.ORG_MANAGE)
        return MoveForm(request.POST or None, org=org, candidates=candidates)

    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        org = self.get_org(request, pk)
        return render(request, "orgs/move.html", {"org": org, "form": self.form(request, org)})

    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        org = self.get_org(request, pk)
        form = self.form(request, org)
        if form.is_valid():
            try:
                org = services.org_move(
                    access=request.access,
                    org=org,
                    new_parent=form.cleaned_data["new_parent"],
                )
                messages.success(request, _("%(org)s moved.") % {"org": org})
                return self.done(org)
            except ValidationError as e:
                errors_to_form(form, e)
        return render(request, "orgs/move.html", {"org": org, "form": form}, status=400)


class DissolveView(OrgActionView):
    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        org = self.get_org(request, pk)
        return render(request, "orgs/dissolve.html", {"org": org, "form": DissolveForm()})

    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        org = self.get_org(request, pk)
        form = DissolveForm(request.POST)
        if form.is_valid():
            try:
                services.org_dissolve(
                    access=request.access,
                    org=org,
                    on=form.cleaned_data["on"],
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("%(org)s dissolved.") % {"org": org})
                return self.done(org)
            except ValidationError as e:
                errors_to_form(form, e)
        return render(request, "orgs/dissolve.html", {"org": org, "form": form}, status=400)


class ReactivateView(OrgActionView):
    def post(self, request: AuthedRequest, pk: int) -> HttpResponse:
        org = self.get_org(request, pk)
        try:
            services.org_reactivate(access=request.access, org=org)
            messages.success(request, _("%(org)s is active again.") % {"org": org})
        except ValidationError as e:
            for m in e.messages:
                messages.error(request, m)
        return self.done(org)


class SwitchView(LoginRequiredMixin, View):
    """The org switcher: search organizations in scope (htmx) and pick the current one."""

    def get(self, request: AuthedRequest) -> HttpResponse:
        q = clean_text(request.GET.get("q")).strip()
        qs = Organization.objects.filter(status="active")
        if q:
            qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__icontains=q))
        else:
            qs = selectors.visible_roots(request.access)
        return render(request, "orgs/_switch_results.html", {"orgs": qs[:20], "q": q})

    def post(self, request: AuthedRequest) -> HttpResponse:
        org = get_in_scope(Organization.objects.all(), request, pk=request.POST.get("org", ""))
        set_current_org(request, org)
        nxt = request.POST.get("next", "")

        if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
            nxt = "/"
        return redirect(nxt)
