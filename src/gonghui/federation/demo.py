"""Demo annual returns: the third tree's unions that keep no roster file their DEMO_YEAR return
(鑫源机械 keeps a roster, members/demo.py), so 城关镇 mixes both sources. Idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gonghui.federation.models import AnnualReturn
from gonghui.orgs.demo import DEMO_YEAR
from gonghui.orgs.models import Organization

# code: members, women, migrant workers, new members (of them migrant workers), employees. Where
# orgs/demo.py enters employer facts (JG, XX, SP) the figures stay within them.
RETURNS = {
    "DEMO-QS-CG-YQ": (246, 97, 131, 38, 24, 281),
    "DEMO-QS-CG-JG": (62, 24, 0, 3, 0, 64),
    "DEMO-QS-CG-XX": (57, 40, 0, 4, 0, 58),
    "DEMO-QS-CG-NG": (23, 15, 0, 2, 0, 25),
    "DEMO-QS-CG-BJ": (41, 17, 12, 5, 3, 46),
    "DEMO-QS-CG-SM": (34, 20, 6, 3, 1, 38),
    "DEMO-QS-CG-JZ": (52, 21, 18, 7, 4, 57),
    "DEMO-QS-HP-LH": (128, 49, 71, 22, 15, 150),
    "DEMO-QS-HP-HP": (38, 14, 9, 4, 2, 42),
    "DEMO-QS-HP-SP": (118, 69, 52, 14, 9, 135),
}


def load(ctx: dict[str, Any]) -> None:
    by_code = ctx.get("qingshan_orgs") or {
        o.code: o for o in Organization.objects.filter(code__in=list(RETURNS))
    }
    for code, (members, women, migrants, new, new_migrants, employees) in RETURNS.items():
        union = by_code.get(code)
        if union is None:
            continue
        AnnualReturn.objects.get_or_create(
            organization=union,
            year=DEMO_YEAR,
            defaults={
                "members": members,
                "women_members": women,
                "migrant_members": migrants,
                "new_members": new,
                "new_migrant_members": new_migrants,
                "employees": employees,
                "filed_on": dt.date(DEMO_YEAR + 1, 1, 20),
            },
        )
