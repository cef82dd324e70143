"""The synthetic population generator (weijian.synth): formats and consistency of its files.

Pure Python, no database: run with ``pytest tests/synth -p no:django``.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest
from stdnum.cn import ric

from weijian.catalog import CHILD_CHECK_RESULTS, DATA_ELEMENTS, SERVICE_ITEMS, VACCINES
from weijian.synth import HEADERS, KINDS, Spec, generate, iter_kind

SPEC = Spec(persons=3000, villages=4, years=2, seed=7)
START, END = date(2024, 10, 1), date(2026, 9, 30)


def _load(folder: Path, kind: str) -> list[dict[str, str]]:
    with open(folder / f"{kind}.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _d(value: str) -> date:
    return date.fromisoformat(value)


def _age(born: date, at: date) -> int:
    return at.year - born.year - ((at.month, at.day) < (born.month, born.day))


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synth")
    counts = generate(SPEC, folder)
    assert counts == {k: len(_load(folder, k)) for k in KINDS}
    return folder


@pytest.fixture(scope="module")
def data(out):
    return {kind: _load(out, kind) for kind in KINDS}


@pytest.fixture(scope="module")
def persons(data):
    return {p["id_number"]: p for p in data["persons"]}


def test_files_have_bom_and_headers(out):
    for kind in KINDS:
        raw = (out / f"{kind}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), kind
        header = raw[3:].split(b"\r\n", 1)[0].decode()
        assert tuple(header.split(",")) == HEADERS[kind]


def test_divisions_tree(data):
    rows = data["divisions"]
    seen = set()
    for row in rows:
        assert len(row["code"]) == 12 and row["code"].isdigit()
        assert row["parent_code"] == "" or row["parent_code"] in seen
        seen.add(row["code"])
    levels = Counter(r["level"] for r in rows)
    assert levels == {"province": 1, "city": 1, "county": 1, "township": 1, "village": 4}
    villages = [r for r in rows if r["level"] == "village"]
    assert [v["code"] for v in villages] == [f"511302101{n}" for n in (201, 202, 203, 204)]
    assert all(v["name"].endswith(("村", "社区")) for v in villages)


def test_id_numbers_valid_unique_and_agree(data):
    people = data["persons"]
    assert 2700 <= len(people) <= 3300
    ids = [p["id_number"] for p in people]
    assert len(set(ids)) == len(ids)
    for p in people:
        idn = p["id_number"]
        assert ric.is_valid(idn), idn
        assert ric.get_birth_date(idn) == _d(p["birth_date"])
        assert (int(idn[16]) % 2 == 1) == (p["sex"] == "男")


def test_parents_come_first_and_fit(data, persons):
    seen: set[str] = set()
    linked = 0
    for p in data["persons"]:
        born = _d(p["birth_date"])
        for col, sex in (("mother_id_number", "女"), ("father_id_number", "男")):
            parent = p[col]
            if parent:
                linked += 1
                assert parent in seen, (p["id_number"], col)
                assert persons[parent]["sex"] == sex
                assert 15 <= _age(_d(persons[parent]["birth_date"]), born) <= 55
        seen.add(p["id_number"])
    assert linked > len(data["persons"]) // 3


def test_person_values(data):
    people = data["persons"]
    for p in people:
        assert p["sex"] in ("男", "女")
        assert p["relation"] in ("户主", "配偶", "子", "女", "父母", "孙子女", "其他")
        assert p["hukou_type"] in ("农村", "城镇")
        assert p["residence"] in ("常住", "流出", "流入")
        assert p["marital_status"] in ("未婚", "初婚", "再婚", "离婚", "丧偶")
        assert (p["first_marriage_date"] == "") == (p["marital_status"] == "未婚")
        assert p["disability_grade"] in ("", "1", "2", "3", "4")
        assert p["phone"] == "" or (len(p["phone"]) == 11 and p["phone"][:2] in ("13", "15", "18"))
        assert p["household_no"].startswith(p["village_code"])
        if p["death_date"]:
            assert START <= _d(p["death_date"]) <= END
            assert _d(p["death_date"]) >= _d(p["birth_date"])
    sizes = Counter(p["household_no"] for p in people)
    assert max(sizes.values()) <= 6
    away = sum(p["residence"] == "流出" for p in people) / len(people)
    inflow = sum(p["residence"] == "流入" for p in people) / len(people)
    assert 0.05 <= away <= 0.15 and 0.01 <= inflow <= 0.06
    incomers = [p for p in people if p["residence"] == "流入"]
    assert all(not p["id_number"].startswith(("511302", "512901")) for p in incomers)


def test_births(data, persons):
    births = data["births"]
    kids_of = defaultdict(list)
    for p in data["persons"]:
        if p["mother_id_number"]:
            kids_of[p["mother_id_number"]].append(_d(p["birth_date"]))
    per_year = Counter()
    for b in births:
        day = _d(b["birth_date"])
        assert START <= day <= END
        mother = persons[b["mother_id_number"]]
        assert mother["sex"] == "女"
        assert 15 <= _age(_d(mother["birth_date"]), day) <= 50
        assert not mother["death_date"] or _d(mother["death_date"]) >= day
        if b["father_id_number"]:
            assert persons[b["father_id_number"]]["sex"] == "男"
        assert b["village_code"] == mother["village_code"]
        earlier = sum(1 for k in kids_of[b["mother_id_number"]] if k < day)
        assert int(b["parity"]) == earlier + int(b["birth_order"])
        assert _d(b["report_date"]) > day
        if b["live_birth"] == "否":
            assert b["child_id_number"] == b["child_name"] == "" and b["birth_certificate_no"] == ""
            continue
        per_year[day.year + (day.month >= 10)] += 1
        child = b["child_id_number"]
        if child:
            kid = persons[child]
            assert kid["birth_date"] == b["birth_date"] and kid["name"] == b["child_name"]
            assert kid["mother_id_number"] == b["mother_id_number"]
            assert kid["father_id_number"] == b["father_id_number"]
            assert kid["sex"] == b["sex"]
    # about 9 per 1000 a year
    assert set(per_year) == {2025, 2026}
    assert all(15 <= n <= 45 for n in per_year.values()), per_year
    live = [b for b in births if b["live_birth"] == "是"]
    registered = {b["child_id_number"] for b in live if b["child_id_number"]}
    born_in_years = {p["id_number"] for p in data["persons"] if _d(p["birth_date"]) >= START}
    assert registered == born_in_years
    assert sum(1 for b in live if not b["child_id_number"]) >= 1


def test_twins(data):
    by_delivery = defaultdict(list)
    for b in data["births"]:
        by_delivery[(b["mother_id_number"], b["birth_date"])].append(int(b["birth_order"]))
    assert all(sorted(orders) == list(range(1, len(orders) + 1)) for orders in by_delivery.values())
    assert all(len(orders) <= 2 for orders in by_delivery.values())


def test_twins_exist_in_a_larger_township():
    births = list(iter_kind(Spec(persons=60000, villages=10, years=1, seed=3), "births"))
    pairs = Counter((b[0], b[1]) for b in births)
    twins = [k for k, n in pairs.items() if n == 2]
    assert twins
    for mother, day in twins:
        rows = [b for b in births if (b[0], b[1]) == (mother, day)]
        assert sorted(r[6] for r in rows) == ["1", "2"]
        assert int(rows[1][7]) == int(rows[0][7]) + 1 or int(rows[0][7]) == int(rows[1][7]) + 1


def test_deaths(data, persons):
    deaths = data["deaths"]
    dead = {p["id_number"]: p["death_date"] for p in data["persons"] if p["death_date"]}
    with_id = {d["id_number"]: d["death_date"] for d in deaths if d["id_number"]}
    assert with_id == dead
    births = {(b["mother_id_number"], b["birth_date"], b["birth_order"]): b for b in data["births"]}
    nameless = [d for d in deaths if not d["id_number"]]
    assert len(nameless) >= 2  # at least one a year
    for d in nameless:
        b = births[(d["mother_id_number"], d["child_birth_date"], d["birth_order"])]
        assert b["child_id_number"] == "" and b["live_birth"] == "是"
        assert 0 <= (_d(d["death_date"]) - _d(d["child_birth_date"])).days < 28
    for d in deaths:
        assert d["cause"][0].isalpha() and d["cause"][1:3].isdigit()
        assert d["maternal_death"] in ("是", "否")
        assert _d(d["report_date"]) > _d(d["death_date"])
    per_year = Counter(_d(d["death_date"]).year + (_d(d["death_date"]).month >= 10) for d in deaths)
    assert all(5 <= n <= 30 for n in per_year.values()), per_year
    old = sum(1 for d in deaths if d["id_number"]
              and _age(_d(persons[d["id_number"]]["birth_date"]), _d(d["death_date"])) >= 60)
    assert old > len(deaths) * 0.6


def test_marriages(data, persons):
    rows = data["marriages"]
    keys = Counter((m["id_number"], m["spouse_id_number"], m["event"], m["date"]) for m in rows)
    assert all(n == 1 for n in keys.values())
    for m in rows:
        assert (m["spouse_id_number"], m["id_number"], m["event"], m["date"]) in keys
        a, b = persons[m["id_number"]], persons[m["spouse_id_number"]]
        assert a["sex"] != b["sex"]
        day = _d(m["date"])
        assert START <= day <= END
        if m["event"] == "结婚":
            assert _age(_d(a["birth_date"]), day) >= (22 if a["sex"] == "男" else 20)
            assert m["first_marriage"] in ("是", "否")
            if m["first_marriage"] == "是":
                assert a["first_marriage_date"] == m["date"]
        for p in (a, b):
            assert not p["death_date"] or _d(p["death_date"]) > day
    firsts = sum(1 for m in rows if m["event"] == "结婚" and m["first_marriage"] == "是")
    assert 30 <= firsts <= 100


def test_marital_status_follows_the_last_event(data, persons):
    last = {}
    for m in sorted(data["marriages"], key=lambda m: m["date"]):
        last[m["id_number"]] = m
    deaths = {p["id_number"]: p["death_date"] for p in data["persons"] if p["death_date"]}
    for idn, m in last.items():
        status = persons[idn]["marital_status"]
        if m["event"] == "离婚":
            assert status == "离婚"
        else:
            spouse_died, died = deaths.get(m["spouse_id_number"]), deaths.get(idn)
            widowed = spouse_died and (not died or spouse_died < died)
            assert status in (("丧偶",) if widowed else ("初婚", "再婚")), idn


def test_migrations(data, persons):
    rows = data["migrations"]
    keys = Counter((m["id_number"], m["direction"], m["date"]) for m in rows)
    assert all(n == 1 for n in keys.values())
    last = {}
    for m in sorted(rows, key=lambda m: m["date"]):
        assert m["direction"] in ("迁入", "迁出", "流入", "流出", "返回")
        assert m["reason"] in ("务工", "婚嫁", "求学", "投亲", "其他")
        assert START <= _d(m["date"]) <= END
        p = persons[m["id_number"]]
        assert not p["death_date"] or _d(p["death_date"]) > _d(m["date"])
        if m["direction"] != "迁出":
            last[m["id_number"]] = m["direction"]
    expected = {"流出": "流出", "返回": "常住", "流入": "流入", "迁入": "常住"}
    for idn, direction in last.items():
        assert persons[idn]["residence"] == expected[direction], (idn, direction)
    assert {m["direction"] for m in rows} == {"迁入", "迁出", "流入", "流出", "返回"}


def test_services(data, persons):
    rows = data["services"]
    codes = {item.code for item in SERVICE_ITEMS}
    keys = Counter((s["id_number"], s["service"], s["date"]) for s in rows)
    assert all(n == 1 for n in keys.values())
    for s in rows:
        assert s["service"] in codes
        p = persons[s["id_number"]]
        day = _d(s["date"])
        assert START <= day <= END
        assert _d(p["birth_date"]) <= day
        assert not p["death_date"] or day < _d(p["death_date"])
        assert s["village_code"] == p["village_code"]
        if s["service"] == "immunization":
            assert s["result"] in VACCINES
        elif s["service"] == "child_health_check":
            assert s["result"] in CHILD_CHECK_RESULTS and _age(_d(p["birth_date"]), day) < 7
        elif s["service"] == "pre_pregnancy_checkup":
            assert p["sex"] == "女" and persons[s["partner_id_number"]]["sex"] == "男"
        elif s["service"] == "pregnancy_registration":
            assert 8 <= int(s["value"]) <= 20
        elif s["service"] == "elderly_health_check":
            assert _age(_d(p["birth_date"]), day) >= 65
        elif s["service"] == "elderly_insurance":
            assert _age(_d(p["birth_date"]), day) >= 60 and s["value"] in ("30", "50")
    assert codes - {"high_risk_identified", "high_risk_managed"} <= {s["service"] for s in rows}


def test_mothers_have_maternal_care(data):
    services = defaultdict(set)
    for s in data["services"]:
        services[s["id_number"]].add((s["service"], s["date"]))
    mothers = {(b["mother_id_number"], b["birth_date"]) for b in data["births"]
               if _d(b["birth_date"]) >= START + timedelta(days=300)}
    with_visits = 0
    for mother, day in mothers:
        birth = _d(day)
        visits = [d for code, d in services[mother] if code == "prenatal_visit"
                  and birth - timedelta(weeks=42) <= _d(d) < birth]
        with_visits += bool(visits)
    assert with_visits >= 0.9 * len(mothers)


def test_aggregate_and_targets(data):
    villages = [r["code"] for r in data["divisions"] if r["level"] == "village"]
    township = next(r["code"] for r in data["divisions"] if r["level"] == "township")
    agg = data["aggregate"]
    months = {r["period"] for r in agg}
    assert len(months) == 24 and min(months) == "202410" and max(months) == "202609"
    assert len(agg) == len(villages) * 24 * len(DATA_ELEMENTS)
    assert all(int(r["value"]) >= 0 for r in agg)
    targets = data["targets"]
    assert {r["period"] for r in targets} == {"2025TJ", "2026TJ"}
    total = defaultdict(int)
    for r in targets:
        if r["org_code"] in villages:
            total[(r["period"], r["indicator"])] += int(r["target"])
    for r in targets:
        if r["org_code"] == township:
            assert int(r["target"]) == total[(r["period"], r["indicator"])]
    assert len(targets) == (len(villages) + 1) * 2 * 6


def test_same_seed_same_bytes_other_seed_differs(out, tmp_path):
    again = tmp_path / "again"
    generate(SPEC, again, workers=1)
    for kind in KINDS:
        assert (again / f"{kind}.csv").read_bytes() == (out / f"{kind}.csv").read_bytes(), kind
    other = tmp_path / "other"
    generate(Spec(persons=3000, villages=4, years=2, seed=8), other)
    assert (other / "persons.csv").read_bytes() != (out / "persons.csv").read_bytes()


def test_workers_do_not_change_output(tmp_path):
    spec = Spec(persons=2500, villages=25, years=1, seed=5)
    generate(spec, tmp_path / "one", workers=1)
    generate(spec, tmp_path / "two", workers=2)
    for kind in KINDS:
        assert (tmp_path / "one" / f"{kind}.csv").read_bytes() == \
            (tmp_path / "two" / f"{kind}.csv").read_bytes(), kind
    people = _load(tmp_path / "one", "persons")
    assert len({p["id_number"] for p in people}) == len(people)
    assert {p["village_code"][:9] for p in people} == {"511302101", "511302102"}


def test_iter_kind_matches_file(out):
    with open(out / "births.csv", encoding="utf-8-sig", newline="") as f:
        rows = [tuple(r) for r in csv.reader(f)][1:]
    assert rows == list(iter_kind(SPEC, "births"))


def test_bad_spec(tmp_path):
    with pytest.raises(ValueError):
        generate(Spec(end=date(2026, 6, 30)), tmp_path / "never")
    assert not (tmp_path / "never").exists()
