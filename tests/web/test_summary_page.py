"""The work summary page: the Word draft, its PDF and the tables for download; the office's own
texts; the office's template; who may do what."""

from __future__ import annotations

from io import BytesIO
from urllib.parse import quote

import pytest

from tests.conftest import COUNTY, TOWNSHIP, VILLAGE_1
from tests.reports.documents import custom_template, document
from weijian.audit.models import AuditEntry
from weijian.divisions.models import Division, Level
from weijian.periods import parse
from weijian.reports import summary
from weijian.reports.models import SummaryTemplate, SummaryText
from weijian.reports.pdf import soffice

QUERY = f"?period=2022TJ&org={TOWNSHIP}"
PAGE = "/summary/" + QUERY
WORD = "/summary/word/" + QUERY
UPLOAD = "/summary/template/upload/" + QUERY
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def texts_post(org_code: str = TOWNSHIP, period: str = "2022TJ", **changed: str) -> dict:
    """The texts form as the page sends it: every part as shown (and its hidden initial value),
    the parts in `changed` edited."""
    states = summary.texts_for(Division.objects.get(code=org_code), parse(period))
    data = {}
    for code, state in states.items():
        shown = state.text.replace("\n", "\r\n")  # as a browser sends a textarea
        data[code], data[f"initial-{code}"] = changed.get(code, shown), shown
    return data


def upload(client, name: str, content: bytes, url: str = UPLOAD):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(url, {"file": SimpleUploadedFile(name, content)}, follow=True)


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_anonymous_is_sent_to_login(client, db):
    from tests.web.reading import sends_to_login

    assert all(sends_to_login(client, url) for url in (PAGE, WORD, "/summary/pdf/", "/summary/tables/"))


def test_the_page_shows_the_texts_and_the_template(full, users, client_as):
    summary.save_text(user=users.township, org=Division.objects.get(code=TOWNSHIP), period=parse("2021TJ"),
                      part="plan", text="办好孕妇学校。")
    response = client_as(users.township).get(PAGE)
    assert response.status_code == 200
    where = {field.name: text for field, text in response.context["parts"]}
    assert where["opening"] == "默认文字" and where["screening"] == "未填写"
    assert where["plan"] == "沿用2021年度的文字"
    text = response.content.decode()
    assert "青山镇2022年度工作总结" in text and "默认模板" in text
    assert '<a href="/summary/" class="active">工作总结</a>' in text
    assert "上传为本单位模板" in text and 'name="initial-opening"' in text


def test_word_download(full, users, client_as):
    response = client_as(users.township).get(WORD)
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote("青山镇2022年度工作总结.docx")
    assert document(response.content).paragraphs[0].text == "青山镇2022年度卫生健康工作总结"


def test_a_village_and_the_county_have_their_own_summary(full, users, client_as):
    village = client_as(users.village).get(f"/summary/word/?period=2022&org={VILLAGE_1}")
    assert document(village.content).paragraphs[0].text == "石堰村2022年卫生健康工作总结"
    county = client_as(users.county).get(f"/summary/word/?period=2022TJ&org={COUNTY}")
    assert document(county.content).paragraphs[0].text == "顺庆区2022年度卫生健康工作总结"


def test_tables_download(full, users, client_as):
    from openpyxl import load_workbook

    response = client_as(users.township).get("/summary/tables/" + QUERY)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].endswith(quote("青山镇2022年度统计表.xlsx"))
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["人口与出生", "妇幼卫生", "服务任务"]
    sheet = book["人口与出生"]
    assert sheet["A1"].value == "青山镇人口与出生统计表"
    assert [row[0].value for row in sheet.iter_rows(min_row=5)] == ["石堰村", "白鹤村", "合计"]


@pytest.mark.skipif(soffice() is None, reason="LibreOffice not installed: bash scripts/office.sh")
def test_pdf_download(full, users, client_as):
    response = client_as(users.township).get("/summary/pdf/" + QUERY)
    assert response.status_code == 200, shown_messages(client_as(users.township).get(PAGE))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith(quote("青山镇2022年度工作总结.pdf"))
    assert response.content.startswith(b"%PDF")


