"""Every download is named in the reader's language, sent as RFC 5987 with an ASCII fallback
(issue 18, item 11a)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, unquote

import pytest
from django.conf import settings
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.assessment.models import Assessment
from gonghui.assessment.tests import conftest as assessment_fixtures
from gonghui.core.downloads import attachment_disposition, file_response

values = assessment_fixtures.values
standard = assessment_fixtures.standard
people = assessment_fixtures.people
campaign = assessment_fixtures.campaign
assessment_a = assessment_fixtures.assessment_a


def test_the_header_has_the_full_name_and_an_ascii_fallback() -> None:
    name = "长安工会-2025年考核评分表.xlsx"
    assert attachment_disposition(name) == (
        f"attachment; filename=\"2025.xlsx\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    assert attachment_disposition("考核报告.docx").startswith('attachment; filename="download.docx";')
    assert attachment_disposition('a"b\r\n.csv').startswith('attachment; filename="a-b.csv";')
    resp = file_response(b"x", filename=name, content_type="text/plain")
    assert resp["Content-Disposition"] == attachment_disposition(name)


def _name(resp: Any) -> str:
    assert resp.status_code == 200, resp.status_code
    value = resp["Content-Disposition"]
    assert 'filename="' in value, value  # the ASCII fallback
    encoded = value.split("filename*=UTF-8''", 1)[1]
    return unquote(encoded)


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [("zh-hans", "考核得分汇总.xlsx", "scores"), ("en", " - scores.xlsx", "考核得分")],
)
def test_the_campaign_scores_are_named_in_the_readers_language(
    campaign: Any, people: Any, login: Any, language: str, expected: str, absent: str
) -> None:
    client = login(people.admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    name = _name(client.get(reverse("assessment:campaign-export", kwargs={"pk": campaign.pk})))
    assert name.startswith(campaign.name) and name.endswith(expected) and absent not in name, name


@pytest.mark.parametrize(
    ("language", "report", "sheet"),
    [("zh-hans", "考核报告.docx", "考核评分表.xlsx"), ("en", "assessment report.docx", "scoring sheet.xlsx")],
)
def test_the_assessment_report_files_follow_the_language(
    assessment_a: Assessment, people: Any, login: Any, language: str, report: str, sheet: str
) -> None:
    client = login(people.chair)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    docx = _name(client.get(reverse("reports:assessment-report-docx", kwargs={"pk": assessment_a.pk})))
    xlsx = _name(client.get(reverse("reports:assessment-report-xlsx", kwargs={"pk": assessment_a.pk})))
    assert docx.endswith(report) and xlsx.endswith(sheet), (docx, xlsx)


def test_a_record_export_as_csv_has_the_fallback_too(tree: Any, make_user: Any, login: Any) -> None:
    client = login(make_user(Role.CHAIR, tree.union_a))
    resp = client.get(reverse("records:export", kwargs={"rt": "employer-years"}), {"format": "csv"})
    assert _name(resp).endswith(".csv")
