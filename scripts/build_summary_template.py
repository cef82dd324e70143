"""Build the default work summary template, weijian/reports/templates/summary.docx.

    .venv/bin/python scripts/build_summary_template.py

The template is a Word document with docxtpl (Jinja) placeholders, laid out as government
documents are (GB/T 9704: A4, margins 37/35/28/26 mm, body 仿宋_GB2312 三号 at a fixed 28 pt,
headings 黑体 and 楷体_GB2312, the title 方正小标宋简体 二号). An office opens it in Word, changes
the wording, the fonts or the letterhead, keeps the placeholders it wants, and uploads it
(docs/report.md lists the placeholders). Run this again after changing it here.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

OUT = Path(__file__).resolve().parent.parent / "weijian" / "reports" / "templates" / "summary.docx"


def _font(style, east_asian: str, size: float, bold: bool = False) -> None:
    style.font.name = "Times New Roman"
    style.font.size = Pt(size)
    style.font.bold = bold
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def _paragraph_style(document, name: str, east_asian: str, size: float, *, bold=False, indent=True,
                     align=WD_ALIGN_PARAGRAPH.JUSTIFY, exact=True):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    _font(style, east_asian, size, bold)
    layout = style.paragraph_format
    layout.alignment = align
    layout.first_line_indent = Pt(2 * size) if indent else Pt(0)
    layout.space_before = layout.space_after = Pt(0)
    if exact:
        layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        layout.line_spacing = Pt(28)
    else:
        layout.line_spacing_rule = WD_LINE_SPACING.SINGLE
    return style


def build(path: Path = OUT) -> None:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    _font(normal, "仿宋_GB2312", 16)

    styles = {
        "title": _paragraph_style(document, "总结标题", "方正小标宋简体", 22, indent=False,
                                  align=WD_ALIGN_PARAGRAPH.CENTER, exact=False),
        "body": _paragraph_style(document, "总结正文", "仿宋_GB2312", 16),
        "h1": _paragraph_style(document, "总结一级标题", "黑体", 16),
        "h2": _paragraph_style(document, "总结二级标题", "楷体_GB2312", 16),
        "tag": _paragraph_style(document, "总结控制行", "仿宋_GB2312", 16, indent=False),
        "picture": _paragraph_style(document, "总结插图", "仿宋_GB2312", 12, indent=False,
                                    align=WD_ALIGN_PARAGRAPH.CENTER, exact=False),
        "sign": _paragraph_style(document, "总结落款", "仿宋_GB2312", 16, indent=False,
                                 align=WD_ALIGN_PARAGRAPH.RIGHT),
    }
    styles["title"].paragraph_format.space_after = Pt(24)

    def add(kind: str, text: str) -> None:
        document.add_paragraph(text, style=styles[kind])

    def loop(over: str, kind: str, text: str) -> None:
        add("tag", f"{{%p for {over} %}}")
        add(kind, text)
        add("tag", "{%p endfor %}")

    document.paragraphs[0]._element.getparent().remove(document.paragraphs[0]._element) if document.paragraphs else None
    add("title", "{{ title }}")
    loop("para in opening", "body", "{{ para }}")

    add("h1", "一、基本情况")
    add("body", "截至{{ end_date }}，全{{ org_kind }}户籍人口{{ v.population_registered }}人，常住人口"
                "{{ v.population_resident }}人，共{{ v.households }}户；育龄妇女{{ v.women_15_49 }}人，"
                "其中已婚育龄妇女{{ v.married_women_15_49 }}人。")
    add("body", "{{ period_span }}，全{{ org_kind }}出生{{ v.births }}人，其中男孩{{ v.births_male }}人、"
                "女孩{{ v.births_female }}人；一孩{{ v.births_parity_1 }}人、二孩{{ v.births_parity_2 }}人、"
                "多孩{{ v.births_parity_3plus }}人。出生人口性别比为{{ v.sex_ratio_at_birth }}，{{ sex_ratio_note }}。"
                "死亡{{ v.deaths }}人。出生率{{ v.birth_rate }}‰，死亡率{{ v.death_rate }}‰，"
                "自然增长率{{ v.natural_growth_rate }}‰。")
    add("body", "孕产妇死亡率{{ v.maternal_mortality_ratio }}/10万，婴儿死亡率{{ v.infant_mortality_rate }}‰，"
                "5岁以下儿童死亡率{{ v.under5_mortality_rate }}‰，低出生体重率{{ v.low_birth_weight_rate }}%。")
    add("picture", "{{ chart_births }}")
    add("picture", "{{ chart_sex_ratio }}")

    add("h1", "二、主要工作及成效")
    add("tag", "{%p for area in areas %}")
    add("h2", "（{{ area.number }}）{{ area.title }}")
    add("body", "{{ area.text }}")
    loop("para in area.notes", "body", "{{ para }}")
    add("tag", "{%p endfor %}")
    add("picture", "{{ chart_completion }}")

    add("h1", "三、存在的问题")
    add("tag", "{%p for line in problems %}")
    add("body", "{{ loop.index }}．{{ line }}。")
    add("tag", "{%p else %}")
    add("body", "本期各项指标未发现需要说明的问题。")
    add("tag", "{%p endfor %}")

    add("h1", "四、下一步工作计划")
    loop("line in plan_items", "body", "{{ loop.index }}．{{ line }}")

    add("sign", "")
    add("sign", "{{ org_name }}卫生健康办")
    add("sign", "{{ today }}")

    appendix = document.add_section(WD_SECTION.NEW_PAGE)
    appendix.orientation = WD_ORIENT.LANDSCAPE
    appendix.page_width, appendix.page_height = Mm(297), Mm(210)
    appendix.top_margin = appendix.bottom_margin = Mm(20)
    appendix.left_margin = appendix.right_margin = Mm(20)
    add("h1", "附表")
    add("tag", "{{p appendix }}")

    path.parent.mkdir(parents=True, exist_ok=True)
    document.core_properties.title = "工作总结模板"
    document.core_properties.author = "weijian"
    document.save(path)


if __name__ == "__main__":
    build()
    print(f"wrote {OUT}")