def test_without_libreoffice_the_page_says_so(full, users, client_as, monkeypatch):
    monkeypatch.setenv("WEIJIAN_SOFFICE", "/nonexistent/soffice")
    response = client_as(users.township).get("/summary/pdf/" + QUERY, follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    assert response.status_code == 200
    (message,) = shown_messages(response)
    assert message.startswith("未找到 LibreOffice，无法生成 PDF")
    assert "未找到 LibreOffice" in response.content.decode()


def test_a_summary_that_cannot_be_written_is_a_message(full, users, client_as, monkeypatch):
    from weijian.reports import charts

    def no_font(*args, **kwargs):
        raise charts.ChartError("未找到中文字体，无法绘制图表")

    monkeypatch.setattr(charts, "births_by_month", no_font)
    response = client_as(users.township).get(WORD, follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    assert shown_messages(response) == ["未找到中文字体，无法绘制图表"]


def test_another_township_gets_404(full, users, client_as):
    from weijian.accounts.services import user_create

    county = Division.objects.get(code=COUNTY)
    other = Division.objects.create(code="511302102000", name="红岩镇", level=Level.TOWNSHIP, parent=county)
    c = client_as(user_create(username="hongyan", password="x-long-enough-42", role="township",
                              division_codes=[other.code]))
    for url in (PAGE, WORD, "/summary/pdf/" + QUERY, "/summary/tables/" + QUERY, "/summary/template/" + QUERY):
        assert c.get(url).status_code == 404, url
    assert c.post(PAGE, texts_post(opening="别人的开头。")).status_code == 404
    assert upload(c, "ours.docx", custom_template("{{ title }}")).status_code == 404
    assert c.post("/summary/template/delete/" + QUERY).status_code == 404
    assert client_as(users.other).get(PAGE).status_code == 404  # the cadre of a village sees only that village
    assert not SummaryText.objects.exists() and not SummaryTemplate.objects.exists()


def test_a_viewer_reads_but_cannot_change(full, users, client_as):
    c = client_as(users.viewer)
    url = f"/summary/?period=2022TJ&org={VILLAGE_1}"
    page = c.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "<textarea" not in text and "上传为本单位模板" not in text and "您只有查看权限" in text
    assert c.get(f"/summary/word/?period=2022TJ&org={VILLAGE_1}").status_code == 200
    assert c.post(url, texts_post(VILLAGE_1, opening="查看者的开头。")).status_code == 403
    upload_url = f"/summary/template/upload/?period=2022TJ&org={VILLAGE_1}"
    assert upload(c, "mine.docx", custom_template("{{ title }}"), url=upload_url).status_code == 403
    assert c.post(f"/summary/template/delete/?org={VILLAGE_1}").status_code == 403
    assert not SummaryText.objects.exists() and not SummaryTemplate.objects.exists()
    assert not AuditEntry.objects.filter(model__startswith="reports.").exists()


def test_a_saved_text_is_in_the_next_download_and_the_audit_log(full, users, client_as):
    c = client_as(users.township)
    response = c.post(PAGE, texts_post(opening="今年我镇围绕群众健康需求开展工作。\r\n现总结如下："), follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    assert shown_messages(response) == ["已保存青山镇2022TJ的文字：开头段"]
    saved = SummaryText.objects.get()  # only the part that changed
    assert (saved.part, saved.period, saved.text, saved.updated_by) == (
        "opening", "2022TJ", "今年我镇围绕群众健康需求开展工作。\n现总结如下：", users.township)
    assert next(where for field, where in response.context["parts"] if field.name == "opening") == "本期已填写"

    paragraphs = [p.text for p in document(c.get(WORD).content).paragraphs]
    assert paragraphs[1:3] == ["今年我镇围绕群众健康需求开展工作。", "现总结如下："]

    entry = AuditEntry.objects.get(model="reports.SummaryText")
    assert (entry.action, entry.user, entry.division.code) == ("create", users.township, TOWNSHIP)
    assert entry.after["text"].startswith("今年我镇")
    assert "工作总结文字 青山镇 2022TJ opening" in c.get("/audit/").content.decode()

    again = c.post(PAGE, texts_post(), follow=True)  # nothing changed: nothing written
    assert shown_messages(again) == ["文字没有改动，未保存"]
    assert AuditEntry.objects.filter(model="reports.SummaryText").count() == 1


def test_two_users_saving_different_parts_keep_both(full, users, client_as):
    first, second = client_as(users.township), client_as(users.county)
    opened = texts_post()  # both open the page before either saves
    first.post(PAGE, {**opened, "opening": "第一位写的开头。"})
    second.post(PAGE, {**opened, "plan": "第二位写的计划。"})
    states = summary.texts_for(Division.objects.get(code=TOWNSHIP), parse("2022TJ"))
    assert (states["opening"].text, states["plan"].text) == ("第一位写的开头。", "第二位写的计划。")


def test_a_text_too_long_is_refused_at_its_field(full, users, client_as):
    response = client_as(users.township).post(PAGE, texts_post(plan="很" * 10_001))
    assert response.status_code == 200
    field = next(field for field, _ in response.context["parts"] if field.name == "plan")
    assert field.errors == ["最多 10000 字"]
    assert not SummaryText.objects.exists()


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("notes.docx", b"not a zip file", "不是有效的 Word 模板（.docx）"),
    ("old.doc", custom_template("{{ title }}"), "请上传 .docx 格式的 Word 文件"),
    ("broken.docx", custom_template("{{ title "), "模板占位符有误"),
    ("unknown.docx", custom_template("{{ v.no_such_indicator.name }}"), "模板无法填写"),
])
def test_a_bad_template_is_refused_and_changes_nothing(full, users, client_as, name, content, reason):
    c = client_as(users.township)
    before = c.get(WORD).content
    response = upload(c, name, content)
    (message,) = shown_messages(response)
    assert message.startswith("模板未保存：") and reason in message, message
    assert reason in response.content.decode()
    assert not SummaryTemplate.objects.exists()
    assert not AuditEntry.objects.filter(model="reports.SummaryTemplate").exists()
    assert document(c.get(WORD).content).paragraphs[0].text == document(before).paragraphs[0].text


def test_a_template_over_the_size_limit_is_refused(full, users, client_as, monkeypatch):
    from weijian.web import summary_pages

    monkeypatch.setattr(summary_pages, "TEMPLATE_MAX_BYTES", 1024)
    (message,) = shown_messages(upload(client_as(users.township), "big.docx", custom_template("{{ title }}")))
    assert message.startswith("模板未保存：模板文件过大") and not SummaryTemplate.objects.exists()


def test_an_uploaded_template_is_used_until_deleted(full, users, client_as):
    c = client_as(users.township)
    content = custom_template("青山镇卫生健康办（信头）", "{{ title }}")
    response = upload(c, "我们的模板.docx", content)
    assert shown_messages(response) == ["已将“我们的模板.docx”保存为青山镇的模板"]
    assert "青山镇：我们的模板.docx" in response.content.decode()
    assert AuditEntry.objects.filter(model="reports.SummaryTemplate", user=users.township).count() == 1

    assert [p.text for p in document(c.get(WORD).content).paragraphs] == [
        "青山镇卫生健康办（信头）", "青山镇2022年度卫生健康工作总结"]
    in_use = c.get("/summary/template/" + QUERY)
    assert in_use.content == content
    assert in_use["Content-Disposition"].endswith(quote("青山镇工作总结模板.docx"))
    assert c.get("/summary/template/" + QUERY + "&default=1").content == summary.DEFAULT_TEMPLATE.read_bytes()
    village = client_as(users.village).get(f"/summary/?period=2022TJ&org={VILLAGE_1}")
    assert village.context["template_source"] == "青山镇：我们的模板.docx"  # the township's, for its villages

    deleted = c.post("/summary/template/delete/" + QUERY, follow=True)
    assert shown_messages(deleted) == ["已删除青山镇的模板，现在使用：默认模板"]
    assert not SummaryTemplate.objects.exists()
    assert document(c.get(WORD).content).paragraphs[0].text == "青山镇2022年度卫生健康工作总结"


def test_the_indicators_page_links_here(full, users, client_as):
    text = client_as(users.township).get(f"/indicators/?period=2022TJ&org={TOWNSHIP}").content.decode()
    assert f'href="/summary/?period=2022TJ&amp;org={TOWNSHIP}"' in text
