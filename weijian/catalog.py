"""Reference data shared by the database, the imports and the synthetic generator.

The service catalog (DOMAIN.md §7) and the data-element catalog are seeded into the
database from here by a data migration; a county can add items afterwards, so code that
validates rows reads the catalog from the database, not from these tuples.
"""

from __future__ import annotations

from typing import NamedTuple


class CatalogItem(NamedTuple):
    code: str
    name: str
    unit: str = ""


SERVICE_ITEMS: tuple[CatalogItem, ...] = (
    CatalogItem("pregnancy_registration", "孕产妇建册", "孕周"),
    CatalogItem("prenatal_visit", "产前检查"),
    CatalogItem("postpartum_visit", "产后访视"),
    CatalogItem("high_risk_identified", "高危孕产妇筛查阳性"),
    CatalogItem("high_risk_managed", "高危孕产妇管理"),
    CatalogItem("maternal_hiv_syphilis_hepb_test", "孕产妇艾梅乙检测"),
    CatalogItem("child_health_check", "儿童健康检查"),
    CatalogItem("immunization", "预防接种"),
    CatalogItem("pre_pregnancy_checkup", "孕前优生健康检查"),
    CatalogItem("premarital_checkup", "婚前医学检查"),
    CatalogItem("cervical_cancer_screening", "宫颈癌筛查"),
    CatalogItem("breast_cancer_screening", "乳腺癌筛查"),
    CatalogItem("folic_acid", "增补叶酸"),
    CatalogItem("contraception_service", "避孕节育服务"),
    CatalogItem("elderly_health_check", "老年人健康体检"),
    CatalogItem("elderly_insurance", "银龄安康保险", "元"),
    CatalogItem("hypertension_followup", "高血压随访"),
    CatalogItem("diabetes_followup", "糖尿病随访"),
)

# Results a child health check may carry (DOMAIN.md §7).
CHILD_CHECK_RESULTS = ("正常", "低体重", "生长迟缓", "消瘦", "中度营养不良", "重度营养不良")

# Vaccine codes used as the result of an `immunization` record.
VACCINES = (
    "BCG", "HepB1", "HepB2", "HepB3", "IPV", "OPV", "DTaP1", "DTaP2", "DTaP3", "DTaP4",
    "MMR", "JE", "MenA", "MenAC", "HepA", "Varicella",
)

# Data elements for aggregate figures that have no individual records behind them:
# the office's activities, counted per village and period.
DATA_ELEMENTS: tuple[CatalogItem, ...] = (
    CatalogItem("meetings", "召开例会", "次"),
    CatalogItem("trainings", "举办培训班", "期"),
    CatalogItem("training_attendance", "培训人次", "人次"),
    CatalogItem("publicity_materials", "发放宣传资料", "份"),
    CatalogItem("slogans", "张贴标语", "条"),
    CatalogItem("lectures", "健康知识讲座", "场"),
    CatalogItem("campaign_events", "主题宣传活动", "次"),
    CatalogItem("special_family_visits", "走访慰问计生特殊家庭", "户次"),
    CatalogItem("birth_registrations", "办理生育登记", "件"),
)
