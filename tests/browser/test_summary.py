"""In the browser: township staff open the work summary from the navigation, write their
opening for 2022TJ and download the Word draft that carries it."""

from pathlib import Path

import pytest

from tests.conftest import TOWNSHIP
from tests.reports.documents import document


@pytest.mark.browser
def test_save_a_text_and_download_the_word_draft(page, log_in, full, users):
    from weijian.reports.models import SummaryText

    log_in(users.township)
    page.click("header nav >> text=工作总结")
    page.fill("form.filters input[name=period]", "2022TJ")
    page.click("form.filters button[type=submit]")
    assert page.locator("h1").inner_text() == "工作总结 · 青山镇 · 2022TJ"

    page.fill("#id_opening", "今年我镇围绕群众健康需求开展工作。\n现总结如下：")
    page.click("form.summary-texts button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".messages").inner_text() == "已保存青山镇2022TJ的文字：开头段"
    saved = SummaryText.objects.get()  # the parts left as they were are not saved
    assert (saved.org.code, saved.period, saved.part) == (TOWNSHIP, "2022TJ", "opening")

    with page.expect_download() as info:
        page.click("text=下载 Word 初稿")
    download = info.value
    assert download.suggested_filename == "青山镇2022年度工作总结.docx"
    paragraphs = [p.text for p in document(Path(download.path()).read_bytes()).paragraphs]
    assert paragraphs[:3] == ["青山镇2022年度卫生健康工作总结", "今年我镇围绕群众健康需求开展工作。", "现总结如下："]
