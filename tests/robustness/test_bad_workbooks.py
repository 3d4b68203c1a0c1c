"""F2, F8: workbooks built to take a reader down are refused within 5 s, exit 2, a Chinese message naming the file.

Every class of bad input (workbook_tools.BAD_WORKBOOKS) goes through every command that reads a workbook:
``import-roster``, ``tally``, and inside an exchange package ``sync-import`` and ``county-report``. The far
cell, which aborted the whole process (python-calamine asking for 512 GiB), is also run in a child process
so that a regression shows as its exit status instead of killing the test run.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.exchange.package import MANIFEST
from desktop_app.reports.excel.workbook_limits import LIMITS, checked_workbook
from package_tools import is_chinese, members, table_dump, write_package
from workbook_tools import BAD_WORKBOOKS, cells_without_references, header_row, sheet_xml, text_cell, write, xlsx_bytes

REFUSE_WITHIN_S = 5.0
READ_50000_WITHIN_S = 30.0
ROSTER_BOOK = "data/代表名册.xlsx"


def run(argv, capsys):
    started = time.perf_counter()
    try:
        code = main([str(a) for a in argv])
    except SystemExit as stop:
        code = stop.code
    return code, capsys.readouterr().err, time.perf_counter() - started


def refused(code, err, seconds, *words):
    assert code == 2, err
    last = err.strip().splitlines()[-1] if err.strip() else ""
    assert is_chinese(last) and "程序内部错误" not in err and "Traceback" not in err, err
    for word in words:
        assert word in err, err
    assert seconds < REFUSE_WITHIN_S, f"took {seconds:.1f} s"


@pytest.fixture(scope="module")
def bad_books():
    return {name: make() for name, make in BAD_WORKBOOKS.items()}


@pytest.fixture
def county_db(tmp_path):
    return tmp_path / "county.db"


def package_with(package_path, tmp_path, data: bytes, name="坏包.zip") -> Path:
    """The demo package with its roster workbook replaced by ``data`` and a manifest re-signed to match."""
    files = members(package_path)
    manifest = json.loads(files.pop(MANIFEST))
    files[ROSTER_BOOK] = data
    folder = tmp_path / "packages"
    folder.mkdir(exist_ok=True)
    return write_package(folder / name, files, manifest)


@pytest.mark.parametrize("kind", sorted(BAD_WORKBOOKS))
def test_bad_workbook_is_refused_by_import_roster(kind, bad_books, tmp_path, county_db, capsys):
    path = write(tmp_path / "名册.xlsx", bad_books[kind])
    refused(*run(["--db", county_db, "import-roster", path, "--dry-run"], capsys), "名册.xlsx")


@pytest.mark.parametrize("kind", sorted(BAD_WORKBOOKS))
def test_bad_workbook_is_refused_by_tally(kind, bad_books, tmp_path, capsys):
    path = write(tmp_path / "计票.xlsx", bad_books[kind])
    refused(*run(["tally", path], capsys), "计票.xlsx")


@pytest.mark.parametrize("kind", sorted(BAD_WORKBOOKS))
def test_bad_workbook_inside_a_package_is_refused_by_sync_import(kind, bad_books, package_path, tmp_path, county_db,
                                                                   capsys):
    package = package_with(package_path, tmp_path, bad_books[kind])
    refused(*run(["--db", county_db, "sync-import", package, "--dry-run"], capsys), "坏包.zip", "代表名册.xlsx")


@pytest.mark.parametrize("kind", ["far cell with a lying dimension", "zip bomb", "entity expansion", "huge shared string"])
def test_one_bad_package_does_not_stop_the_county_report(kind, bad_books, package_path, tmp_path, capsys):
    bad = package_with(package_path, tmp_path, bad_books[kind])
    out = tmp_path / "汇总.xlsx"
    code, err, seconds = run(["county-report", bad.parent, "--out", out], capsys)
    refused(code, err, seconds, "坏包.zip")
    good = bad.parent / "示范镇.zip"
    good.write_bytes(package_path.read_bytes())
    code = main([str(a) for a in ["county-report", bad.parent, "--out", out, "--json"]])
    report = json.loads(capsys.readouterr().out)
    # The good package is summed up and the report written; the bad one is named (exit 1 = some refused).
    assert code == 1 and out.exists()
    status = {f["file"]: (f["status"], f["message"]) for f in report["files"]}
    assert status["示范镇.zip"][0] == "ok" and status["坏包.zip"][0] == "refused"
    assert "代表名册.xlsx" in status["坏包.zip"][1] and is_chinese(status["坏包.zip"][1])


def _limited_child(argv, cwd):
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", RUST_BACKTRACE="0")
    return subprocess.run([sys.executable, "-m", "desktop_app", *map(str, argv)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, preexec_fn=cap)


def test_far_cell_no_longer_aborts_the_process(bad_books, package_path, tmp_path):
    """The F2 attack as it was run: a 7 KB file in each command, in its own process (exit 134 before)."""
    book = write(tmp_path / "名册.xlsx", bad_books["far cell with a lying dimension"])
    assert book.stat().st_size < 8_000
    package = package_with(package_path, tmp_path, book.read_bytes())
    db = tmp_path / "county.db"
    for argv in (["--db", db, "import-roster", book, "--dry-run"], ["tally", book],
                 ["--db", db, "sync-import", package, "--dry-run"],
                 ["county-report", package.parent, "--out", tmp_path / "汇总.xlsx"]):
        result = _limited_child(argv, Path(__file__).resolve().parents[2])
        assert result.returncode == 2, (argv, result.returncode, result.stderr[-2000:])
        assert "1048576" in result.stderr and "上限" in result.stderr, result.stderr


def test_the_message_names_the_limit(bad_books, tmp_path, county_db, capsys):
    for kind, words in {"far cell with a lying dimension": ("1048576", "50,000"),
                        "column past the limit": ("201", "200 列"),
                        "huge inline string": ("32,767",), "huge shared string": ("32,767",),
                        "zip bomb": ("200 MB",), "entity expansion": ("DOCTYPE",), "deep xml": ("嵌套",),
                        "too many members": ("1,000",)}.items():
        path = write(tmp_path / f"{len(kind)}.xlsx", bad_books[kind])
        refused(*run(["--db", county_db, "import-roster", path, "--dry-run"], capsys), *words)


def test_a_bad_file_leaves_the_database_unchanged(bad_books, town_path, tmp_path, capsys):
    before = table_dump(town_path)
    path = write(tmp_path / "名册.xlsx", bad_books["far cell with a lying dimension"])
    refused(*run(["--db", town_path, "import-roster", path], capsys))
    assert table_dump(town_path) == before


def test_cells_without_references_count_from_the_previous_one(tmp_path):
    """Positions implied by order (no r attribute) are counted too; a legal file of them reads."""
    checked_workbook(cells_without_references(100))
    body = header_row() + '<row r="2">' + "".join("<c><v>1</v></c>" for _ in range(LIMITS.columns + 1)) + "</row>"
    with pytest.raises(Exception) as info:
        checked_workbook(xlsx_bytes(sheet_xml(body)), "无引用.xlsx")
    assert "201" in str(info.value) and "无引用.xlsx" in str(info.value)


@pytest.mark.slow
def test_the_largest_legitimate_roster_is_read_within_30_s(tmp_path):
    """50,000 deputies in the documented layout (every column filled) pass the check and are read in time."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))
    from roster_samples import layout_row, sample_deputy

    from desktop_app.reports.excel.roster_layout import EXPORT_HEADERS
    from desktop_app.reports.excel.workbook_reader import read_roster_table
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(i + 1) for i in range(len(EXPORT_HEADERS))]

    def cell(ref, value):
        if value is None:
            return ""
        return f'<c r="{ref}"><v>{value}</v></c>' if isinstance(value, int) else text_cell(ref, value)

    rows = ['<row r="1">' + "".join(text_cell(f"{letters[i]}1", h) for i, h in enumerate(EXPORT_HEADERS)) + "</row>"]
    for n in range(LIMITS.rows):
        r = n + 2
        values = layout_row(n + 1, sample_deputy(n))
        rows.append(f'<row r="{r}">' + "".join(cell(f"{letters[i]}{r}", v) for i, v in enumerate(values)) + "</row>")
    path = write(tmp_path / "五万人名册.xlsx",
                 xlsx_bytes(sheet_xml("".join(rows), dimension=f"A1:{letters[-1]}{LIMITS.rows + 1}")))
    started = time.perf_counter()
    table = read_roster_table(path)
    seconds = time.perf_counter() - started
    assert len(table.rows) == LIMITS.rows and sample_deputy(LIMITS.rows - 1)["name"] in table.rows[-1][1]
    assert seconds < READ_50000_WITHIN_S, f"{seconds:.1f} s"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_f8_a_roster_of_a_million_deputies_named_x_is_refused_at_the_row_limit(suffix, town_path, tmp_path,
                                                                                    capsys):
    """The F8 attack as it was run: a million one-letter rows imported 1,039,000 "deputies" (2 GB of memory)."""
    rows = 1_039_000
    if suffix == ".csv":
        data = ("姓名,性别\n" + "x,男\n" * rows).encode("utf-8")
    else:
        data = xlsx_bytes(sheet_xml(header_row() + "".join(
            f'<row r="{r}">{text_cell(f"A{r}", "x")}</row>' for r in range(2, rows + 2)), f"A1:C{rows + 1}"))
    assert len(data) < 60_000_000
    path = write(tmp_path / f"名册{suffix}", data)
    before = table_dump(town_path)
    refused(*run(["--db", town_path, "import-roster", path], capsys), f"名册{suffix}", "50,000")
    assert table_dump(town_path) == before
