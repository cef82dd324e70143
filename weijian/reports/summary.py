"""`weijian summary`: the work summary (工作总结) as a Word draft written from the data.

The document is a docxtpl template (Jinja placeholders in a .docx) filled with a context made
here. Every number in the context comes from the indicator engine for the period and the
division asked for; the narrative is the office's own text (`SummaryText`), carried forward
from the latest earlier period; the template is the office's own (`SummaryTemplate`), an
ancestor division's, or the default one shipped with the package (``templates/summary.docx``,
built by ``scripts/build_summary_template.py``).

The context a template can use is listed in docs/report.md.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from weijian.divisions.models import Division, Level
from weijian.indicators import engine
from weijian.indicators.engine import IndicatorRow
from weijian.indicators.registry import GROUPS
from weijian.periods import Period, parse
from weijian.reports import charts, problems
from weijian.reports.models import SummaryTemplate, SummaryText
from weijian.reports.tables import sheet_indicators

DEFAULT_TEMPLATE = Path(__file__).parent / "templates" / "summary.docx"
NUMERALS = "一二三四五六七八九十"


class SummaryError(ValueError):
    """Why the summary cannot be written; the message is for the user, in Chinese."""


# ---------------------------------------------------------------- the office's own text

@dataclass(frozen=True)
class Part:
    code: str
    name: str
    default: str  # the text until the office writes its own; {org} {kind} {period} are filled in


PARTS: tuple[Part, ...] = (
    Part("opening", "开头段",
         "{period}，{org}卫生健康办在党委、政府的领导和上级业务部门的指导下，围绕人口监测、妇幼健康、"
         "公共卫生服务和计生家庭服务等重点工作，扎实推进各项任务。现将{period}工作总结如下："),
    Part("maternal_child", "妇幼健康（工作描述）", ""),
    Part("screening", "筛查与健康检查（工作描述）", ""),
    Part("elderly", "老年健康（工作描述）", ""),
    Part("immunization", "预防接种（工作描述）", ""),
    Part("activities", "宣传培训与基层工作（工作描述）", ""),
    Part("plan", "下一步工作计划",
         "继续做好全员人口信息的动态管理，出生、死亡、迁移信息及时录入、按时上报。\n"
         "持续推进妇幼健康、公共卫生服务各项任务，确保全年任务按时完成。"),
)
PART_CODES = [part.code for part in PARTS]


@dataclass
class TextState:
    part: Part
    text: str
    period: str | None  # the period the text was written for; None: the default text
    own: bool  # written for this very period (not carried forward)


def _fill(text: str, org: Division, period: Period) -> str:
    return text.format(org=org.name, kind=org_kind(org), period=period_label(period))


def texts_for(org: Division, period: Period) -> dict[str, TextState]:
    """The office's text of each part for the period: its own, else the latest earlier one."""
    states = {}
    for part in PARTS:
        found = (SummaryText.objects.filter(org=org, part=part.code, start__lte=period.start)
                 .order_by("-end", "-start").first())
        if found is None:
            states[part.code] = TextState(part, _fill(part.default, org, period), None, False)
        else:
            states[part.code] = TextState(part, found.text, found.period, found.period == period.code)
    return states


def save_text(*, user, org: Division, period: Period, part: str, text: str) -> SummaryText:
    from weijian.audit.services import audit_change

    if part not in PART_CODES:
        raise SummaryError(f"总结没有这一部分：{part}")
    with transaction.atomic():
        before = SummaryText.objects.filter(org=org, part=part, period=period.code).first()
        kept = SummaryText.objects.get(pk=before.pk) if before else None
        after = before or SummaryText(org=org, part=part, period=period.code)
        after.start, after.end, after.text, after.updated_by = period.start, period.end, text.strip(), user
        after.save()
        audit_change(user=user, before=kept, after=after, division=org,
                     summary=f"工作总结文字 {org.name} {period.code} {part}")
    return after


