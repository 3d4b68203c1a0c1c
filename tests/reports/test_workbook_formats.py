"""Workbooks in every format an office sends: .xls, .ods, .csv (UTF-8 or GBK) and renamed files, read by content;
anything else refused naming what it is; each kind bounded before a parser sees it."""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
from pathlib import Path

import olefile
import pytest
from openpyxl import Workbook

from desktop_app.db import roster_import as store
from desktop_app.errors import InputError
from desktop_app.reports.excel import roster_import
from desktop_app.reports.excel.csv_table import read_csv
from desktop_app.reports.excel.roster_layout import EXPORT_HEADERS
from desktop_app.reports.excel.tally_workbook import read_workbook
from desktop_app.reports.excel.workbook_limits import WorkbookLimits, WorkbookTooLarge
from roster_samples import layout_row, sample_deputy

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DEPUTIES = [sample_deputy(i) for i in range(3)]


def _preview(db, path):
    return roster_import.read_preview(path, store.snapshot(db))


def _imported(preview) -> list[tuple]:
    return [(r.values["name"], r.values["id_number"], r.values.get("phone"), r.values.get("district"))
            for r in preview.rows]


EXPECTED = [(d["name"], d["id_number"], d["phone"], d["district"]) for d in DEPUTIES]


@pytest.mark.parametrize("name", ["roster.xls", "roster.ods"])
def test_the_roster_reads_xls_and_ods(db, name):
    preview = _preview(db, FIXTURES / name)
    assert not preview.has_errors, preview.problems
    assert [r.action for r in preview.rows] == ["insert"] * 3
    assert _imported(preview) == EXPECTED


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_the_roster_reads_csv_in_utf8_with_or_without_bom_and_gbk(db, tmp_path, encoding):
    import csv

    path = tmp_path / f"名册-{encoding}.csv"
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(EXPORT_HEADERS)
        for number, deputy in enumerate(DEPUTIES, 1):
            writer.writerow(["" if v is None else ("是" if v is True else "否" if v is False else v)
                             for v in layout_row(number, deputy)])
    preview = _preview(db, path)
    assert not preview.has_errors, preview.problems
    assert _imported(preview) == EXPECTED


def test_a_gb18030_name_with_a_rare_character_reads_back(db, tmp_path):
    path = tmp_path / "名册.csv"
    path.write_bytes("姓名,公民身份号码\n刘䶮,{}\n".format(DEPUTIES[0]["id_number"]).encode("gb18030"))
    assert _preview(db, path).rows[0].values["name"] == "刘䶮"


def test_an_xls_named_xlsx_is_read_by_its_content_and_said_so(db, tmp_path):
    path = tmp_path / "名册.xlsx"
    shutil.copy(FIXTURES / "roster.xls", path)
    preview = _preview(db, path)
    assert _imported(preview) == EXPECTED
    assert any("实际上是旧版 Excel 工作簿（.xls），但扩展名是 .xlsx" in w for w in preview.warnings)


def _zip(members: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return out.getvalue()


@pytest.mark.parametrize("content, said", [
    (_zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}), "这是一个 Word 文档（.docx）"),
    ("<html><body><table><tr><td>姓名</td></tr></table></body></html>".encode(), "这是一个网页（HTML）文件"),
    (b"%PDF-1.4\n%...", "这是一个 PDF 文件"),
    (b"", "这是一个空文件"),
    (_zip({"readme.txt": "hello"}), "这是一个 ZIP 压缩包"),
    (_zip({"[Content_Types].xml": "<Types/>", "xl/workbook.bin": "", "xl/worksheets/sheet1.bin": ""}),
     "这是一个 Excel 二进制工作簿（.xlsb）"),
])
def test_other_files_are_refused_naming_what_they_are(db, tmp_path, content, said):
    for name in ("名册.xlsx", "名册.xls"):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(InputError) as info:
            _preview(db, path)
        assert said in str(info.value) and name in str(info.value)
        with pytest.raises(InputError) as info:
            read_workbook(path)
        assert said in str(info.value)


@pytest.mark.parametrize("name", ["tally.xls", "tally.ods"])
def test_the_tally_workbook_reads_xls_and_ods(name):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert read_workbook(FIXTURES / name) == module.TALLY


def test_the_tally_workbook_refuses_csv_saying_why(tmp_path):
    path = tmp_path / "计票.csv"
    path.write_text("选票编号,张三,作废\n1,同意,\n", encoding="utf-8")
    with pytest.raises(InputError, match="CSV 只能保存一张"):
        read_workbook(path)


# ------------------------------------------------------------------------------------ bounded input

