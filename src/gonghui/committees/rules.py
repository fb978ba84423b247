"""Figures of DOMAIN.md that the committee checks use, with their sources.

These are the defaults of DOMAIN.md. Where they are local practice (the size table), a
federation-level override would come from a generic per-federation settings mechanism,
which does not exist yet; until then these defaults apply everywhere.
"""

from __future__ import annotations

# 工会法 art. 16: a grassroots committee serves 3 or 5 years.
TERM_YEARS = (3, 5)
# 换届提醒: warn this many months before the term ends.
TERM_WARNING_MONTHS = 6
# 工会女职工委员会工作条例: a women workers' committee from 10 female members.
WOMEN_COMMITTEE_THRESHOLD = 10

# Committee size by membership (基层工会组织选举工作条例 and local guidance):
# (lowest membership, highest membership or None, smallest size, largest size).
# Below 25 members a chair or organizer suffices; up to 3 people are accepted.
SIZE_BANDS: list[tuple[int, int | None, int, int]] = [
    (1, 24, 1, 3),
    (25, 200, 3, 7),
    (201, 1000, 7, 15),
    (1001, 5000, 15, 21),
    (5001, 10000, 21, 29),
    (10001, 50000, 29, 37),
    (50001, None, 37, 45),
]
# Village unions: a committee of 5 to 11 (village union reference standard 2020).
VILLAGE_SIZE = (5, 11)


def size_band(members: int, *, village: bool = False) -> tuple[int, int] | None:
    """The (smallest, largest) committee for ``members``, or None when unknown (no members)."""
    if members <= 0:
        return None
    if village:
        return VILLAGE_SIZE
    for low, high, smallest, largest in SIZE_BANDS:
        if members >= low and (high is None or members <= high):
            return smallest, largest
    return None


def size_ok(size: int, members: int, *, village: bool = False) -> bool:
    band = size_band(members, village=village)
    return band is not None and band[0] <= size <= band[1]