def save_texts(*, user, org: Division, period: Period, texts: dict[str, str]) -> list[SummaryText]:
    """Save several parts at once: all of them or, if one is refused, none."""
    with transaction.atomic():
        return [save_text(user=user, org=org, period=period, part=part, text=text) for part, text in texts.items()]


# ---------------------------------------------------------------- templates

def _kept_template(org: Division) -> SummaryTemplate | None:
    """The template kept for the division or its nearest ancestor, without its content."""
    division: Division | None = org
    while division is not None:
        own = SummaryTemplate.objects.filter(org=division).defer("content").select_related("org").first()
        if own is not None:
            return own
        division = division.parent
    return None


def _source(kept: SummaryTemplate | None) -> str:
    return f"{kept.org.name}：{kept.name}" if kept else "默认模板"


def template_source(org: Division) -> str:
    """Where the division's template comes from, as the page and the command say it."""
    return _source(_kept_template(org))


def template_for(org: Division) -> tuple[bytes, str]:
    """(the template's bytes, where it comes from): the division's own, an ancestor's, or the default."""
    kept = _kept_template(org)
    return (bytes(kept.content) if kept else DEFAULT_TEMPLATE.read_bytes()), _source(kept)


def check_template(content: bytes) -> None:
    """Raise SummaryError unless `content` is a .docx whose placeholders parse."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError

    try:
        template = DocxTemplate(io.BytesIO(content))
        template.get_undeclared_template_variables()
    except TemplateSyntaxError as error:
        raise SummaryError(f"模板占位符有误：{error.message}（第{error.lineno}行）") from error
    except Exception as error:  # not a zip, not a Word document: python-docx's reasons are English
        raise SummaryError("不是有效的 Word 模板（.docx）：文件无法作为 Word 文档打开。"
                           "请在 Word 或 WPS 中“另存为” .docx 格式后再上传。") from error


def save_template(*, user, org: Division, name: str, content: bytes) -> SummaryTemplate:
    from weijian.audit.services import audit_change

    check_template(content)
    with transaction.atomic():
        before = SummaryTemplate.objects.filter(org=org).first()
        kept = SummaryTemplate.objects.get(pk=before.pk) if before else None
        after = before or SummaryTemplate(org=org)
        after.name, after.content, after.uploaded_by = Path(name).name[:200], content, user
        after.save()
        audit_change(user=user, before=kept, after=after, division=org, summary=f"工作总结模板 {org.name} {after.name}")
    return after


def delete_template(*, user, org: Division) -> bool:
    from weijian.audit.services import audit_change

    with transaction.atomic():
        own = SummaryTemplate.objects.filter(org=org).first()
        if own is None:
            return False
        own.delete()
        audit_change(user=user, before=own, after=None, division=org, summary=f"工作总结模板 {org.name} 删除")
    return True


# ---------------------------------------------------------------- words

def period_label(period: Period) -> str:
    """The period as the summary's title says it: 2026年度, 2026年度上半年, 2026年 …"""
    code = period.code
    if code.endswith("TJ"):
        return f"{code[:4]}年度"
    if "TJH" in code:
        return f"{code[:4]}年度{'上' if code.endswith('1') else '下'}半年"
    if len(code) == 4:
        return f"{code}年"
    if code[4:5] == "S":
        return f"{code[:4]}年{'上' if code.endswith('1') else '下'}半年"
    if code[4:5] == "Q":
        return f"{code[:4]}年第{NUMERALS[int(code[5]) - 1]}季度"
    if len(code) == 6 and code.isdigit():
        return f"{code[:4]}年{int(code[4:])}月"
    return f"{_day(period.start)}至{_day(period.end)}"


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def org_kind(org: Division) -> str:
    """镇, 乡, 街道, 县, 区 …: what 全__ says of the division."""
    for suffix in ("街道", "社区", "镇", "乡", "村", "县", "区", "市", "省"):
        if org.name.endswith(suffix):
            return suffix
    return Level(org.level).label


