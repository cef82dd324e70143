"""The indicators of DOMAIN.md §6, the data quality counts (§9) and the work activities as
data, in groups (`GROUPS`): the three lists of §6, then the data quality counts and the sums
of the aggregate activity figures (工作活动).

Each indicator is a numerator over a denominator (none for a count), both written as sums
of *measures*: counts the engine computes in SQL (``measures.py``).  An indicator that is a
ratio of existing measures is one more line here and needs no new SQL, e.g.::

    _rate("twin_rate", "双胎率", "births_twin", "births", 1000)

would only need the measure ``births_twin``; ``natural_growth_rate`` below is
``births - deaths`` over the average population.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import NamedTuple

from weijian.catalog import DATA_ELEMENTS


class IndicatorError(ValueError):
    """An unknown indicator code; the message is for the user, in Chinese."""


class IndicatorInfo(NamedTuple):
    code: str
    name: str
    unit: str = "人"
    factor: int | None = None  # None: a count; 100 %, 1000 ‰, 100000 1/10万
    decimals: int = 0
    targetable: bool = False
    normal_range: tuple[float, float] | None = None
    numerator: str = ""  # a sum of measures, e.g. "births - deaths" or "0.5*a + 0.5*b"
    denominator: str | None = None
    # The numerator counts a subset of what the denominator counts, so it never exceeds it.
    subset: bool = False
    # "higher" or "lower": which way is better, for the work summary's comparison with last
    # year; "" where no direction is a goal of the office (counts, ratios, voluntary choices).
    better: str = ""

    @property
    def is_count(self) -> bool:
        return self.denominator is None

    def terms(self, part: str) -> tuple[tuple[int | Decimal, str], ...]:
        """The (coefficient, measure) pairs of the numerator or the denominator."""
        return parse_terms(self.numerator if part == "numerator" else self.denominator or "")


_TERM = re.compile(r"\s*([+-]?)\s*(?:(\d+(?:\.\d+)?)\s*\*\s*)?([a-z][a-z0-9_]*(?::[A-Za-z0-9_-]+)?)\s*")


@functools.cache  # a county's indicators by village evaluate each expression hundreds of times
def parse_terms(expression: str) -> tuple[tuple[int | Decimal, str], ...]:
    terms, position = [], 0
    while position < len(expression):
        match = _TERM.match(expression, position)
        if not match or (terms and not match[1]):
            raise ValueError(f"bad measure expression: {expression!r}")
        coefficient = Decimal(match[2] or 1) * (-1 if match[1] == "-" else 1)
        # a whole coefficient as an int: counts are then added as ints, not Decimals
        terms.append((int(coefficient) if coefficient == coefficient.to_integral_value() else coefficient, match[3]))
        position = match.end()
    return tuple(terms)


def _count(code: str, name: str, unit: str = "人", targetable: bool = False, measure: str = "") -> IndicatorInfo:
    return IndicatorInfo(code, name, unit, None, 0, targetable, numerator=measure or code)


_UNITS = {100: "%", 1000: "‰", 100000: "1/10万"}


def _rate(code: str, name: str, numerator: str, denominator: str, factor: int, *, targetable: bool = False,
          subset: bool = True, better: str = "") -> IndicatorInfo:
    return IndicatorInfo(code, name, _UNITS[factor], factor, 2, targetable, None, numerator, denominator, subset,
                         better)


def _ratio(code: str, name: str, numerator: str, denominator: str) -> IndicatorInfo:
    """A sex ratio: boys per 100 girls, normally 103–107."""
    return IndicatorInfo(code, name, "", 100, 2, False, (103.0, 107.0), numerator, denominator)


AVERAGE_POPULATION = "0.5*population_registered_start + 0.5*population_registered"

# Population and births (人口监测)
POPULATION: tuple[IndicatorInfo, ...] = (
    _count("population_registered", "户籍人口"),
    _count("population_resident", "常住人口"),
    IndicatorInfo("population_average", "年平均人口", "人", None, 1, numerator=AVERAGE_POPULATION),
    _count("households", "户数", "户"),
    _count("women_15_49", "育龄妇女"),
    _count("married_women_15_49", "已婚育龄妇女"),
    _count("births", "出生人数"),
    _count("births_male", "男孩"),
    _count("births_female", "女孩"),
    _count("births_parity_1", "一孩"),
    _count("births_parity_2", "二孩"),
    _count("births_parity_3plus", "多孩"),
    _ratio("sex_ratio_at_birth", "出生人口性别比", "births_male", "births_female"),
    _ratio("sex_ratio_parity_2plus", "二孩及以上出生性别比", "births_parity_2plus_male", "births_parity_2plus_female"),
    _rate("birth_rate", "出生率", "births", AVERAGE_POPULATION, 1000, subset=False),
    _count("deaths", "死亡人数"),
    _rate("death_rate", "死亡率", "deaths", AVERAGE_POPULATION, 1000, subset=False),
    _rate("natural_growth_rate", "自然增长率", "births - deaths", AVERAGE_POPULATION, 1000, subset=False),
    _count("first_marriages_female", "女性初婚人数"),
    _count("migrants_in", "流入人口"),
    _count("migrants_out", "流出人口"),
    _rate("policy_conforming_rate", "生育政策符合率", "births_policy", "births", 100, targetable=True),
    _rate("contraceptive_prevalence", "综合避孕率", "contracepting_women_15_49", "married_women_15_49", 100,
          targetable=True),
)

# Maternal and child health (妇幼卫生)
MATERNAL_CHILD: tuple[IndicatorInfo, ...] = (
    _count("stillbirths", "死胎死产数"),
    _rate("maternal_mortality_ratio", "孕产妇死亡率", "maternal_deaths", "births", 100000, subset=False, better="lower"),
    _rate("neonatal_mortality_rate", "新生儿死亡率", "deaths_neonatal", "births", 1000, subset=False, better="lower"),
    _rate("infant_mortality_rate", "婴儿死亡率", "deaths_infant", "births", 1000, subset=False, better="lower"),
    _rate("under5_mortality_rate", "5岁以下儿童死亡率", "deaths_under5", "births", 1000, subset=False, better="lower"),
    _rate("institutional_delivery_rate", "住院分娩率", "births_institutional", "births", 100, targetable=True, better="higher"),
    _rate("early_pregnancy_registration_rate", "早孕建册率", "mothers_early_registered", "births", 100,
          targetable=True, better="higher"),
    _rate("prenatal_care_rate", "产前检查率", "mothers_prenatal", "births", 100, targetable=True, better="higher"),
    _rate("postpartum_visit_rate", "产后访视率", "mothers_postpartum", "births", 100, targetable=True, better="higher"),
    _rate("maternal_systematic_management_rate", "孕产妇系统管理率", "mothers_systematic", "births", 100,
          targetable=True, better="higher"),
    _rate("high_risk_management_rate", "高危孕产妇管理率", "mothers_high_risk_managed", "mothers_high_risk", 100,
          targetable=True, better="higher"),
    _rate("low_birth_weight_rate", "低出生体重率", "births_low_weight", "births_weighed", 100, better="lower"),
    _rate("child_health_management_rate_under7", "7岁以下儿童健康管理率", "children_0_6_checked", "children_0_6",
          100, targetable=True, better="higher"),
    _rate("child_systematic_management_rate_under3", "3岁以下儿童系统管理率", "children_0_2_managed",
          "children_0_2", 100, targetable=True, better="higher"),
    _rate("malnutrition_prevalence_under5", "5岁以下儿童中重度营养不良患病率", "children_under5_malnourished",
          "children_under5_checked", 100, better="lower"),
)

# Service tasks (服务任务)
SERVICE_TASKS: tuple[IndicatorInfo, ...] = (
    _count("pre_pregnancy_checkup_couples", "孕前优生健康检查", "对", True),
    _count("premarital_checkups", "婚前医学检查", "人", True),
    _rate("premarital_checkup_rate", "婚检率", "persons_marrying_checked", "persons_marrying", 100, targetable=True, better="higher"),
    _count("cervical_screenings", "宫颈癌筛查", "人", True),
    _count("breast_screenings", "乳腺癌筛查", "人", True),
    _count("folic_acid_women", "增补叶酸", "人", True),
    _count("elderly_insurance_enrolled", "银龄安康保险参保", "人", True),
    _rate("elderly_insurance_rate", "银龄安康保险参保率", "insured_60plus", "persons_60plus", 100, targetable=True, better="higher"),
    _count("elderly_health_checks", "老年人健康体检", "人", True),
    _count("immunizations", "预防接种", "剂次", True),
)

# Data quality (DOMAIN.md §9)
DATA_QUALITY: tuple[IndicatorInfo, ...] = (
    _count("births_reported_late", "出生迟报（报告晚于30天）"),
    _count("deaths_reported_late", "死亡迟报（报告晚于30天）"),
)

# Work activities (工作活动): the sums of the aggregate figures, one per data element of the
# catalog, coded as the data element; a county's own data elements are no indicators.
ACTIVITIES: tuple[IndicatorInfo, ...] = tuple(
    _count(item.code, item.name, item.unit, True) for item in DATA_ELEMENTS
)


class Group(NamedTuple):
    """Indicators shown together: a block of the indicators page, a sheet of the tables."""

    code: str
    name: str
    indicators: tuple[IndicatorInfo, ...]


GROUPS: tuple[Group, ...] = (
    Group("population", "人口与出生", POPULATION),
    Group("maternal_child", "妇幼卫生", MATERNAL_CHILD),
    Group("service_tasks", "服务任务", SERVICE_TASKS),
    Group("data_quality", "数据质量", DATA_QUALITY),
    Group("activities", "工作活动", ACTIVITIES),
)

INDICATORS: tuple[IndicatorInfo, ...] = tuple(info for group in GROUPS for info in group.indicators)

BY_CODE: dict[str, IndicatorInfo] = {info.code: info for info in INDICATORS}

TARGETABLE: frozenset[str] = frozenset(info.code for info in INDICATORS if info.targetable)

VACCINE_PREFIX = "immunizations:"


def vaccine_indicator(vaccine: str) -> IndicatorInfo:
    """Doses of one vaccine, ``immunizations:BCG`` (预防接种（BCG）)."""
    code = VACCINE_PREFIX + vaccine
    return _count(code, f"预防接种（{vaccine}）", "剂次", False, measure=code)


def group_of(code: str) -> Group:
    """The group an indicator is shown in; a vaccine's doses are a service task."""
    if code.startswith(VACCINE_PREFIX):
        code = "immunizations"
    return next(group for group in GROUPS if any(info.code == code for info in group.indicators))


def lookup(code: str) -> IndicatorInfo:
    if code in BY_CODE:
        return BY_CODE[code]
    if code.startswith(VACCINE_PREFIX) and re.fullmatch(r"[A-Za-z0-9_-]+", code[len(VACCINE_PREFIX):]):
        return vaccine_indicator(code[len(VACCINE_PREFIX):])
    raise IndicatorError(f"未知指标“{code}”")
