"""``export KIND --year/--quarter/--term``: last year's scores in January, a past quarter's 达标, another 届次."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from desktop_app import cli
from desktop_app.ops.exports import period_bounds


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    from desktop_app.db.connection import open_database
    from desktop_app.ops.demo import fill_demo

    path = tmp_path_factory.mktemp("periods") / "demo.db"
    db = open_database(path)
    fill_demo(db, seed=11)
    db.close()
    return path


def _export(demo_path, tmp_path, kind, *options) -> list:
    out = tmp_path / f"{kind}.xlsx"
    assert cli.main(["--db", str(demo_path), "export", kind, "--out", str(out), *options]) == 0
    ws = load_workbook(out).worksheets[0]
    return [c for row in ws.iter_rows(max_row=4, values_only=True) for c in row if c]


def _refused(demo_path, tmp_path, capsys, kind, *options) -> str:
    out = tmp_path / f"{kind}.xlsx"
    assert cli.main(["--db", str(demo_path), "export", kind, "--out", str(out), *options]) == 2
    assert not out.exists()
    return capsys.readouterr().err


LAST_YEAR = dt.date.today().year - 1


@pytest.mark.parametrize("kind, options, expected", [
    ("scores", ["--year", str(LAST_YEAR)], f"{LAST_YEAR}年度履职积分排名表"),
    ("score-groups", ["--year", str(LAST_YEAR)], f"{LAST_YEAR}年度"),
    ("score-interim", ["--year", str(LAST_YEAR), "--quarter", "2"], f"{LAST_YEAR}年第二季度"),
    ("compliance", ["--year", str(LAST_YEAR), "--quarter", "4"], f"统计期间：{LAST_YEAR}年10月1日至{LAST_YEAR}年12月31日"),
    ("compliance", ["--year", str(LAST_YEAR)], f"统计期间：{LAST_YEAR}年1月1日至{LAST_YEAR}年12月31日"),
    ("suggestion-statistics", ["--year", str(LAST_YEAR), "--quarter", "1"],
     f"统计期间：{LAST_YEAR}年1月1日至{LAST_YEAR}年3月31日"),
    ("statistics", ["--year", str(LAST_YEAR)], f"统计日期：{LAST_YEAR}年12月31日"),
    ("statistics", ["--term", "18"], "第十八届"),
    ("score-term", ["--term", "18"], "第十八届"),
])
def test_the_period_options_choose_what_is_exported(demo_path, tmp_path, kind, options, expected):
    cells = _export(demo_path, tmp_path, kind, *options)
    assert any(expected in str(c) for c in cells), cells


def test_activities_of_a_quarter_are_only_that_quarter(demo_path, tmp_path):
    day = dt.date.today() - dt.timedelta(days=100)      # the demo township's year of activities covers it
    quarter = (day.month - 1) // 3 + 1
    start, end = period_bounds(day.year, quarter)
    out = tmp_path / "活动.xlsx"
    assert cli.main(["--db", str(demo_path), "export", "activities", "--out", str(out),
                     "--year", str(day.year), "--quarter", str(quarter)]) == 0
    dates = [row[1] for row in load_workbook(out).worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert dates and all(start <= str(d)[:10] <= end for d in dates)


@pytest.mark.parametrize("kind, options, said", [
    ("roster", ["--quarter", "1"], "不接受 --quarter"),
    ("scores", ["--term", "19"], "不接受 --term"),
    ("statistics", ["--term", "99"], "没有第 99 届的届次（--term 99）。已有的届次：第十九届（--term 19）"),
    ("scores", ["--year", "25"], "--year 要写四位年份"),
])
def test_a_period_a_kind_cannot_take_is_refused(demo_path, tmp_path, capsys, kind, options, said):
    assert said in _refused(demo_path, tmp_path, capsys, kind, *options)


@pytest.mark.parametrize("year, quarter, bounds", [
    (2025, None, ("2025-01-01", "2025-12-31")),
    (2024, 1, ("2024-01-01", "2024-03-31")),
    (2024, 2, ("2024-04-01", "2024-06-30")),
    (2025, 4, ("2025-10-01", "2025-12-31")),
    (None, None, (None, None)),
])
def test_period_bounds(year, quarter, bounds):
    assert period_bounds(year, quarter) == bounds


def test_an_empty_past_quarter_says_it_counts_to_that_quarters_end(tmp_path):
    from desktop_app.reports.excel.scores import write_interim

    ws = load_workbook(write_interim([], tmp_path / "亮分.xlsx", township="示范镇", year=2024, quarter=2)).worksheets[0]
    assert any("统计截至2024年6月30日" in str(c) for row in ws.iter_rows(max_row=3, values_only=True) for c in row)
