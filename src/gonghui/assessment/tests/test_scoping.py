"""Every page and endpoint of the assessment app is scoped: the other tree gets 404 and sees
nothing; an inspector sees only the unions assigned to them; a union only its own assessment."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.assessment.models import Assessment, Assignment, ItemScore, Standard
from gonghui.assessment.services.campaigns import assign_inspector
from gonghui.assessment.tests.conftest import STANDARD_YAML, access_of, load_text, make_campaign
from gonghui.core.models import Attachment

URL_CASES = [
    "assessment:index",
    "assessment:standards",
    "assessment:standard-upload",
    "assessment:standard",
    "assessment:standard-excel",
    "assessment:standard-delete",
    "assessment:campaign-create",
    "assessment:campaign",
    "assessment:campaign-export",
    "assessment:campaign-inspectors",
    "assessment:campaign-rescore",
    "assessment:campaign-targets",
    "assessment:campaign-target-set",
    "assessment:campaign-targets-template",
    "assessment:campaign-targets-import",
    "assessment:unassign",
    "assessment:assessment",
    "assessment:assessment-act",
    "assessment:assessment-opinions",
    "assessment:assessment-rescore",
    "assessment:item",
    "assessment:item-reported",
    "assessment:evidence-upload",
    "assessment:evidence",
    "assessment:evidence-delete",
    "assessment:gaps",
    "assessment:history",
]
P = "/api/v1/assessment"
API_CASES = [
    (f"{P}/standards", "get"),
    (f"{P}/standards", "post"),
    (f"{P}/standards/{{pk}}", "get"),
    (f"{P}/campaigns", "get"),
    (f"{P}/campaigns", "post"),
    (f"{P}/campaigns/{{pk}}", "get"),
    (f"{P}/campaigns/{{pk}}/assignments", "post"),
    (f"{P}/campaigns/{{pk}}/targets", "get"),
    (f"{P}/campaigns/{{pk}}/targets", "put"),
    (f"{P}/assessments", "get"),
    (f"{P}/assessments/{{pk}}", "get"),
    (f"{P}/assessments/{{pk}}/rescore", "post"),
    (f"{P}/assessments/{{pk}}/actions", "post"),
    (f"{P}/assessments/{{pk}}/items/{{criterion}}", "put"),
    (f"{P}/assessments/{{pk}}/items/{{criterion}}/reported", "put"),
]
SECRETS = ("乙乡工会", "乙县2025年考核", "乙县评分标准")


def _evidence(a: Assessment, code: str) -> Attachment:
    row, _ = ItemScore.objects.get_or_create(
        assessment=a,
        criterion=a.campaign.standard.criteria.get(code=code),
        defaults={"organization": a.organization},
    )
    att = Attachment(
        organization=a.organization,
        content_type=ContentType.objects.get_for_model(ItemScore),
        object_id=str(row.pk),
        original_name=f"{a.organization.name}台账.pdf",
        mime_type="application/pdf",
        size=8,
        sha256="0" * 64,
    )
    att.file.save("e.pdf", ContentFile(b"%PDF-1.4"), save=False)
    att.save()
    return att


class World:
    def __init__(self, tree: Any, people: Any, make_user: Any) -> None:
        self.tree, self.people = tree, people
        self.standard = load_text(STANDARD_YAML)
        self.county_standard = load_text(
            STANDARD_YAML.replace("code: test-std", "code: county-std").replace(
                "测试评分标准", "乙县评分标准"
            ),
            organization=tree.county,
        )
        self.city = make_campaign(tree.city, self.standard, people.admin)
        assign_inspector(
            access=access_of(people.admin),
            campaign=self.city,
            inspector=people.inspector,
            organizations=[tree.union_a],
        )
        self.county = make_campaign(
            tree.county, self.county_standard, people.county_admin, name="乙县2025年考核"
        )
        self.county_inspector = make_user(Role.INSPECTOR, tree.county, username="county_inspector")
        assign_inspector(
            access=access_of(people.county_admin), campaign=self.county, inspector=self.county_inspector
        )
        self.a = Assessment.objects.get(campaign=self.city, organization=tree.union_a)
        self.c = Assessment.objects.get(campaign=self.city, organization=tree.union_c)
        self.b = Assessment.objects.get(campaign=self.county, organization=tree.union_b)
        self.file_a, self.file_b = _evidence(self.a, "A3.2"), _evidence(self.b, "A3.2")
        self.file_c = _evidence(self.c, "A3.2")
        self.assign_a = Assignment.objects.get(assessment=self.a)
        self.assign_b = Assignment.objects.get(assessment=self.b)

    def crit(self, a: Assessment, code: str = "A3.2") -> int:
        return a.campaign.standard.criteria.get(code=code).pk

    def urls(
        self, a: Assessment, campaign: Any, standard: Standard, attachment: Attachment, assignment: Assignment
    ) -> list[tuple[str, str]]:
        pk = {"pk": a.pk}
        return [
            ("assessment:standard", reverse("assessment:standard", kwargs={"pk": standard.pk})),
            ("assessment:standard-excel", reverse("assessment:standard-excel", kwargs={"pk": standard.pk})),
            ("assessment:standard-delete", reverse("assessment:standard-delete", kwargs={"pk": standard.pk})),
            ("assessment:campaign", reverse("assessment:campaign", kwargs={"pk": campaign.pk})),
            ("assessment:campaign-export", reverse("assessment:campaign-export", kwargs={"pk": campaign.pk})),
            (
                "assessment:campaign-inspectors",
                reverse("assessment:campaign-inspectors", kwargs={"pk": campaign.pk}),
            ),
            (
                "assessment:campaign-rescore",
                reverse("assessment:campaign-rescore", kwargs={"pk": campaign.pk}),
            ),
            *[
                (name, reverse(name, kwargs={"pk": campaign.pk}))
                for name in (
                    "assessment:campaign-targets",
                    "assessment:campaign-target-set",
                    "assessment:campaign-targets-template",
                    "assessment:campaign-targets-import",
                )
            ],
            ("assessment:unassign", reverse("assessment:unassign", kwargs={"pk": assignment.pk})),
            ("assessment:assessment", reverse("assessment:assessment", kwargs=pk)),
            ("assessment:assessment-act", reverse("assessment:assessment-act", kwargs=pk)),
            ("assessment:assessment-opinions", reverse("assessment:assessment-opinions", kwargs=pk)),
            ("assessment:assessment-rescore", reverse("assessment:assessment-rescore", kwargs=pk)),
            ("assessment:item", reverse("assessment:item", kwargs={**pk, "criterion": self.crit(a)})),
            (
                "assessment:item-reported",
                reverse("assessment:item-reported", kwargs={**pk, "criterion": self.crit(a)}),
            ),
            (
                "assessment:evidence-upload",
                reverse("assessment:evidence-upload", kwargs={**pk, "criterion": self.crit(a)}),
            ),
            ("assessment:evidence", reverse("assessment:evidence", kwargs={"pk": attachment.pk})),
            (
                "assessment:evidence-delete",
                reverse("assessment:evidence-delete", kwargs={"pk": attachment.pk}),
            ),
            ("assessment:gaps", reverse("assessment:gaps", kwargs=pk)),
            ("assessment:history", reverse("assessment:history", kwargs=pk)),
        ]


@pytest.fixture
def world(values: Any, tree: Any, people: Any, make_user: Any) -> World:
    return World(tree, people, make_user)


@pytest.fixture(params=["chair", "admin", "inspector"])
def outsider(request: Any, world: World, login: Any) -> Any:
    """A user of the city tree: union A's chair, the city's federation admin, the city's inspector."""
    return request.param, login(getattr(world.people, request.param))