def _far_cell_xls(tmp_path: Path, row: int) -> Path:
    """The roster fixture with its first text cell moved to ``row`` (0-based), the file size unchanged."""
    path = tmp_path / "远单元格.xls"
    shutil.copy(FIXTURES / "roster.xls", path)
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        stream = bytearray(ole.openstream("Workbook").read())
        pos, in_sheet = 0, False
        while pos + 4 <= len(stream):
            kind, length = struct.unpack_from("<HH", stream, pos)
            if kind == 0x0809:
                in_sheet = struct.unpack_from("<H", stream, pos + 6)[0] == 0x0010
            elif in_sheet and kind == 0x00FD:
                struct.pack_into("<H", stream, pos + 4, row)
                break
            pos += 4 + length
        ole.write_stream("Workbook", bytes(stream))
    return path


def test_an_xls_with_a_cell_beyond_the_row_limit_is_refused_before_calamine(db, tmp_path):
    path = _far_cell_xls(tmp_path, 65_000)
    with pytest.raises(WorkbookTooLarge) as info:
        _preview(db, path)
    assert "第 65001 行" in str(info.value) and "远单元格.xls" in str(info.value)
    with pytest.raises(InputError, match="65001"):
        read_workbook(path)


def _ods(content_rows: str) -> bytes:
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
               f'<table:table table:name="名册">{content_rows}</table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content)
        zf.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
                    'xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type='
                    '"application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>')
    return out.getvalue()


HEADER_ROW = ('<table:table-row><table:table-cell office:value-type="string"><text:p>姓名</text:p></table:table-cell>'
              '<table:table-cell office:value-type="string"><text:p>性别</text:p></table:table-cell></table:table-row>')


@pytest.mark.parametrize("rows, said", [
    ('<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string">'
     '<text:p>张三</text:p></table:table-cell></table:table-row>', "行有内容，超过"),
    ('<table:table-row><table:table-cell table:number-columns-repeated="5000" office:value-type="string">'
     '<text:p>男</text:p></table:table-cell></table:table-row>', "列有内容，超过"),
    ('<table:table-row><table:table-cell office:value-type="string"><text:p>张<text:s text:c="900000000"/>三'
     '</text:p></table:table-cell></table:table-row>', "个字符的上限"),
])
def test_an_ods_that_repeats_content_past_the_limits_is_refused(db, tmp_path, rows, said):
    path = tmp_path / "炸弹.ods"
    path.write_bytes(_ods(HEADER_ROW + rows))
    with pytest.raises(WorkbookTooLarge, match=said):
        _preview(db, path)


def test_an_ods_with_the_usual_million_empty_rows_at_the_end_reads(db, tmp_path):
    path = tmp_path / "名册.ods"
    path.write_bytes(_ods(HEADER_ROW + '<table:table-row><table:table-cell office:value-type="string"><text:p>张三'
                          '</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>男</text:p>'
                          '</table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048574">'
                          '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'))
    preview = _preview(db, path)
    assert [r.values["name"] for r in preview.rows] == ["张三"]


SMALL = WorkbookLimits(rows=3, title_rows=1, columns=4, cell_chars=10, file_bytes=400)


@pytest.mark.parametrize("text, said", [
    ("a,b\n" * 5, "超过 3 行数据"),
    ("a,b,c,d,e\n", "有 5 列，超过 4 列"),
    ("a," + "x" * 11 + "\n", "超过 10 个字符"),
    ("a,b\n" * 200, "MB"),
])
def test_a_csv_is_bounded_while_it_is_read(text, said):
    with pytest.raises(WorkbookTooLarge, match=said):
        read_csv(text.encode(), "名册.csv", SMALL)


def test_a_file_neither_utf8_nor_gbk_is_refused_in_chinese(db, tmp_path):
    path = tmp_path / "名册.csv"
    path.write_bytes("姓名,性别\n".encode() + b"\xff\xfe\xfd,\x81\x20\n")
    with pytest.raises(InputError, match="既不是 UTF-8 也不是 GBK"):
        _preview(db, path)


def test_every_format_an_xlsx_still_reads(db, tmp_path):
    wb = Workbook()
    wb.active.append(list(EXPORT_HEADERS))
    for number, deputy in enumerate(DEPUTIES, 1):
        wb.active.append(layout_row(number, deputy))
    wb.save(tmp_path / "名册.xlsm")
    assert _imported(_preview(db, tmp_path / "名册.xlsm")) == EXPECTED


def test_binary_sheets_are_never_handed_to_a_reader_even_inside_a_package():
    from desktop_app.reports.excel.workbook_limits import checked_workbook

    data = _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>", "xl/worksheets/sheet1.bin": ""})
    with pytest.raises(WorkbookTooLarge, match=r"\.xlsb"):
        checked_workbook(data, "代表名册.xlsx")