def number(value: Decimal | None, decimals: int = 0) -> str:
    """A value as the summary writes it: no thousands separator, the indicator's decimals, — for none."""
    if value is None:
        return "—"
    return f"{value:.{decimals}f}"


def numeral(index: int) -> str:
    """1 → 一 … 10 → 十, 11 → 十一."""
    if index <= 10:
        return NUMERALS[index - 1]
    return ("" if index < 20 else NUMERALS[index // 10 - 1]) + "十" + (NUMERALS[index % 10 - 1] if index % 10 else "")


@dataclass
class Figure:
    """One indicator of the division as the template sees it."""

    row: IndicatorRow

    def __str__(self) -> str:
        return number(self.row.value, self.row.decimals)

    @property
    def name(self) -> str:
        return self.row.name

    @property
    def unit(self) -> str:
        return self.row.unit

    @property
    def previous(self) -> str:
        return number(self.row.previous_value, self.row.decimals)

    @property
    def change(self) -> str:
        return number(None if self.row.change is None else abs(self.row.change), self.row.decimals)

    @property
    def trend(self) -> str:
        """比上年同期上升/下降/持平 x, or '' without last year's value."""
        if self.row.change is None:
            return ""
        if self.row.change == 0:
            return "与上年同期持平"
        return f"比上年同期{'上升' if self.row.change > 0 else '下降'}{self.change}"

    @property
    def target(self) -> str:
        return number(self.row.target, self.row.decimals)

    @property
    def completion(self) -> str:
        return number(self.row.completion, 2)

    def phrase(self) -> str:
        """'孕前优生健康检查120对，完成任务数150对的80.00%' — the figure in a sentence."""
        text = f"{self.name}{self}{self.unit if self.row.value is not None else ''}"
        if self.row.target is not None:
            text += f"，完成任务数{self.target}{self.unit}的{self.completion}%"
            if self.row.behind:
                text += f"（低于序时进度{number(self.row.time_progress, 2)}%）"
        return text


# ---------------------------------------------------------------- the work areas (二、主要工作及成效)

@dataclass(frozen=True)
class Area:
    code: str  # also the code of the office's own text for it (PARTS)
    title: str
    indicators: tuple[str, ...]


ACTIVITY_CODES = tuple(info.code for group in GROUPS if group.code == "activities" for info in group.indicators)

AREAS: tuple[Area, ...] = (
    Area("maternal_child", "妇幼健康服务", (
        "institutional_delivery_rate", "early_pregnancy_registration_rate", "prenatal_care_rate",
        "postpartum_visit_rate", "maternal_systematic_management_rate", "high_risk_management_rate",
        "child_health_management_rate_under7", "child_systematic_management_rate_under3")),
    Area("screening", "婚检孕检与妇女“两癌”筛查", (
        "premarital_checkups", "premarital_checkup_rate", "pre_pregnancy_checkup_couples",
        "folic_acid_women", "cervical_screenings", "breast_screenings")),
    Area("elderly", "老年健康服务", ("elderly_health_checks", "elderly_insurance_enrolled", "elderly_insurance_rate")),
    Area("immunization", "预防接种", ("immunizations",)),
    Area("activities", "宣传培训与基层工作", ACTIVITY_CODES),
)

@dataclass
class AreaText:
    number: str
    title: str
    text: str
    notes: list[str]
    figures: list[Figure] = field(default_factory=list)


# ---------------------------------------------------------------- the summary

def _indicator_codes() -> list[str]:
    codes = [info.code for _, infos in sheet_indicators() for info in infos]
    codes += [code for area in AREAS for code in area.indicators]
    return list(dict.fromkeys(codes)) + list(problems.LATE)


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _sex_ratio_note(figure: Figure) -> str:
    row = figure.row
    if row.value is None:
        return "本期无出生女孩，无法计算"
    low, high = (number(Decimal(str(bound))) for bound in (row.normal_low, row.normal_high))
    place = "在正常范围（{}–{}）之内" if not row.out_of_range else (
        "高于正常范围（{}–{}）" if row.value > Decimal(str(row.normal_high)) else "低于正常范围（{}–{}）")
    note = place.format(low, high)
    if row.previous_value is not None:
        note += f"，上年同期为{figure.previous}，{figure.trend}"
    return note


# More villages than this on one rule are one line of the summary, and at most NAMES of them named.
VILLAGE_LINES = 5
NAMES = 20


def _villages(items: list[str]) -> str:
    return "、".join(items[:NAMES]) + (f"等{len(items)}个村" if len(items) > NAMES else "")


def _problem_lines(found: list[problems.Problem], org: Division) -> tuple[list[str], list[str]]:
    """(the problems as the summary lists them, rule by rule, the plan's lines for them).

    The division's own problems are a line each; villages behind on the same target share a
    line; lagging villages are a line each up to VILLAGE_LINES, else one line."""
    lines, plans = [], []

    def add(line: str, plan: str) -> None:
        lines.append(line)
        plans.append(plan)

    for rule in problems.RULES:
        mine = [problem for problem in found if problem.rule == rule.code]
        villages_behind = defaultdict(list)
        for problem in mine:
            if rule.code == "behind" and problem.figures["org"] != org.code:
                villages_behind[problem.figures["indicator"]].append(problem)
            elif rule.code != "lagging" or len(mine) <= VILLAGE_LINES:
                add(problem.text, problem.plan)
        for group in villages_behind.values():
            first = group[0].figures
            name = engine.lookup(first["indicator"]).name
            add(f"{name}落后于序时进度（{number(first['time_progress'], 2)}%）的村有{len(group)}个："
                + _villages([f"{p.figures['org_name']}（{number(p.figures['completion'], 2)}%）" for p in group]),
                group[0].plan)
        if rule.code == "lagging" and len(mine) > VILLAGE_LINES:
            add(f"{len(mine)}个村半数以上任务落后于序时进度：" + _villages(
                [f"{p.figures['name']}（{p.figures['targets']}项中{p.figures['behind']}项）" for p in mine]),
                f"加强对任务进度落后的{len(mine)}个村的工作指导，帮助其赶上序时进度。")
    return lines, list(dict.fromkeys(plans))


@dataclass
class Made:
    """What went into a summary, for the caller to report."""

    docx: bytes
    template: str
    problems: list[str]


def summary_context(template, period: Period, org: Division, *, at: date | None = None,
                    today: date | None = None) -> dict:
    """The placeholders' values (see docs/report.md)."""
    from docx.shared import Inches
    from docxtpl import InlineImage

    by = Level.VILLAGE if org.level != Level.VILLAGE else None
    rows = engine.compute(period, org, by=by, indicators=_indicator_codes(), compare=True, at=at, total=True)
    own = {row.indicator: Figure(row) for row in rows if row.org == org.code}
    villages = [row for row in rows if row.org != org.code]
    found = problems.problems_of(problems.Rows(list(row.row for row in own.values()), villages))
    texts = texts_for(org, period)
    problem_lines, plan_lines = _problem_lines(found, org)

    areas = []
    for area in AREAS:
        figures = [own[code] for code in area.indicators if code in own and own[code].row.value is not None]
        shown = [figure for figure in figures if figure.row.value or figure.row.target is not None]
        text = "；".join(figure.phrase() for figure in shown) + "。" if shown else "本期无相关记录。"
        areas.append(AreaText(numeral(len(areas) + 1), area.title, text, _paragraphs(texts[area.code].text), shown))

    def image(png: bytes):
        return InlineImage(template, io.BytesIO(png), width=Inches(charts.WIDTH))

    return {
        "title": f"{org.name}{period_label(period)}卫生健康工作总结",
        "org_name": org.name,
        "org_kind": org_kind(org),
        "period_label": period_label(period),
        "period_code": period.code,
        "start_date": _day(period.start),
        "end_date": _day(period.end),
        "period_span": f"{_day(period.start)}至{_day(period.end)}",
        "today": _day(today or date.today()),
        "v": own,
        "sex_ratio_note": _sex_ratio_note(own["sex_ratio_at_birth"]),
        "opening": _paragraphs(texts["opening"].text),
        "areas": areas,
        "problems": problem_lines,
        "plan": (plan := _paragraphs(texts["plan"].text)),
        "plan_lines": plan_lines,
        "plan_items": plan + plan_lines,
        "chart_births": image(charts.births_by_month(_births_by_month(period, org))),
        "chart_completion": image(charts.completion_by_village(
            *_completion(period, org, rows, at), title=f"{period_label(period)}任务综合完成率")),
        "chart_sex_ratio": image(charts.sex_ratio_years(_sex_ratio_years(period, org, own["sex_ratio_at_birth"]))),
        "appendix": appendix(template, period, org, rows),
    }


def _months(period: Period) -> list[Period]:
    months, year, month = [], period.start.year, period.start.month
    while date(year, month, 1) <= period.end:
        months.append(parse(f"{year}{month:02d}"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _births_by_month(period: Period, org: Division) -> list[tuple[str, int]]:
    """Live births in each month of the period (the first and last month clipped to it)."""
    points = []
    for month in _months(period):
        clipped = parse(f"{max(month.start, period.start)}..{min(month.end, period.end)}")
        (row,) = engine.compute(clipped, org, indicators=["births"])
        points.append((f"{month.start.month}月", int(row.value)))
    return points


def _sex_ratio_years(period: Period, org: Division, current: Figure, years: int = 5) -> list[tuple[str, Decimal | None]]:
    points = []
    for back in range(years - 1, 0, -1):
        earlier = period.shift_years(-back)
        (row,) = engine.compute(earlier, org, indicators=["sex_ratio_at_birth"])
        points.append((period_label(earlier), row.value))
    return points + [(period_label(period), current.row.value)]


def _completion(period: Period, org: Division, rows: list[IndicatorRow], at: date | None) -> tuple[list, Decimal | None]:
    """(each part's weighted completion of its targets, the time elapsed): the villages of a
    township; the townships of a county (one more pass of the engine over the targeted indicators)."""
    if org.level in (Level.TOWNSHIP, Level.VILLAGE):
        parts = [row for row in rows if row.org != org.code] or rows
    else:
        codes = sorted({row.indicator for row in rows if row.target is not None})
        parts = engine.compute(period, org, by=Level.TOWNSHIP, indicators=codes, at=at) if codes else []
    done: dict[tuple[str, str], list[tuple[Decimal, Decimal]]] = {}
    progress = None
    for row in parts:
        done.setdefault((row.org, row.org_name), [])
        if row.completion is not None:
            done[(row.org, row.org_name)].append((row.completion, row.target_weight or Decimal(1)))
            progress = row.time_progress
    return [(name, weighted(pairs)) for (_, name), pairs in done.items()], progress


def weighted(pairs: list[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Σ weight × completion ÷ Σ weight, 2 decimals; None without targets."""
    total = sum((weight for _, weight in pairs), Decimal(0))
    if not total:
        return None
    return engine.round_half_up(sum((completion * weight for completion, weight in pairs), Decimal(0)) / total, 2)


def appendix(template, period: Period, org: Division, rows: list[IndicatorRow]):
    """附表: the engine's indicators by village, a table per list of DOMAIN.md §6 (split to fit a
    landscape page), and the targets' completion by village."""
    from docx.shared import Pt

    document = template.new_subdoc()
    values = {(row.org, row.indicator): row for row in rows}
    units = list(dict.fromkeys((row.org, row.org_name) for row in rows if row.org != org.code)) or [(org.code, org.name)]
    if len(units) > 1 or units[0][0] != org.code:
        units.append((org.code, "合计"))
    lists = [(title, [info.code for info in infos]) for title, infos in sheet_indicators()]
    lists.append(("工作活动", list(ACTIVITY_CODES)))
    for number_, (title, codes) in enumerate(lists, start=1):
        for part, chunk in enumerate(_chunks(codes, 10), start=1):
            heading = f"附表{number_}{'-' + str(part) if len(codes) > 10 else ''}　{org.name}{title}（按村）"
            document.add_paragraph(heading).runs[0].font.size = Pt(12)
            infos = [engine.lookup(code) for code in chunk]
            header = ["单位", *(f"{info.name}{'（' + info.unit + '）' if info.unit else ''}" for info in infos)]
            body = [[name, *(number(values[(code, info.code)].value, info.decimals) if (code, info.code) in values
                             else "—" for info in infos)] for code, name in units]
            if title == "工作活动" and len(units) > 1:
                body.insert(-1, ["本级", *(_own_level(values, org, units, info) for info in infos)])
            _table(document, header, body)
    targeted = sorted({row.indicator for row in rows if row.target is not None}, key=_indicator_codes().index)
    if targeted:
        document.add_paragraph(f"附表{len(lists) + 1}　{org.name}任务完成情况（完成数/任务数，完成率%）").runs[0].font.size = Pt(12)
        header = ["单位", *(engine.lookup(code).name for code in targeted)]
        body = []
        for code, name in units:
            cells = [name]
            for indicator in targeted:
                row = values.get((code, indicator))
                cells.append("—" if row is None or row.target is None else
                             f"{number(row.value, row.decimals)}/{number(row.target, row.decimals)}"
                             f"（{number(row.completion, 2)}%）")
            body.append(cells)
        _table(document, header, body)
    return document


def _own_level(values: dict, org: Division, units: list[tuple[str, str]], info) -> str:
    """The activity figures entered for the division itself (not for any of its villages): its
    total less its villages' sum, so that the table adds up to its 合计."""
    villages = sum((values[(code, info.code)].value or 0 for code, _ in units[:-1] if (code, info.code) in values), 0)
    return number(values[(org.code, info.code)].value - villages, info.decimals)


def _chunks(items: list, size: int) -> list[list]:
    count = -(-len(items) // size)  # as many tables as needed, the columns shared out evenly
    per = -(-len(items) // count) if count else size
    return [items[i:i + per] for i in range(0, len(items), per)]


def _table(document, header: list[str], body: list[list[str]]) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    table = document.add_table(rows=1 + len(body), cols=len(header))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        borders.append(line)
    table._tbl.tblPr.append(borders)
    for r, (row, cells) in enumerate(zip(table.rows, [header, *body])):  # table.cell(r, c) is slow: row by row
        for c, (cell, text) in enumerate(zip(row.cells, cells)):
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(text)
            run.font.size = Pt(9)
            run.bold = r == 0
            layout = paragraph.paragraph_format
            layout.first_line_indent, layout.space_before, layout.space_after = Pt(0), Pt(0), Pt(0)
            layout.line_spacing = Pt(12)
            paragraph.alignment = 0 if c == 0 else 1
    document.add_paragraph("")


def write_summary(period: Period, org: Division, *, template: bytes | None = None, at: date | None = None,
                  today: date | None = None) -> Made:
    """The summary as .docx bytes, from `template` or the division's template."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    source = "指定模板"
    if template is None:
        template, source = template_for(org)
    else:
        check_template(template)
    document = DocxTemplate(io.BytesIO(template))
    try:
        context = summary_context(document, period, org, at=at, today=today)
    except charts.ChartError as error:
        raise SummaryError(str(error)) from error
    try:
        document.render(context, autoescape=True)
    except TemplateError as error:
        raise SummaryError(f"模板无法填写：{error}") from error
    out = io.BytesIO()
    document.save(out)
    return Made(out.getvalue(), source, context["problems"])