def _codes(client: Client, url: str) -> set[int]:
    return {
        client.get(url).status_code,
        client.post(url, {"action": "submit", "side": "self", "version": 0, "points": "1"}).status_code,
    }


def test_object_pages_of_the_other_tree_are_404(world: World, outsider: Any) -> None:
    _name, client = outsider
    theirs = world.urls(world.b, world.county, world.county_standard, world.file_b, world.assign_b)
    ours = dict(world.urls(world.a, world.city, world.standard, world.file_a, world.assign_a))
    for name, url in theirs:
        codes = _codes(client, url)
        assert 404 in codes and codes <= {404, 405}, (name, codes)
        # Control: the same page of the user's own tree is there (or refused for lack of a right).
        own = _codes(client, ours[name])
        assert own != {404} and own != {404, 405}, (name, own)
    b = Assessment.objects.get(pk=world.b.pk)
    assert b.status == "not_started" and Attachment.objects.filter(pk=world.file_b.pk).exists()
    assert Assignment.objects.filter(pk=world.assign_b.pk).exists()
    assert not ItemScore.objects.filter(assessment=world.b, self_points__isnull=False).exists()


def test_list_pages_show_nothing_of_the_other_tree(world: World, outsider: Any) -> None:
    _name, client = outsider
    for name in (
        "assessment:index",
        "assessment:standards",
        "assessment:standard-upload",
        "assessment:campaign-create",
    ):
        resp = client.get(reverse(name))
        assert resp.status_code in (200, 403), name
        text = resp.content.decode()
        for secret in SECRETS:
            assert secret not in text, (name, secret)
    page = client.get(reverse("assessment:index"), {"status": "not_started"}).content.decode()
    assert "乙乡工会" not in page


@pytest.mark.parametrize(
    "name",
    [
        "assessment:assessment",
        "assessment:item",
        "assessment:item-reported",
        "assessment:gaps",
        "assessment:history",
        "assessment:evidence",
    ],
)
def test_an_inspector_sees_only_the_unions_assigned(world: World, login: Any, name: str) -> None:
    client = login(world.people.inspector)

    def url(a: Assessment, att: Attachment) -> str:
        if name == "assessment:evidence":
            return reverse(name, kwargs={"pk": att.pk})
        item = name in ("assessment:item", "assessment:item-reported")
        kwargs = {"pk": a.pk, **({"criterion": world.crit(a)} if item else {})}
        return reverse(name, kwargs=kwargs)

    assert client.get(url(world.c, world.file_c)).status_code == 404  # union C: same campaign, not assigned
    assert client.get(url(world.a, world.file_a)).status_code == 200
    index = client.get(reverse("assessment:index")).content.decode()
    campaign = client.get(reverse("assessment:campaign", kwargs={"pk": world.city.pk})).content.decode()
    for page in (index, campaign):
        assert "甲局工会" in page and "丙厂工会" not in page


