"""The indicators of DOMAIN.md §6 as data: code, Chinese name, unit, factor, decimals.

The computation (numerators and denominators in SQL) belongs to the indicator engine;
this table is what the rest of the system needs to know about an indicator by its code,
e.g. the target import checks that a target names an indicator that can carry one.
"""

from __future__ import annotations

from typing import NamedTuple


class IndicatorInfo(NamedTuple):
    code: str
    name: str
    unit: str = "人"
    factor: int | None = None  # None: a count; 100 %, 1000 ‰, 100000 1/10万
    decimals: int = 0
    targetable: bool = False
    normal_range: tuple[float, float] | None = None


def _count(code: str, name: str, unit: str = "人", targetable: bool = False) -> IndicatorInfo:
    return IndicatorInfo(code, name, unit, None, 0, targetable)


def _rate(code: str, name: str, factor: int, targetable: bool = False, normal=None) -> IndicatorInfo:
    unit = {100: "%", 1000: "‰", 100000: "1/10万"}[factor]
    return IndicatorInfo(code, name, unit, factor, 2, targetable, normal)


INDICATORS: tuple[IndicatorInfo, ...] = (
    # Population and births
    _count("population_registered", "户籍人口"),
    _count("population_resident", "常住人口"),
    _count("population_average", "年平均人口"),
    _count("households", "户数", "户"),
    _count("women_15_49", "育龄妇女"),
    _count("married_women_15_49", "已婚育龄妇女"),
    _count("births", "出生人数"),
    _count("births_male", "男孩"),
    _count("births_female", "女孩"),
    _count("births_parity_1", "一孩"),
    _count("births_parity_2", "二孩"),
    _count("births_parity_3plus", "多孩"),
    IndicatorInfo("sex_ratio_at_birth", "出生人口性别比", "", 100, 2, False, (103.0, 107.0)),
    IndicatorInfo("sex_ratio_parity_2plus", "二孩及以上出生性别比", "", 100, 2, False, (103.0, 107.0)),
    _rate("birth_rate", "出生率", 1000),
    _count("deaths", "死亡人数"),
    _rate("death_rate", "死亡率", 1000),
    _rate("natural_growth_rate", "自然增长率", 1000),
    _count("first_marriages_female", "女性初婚人数"),
    _count("migrants_in", "流入人口"),
    _count("migrants_out", "流出人口"),
    _rate("policy_conforming_rate", "生育政策符合率", 100, True),
    _rate("contraceptive_prevalence", "综合避孕率", 100, True),
    # Maternal and child health
    _count("stillbirths", "死胎死产数"),
    _rate("maternal_mortality_ratio", "孕产妇死亡率", 100000),
    _rate("neonatal_mortality_rate", "新生儿死亡率", 1000),
    _rate("infant_mortality_rate", "婴儿死亡率", 1000),
    _rate("under5_mortality_rate", "5岁以下儿童死亡率", 1000),
    _rate("institutional_delivery_rate", "住院分娩率", 100, True),
    _rate("early_pregnancy_registration_rate", "早孕建册率", 100, True),
    _rate("prenatal_care_rate", "产前检查率", 100, True),
    _rate("postpartum_visit_rate", "产后访视率", 100, True),
    _rate("maternal_systematic_management_rate", "孕产妇系统管理率", 100, True),
    _rate("high_risk_management_rate", "高危孕产妇管理率", 100, True),
    _rate("low_birth_weight_rate", "低出生体重率", 100),
    _rate("child_health_management_rate_under7", "7岁以下儿童健康管理率", 100, True),
    _rate("child_systematic_management_rate_under3", "3岁以下儿童系统管理率", 100, True),
    _rate("malnutrition_prevalence_under5", "5岁以下儿童中重度营养不良患病率", 100),
    # Service tasks
    _count("pre_pregnancy_checkup_couples", "孕前优生健康检查", "对", True),
    _count("premarital_checkups", "婚前医学检查", "人", True),
    _rate("premarital_checkup_rate", "婚检率", 100, True),
    _count("cervical_screenings", "宫颈癌筛查", "人", True),
    _count("breast_screenings", "乳腺癌筛查", "人", True),
    _count("folic_acid_women", "增补叶酸", "人", True),
    _count("elderly_insurance_enrolled", "银龄安康保险参保", "人", True),
    _rate("elderly_insurance_rate", "银龄安康保险参保率", 100, True),
    _count("elderly_health_checks", "老年人健康体检", "人", True),
    _count("immunizations", "预防接种", "剂次", True),
)

BY_CODE: dict[str, IndicatorInfo] = {info.code: info for info in INDICATORS}


TARGETABLE: frozenset[str] = frozenset(info.code for info in INDICATORS if info.targetable)
