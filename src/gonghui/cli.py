"""The ``gonghui`` console script: Django's manage.py with our settings."""

from __future__ import annotations

import os
import sys

from django.core.management import execute_from_command_line


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
