"""``import-roster --term/--term-name`` and the 届次 a roster needs; ``check`` lists deputies left without one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop_app import cli
from desktop_app.db.connection import open_database
from desktop_app.db import deputies as deputies_db
from desktop_app.db import terms as terms_db

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))
from roster_samples import sample_deputy, write_layout_workbook  # noqa: E402


@pytest.fixture(autouse=True)
def _only_these_commands(monkeypatch):
    monkeypatch.setattr(cli, "COMMANDS", {k: v for k, v in cli.COMMANDS.items() if k in ("import-roster", "check")})


def titled_workbook(path: Path, title: str | None, rows=2) -> Path:
    """A roster as townships keep it: a title line above the header row (or none)."""
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(["序号", "姓名", "性别", "代表层级"])
    for n in range(rows):
        ws.append([n + 1, ["张伟", "李娜", "王芳"][n], ["男", "女", "女"][n], "乡"])
    wb.save(path)
    return path


def state(path):
    db = open_database(path)
    try:
        terms = [(t["name"], t["number"], t["is_current"]) for t in terms_db.list_terms(db)]
        deputies = [(d["name"], d["term_name"]) for d in deputies_db.list_deputies(db, include_inactive=True)]
        return terms, sorted(deputies)
    finally:
        db.close()


def run(capsys, *args):
    status = cli.main(["import-roster", *map(str, args)])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_no_term_and_none_named_refuses_with_exit_2_naming_the_option(tmp_path, capsys):
    dbfile = tmp_path / "new.db"
    book = titled_workbook(tmp_path / "名册.xlsx", "示范镇人民代表大会代表名册")
    status, _out, err = run(capsys, book, "--db", dbfile)
    assert status == 2
    assert "--term-name" in err and "还没有届次" in err
    assert state(dbfile) == ([], [])


def test_no_term_takes_the_one_the_title_names_and_says_so(tmp_path, capsys):
    dbfile = tmp_path / "new.db"
    book = titled_workbook(tmp_path / "名册.xlsx", "示范镇第十八届人民代表大会代表名册")
    status, out, _err = run(capsys, book, "--db", dbfile, "--dry-run")
    assert status == 0 and "将按名册标题新建届次“第十八届”" in out
    assert state(dbfile) == ([], [])   # a dry run creates nothing

    status, out, _err = run(capsys, book, "--db", dbfile)
    assert status == 0
    assert "已按名册标题新建届次“第十八届”并设为当前届次" in out
    assert state(dbfile) == ([("第十八届", 18, 1)], [("张伟", "第十八届"), ("李娜", "第十八届")])


def test_term_name_creates_the_named_term_when_there_is_none(tmp_path, capsys):
    dbfile = tmp_path / "new.db"
    book = titled_workbook(tmp_path / "名册.xlsx", "示范镇第十八届人民代表大会代表名册")
    status, out, _err = run(capsys, book, "--db", dbfile, "--term-name", "第十九届")
    assert status == 0 and "已按--term-name新建届次“第十九届”" in out
    assert state(dbfile) == ([("第十九届", 19, 1)], [("张伟", "第十九届"), ("李娜", "第十九届")])


def test_rows_with_errors_create_no_term_either(tmp_path, capsys):
    dbfile = tmp_path / "new.db"
    wb = Workbook()
    wb.active.append(["姓名", "公民身份号码"])
    wb.active.append(["张三", "110101199003071234"])   # wrong check digit
    wb.save(tmp_path / "bad.xlsx")
    status, _out, _err = run(capsys, tmp_path / "bad.xlsx", "--db", dbfile, "--term-name", "第十九届")
    assert status == 2
    assert state(dbfile) == ([], [])


def test_term_picks_an_existing_term_and_defaults_to_the_current_one(tmp_path, capsys):
    dbfile = tmp_path / "two.db"
    db = open_database(dbfile)
    terms_db.create_term(db, "第十八届", 18, "2021-11-20", "2026-11-19", is_current=False)
    terms_db.create_term(db, "第十九届", 19, "2026-11-20", None, is_current=True)
    db.close()
    first = write_layout_workbook(tmp_path / "a.xlsx", [sample_deputy(0)])
    status, out, _err = run(capsys, first, "--db", dbfile, "--term", 18)
    assert status == 0 and "归入届次“第十八届”" in out
    second = write_layout_workbook(tmp_path / "b.xlsx", [sample_deputy(1)])
    status, out, _err = run(capsys, second, "--db", dbfile)
    assert status == 0 and "归入当前届次“第十九届”" in out
    _terms, deputies = state(dbfile)
    assert sorted(term for _name, term in deputies) == sorted(["第十八届", "第十九届"])

    status, _out, err = run(capsys, second, "--db", dbfile, "--term", 17)
    assert status == 2
    assert "没有第 17 届的届次（--term 17）" in err and "第十八届（--term 18）" in err
    status, _out, err = run(capsys, second, "--db", dbfile, "--term-name", "第二十届")
    assert status == 2 and "--term N" in err
    assert len(state(dbfile)[0]) == 2


def test_check_lists_deputies_left_without_a_term(tmp_path, capsys):
    dbfile = tmp_path / "termless.db"
    db = open_database(dbfile)
    deputies_db.insert_deputy(db, {"name": "孙丽", "level": "乡"})   # added before any 届次 existed
    db.close()
    assert cli.main(["check", "--db", str(dbfile)]) == 0   # not damage: the exit status stays 0
    out = capsys.readouterr().out
    assert "数据提示" in out and "有 1 名代表没有届次：孙丽" in out and "补登届次" in out

    db = open_database(dbfile)
    term_id = terms_db.create_term(db, "第十九届", 19)
    deputies_db.set_term(db, [deputies_db.termless_deputies(db)[0]["id"]], term_id)
    db.close()
    assert cli.main(["check", "--db", str(dbfile)]) == 0
    assert "数据提示" not in capsys.readouterr().out
