"""List workbooks as printed and as typed into: thin borders over the table, landscape when wide, text no
smaller than 8 pt on paper (the print scale computed from the column widths against A4's printable width),
and 文本 (@) for ID, phone and 编号 columns in every template and export."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from desktop_app.ops.exports import EXPORTERS
from desktop_app.reports.excel.sheet_style import (
    MIN_PRINT_PT,
    TEXT_FORMAT,
    printable_points,
    printed_font_pt,
    table_points,
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from desktop_app.db.connection import open_database
    from desktop_app.ops.demo import fill_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = open_database(path)
    fill_demo(db, seed=11)
    yield db
    db.close()


def _tally_workbook(db, out: Path) -> Path:
    from desktop_app.db import sessions as sessions_db
    from desktop_app.db import vote_items as items_db
    from desktop_app.ops.tally_workbook import write_items

    session = sessions_db.list_sessions(db)[0]
    items = [i["id"] for i in items_db.list_items(db, session["id"])]
    return write_items(db, items, out)


def _template(db, out: Path) -> Path:
    from desktop_app.reports.excel.roster_export import write_roster

    return write_roster(out, [], mask=False, template=True)


LISTS = {
    "roster": lambda db, out: EXPORTERS["roster"](db, out, mask=False),
    "roster-template": _template,
    "activities": lambda db, out: EXPORTERS["activities"](db, out),
    "suggestions": lambda db, out: EXPORTERS["suggestions"](db, out, mask=False),
    "reminders": lambda db, out: EXPORTERS["reminders"](db, out),
    "archive": lambda db, out: EXPORTERS["archive"](db, out, mask=False),
    "tally-workbook": _tally_workbook,
}
# Forms with their own layout, printed by the same setup: only the scale is checked.
FORMS = ("statistics", "compliance", "scores", "suggestion-statistics")


def _workbook(demo, tmp_path, kind):
    writer = LISTS.get(kind) or (lambda db, out: EXPORTERS[kind](db, out))
    return load_workbook(writer(demo, tmp_path / f"{kind}.xlsx"))


def _printed_sheets(wb):
    return [ws for ws in wb.worksheets if ws.title != "说明"]


@pytest.mark.parametrize("kind", list(LISTS) + list(FORMS))
def test_no_sheet_prints_below_8_pt(demo, tmp_path, kind):
    for ws in _printed_sheets(_workbook(demo, tmp_path, kind)):
        size = printed_font_pt(ws)
        assert size >= MIN_PRINT_PT, f"{kind}「{ws.title}」prints at {size:.1f} pt"
        pages = ws.page_setup.fitToWidth
        if pages > 1:   # split across pages: the identifying columns are repeated on each
            assert ws.print_title_cols, f"{kind}「{ws.title}」is {pages} pages wide without repeated columns"


@pytest.mark.parametrize("kind", list(LISTS))
def test_list_sheets_have_thin_borders_over_the_whole_table(demo, tmp_path, kind):
    for ws in _printed_sheets(_workbook(demo, tmp_path, kind)):
        ruled = [(str(rng.sqref), rule) for rng in ws.conditional_formatting for rule in rng.rules]
        bordered = [ref for ref, rule in ruled if rule.formula == ["TRUE"] and all(
            getattr(rule.dxf.border, side).style == "thin" for side in ("left", "right", "top", "bottom"))]
        assert bordered, f"{kind}「{ws.title}」has no border rule"
        min_col, min_row, max_col, max_row = range_boundaries(bordered[0])
        # From the header row's first cell over every used column and row (the template: its header row).
        assert (min_col, min_row) == (1, 1), (kind, ws.title, bordered)
        assert max_col >= ws.max_column and max_row >= ws.max_row, (kind, ws.title, bordered, ws.dimensions)


@pytest.mark.parametrize("kind", list(LISTS) + list(FORMS))
def test_a_table_wider_than_a_portrait_page_prints_landscape(demo, tmp_path, kind):
    for ws in _printed_sheets(_workbook(demo, tmp_path, kind)):
        if ws.page_setup.orientation == "portrait":
            assert table_points(ws) <= printable_points(ws), (kind, ws.title, table_points(ws))


def _text_columns(ws, header_row: int = 1) -> dict[str, str]:
    """header → the column's own number format, for the ID/phone/编号 headers in ``header_row``."""
    out = {}
    for cell in ws[header_row]:
        title = str(cell.value or "")
        if any(word in title for word in ("身份号码", "电话", "联系方式")) or title.endswith("编号"):
            if "摘要" not in title:
                out[title] = ws.column_dimensions[cell.column_letter].number_format
    return out


