"""三、存在的问题: the gaps of a period found by rules from the engine's numbers.

Each rule is data (`RULES`): a code, a Chinese name and a function from the engine's rows to
the problems it finds, each problem a sentence with its figures. The rules:

    behind        a target whose completion is below the time elapsed (序时进度)
    out_of_range  an indicator of the division outside its normal range (sex ratio 103–107)
    worse         a rate worse than the same period a year earlier, where a direction is a goal
    lagging       a village behind on at least half of its targets
    late          births and deaths reported more than 30 days after the event

Only the division's own indicators are judged against their range and last year: a village's
handful of births makes a ratio that swings without meaning anything.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from weijian.divisions.models import Division, Level
from weijian.indicators import engine
from weijian.indicators.engine import IndicatorRow
from weijian.periods import Period

LATE = ("births_reported_late", "deaths_reported_late")


@dataclass
class Problem:
    rule: str
    text: str
    figures: dict = field(default_factory=dict)
    plan: str = ""  # the line it adds to 四、下一步工作计划


@dataclass
class Rows:
    own: list[IndicatorRow]  # the division's indicators, with last year's
    villages: list[IndicatorRow]  # its villages' (empty for a village)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    find: Callable[[Rows], list[Problem]]


def _number(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}"


def _behind(rows: Rows) -> list[Problem]:
    return [Problem("behind", f"{row.org_name}{row.name}完成率{_number(row.completion)}%，"
                              f"低于序时进度{_number(row.time_progress)}%",
                    {"org": row.org, "org_name": row.org_name, "indicator": row.indicator,
                     "completion": row.completion, "time_progress": row.time_progress, "value": row.value,
                     "target": row.target},
                    f"加快{row.name}工作进度，加强督导，确保按期完成任务。")
            for row in rows.own + rows.villages if row.behind]


def _out_of_range(rows: Rows) -> list[Problem]:
    return [Problem("out_of_range", f"{row.name}为{_number(row.value)}，超出正常范围"
                                    f"{row.normal_low:g}–{row.normal_high:g}",
                    {"indicator": row.indicator, "value": row.value, "low": row.normal_low, "high": row.normal_high},
                    f"核实{row.name}所依据的出生记录是否完整准确，分析偏离正常范围的原因。")
            for row in rows.own if row.out_of_range]


def _worse(rows: Rows) -> list[Problem]:
    from weijian.indicators.registry import lookup

    problems = []
    for row in rows.own:
        better = lookup(row.indicator).better
        if not better or row.change is None or row.change == 0 or (row.change > 0) == (better == "higher"):
            continue
        way = "下降" if row.change < 0 else "上升"
        problems.append(Problem("worse", f"{row.name}{_number(row.value)}{row.unit}，比上年同期"
                                         f"{_number(row.previous_value)}{row.unit}{way}{_number(abs(row.change))}",
                                {"indicator": row.indicator, "value": row.value, "previous": row.previous_value,
                                 "change": row.change},
                                f"分析{row.name}比上年变差的原因，改进相关服务。"))
    return problems


def _lagging(rows: Rows) -> list[Problem]:
    targets: dict[tuple[str, str], list[IndicatorRow]] = defaultdict(list)
    for row in rows.villages:
        if row.target is not None:
            targets[(row.org, row.org_name)].append(row)
    problems = []
    for (code, name), targeted in targets.items():
        behind = [row for row in targeted if row.behind]
        if 2 * len(behind) >= len(targeted) and behind:
            problems.append(Problem("lagging", f"{name}{len(targeted)}项任务中{len(behind)}项落后于序时进度"
                                               f"（{'、'.join(row.name for row in behind)}）",
                                    {"org": code, "name": name, "targets": len(targeted), "behind": len(behind)},
                                    f"加强对{name}的工作指导，帮助其赶上序时进度。"))
    return problems


def _late(rows: Rows) -> list[Problem]:
    late = {row.indicator: row.value for row in rows.own if row.indicator in LATE}
    if not any(late.values()):
        return []
    parts = [f"出生{late['births_reported_late']}例" if late.get("births_reported_late") else "",
             f"死亡{late['deaths_reported_late']}例" if late.get("deaths_reported_late") else ""]
    return [Problem("late", f"{'、'.join(filter(None, parts))}报告晚于事件发生30天", late,
                    "落实出生、死亡信息30天内报告，减少迟报。")]


RULES: tuple[Rule, ...] = (
    Rule("behind", "任务进度落后", _behind),
    Rule("out_of_range", "指标超出正常范围", _out_of_range),
    Rule("worse", "指标比上年变差", _worse),
    Rule("lagging", "落后的村", _lagging),
    Rule("late", "迟报", _late),
)


def find_problems(period: Period, org: Division, *, at: date | None = None) -> list[Problem]:
    """Every problem the rules find for the division and period, rule by rule."""
    by = Level.VILLAGE if org.level != Level.VILLAGE else None
    everything = engine.compute(period, org, by=by, compare=True, at=at, total=True)
    return problems_of(Rows([row for row in everything if row.org == org.code],
                            [row for row in everything if row.org != org.code]))


def problems_of(rows: Rows) -> list[Problem]:
    """Every problem the rules find in rows the engine computed (with last year's and targets)."""
    return [problem for rule in RULES for problem in rule.find(rows)]
