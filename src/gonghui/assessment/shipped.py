"""The standards shipped with gonghui (package data in ``standards/``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gonghui.assessment.services.standards import standard_load

STANDARDS_DIR = Path(__file__).resolve().parent / "standards"
CITY = "city-grassroots"
TOWNSHIP = "township-standardization"
MODEL_HOME = "model-workers-home"


def shipped_files() -> list[Path]:
    return sorted(STANDARDS_DIR.glob("*.yaml"))


def load_shipped(code: str, actor: Any = None) -> Any:
    """Load (or find) one shipped standard by its code; raises StandardFileError if it is wrong."""
    path = STANDARDS_DIR / f"{code}.yaml"
    standard, _created = standard_load(content=path.read_bytes(), filename=path.name, actor=actor)
    return standard
