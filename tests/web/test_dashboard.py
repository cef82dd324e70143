"""The dashboard: every number is the engine's, for the period and division asked for."""

from __future__ import annotations

from datetime import date

from tests.conftest import TOWNSHIP, VILLAGE_2
from tests.web.reading import sends_to_login
from weijian.divisions.models import Division
from weijian.indicators import engine
from weijian.periods import parse
from weijian.web import charts
from weijian.web.dashboard_data import KEY_INDICATORS, default_period, months_of, statistical_year


def test_the_statistical_year_starts_in_october():
    assert statistical_year(date(2026, 12, 1)).code == "2027TJ"
    assert statistical_year(date(2026, 9, 30)).code == "2026TJ"


def test_pages_open_on_the_year_just_closed_in_the_report_season():
    assert default_period(date(2026, 12, 1)).code == "2026TJ"  # October to December: report on 2026TJ
    assert default_period(date(2026, 12, 31)).code == "2026TJ"
    assert default_period(date(2027, 1, 1)).code == "2027TJ"
    assert default_period(date(2026, 9, 30)).code == "2026TJ"
    assert [m.code for m in months_of(parse("2027TJ"))][:4] == ["202610", "202611", "202612", "202701"]


def test_anonymous_is_sent_to_login(client, db):
    assert sends_to_login(client, "/")


def test_default_period_and_division(full, users, client_as):
    context = client_as(users.village).get("/").context
    assert context["period"].code == default_period(date.today()).code
    assert context["division"].code == full.village_1


def test_key_indicators_are_the_engines(full, users, client_as):
    cards = client_as(users.township).get(f"/?period=2022TJ&org={TOWNSHIP}").context["cards"]
    township = Division.objects.get(code=TOWNSHIP)
    expected = engine.compute(parse("2022TJ"), township, indicators=KEY_INDICATORS, compare=True)
    assert cards == expected
    by_code = {row.indicator: row for row in cards}
    assert by_code["births"].value == 2 and by_code["births"].previous_value == 1
    assert by_code["sex_ratio_at_birth"].value == 100 and by_code["sex_ratio_at_birth"].out_of_range


def test_births_by_month_and_sex_ratio_by_year(full, users, client_as):
    response = client_as(users.township).get("/?period=2022TJ")
    text = response.content.decode()
    assert "各月出生人数" in text and "<svg" in text
    assert "1月：2</title>" in text and "10月：0</title>" in text
    assert [label for label in ("2018TJ", "2019TJ", "2020TJ", "2021TJ", "2022TJ") if f">{label}</text>" in text] == [
        "2018TJ", "2019TJ", "2020TJ", "2021TJ", "2022TJ"]
    assert "2022TJ：100.00</title>" in text and "2021TJ：0.00</title>" in text and "2020TJ：" not in text


def test_target_completion_against_time_elapsed(full, users, client_as):
    targets = client_as(users.township).get("/?period=2020TJ").context["targets"]
    assert targets.indicators == ["住院分娩率", "孕前优生健康检查"]
    assert [name for name, _ in targets.lines] == ["石堰村", "白鹤村"]
    rows = {(row.org, row.indicator): row for _, cells in targets.lines for row in cells if row}
    assert set(rows) == {(full.village_1, "institutional_delivery_rate"), (VILLAGE_2, "pre_pregnancy_checkup_couples")}
    checkups = rows[(VILLAGE_2, "pre_pregnancy_checkup_couples")]
    assert (checkups.target, checkups.value, checkups.completion, checkups.time_progress) == (40, 0, 0, 100)
    assert checkups.behind is True


def test_a_cadre_cannot_ask_for_another_village(full, users, client_as):
    assert client_as(users.village).get(f"/?org={VILLAGE_2}").status_code == 404
    assert client_as(users.township).get(f"/?org={VILLAGE_2}").status_code == 200


def test_the_viewer_sees_the_dashboard(full, users, client_as):
    assert client_as(users.viewer).get("/").status_code == 200


def test_a_bad_period_is_reported_and_the_default_used(full, users, client_as):
    response = client_as(users.township).get("/?period=2020X")
    assert "无法识别的期间" in response.content.decode()
    assert response.context["period"].code == default_period(date.today()).code


def test_charts_escape_their_labels():
    svg = charts.bar_chart([("<script>", 3), ("二月", None)], unit="人")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    line = charts.line_chart([("a&b", 104), ("c", None), ("d", 110)], band=(103, 107))
    assert "a&amp;b" in line and line.count("<circle") == 2 and "#9b1c1c" in line
    assert 'width="180"' in charts.progress_bar(50, 75)


def test_the_rendered_numbers_are_reused_until_the_data_changes(full, users, client_as, load):
    from tests.conftest import BIRTHS_HEADER, make_id
    from weijian.indicators import cache

    client = client_as(users.township)

    def numbers() -> str:  # the page below the period form (the form carries a fresh CSRF token)
        return client.get("/?period=2024").content.decode().split('<section class="cards">', 1)[1]

    first = numbers()
    assert numbers() == first
    version = cache.data_version()
    child = make_id("2024-05-02", 1, seq=11)
    assert load("births", BIRTHS_HEADER, [[full.woman, "2024-05-02", "男", child, "赵小天", "", "1", "", "是", "3100",
                                           "39", "医院", "", "", ""]]).ok
    assert cache.data_version() > version
    assert numbers() != first  # the new birth is counted
