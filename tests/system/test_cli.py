"""The weijian command: verbs, exit codes, and that it writes nothing on bad input."""

from __future__ import annotations

import pytest

from weijian.cli import main
from weijian.register.models import Person


@pytest.fixture
def files(tmp_path):
    folder = tmp_path / "county"
    assert main(["generate", "--persons", "600", "--villages", "2", "--years", "1", "--seed", "5",
                 "-o", str(folder)]) == 0
    return folder


def test_generate_writes_every_canonical_file(files):
    names = sorted(p.name for p in files.iterdir())
    assert names == sorted(f"{k}.csv" for k in (
        "divisions", "persons", "births", "deaths", "marriages", "migrations", "services", "aggregate", "targets"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the catalogs seeded by migrations, after other tests flushed them
def test_import_export_and_exit_codes(files, tmp_path, capsys):
    assert main(["import", "all", str(files), "--dry-run"]) == 0
    assert Person.objects.count() == 0
    assert main(["import", "all", str(files)]) == 0
    count = Person.objects.count()
    assert count > 500

    out = tmp_path / "persons.xlsx"
    assert main(["export", "persons", "-o", str(out), "--headers", "en"]) == 0
    from openpyxl import load_workbook

    sheet = load_workbook(out).worksheets[0]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[:3] == ["id_number", "name", "sex"]
    assert sheet.max_row == count + 1 - Person.objects.filter(id_number__isnull=True).count()

    bad = tmp_path / "bad.csv"
    bad.write_text("id_number,name,sex,birth_date,village_code\n11010519491231002X,王五,女,1949-12-31,999999999999\n",
                   encoding="utf-8")
    assert main(["import", "persons", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "第2行“village_code”列（值：999999999999）：村居代码999999999999不存在" in err
    assert Person.objects.count() == count

    with pytest.raises(SystemExit) as usage:
        main(["import", "nonsense", str(bad)])
    assert usage.value.code == 2
    assert main(["export", "persons", "--org", "000000000000", "-o", str(tmp_path / "x.csv")]) == 1
