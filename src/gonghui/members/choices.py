"""Code tables of the roster: ethnicity (GB 3304), education, political status (GB 4762), titles.

Values are stable codes; labels go through gettext (Chinese in the catalogue). The importer
accepts the Chinese and English labels of every choice, whatever the active language.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class IdType(models.TextChoices):
    RESIDENT = "resident", _("Resident ID card")
    HK_MACAO = "hk_macao", _("Hong Kong / Macao residence permit")
    TAIWAN = "taiwan", _("Taiwan residence permit")
    PASSPORT = "passport", _("Passport")


class EmploymentType(models.TextChoices):
    CONTRACT = "contract", _("Contract employee")
    DISPATCHED = "dispatched", _("Dispatched worker")
    MIGRANT = "migrant", _("Migrant worker")
    FLEXIBLE = "flexible", _("Flexible employment")
    REHIRED = "rehired", _("Re-employed retiree")
    CIVIL_SERVANT = "civil_servant", _("Civil servant / established staff")
    OTHER = "other", _("Other")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Member")
    TRANSFERRING = "transferring", _("Transfer pending")
    RETAINED = "retained", _("Membership retained")
    LEFT = "left", _("Left")
    DECEASED = "deceased", _("Deceased")


# Statuses that count in the roster's member total (kept members count: they are members).
COUNTED_STATUSES = [MemberStatus.ACTIVE, MemberStatus.TRANSFERRING, MemberStatus.RETAINED]
# Members at work (not retired or unemployed with kept membership): the enrollment rate's numerator.
WORKING_STATUSES = [MemberStatus.ACTIVE, MemberStatus.TRANSFERRING]


class Ethnicity(models.TextChoices):
    """The 56 ethnic groups, coded as in GB/T 3304."""

    HAN = "01", _("Han")
    MONGOL = "02", _("Mongol")
    HUI = "03", _("Hui")
    TIBETAN = "04", _("Tibetan")
    UYGHUR = "05", _("Uyghur")
    MIAO = "06", _("Miao")
    YI = "07", _("Yi")
    ZHUANG = "08", _("Zhuang")
    BUYEI = "09", _("Buyei")
    KOREAN = "10", _("Korean")
    MANCHU = "11", _("Manchu")
    DONG = "12", _("Dong")
    YAO = "13", _("Yao")
    BAI = "14", _("Bai")
    TUJIA = "15", _("Tujia")
    HANI = "16", _("Hani")
    KAZAKH = "17", _("Kazakh")
    DAI = "18", _("Dai")
    LI = "19", _("Li")
    LISU = "20", _("Lisu")
    VA = "21", _("Va")
    SHE = "22", _("She")
    GAOSHAN = "23", _("Gaoshan")
    LAHU = "24", _("Lahu")
    SHUI = "25", _("Shui")
    DONGXIANG = "26", _("Dongxiang")
    NAXI = "27", _("Naxi")
    JINGPO = "28", _("Jingpo")
    KYRGYZ = "29", _("Kyrgyz")
    TU = "30", _("Tu")
    DAUR = "31", _("Daur")
    MULAO = "32", _("Mulao")
    QIANG = "33", _("Qiang")
    BLANG = "34", _("Blang")
    SALAR = "35", _("Salar")
    MAONAN = "36", _("Maonan")
    GELAO = "37", _("Gelao")
    XIBE = "38", _("Xibe")
    ACHANG = "39", _("Achang")
    PUMI = "40", _("Pumi")
    TAJIK = "41", _("Tajik")
    NU = "42", _("Nu")
    UZBEK = "43", _("Uzbek")
    RUSSIAN = "44", _("Russian")
    EVENKI = "45", _("Evenki")
    DEANG = "46", _("De'ang")
    BONAN = "47", _("Bonan")
    YUGUR = "48", _("Yugur")
    GIN = "49", _("Gin")
    TATAR = "50", _("Tatar")
    DERUNG = "51", _("Derung")
    OROQEN = "52", _("Oroqen")
    HEZHEN = "53", _("Hezhen")
    MONBA = "54", _("Monba")
    LHOBA = "55", _("Lhoba")
    JINO = "56", _("Jino")


class Education(models.TextChoices):
    DOCTORATE = "doctorate", _("Doctorate")
    MASTER = "master", _("Master's degree")
    BACHELOR = "bachelor", _("Bachelor's degree")
    COLLEGE = "college", _("Junior college")
    SECONDARY_VOCATIONAL = "secondary_vocational", _("Secondary vocational school")
    HIGH_SCHOOL = "high_school", _("Senior high school")
    MIDDLE_SCHOOL = "middle_school", _("Junior middle school")
    PRIMARY = "primary", _("Primary school or below")


class PoliticalStatus(models.TextChoices):
    """GB/T 4762."""

    CPC = "cpc", _("CPC member")
    CPC_PROBATIONARY = "cpc_probationary", _("CPC probationary member")
    CYL = "cyl", _("Communist Youth League member")
    RCCK = "rcckmt", _("Member of the Revolutionary Committee of the Kuomintang")
    CDL = "cdl", _("Member of the China Democratic League")
    CDNCA = "cdnca", _("Member of the China Democratic National Construction Association")
    CAPD = "capd", _("Member of the China Association for Promoting Democracy")
    CPWDP = "cpwdp", _("Member of the Chinese Peasants' and Workers' Democratic Party")
    CZGP = "czgp", _("Member of the China Zhi Gong Party")
    JS = "jiusan", _("Member of the Jiusan Society")
    TDSGL = "tdsgl", _("Member of the Taiwan Democratic Self-Government League")
    NON_PARTY = "non_party", _("Non-party personage")
    MASSES = "masses", _("Ordinary citizen")


class ModelWorkerLevel(models.TextChoices):
    """劳模 titles by the level that awarded them."""

    NATIONAL = "national", _("National model worker")
    PROVINCIAL = "provincial", _("Provincial model worker")
    MUNICIPAL = "municipal", _("Municipal model worker")
    COUNTY = "county", _("County model worker")
    MAY_DAY_MEDAL = "may_day", _("May Day Labour Medal")


class AgeBand(models.TextChoices):
    """Age bands of the enrollment statistics."""

    UP_TO_35 = "le35", _("35 and under")
    FROM_36_TO_45 = "36_45", _("36 to 45")
    FROM_46_TO_55 = "46_55", _("46 to 55")
    OVER_55 = "gt55", _("56 and over")


# (band, lowest age, highest age) — ages in whole years at the reference date.
AGE_BANDS: list[tuple[str, int, int | None]] = [
    (AgeBand.UP_TO_35, 0, 35),
    (AgeBand.FROM_36_TO_45, 36, 45),
    (AgeBand.FROM_46_TO_55, 46, 55),
    (AgeBand.OVER_55, 56, None),
]