@pytest.mark.parametrize("kind, sheet, headers", [
    ("roster", "代表名册", {"公民身份号码", "联系电话"}),
    ("roster-template", "代表名册", {"公民身份号码", "联系电话"}),
    ("archive", "基本情况", {"公民身份号码", "联系电话"}),
    ("suggestions", "意见建议", {"联系方式"}),
    ("tally-workbook", "事项", {"事项编号"}),
])
def test_id_phone_and_serial_columns_are_text(demo, tmp_path, kind, sheet, headers):
    ws = _workbook(demo, tmp_path, kind)[sheet]
    formats = _text_columns(ws)
    assert set(formats) == headers and set(formats.values()) == {TEXT_FORMAT}, formats
    letters = {cell.value: cell.column_letter for cell in ws[1]}
    for header in headers:
        for (cell,) in ws.iter_rows(min_row=2, min_col=ws[f"{letters[header]}1"].column,
                                     max_col=ws[f"{letters[header]}1"].column):
            if cell.value is not None:
                assert cell.number_format == TEXT_FORMAT and isinstance(cell.value, str), (header, cell.coordinate)


def test_every_ballot_sheet_has_its_serial_column_as_text(demo, tmp_path):
    wb = _workbook(demo, tmp_path, "tally-workbook")
    for ws in wb.worksheets[1:]:
        assert ws["A1"].value == "选票编号" and ws.column_dimensions["A"].number_format == TEXT_FORMAT


def test_the_exchange_package_keeps_ids_and_phones_as_text(demo, tmp_path):
    import zipfile

    from desktop_app.exchange.package import build_package

    package = build_package(demo, tmp_path / "包.zip", parts="roster", mask=False)
    with zipfile.ZipFile(package) as zf:
        name = next(n for n in zf.namelist() if n.endswith("代表名册.xlsx"))
        (tmp_path / "名册.xlsx").write_bytes(zf.read(name))
    ws = load_workbook(tmp_path / "名册.xlsx").worksheets[0]
    formats = _text_columns(ws)
    assert formats.get("公民身份号码") == TEXT_FORMAT and formats.get("联系电话") == TEXT_FORMAT


def _needed_lines(value, width: float) -> int:
    """Lines a wrapped cell needs, counted independently: each paragraph's width (CJK 2) over the column's."""
    import math
    import unicodedata

    return sum(max(1, math.ceil(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
                                / (width - 1))) for line in str(value).split("\n"))


@pytest.mark.parametrize("kind", ["suggestions", "archive", "reminders"])
def test_wrapped_cells_have_rows_tall_enough_to_print_all_their_lines(demo, tmp_path, kind):
    seen_tall = False
    for ws in _printed_sheets(_workbook(demo, tmp_path, kind)):
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None or not cell.alignment.wrap_text:
                    continue
                lines = _needed_lines(cell.value, ws.column_dimensions[cell.column_letter].width)
                height = ws.row_dimensions[cell.row].height
                if lines > 1:
                    seen_tall = True
                    assert height is not None and height >= lines * 15, (kind, ws.title, cell.coordinate, lines,
                                                                          height)
    assert seen_tall or kind != "suggestions", "no suggestion in the demo wraps: the test proves nothing"


def test_a_long_suggestion_row_is_as_tall_as_its_text_and_a_short_one_keeps_the_default(tmp_path):
    from desktop_app.reports.excel.suggestions import LIST_COLUMNS, write_suggestions_workbook

    long_text = "东山村自来水管网老化，" * 20 + "\n请尽快改造。"    # 220 characters in two paragraphs
    rows = [{"title": "修路", "content": "短", "state": "收集"},
            {"title": "自来水", "content": long_text, "reply_text": "已列入明年计划。", "state": "答复"}]
    ws = load_workbook(write_suggestions_workbook(rows, tmp_path / "意见建议.xlsx", township="示范镇")).active
    column = next(i for i, (title, _k, _w) in enumerate(LIST_COLUMNS, 1) if title == "内容")
    width = ws.column_dimensions[ws.cell(row=1, column=column).column_letter].width
    assert ws.cell(row=3, column=column).value == long_text
    assert ws.row_dimensions[3].height >= _needed_lines(long_text, width) * 15 >= 9 * 15
    assert ws.row_dimensions[2].height is None


def test_rows_reusing_their_text_cells_keep_each_rows_values(tmp_path):
    from openpyxl import Workbook

    from desktop_app.reports.excel.sheet_style import ListRows, list_row

    rows = [["张三", "110101197005010011", 13800138000], ["李四", None, "=1+1"], ["王五", 123.0, "021-5555"]]
    wb = Workbook(write_only=True)
    ws, plain = wb.create_sheet("名单"), wb.create_sheet("对照")
    fast = ListRows(ws, frozenset({1, 2}))
    for values in rows:
        ws.append(fast.row(values))
        plain.append(list_row(plain, values, frozenset({1, 2})))
    wb.save(tmp_path / "rows.xlsx")
    back = load_workbook(tmp_path / "rows.xlsx")

    def cells(title):
        return [[(c.value, c.number_format, c.quotePrefix) for c in row] for row in back[title].iter_rows()]

    assert [[value for value, _, _ in row] for row in cells("名单")] == [
        ["张三", "110101197005010011", "13800138000"], ["李四", None, "=1+1"], ["王五", "123", "021-5555"]]
    assert cells("名单") == cells("对照")
    assert cells("名单")[1][2] == ("=1+1", TEXT_FORMAT, True)     # formula-like text stays text