def test_a_union_sees_only_its_own_assessment(world: World, login: Any) -> None:
    client = login(world.people.chair)
    assert client.get(reverse("assessment:assessment", kwargs={"pk": world.c.pk})).status_code == 404
    assert client.get(reverse("assessment:evidence", kwargs={"pk": world.file_c.pk})).status_code == 404
    page = client.get(reverse("assessment:campaign", kwargs={"pk": world.city.pk})).content.decode()
    assert "甲局工会" in page and "丙厂工会" not in page
    export = client.get(reverse("assessment:campaign-export", kwargs={"pk": world.city.pk}))
    content = b"".join(export.streaming_content) if export.streaming else export.content
    import io

    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert [r[1] for r in rows[1:]] == ["甲局工会"]


# ---- API ----------------------------------------------------------------------
@pytest.fixture(params=["chair", "admin", "inspector"])
def api(request: Any, world: World) -> Client:
    _token, raw = token_create(user=getattr(world.people, request.param), name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_api_lists_hide_the_other_tree(world: World, api: Client) -> None:
    standards = {s["code"] for s in api.get(f"{P}/standards").json()}
    assert "county-std" not in standards and "test-std" in standards
    campaigns = {c["id"] for c in api.get(f"{P}/campaigns").json()["items"]}
    assert world.county.pk not in campaigns and world.city.pk in campaigns
    ids = {a["id"] for a in api.get(f"{P}/assessments", {"limit": 500}).json()["items"]}
    assert world.b.pk not in ids and world.a.pk in ids
    assert world.c.pk not in ids or api.get(f"{P}/assessments/{world.c.pk}").status_code == 200


def test_api_objects_of_the_other_tree_are_404(world: World, api: Client) -> None:
    b, crit = world.b.pk, world.crit(world.b)
    assert api.get(f"{P}/standards/{world.county_standard.pk}").status_code == 404
    assert api.get(f"{P}/campaigns/{world.county.pk}").status_code == 404
    assert (
        api.post(
            f"{P}/campaigns/{world.county.pk}/assignments",
            {"inspector": world.county_inspector.pk},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert api.get(f"{P}/campaigns/{world.county.pk}/targets").status_code == 404
    put_targets = api.put(
        f"{P}/campaigns/{world.county.pk}/targets",
        {"targets": [{"metric": "t_count", "org_type": "grassroots", "value": 5}]},
        content_type="application/json",
    )
    assert put_targets.status_code == 404
    assert api.get(f"{P}/assessments/{b}").status_code == 404
    assert api.post(f"{P}/assessments/{b}/rescore").status_code == 404
    assert (
        api.post(
            f"{P}/assessments/{b}/actions", {"action": "submit"}, content_type="application/json"
        ).status_code
        == 404
    )
    put = api.put(
        f"{P}/assessments/{b}/items/{crit}",
        {"side": "self", "points": 1, "version": 0},
        content_type="application/json",
    )
    assert put.status_code == 404
    reported = api.put(
        f"{P}/assessments/{b}/items/{crit}/reported",
        {"values": {"trained": "1"}, "version": 0},
        content_type="application/json",
    )
    assert reported.status_code == 404
    created = api.post(
        f"{P}/campaigns",
        {
            "organization": world.tree.county.pk,
            "name": "越界",
            "year": 2025,
            "standard": world.standard.pk,
            "self_deadline": "2025-11-30",
            "acceptance_deadline": "2025-12-31",
        },
        content_type="application/json",
    )
    assert created.status_code == 404
    upload = api.post(
        f"{P}/standards",
        {"file": ContentFile(b"code: x\n", name="x.yaml"), "organization": world.tree.county.pk},
    )
    assert upload.status_code == 404
    assert Assessment.objects.get(pk=b).status == "not_started" and Standard.objects.count() == 2


def test_rectification_tasks_follow_the_assessment_visibility(world: World, login: Any) -> None:
    from gonghui.assessment.models import RectificationTask

    crit = world.c.campaign.standard.criteria.get(code="A1")
    task = RectificationTask.objects.create(
        organization=world.tree.union_c, assessment=world.c, criterion=crit, title="丙厂整改",
        responsible=world.people.chair_c, due_date="2026-01-31",
    )  # fmt: skip
    inspector = login(world.people.inspector)
    assert inspector.get(f"/rectification-tasks/{task.pk}/").status_code == 404  # union C is not theirs
    assert "丙厂整改" not in inspector.get("/rectification-tasks/").content.decode()
    assert login(world.people.admin).get(f"/rectification-tasks/{task.pk}/").status_code == 200
