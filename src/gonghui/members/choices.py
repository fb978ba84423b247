"""Code tables of the roster: ethnicity (GB 3304), education, political status (GB 4762), titles.

Values are stable codes; labels go through gettext (Chinese in the catalogue). The importer
accepts the Chinese and English labels of every choice, whatever the active language.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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

    HAN = "01", pgettext_lazy("ethnicity", "Han")
    MONGOL = "02", pgettext_lazy("ethnicity", "Mongol")
    HUI = "03", pgettext_lazy("ethnicity", "Hui")
    TIBETAN = "04", pgettext_lazy("ethnicity", "Tibetan")
    UYGHUR = "05", pgettext_lazy("ethnicity", "Uyghur")
    MIAO = "06", pgettext_lazy("ethnicity", "Miao")
    YI = "07", pgettext_lazy("ethnicity", "Yi")
    ZHUANG = "08", pgettext_lazy("ethnicity", "Zhuang")
    BUYEI = "09", pgettext_lazy("ethnicity", "Buyei")
    KOREAN = "10", pgettext_lazy("ethnicity", "Korean")
    MANCHU = "11", pgettext_lazy("ethnicity", "Manchu")
    DONG = "12", pgettext_lazy("ethnicity", "Dong")
    YAO = "13", pgettext_lazy("ethnicity", "Yao")
    BAI = "14", pgettext_lazy("ethnicity", "Bai")
    TUJIA = "15", pgettext_lazy("ethnicity", "Tujia")
    HANI = "16", pgettext_lazy("ethnicity", "Hani")
    KAZAKH = "17", pgettext_lazy("ethnicity", "Kazakh")
    DAI = "18", pgettext_lazy("ethnicity", "Dai")
    LI = "19", pgettext_lazy("ethnicity", "Li")
    LISU = "20", pgettext_lazy("ethnicity", "Lisu")
    VA = "21", pgettext_lazy("ethnicity", "Va")
    SHE = "22", pgettext_lazy("ethnicity", "She")
    GAOSHAN = "23", pgettext_lazy("ethnicity", "Gaoshan")
    LAHU = "24", pgettext_lazy("ethnicity", "Lahu")
    SHUI = "25", pgettext_lazy("ethnicity", "Shui")
    DONGXIANG = "26", pgettext_lazy("ethnicity", "Dongxiang")
    NAXI = "27", pgettext_lazy("ethnicity", "Naxi")
    JINGPO = "28", pgettext_lazy("ethnicity", "Jingpo")
    KYRGYZ = "29", pgettext_lazy("ethnicity", "Kyrgyz")
    TU = "30", pgettext_lazy("ethnicity", "Tu")
    DAUR = "31", pgettext_lazy("ethnicity", "Daur")
    MULAO = "32", pgettext_lazy("ethnicity", "Mulao")
    QIANG = "33", pgettext_lazy("ethnicity", "Qiang")
    BLANG = "34", pgettext_lazy("ethnicity", "Blang")
    SALAR = "35", pgettext_lazy("ethnicity", "Salar")
    MAONAN = "36", pgettext_lazy("ethnicity", "Maonan")
    GELAO = "37", pgettext_lazy("ethnicity", "Gelao")
    XIBE = "38", pgettext_lazy("ethnicity", "Xibe")
    ACHANG = "39", pgettext_lazy("ethnicity", "Achang")
    PUMI = "40", pgettext_lazy("ethnicity", "Pumi")
    TAJIK = "41", pgettext_lazy("ethnicity", "Tajik")
    NU = "42", pgettext_lazy("ethnicity", "Nu")
    UZBEK = "43", pgettext_lazy("ethnicity", "Uzbek")
    RUSSIAN = "44", pgettext_lazy("ethnicity", "Russian")
    EVENKI = "45", pgettext_lazy("ethnicity", "Evenki")
    DEANG = "46", pgettext_lazy("ethnicity", "De'ang")
    BONAN = "47", pgettext_lazy("ethnicity", "Bonan")
    YUGUR = "48", pgettext_lazy("ethnicity", "Yugur")
    GIN = "49", pgettext_lazy("ethnicity", "Gin")
    TATAR = "50", pgettext_lazy("ethnicity", "Tatar")
    DERUNG = "51", pgettext_lazy("ethnicity", "Derung")
    OROQEN = "52", pgettext_lazy("ethnicity", "Oroqen")
    HEZHEN = "53", pgettext_lazy("ethnicity", "Hezhen")
    MONBA = "54", pgettext_lazy("ethnicity", "Monba")
    LHOBA = "55", pgettext_lazy("ethnicity", "Lhoba")
    JINO = "56", pgettext_lazy("ethnicity", "Jino")


# The official Chinese names (GB/T 3304): data that rosters are written in, matched on import
# whatever the interface language.
ETHNICITY_NAMES = {
    "01": "汉族",
    "02": "蒙古族",
    "03": "回族",
    "04": "藏族",
    "05": "维吾尔族",
    "06": "苗族",
    "07": "彝族",
    "08": "壮族",
    "09": "布依族",
    "10": "朝鲜族",
    "11": "满族",
    "12": "侗族",
    "13": "瑶族",
    "14": "白族",
    "15": "土家族",
    "16": "哈尼族",
    "17": "哈萨克族",
    "18": "傣族",
    "19": "黎族",
    "20": "傈僳族",
    "21": "佤族",
    "22": "畲族",
    "23": "高山族",
    "24": "拉祜族",
    "25": "水族",
    "26": "东乡族",
    "27": "纳西族",
    "28": "景颇族",
    "29": "柯尔克孜族",
    "30": "土族",
    "31": "达斡尔族",
    "32": "仫佬族",
    "33": "羌族",
    "34": "布朗族",
    "35": "撒拉族",
    "36": "毛南族",
    "37": "仡佬族",
    "38": "锡伯族",
    "39": "阿昌族",
    "40": "普米族",
    "41": "塔吉克族",
    "42": "怒族",
    "43": "乌孜别克族",
    "44": "俄罗斯族",
    "45": "鄂温克族",
    "46": "德昂族",
    "47": "保安族",
    "48": "裕固族",
    "49": "京族",
    "50": "塔塔尔族",
    "51": "独龙族",
    "52": "鄂伦春族",
    "53": "赫哲族",
    "54": "门巴族",
    "55": "珞巴族",
    "56": "基诺族",
}


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


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier (28 February for a 29th): where an age band's birth dates end."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
