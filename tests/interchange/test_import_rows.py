"""import_rows: rows held in memory go through the same checks and writes as a file."""

from __future__ import annotations

from tests.conftest import VILLAGE_1, make_id, wrong_check
from weijian.audit.models import Action, AuditEntry
from weijian.interchange.importer import import_file, import_rows
from weijian.register.models import Person


def person_row(number: str, **more) -> dict:
    return {"id_number": number, "name": "陈静", "sex": "女", "birth_date": "2000-02-29",
            "village_code": VILLAGE_1, **more}


def test_rows_are_written_with_their_batch_and_row_number(divisions):
    number = make_id("2000-02-29", 2)
    result = import_rows("persons", [person_row(number)])
    assert (result.ok, result.rows, result.created) == (True, 1, 1)
    person = Person.objects.get(id_number=number)
    assert (person.name, person.batch_id, person.batch_row) == ("陈静", result.batch_id, 1)


def test_errors_name_the_column_and_nothing_is_written(divisions):
    bad = wrong_check(make_id("2000-02-29", 2))
    result = import_rows("persons", [person_row(bad, birth_date="2000-02-30")])
    assert not result.ok
    assert [(i.row, i.column) for i in result.errors] == [(1, "id_number"), (1, "birth_date")]
    assert result.errors[0].reason.startswith("身份号码校验码错误")
    assert result.errors[1].reason == "日期不存在：2000-02-30"
    assert not Person.objects.exists()


def test_a_committed_batch_is_audited_once_unless_the_caller_audits(divisions, tmp_path):
    import_rows("persons", [person_row(make_id("2000-02-29", 2))])
    import_rows("persons", [person_row(make_id("2000-02-29", 2, seq=2))], audit=False)
    import_rows("persons", [person_row("1")])  # rejected: not audited
    entries = [e for e in AuditEntry.objects.filter(action=Action.IMPORT) if e.after["kind"] == "persons"]
    assert len(entries) == 1
    assert entries[0].after == {"kind": "persons", "filename": "网页录入", "rows": 1, "created": 1, "updated": 0}
    path = tmp_path / "none.csv"
    path.write_text("公民身份号码\n", encoding="utf-8")
    assert import_file("persons", path).ok is False  # a missing required column: no entry either
    assert AuditEntry.objects.filter(action=Action.IMPORT).count() == 2  # with the divisions' import
