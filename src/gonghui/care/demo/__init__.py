"""Demo care records from the two seed reports (2025). Idempotent: keyed by natural keys.

The bureau (XX局工会): New Year and Spring Festival visits with party and administration
leaders to frontline workers, retirees, the long-term sick and families in hardship; hospital
and bereavement visits; three hardship files and their hardship-subsidy applications (approved
and paid); summer cooling; mutual medical insurance at 50% union + administration / 50%
individual with 410 of its 426 employees enrolled (96.24%, above the city's 95%).

长安乡工会: serious-illness mutual aid, golden-autumn study aid, hardship aid, its donations
(抗旱保春耕, 关爱贫困老党员) and its migrant-worker survey (摸底调查, kept as a survey record of
counts: it describes the area's workers, not named persons).

Members come from the members app's demo, picked by position in pk order; without members the
member-bound rows are skipped and the rest is loaded.
"""

from __future__ import annotations

from typing import Any

from gonghui.care.demo import bureau, changan, online, qingshan
from gonghui.care.demo.common import D, members_of, user
from gonghui.care.models import CareStandard
from gonghui.orgs.models import Organization


def load(ctx: dict[str, Any]) -> None:
    city = Organization.objects.get(code="DEMO-CITY")
    county = Organization.objects.get(code="DEMO-COUNTY")
    bureau_org = Organization.objects.get(code="DEMO-BUREAU")
    changan_org = Organization.objects.get(code="DEMO-CHANGAN")
    standards(city, county)
    chair, finance = user("bureau_chair"), user("bureau_finance")
    bureau.visits(bureau_org, chair, members_of(bureau_org))
    if chair is not None:
        files = bureau.hardship_files(bureau_org, chair, members_of(bureau_org))
        bureau.aid_cases(bureau_org, chair, finance or chair, files)
        bureau.mutual_insurance(bureau_org, chair, members_of(bureau_org))
    online.load(bureau_org)
    ca_chair = user("changan_chair")
    changan.records(changan_org, ca_chair)
    if ca_chair is not None:
        changan.aid_cases(changan_org, ca_chair, members_of(changan_org))
    qingshan.load_into(ctx)


# ---- local standards --------------------------------------------------------
def standards(city: Organization, county: Organization) -> None:
    for org, year, line, basis in [
        (city, 2024, D("720"), "XX市民政局2024年城市最低生活保障标准"),
        (city, 2025, D("750"), "XX市民政局2025年城市最低生活保障标准"),
        (county, 2025, D("600"), "威县2025年农村最低生活保障标准"),
    ]:
        CareStandard.objects.get_or_create(
            organization=org,
            year=year,
            defaults={"min_living_monthly": line, "insurance_target_rate": D("95"), "basis": basis},
        )
