"""Fault: the background worker SIGKILLed while it writes a report job's file (the 台账 pack).

A union of ``--members`` members with a year of records (``reports.pack.bench.build``: dues,
vouchers, care, democracy, ...) is built in the sandbox; its chair starts the pack (a .zip of
fifteen ledger workbooks) from the page, and ``python -m gonghui db_worker`` (django-tasks,
database backend) writes it. When the job is running — its runner recorded — and its
temporary file has begun to fill, the worker is SIGKILLed. Then it checks:

- the job's page, read with the worker dead, ends the job as failed with the Chinese reason and
  offers 重新生成 (its progress bar no longer polls);
- no half state: the failed job has no file; nothing of it is left in the media folder's
  reports (no partial temporary file, no stored file without a job); no job is done without
  its file; its background-queue entry closed as failed (not left "running"); the database intact;
- 重新生成, posted as the page's own form, makes a new job that a restarted worker completes:
  a .zip whose every member is whole (CRC) and opens (each .xlsx with openpyxl), downloaded
  through the page, its size the job's; it is then the only file in the reports folder.

    python bench/faults/worker_report.py [--members 10000] [--db sqlite|pg]
"""

from __future__ import annotations

import argparse
import html
import io
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Report, Sandbox, Web, add_db_option, db_label, scenario, wait_until
from _roster import PASSWORD

WORKER = ("db_worker", "--no-startup-delay", "--interval", "0.2")
# What the page and the job say of a report whose process died (reports.jobs.runner).
REASON = "报表生成中断：处理进程意外停止，未生成文件，请重新生成"


def job(pk: int | None = None) -> Any:
    from gonghui.reports.jobs.models import ReportJob

    jobs = ReportJob.objects.unscoped("the fault script follows the job")
    return jobs.get(pk=pk) if pk else jobs.latest("pk")


def report_files(media: Path) -> dict[str, int]:
    """Every file under the media folder's reports (temporary ones included), with its size."""
    root = media / "reports"
    return {str(p.relative_to(root)): p.stat().st_size for p in root.rglob("*") if p.is_file()}


def part_bytes(media: Path) -> int:
    return sum(size for name, size in report_files(media).items() if name.endswith(".part"))


def start_form(page: str) -> tuple[str, dict[str, str]]:
    """The action and fields of the 重新生成 form on a failed job's page."""
    form = re.search(r'<form method="post" action="(/reports/jobs/start/[^"]+)".*?</form>', page, re.DOTALL)
    if form is None:
        raise RuntimeError("no 重新生成 form on the page")
    fields = {
        name: html.unescape(value)
        for name, value in re.findall(r'name="(org|params)" value="([^"]*)"', form.group(0))
    }
    return html.unescape(form.group(1)), fields


def zip_whole(data: bytes) -> tuple[bool, str]:
    """Whether ``data`` is a .zip whose members are all whole and whose workbooks all open."""
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            bad = zf.testzip()
            names = zf.namelist()
            books = [n for n in names if n.endswith(".xlsx")]
            for name in books:
                openpyxl.load_workbook(io.BytesIO(zf.read(name)), read_only=True).close()
    except Exception as e:
        return False, f"{type(e).__name__}: {e}"
    ok = bad is None and "00-目录.xlsx" in names and len(books) == len(names) > 1
    return ok, f"{len(books)} workbooks open, CRC {'ok' if bad is None else 'bad: ' + bad}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=10_000)
    add_db_option(parser)
    args = parser.parse_args()
    report = Report(
        "worker killed mid report job",
        f"SIGKILL to `python -m gonghui db_worker` while it writes a union's 台账 pack ({db_label(args.db)})",
    )
    report.facts["db"] = args.db
    box = Sandbox("report", db=args.db)
    media = box.data / "media"
    with scenario(report, box):
        box.manage("migrate", "--no-input")
        box.setup_django()
        from django.db import transaction

        from gonghui.core.scope import unscoped
        from gonghui.reports.jobs.models import JobStatus
        from gonghui.reports.pack.bench import YEAR, build

        with unscoped("the fault script builds its union"), transaction.atomic():
            union, chair = build(args.members)
            chair.set_password(PASSWORD)
            chair.save()
        report.facts["members"] = args.members

        web = Web(box)
        web.start()
        worker = box.spawn("worker", *WORKER)
        web.login(chair.username, PASSWORD)
        web.post("/reports/jobs/start/pack/", {"org": union.pk, "params": f'{{"year": {YEAR}}}'})
        pk = job().pk
        wait_until(
            "the worker to write the file",
            lambda: job(pk).status == JobStatus.RUNNING and job(pk).runner and part_bytes(media) > 0,
            timeout=600,
            every=0.01,
        )
        box.sigkill(worker)
        at_kill, part = job(pk), part_bytes(media)
        report.facts.update(progress_at_kill=at_kill.progress, part_kb_at_kill=part // 1024)
        report.check(
            "killed while the worker was writing the file",
            at_kill.status == JobStatus.RUNNING and at_kill.runner != "" and part > 0,
            f"status {at_kill.status}, {at_kill.progress} %, temporary file {part // 1024} KB",
        )

        page = web.get(f"/reports/jobs/{pk}/")
        after = job(pk)
        report.check(
            "job marked failed with a Chinese reason",
            after.status == JobStatus.FAILED and after.message == REASON,
            f"{after.status}: {after.message}",
        )
        report.check(
            "the page says so and offers 重新生成",
            page.status_code == 200
            and REASON in page.text
            and "重新生成" in page.text
            and "every 1s" not in page.text,
            page.status_code,
        )
        left = report_files(media)
        report.check(
            "no half state: the failed job has no file, nothing of it left",
            after.file.name == "" and after.size == 0 and not left,
            left or "reports folder empty",
        )
        from gonghui.reports.jobs.models import ReportJob

        jobs = ReportJob.objects.unscoped("the fault script checks every job")
        hollow = [
            j.pk
            for j in jobs.filter(status=JobStatus.DONE)
            if not j.file or not j.file.storage.exists(j.file.name)
        ]
        report.check("no job done without its file", not hollow, hollow or "none")
        from django_tasks_db.models import DBTaskResult

        entries = list(DBTaskResult.objects.filter(args_kwargs__args__0=pk).values_list("status", flat=True))
        report.check("its queue entry closed, not left running", entries == ["FAILED"], entries)
        intact = box.integrity()
        report.check("database intact", intact == "ok", intact)

        box.spawn("worker2", *WORKER)  # the worker restarted (as a supervisor would)
        action, fields = start_form(page.text)
        web.post(action, fields)
        again = job()
        wait_until("the new worker's pack", lambda: job(again.pk).finished, timeout=600, every=0.2)
        done = job(again.pk)
        report.check(
            "rerun: a new job with the same parameters completes",
            again.pk != pk and done.status == JobStatus.DONE and done.params == {"year": YEAR},
            f"job {done.pk}: {done.status} {done.message}",
        )
        download = web.get(f"/reports/jobs/{done.pk}/download/")
        whole, detail = zip_whole(download.content)
        report.facts["pack_kb"] = len(download.content) // 1024
        report.check(
            "rerun: the downloaded pack is whole and opens",
            download.status_code == 200 and whole and len(download.content) == done.size,
            f"HTTP {download.status_code}, {len(download.content) // 1024} KB, {detail}",
        )
        files = report_files(media)
        report.check(
            "rerun: its file is the only one in the reports folder",
            list(files) == [done.file.name.removeprefix("reports/")],
            files,
        )
    return report.emit()


if __name__ == "__main__":
    sys.exit(main())
