"""An import's stored problems are kept as msgid and params and read in the reader's language;
rows stored before as text still show as they were (issue 18, item 11f)."""

from __future__ import annotations

import io
from html import escape
from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gonghui.core.texts import shown, text
from gonghui.members.models import ImportJob
from gonghui.members.validators import with_check_char


def _page(client: Client, job: ImportJob, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("members:import-job", kwargs={"pk": job.pk})).content.decode()


def test_stored_problems_follow_the_readers_language(chair_a: Client, tree: Any) -> None:
    good_id = with_check_char("53010219800515001")
    upload = io.BytesIO(f"姓名,身份证号,工会小组\n张三,{good_id},没有这个组\n".encode())
    upload.name = "bad.csv"
    chair_a.post(reverse("members:import"), {"organization": tree.union_a.pk, "file": upload})
    job = ImportJob.objects.get()
    assert job.status == "invalid"
    stored = [message for _row, _column, message in job.problems]
    msgid = 'This union has no union group named "%(name)s".'
    assert {"msgid": msgid, "params": {"name": "没有这个组"}} in stored

    assert "本工会没有名为“没有这个组”的工会小组。" in _page(chair_a, job, "zh-hans")
    english = _page(chair_a, job, "en")
    expected = escape('This union has no union group named "没有这个组".')
    assert expected in english and "本工会没有名为" not in english


def test_older_rows_show_as_stored_and_known_texts_find_their_english(chair_a: Client, tree: Any) -> None:
    job = ImportJob.objects.create(
        organization=tree.union_a,
        file="imports/old.csv",
        original_name="old.csv",
        status="invalid",
        problem_count=2,
        problems=[[2, "A（姓名）", "某个旧的中文说明"], [3, "B（身份证号）", "此项为必填项。"]],
    )
    assert "此项为必填项。" in _page(chair_a, job, "zh-hans")
    english = _page(chair_a, job, "en")
    assert "某个旧的中文说明" in english  # kept as it was stored
    assert "此项为必填项。" not in english and "required" in english  # a known text finds its English
    with translation.override("zh-hans"):
        assert shown(text("This column is required.")) == "此项为必填项。"
    with translation.override("en"):
        assert shown(text("This column is required.")) == "This column is required."
