"""``import-roster`` and ``export`` on the command line: exit codes, JSON preview, files written."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop_app import cli
from desktop_app.db.connection import open_database
from desktop_app.db.deputies import count_deputies
from desktop_app.db.terms import create_term

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))
from roster_samples import sample_deputy, write_layout_workbook  # noqa: E402


@pytest.fixture(autouse=True)
def _only_roster_commands(monkeypatch):
    """These tests exercise two commands; the others' modules need not load for them."""
    monkeypatch.setattr(cli, "COMMANDS", {k: v for k, v in cli.COMMANDS.items() if k in ("import-roster", "export")})


@pytest.fixture
def dbfile(tmp_path):
    path = tmp_path / "cli.db"
    db = open_database(path)
    create_term(db, "第十八届", 18, "2021-11-20", "2026-11-19", is_current=True)
    db.close()
    return path


def _count(path) -> int:
    db = open_database(path)
    try:
        return count_deputies(db)
    finally:
        db.close()


def test_import_dry_run_then_apply(dbfile, tmp_path, capsys):
    book = write_layout_workbook(tmp_path / "名册.xlsx", [sample_deputy(i) for i in range(12)])
    assert cli.main(["--db", str(dbfile), "import-roster", str(book), "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["insert"] == 12 and report["applied"] is False
    assert report["rows"][0]["row"] == 2 and report["rows"][0]["action"] == "insert"
    assert _count(dbfile) == 0

    assert cli.main(["import-roster", str(book), "--db", str(dbfile)]) == 0
    assert "新增 12 人" in capsys.readouterr().out
    assert _count(dbfile) == 12


def test_import_with_error_rows_exits_2_and_writes_nothing(dbfile, tmp_path, capsys):
    wb = Workbook()
    wb.active.append(["姓名", "公民身份号码"])
    wb.active.append(["张三", 1.10101199003077e17])
    wb.active.append(["李四", sample_deputy(1)["id_number"]])
    wb.save(tmp_path / "bad.xlsx")
    assert cli.main(["--db", str(dbfile), "import-roster", str(tmp_path / "bad.xlsx"), "--json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["problems"][0].startswith("第 2 行「公民身份号码」：") and report["applied"] is False
    assert cli.main(["--db", str(dbfile), "import-roster", str(tmp_path / "bad.xlsx")]) == 2
    assert "末几位已丢失" in capsys.readouterr().out
    assert _count(dbfile) == 0


def test_import_of_unreadable_file_exits_2(dbfile, tmp_path, capsys):
    (tmp_path / "x.xlsx").write_text("不是工作簿")
    assert cli.main(["--db", str(dbfile), "import-roster", str(tmp_path / "x.xlsx")]) == 2
    assert "无法打开" in capsys.readouterr().err


@pytest.mark.parametrize("kind, name", [("roster", "名册.xlsx"), ("roster", "名册.pdf"),
                                        ("statistics", "统计.xlsx"), ("statistics", "统计.pdf")])
def test_export_kinds(dbfile, tmp_path, kind, name):
    book = write_layout_workbook(tmp_path / "in.xlsx", [sample_deputy(i) for i in range(8)])
    assert cli.main(["--db", str(dbfile), "import-roster", str(book)]) == 0
    out = tmp_path / name
    assert cli.main(["--db", str(dbfile), "export", kind, "--out", str(out)]) == 0
    assert out.stat().st_size > 1000
    if name == "名册.xlsx":
        ws = load_workbook(out)["代表名册"]
        assert ws.max_row == 9 and "*" in ws["F2"].value              # masked by default


def test_export_unmasked_roster(dbfile, tmp_path):
    book = write_layout_workbook(tmp_path / "in.xlsx", [sample_deputy(i) for i in range(3)])
    cli.main(["--db", str(dbfile), "import-roster", str(book)])
    out = tmp_path / "full.xlsx"
    assert cli.main(["--db", str(dbfile), "export", "roster", "--out", str(out), "--unmasked"]) == 0
    ids = {load_workbook(out)["代表名册"].cell(row=r, column=6).value for r in range(2, 5)}
    assert ids == {sample_deputy(i)["id_number"] for i in range(3)}


@pytest.mark.parametrize("args, message", [
    (["export", "nothing", "--out", "x.xlsx"], "不认识的导出内容"),
    (["export", "roster", "--out", "x.docx"], ".xlsx、.pdf"),
    (["export", "statistics", "--out", "x.pdf", "--unmasked"], "不需要 --unmasked"),
])
def test_export_bad_input_exits_2(dbfile, tmp_path, capsys, args, message):
    args = [a if not a.startswith("x.") else str(tmp_path / a) for a in args]
    assert cli.main(["--db", str(dbfile)] + args) == 2
    assert message in capsys.readouterr().err


def _book_with_bad_rows(tmp_path):
    """Five deputies in the template layout; rows 3 and 5 have an ID Excel turned into a number / a bad date."""
    deputies = [sample_deputy(i) for i in range(5)]
    book = write_layout_workbook(tmp_path / "名册.xlsx", deputies)
    wb = load_workbook(book)
    ws = wb.active
    headers = [c.value for c in ws[1]]
    ws.cell(row=3, column=headers.index("公民身份号码") + 1).value = 1.10101199003077e17
    ws.cell(row=5, column=headers.index("出生日期") + 1).value = "1985.13"
    wb.save(book)
    return book, deputies, headers


def test_skip_invalid_imports_the_valid_rows_and_errors_out_writes_the_others(dbfile, tmp_path, capsys):
    book, deputies, headers = _book_with_bad_rows(tmp_path)
    errors = tmp_path / "错误行.xlsx"
    args = ["--db", str(dbfile), "import-roster", str(book), "--skip-invalid", "--errors-out", str(errors), "--json"]
    assert cli.main(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["applied"] is True and report["inserted"] == 3 and report["skipped"] == 2
    assert _count(dbfile) == 3

    ws = load_workbook(errors)["代表名册"]
    written = [c.value for c in ws[1]]
    assert written == headers + ["错误原因"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [r[0] for r in rows] == [3, 5]                      # 序号 = the row in the original file
    assert [r[1] for r in rows] == [deputies[1]["name"], deputies[3]["name"]]
    assert "公民身份号码" in rows[0][-1] and "出生日期" in rows[1][-1]
    assert ws.cell(row=2, column=headers.index("公民身份号码") + 1).number_format == "@"

    # Corrected, the same file imports as it is: the 错误原因 column is ignored.
    ws.cell(row=2, column=headers.index("公民身份号码") + 1).value = deputies[1]["id_number"]
    ws.cell(row=3, column=headers.index("出生日期") + 1).value = deputies[3]["birth_date"]
    ws.parent.save(errors)
    assert cli.main(["--db", str(dbfile), "import-roster", str(errors)]) == 0
    out = capsys.readouterr().out
    assert "新增 2 人" in out and "不是名册列" not in out
    assert _count(dbfile) == 5


def test_errors_out_without_skip_invalid_writes_the_rows_and_imports_nothing(dbfile, tmp_path, capsys):
    book, _, _ = _book_with_bad_rows(tmp_path)
    errors = tmp_path / "错误行.xlsx"
    assert cli.main(["--db", str(dbfile), "import-roster", str(book), "--errors-out", str(errors)]) == 2
    out = capsys.readouterr().out
    assert "已把 2 行有错误的数据" in out and "--skip-invalid" in out
    assert _count(dbfile) == 0 and load_workbook(errors)["代表名册"].max_row == 3
