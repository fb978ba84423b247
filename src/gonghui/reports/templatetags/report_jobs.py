"""Template helpers of the report jobs: the start button's parameters as JSON."""

from __future__ import annotations

import json
from typing import Any

from django import template

register = template.Library()


@register.filter
def job_params(params: Any) -> str:
    """``params`` (a dict, or nothing) as the JSON object the start view reads."""
    return json.dumps(params or {}, ensure_ascii=False, sort_keys=True, default=str)
