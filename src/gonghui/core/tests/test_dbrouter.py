"""The read replica's routing: where a request's reads go, and read-your-writes after a write.

The decisions are checked on a router that names a replica alias (no connection is opened to
it); the write detection on the real ORM with the router installed. Without
DATABASE_REPLICA_URL (the default), neither the router nor its middleware is installed.
"""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from gonghui.accounts.models import User
from gonghui.core import dbrouter
from gonghui.core.dbrouter import PIN_COOKIE, PrimaryAfterWriteMiddleware, ReplicaRouter


class Router(ReplicaRouter):
    replica = "replica"


router = Router()
ROUTED = override_settings(
    DATABASE_ROUTERS=["gonghui.core.tests.test_dbrouter.Router"], REPLICA_PIN_SECONDS=10
)


def serve(request: HttpRequest, view: object = None) -> tuple[HttpResponse, dict[str, str | None]]:
    """Runs ``request`` through the middleware; reports where the view's reads went."""
    seen: dict[str, str | None] = {}

    def get_response(req: HttpRequest) -> HttpResponse:
        seen["before"] = router.db_for_read(User)
        if callable(view):
            view()
        seen["after"] = router.db_for_read(User)
        return HttpResponse("ok")

    return PrimaryAfterWriteMiddleware(get_response)(request), seen


def test_reads_outside_a_request_go_to_the_primary() -> None:
    # Management commands, the task worker: the primary unless marked read-only.
    assert router.db_for_read(User) == "default"
    with dbrouter.read_from_replica():
        assert router.db_for_read(User) == "replica"
    assert router.db_for_read(User) == "default"


def test_a_page_reads_from_the_replica_and_sets_no_pin() -> None:
    response, seen = serve(RequestFactory().get("/reports/statistics/"))
    assert seen == {"before": "replica", "after": "replica"}
    assert PIN_COOKIE not in response.cookies


@ROUTED
def test_a_post_reads_from_the_primary_and_pins_its_user() -> None:
    began = time.time()
    response, seen = serve(RequestFactory().post("/members/1/edit/"))
    ended = time.time()
    assert seen == {"before": "default", "after": "default"}
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["max-age"] == 10
    # the pin's end: ten seconds after the write (the cookie keeps milliseconds)
    assert began + 10 - 0.001 <= float(cookie.value) <= ended + 10 + 0.001


@pytest.mark.django_db
@ROUTED
def test_a_write_inside_a_get_sends_the_rest_of_it_and_the_next_seconds_to_the_primary() -> None:
    # An audit line written while showing a page, say: what follows must see it.
    response, seen = serve(RequestFactory().get("/members/1/"), lambda: Group.objects.create(name="pinned"))
    assert seen == {"before": "replica", "after": "default"}
    assert PIN_COOKIE in response.cookies


def test_a_pinned_user_reads_from_the_primary_until_the_pin_expires() -> None:
    factory = RequestFactory()
    factory.cookies[PIN_COOKIE] = f"{time.time() + 5:.3f}"
    assert serve(factory.get("/members/"))[1]["before"] == "default"
    factory.cookies[PIN_COOKIE] = f"{time.time() - 1:.3f}"
    assert serve(factory.get("/members/"))[1]["before"] == "replica"
    factory.cookies[PIN_COOKIE] = "nonsense"
    assert serve(factory.get("/members/"))[1]["before"] == "replica"


@pytest.mark.django_db
def test_a_transaction_reads_from_the_primary() -> None:
    with dbrouter.reads(dbrouter.Reads(replica=True)):
        assert router.db_for_read(User) == "replica"
        with transaction.atomic():
            assert router.db_for_read(User) == "default"


@ROUTED
def test_select_for_update_and_writes_go_to_the_primary() -> None:
    with dbrouter.reads(dbrouter.Reads(replica=True)) as state:
        assert User.objects.all().db == "replica"
        assert User.objects.select_for_update().db == "default"
        assert state.wrote  # and pins the request to the primary from then on
        assert User.objects.all().db == "default"


def test_an_object_read_on_the_primary_follows_its_relations_there() -> None:
    user = User(username="x")
    user._state.db = "default"
    with dbrouter.reads(dbrouter.Reads(replica=True)):
        assert router.db_for_read(Group, instance=user) == "default"
        assert router.db_for_read(Group) == "replica"


def test_nothing_is_migrated_on_the_replica() -> None:
    assert router.allow_migrate("replica", "members") is False
    assert router.allow_migrate("default", "members") is None


@pytest.mark.skipif(bool(settings.DATABASE_REPLICA_URL), reason="a replica is configured")
def test_without_a_replica_no_router_and_no_middleware() -> None:
    assert "replica" not in settings.DATABASES
    assert not getattr(settings, "DATABASE_ROUTERS", [])
    assert "gonghui.core.dbrouter.PrimaryAfterWriteMiddleware" not in settings.MIDDLEWARE
    # and the router, were it installed, would read from the primary
    with dbrouter.reads(dbrouter.Reads(replica=True)):
        assert ReplicaRouter().db_for_read(User) == "default"
