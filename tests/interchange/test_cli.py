"""The `weijian import` / `weijian export` commands, run in-process."""

from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import VILLAGE_1, all_tables, make_id, write_canonical, write_csv
from weijian.cli import main
from weijian.register.models import Person

SHORT = ["公民身份号码", "姓名", "性别", "出生日期", "村居代码"]


def test_import_ok(divisions, tmp_path, capsys):
    a = make_id("1990-05-12", 1)
    path = write_csv(tmp_path / "persons.csv", [*SHORT, "备注"], [[a, "张伟", "男", "1990-05-12", VILLAGE_1, ""]])
    assert main(["import", "persons", str(path)]) == 0
    out = capsys.readouterr().out
    assert "[persons.csv] 已忽略的列：备注" in out
    assert "[persons.csv] 已导入 1 行：新增 1，更新 0" in out
    assert Person.objects.get().id_number == a


def test_import_invalid_writes_nothing_and_exits_1(divisions, tmp_path, capsys):
    a = make_id("1990-05-12", 1)
    path = write_csv(tmp_path / "persons.csv", SHORT, [[a, "张伟", "X", "1990-05-12", VILLAGE_1]])
    assert main(["import", "persons", str(path)]) == 1
    err = capsys.readouterr().err
    assert "[persons.csv] 发现 1 处错误，未写入任何数据：" in err
    assert "第2行“性别”列（值：X）：性别无法识别：X（应为 男/女、M/F 或 1/2）" in err
    assert Person.objects.count() == 0


def test_dry_run(divisions, tmp_path, capsys):
    a = make_id("1990-05-12", 1)
    path = write_csv(tmp_path / "persons.csv", SHORT, [[a, "张伟", "男", "1990-05-12", VILLAGE_1]])
    assert main(["import", "persons", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "[persons.csv] 可导入 1 行：新增 1，更新 0" in out and "试导入：未写入任何数据" in out
    assert Person.objects.count() == 0


def test_usage_errors_exit_2(db, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["import", "cattle", str(tmp_path / "x.csv")])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit) as exit_:
        main(["import"])
    assert exit_.value.code == 2
    assert main(["import", "all", str(tmp_path / "x.csv")]) == 2  # `all` needs a folder
    assert "“all”需要一个文件夹" in capsys.readouterr().err


def test_import_all_and_export_a_village(township, tmp_path, capsys):
    folder = tmp_path / "in"
    write_canonical(folder, township)
    assert main(["import", "all", str(folder)]) == 0
    out = capsys.readouterr().out
    for name in ("divisions", "persons", "births", "deaths", "marriages", "migrations", "services", "aggregate",
                 "targets"):
        assert f"[{name}.csv] 已导入" in out
    snapshot = all_tables()
    assert main(["import", "all", str(folder)]) == 0  # a second time changes nothing
    assert all_tables() == snapshot

    target = tmp_path / "village1.csv"
    assert main(["export", "persons", "--org", VILLAGE_1, "-o", str(target)]) == 0
    assert f"已导出 4 行到 {target}" in capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0][:5] == SHORT
    assert sorted(r[1] for r in rows[1:]) == sorted(["张伟", "李娜", "张小明", "张小红"])

    assert main(["export", "persons", "--org", "511302101299", "-o", str(target)]) == 1
    assert "单位代码511302101299不存在" in capsys.readouterr().err
