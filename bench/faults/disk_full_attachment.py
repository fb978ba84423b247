"""Fault: the disk full during an attachment upload.

The sandbox's media directory is a 1 MB tmpfs (``mount -t tmpfs -o size=1m``; root is
needed — without it the script says so and fails rather than fake the fault). A small
attachment fits; then two bigger than the free space are uploaded through the page: one of
1.5 MB (held in memory by Django, written in chunks) and one of 3 MB (spooled to a temporary
file first, then copied across file systems). The kernel answers ENOSPC half-way through
each write. Checked: the page answers (no server error) with the Chinese message, no
attachment row is added, no partial file is left on the full disk, and every row's file is
whole. The database is SQLite in the sandbox's data directory (beside, not on, the full disk)
or, with ``--db pg``, a fresh PostgreSQL database.

    python bench/faults/disk_full_attachment.py [--db sqlite|pg]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Report, Sandbox, Web, add_db_option, db_label
from _roster import PASSWORD, union_and_chair

MESSAGE = "服务器磁盘空间不足，附件未保存，请联系管理员"


def pdf(size: int) -> bytes:
    return b"%PDF-1.4\n" + os.urandom(size - 9)  # random: tmpfs stores it whole


def files(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_size for p in root.rglob("*") if p.is_file()}


def main() -> int:
    parser = argparse.ArgumentParser()
    add_db_option(parser)
    db = parser.parse_args().db
    report = Report(
        "disk full during an attachment upload",
        "media directory on a 1 MB tmpfs; uploads of 1.5 MB and 3 MB through the page "
        f"(runserver, {db_label(db)})",
    )
    report.facts["db"] = db
    box = Sandbox("disk", db=db)
    media = box.data / "media"
    media.mkdir()
    mounted = False
    try:
        mount = subprocess.run(  # noqa: S603
            ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", str(media)],  # noqa: S607
            capture_output=True,
            text=True,
        )
        mounted = mount.returncode == 0
        if not report.check("a real 1 MB file system as the media directory", mounted, mount.stderr.strip()):
            return report.emit()
        box.manage("migrate", "--no-input")
        box.setup_django()
        from gonghui.core.models import Attachment
        from gonghui.core.scope import unscoped
        from gonghui.orgs.models import EmployerYear

        union, username = union_and_chair()
        with unscoped("the fault script prepares a record"):
            record = EmployerYear.objects.create(
                organization=union, year=2025, employer_name="演练单位", employees=9
            )
        from django.urls import reverse

        url = reverse("records:attachment-upload", kwargs={"rt": "employer-years", "pk": record.pk})
        web = Web(box)
        web.start()
        web.login(username, PASSWORD)

        small = web.post(url, {"description": ""}, files={"file": ("小票.pdf", pdf(200_000))})
        with unscoped("the fault script checks the rows"):
            before = list(Attachment.objects.values_list("file", "size"))
        report.check(
            "an attachment that fits is saved",
            small.status_code == 200 and len(before) == 1,
            small.status_code,
        )
        report.facts["free_kb_before"] = shutil.disk_usage(media).free // 1024
        for label, size in (
            ("1.5 MB (in memory)", 1_500_000),
            ("3 MB (spooled to a temporary file)", 3_000_000),
        ):
            resp = web.post(url, {"description": ""}, files={"file": ("台账扫描件.pdf", pdf(size))})
            with unscoped("the fault script checks the rows"):
                rows = list(Attachment.objects.values_list("file", "size"))
            on_disk = files(media)
            report.check(
                f"{label}: a clear Chinese error, no server error",
                resp.status_code == 200 and MESSAGE in resp.text,
                f"HTTP {resp.status_code} (after the redirect)",
            )
            report.check(f"{label}: no attachment row", rows == before, f"{len(rows)} rows")
            report.check(
                f"{label}: no partial file left",
                sorted(on_disk) == sorted(name for name, _size in before),
                on_disk,
            )
        report.check(
            "every row's file is whole",
            all(files(media).get(name) == size for name, size in before),
            files(media),
        )
        report.facts["free_kb_after"] = shutil.disk_usage(media).free // 1024
        web.kill()
        log = box.log_of("web")
        report.check(
            "the kernel answered ENOSPC (server log)",
            log.count("attachment not saved (ENOSPC)") == 2 and " 500 " not in log,
            f"{log.count('attachment not saved (ENOSPC)')} ENOSPC lines",
        )
    except Exception as e:
        report.check("the scenario ran", False, f"{type(e).__name__}: {e}")
    finally:
        for proc in box.procs:
            if proc.poll() is None:
                box.sigkill(proc)
        if mounted:
            subprocess.run(["umount", str(media)], check=False)  # noqa: S603, S607
        box.close()
    return report.emit()


if __name__ == "__main__":
    sys.exit(main())
