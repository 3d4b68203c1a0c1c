"""Tools of the robustness tests: hand-made .xlsx files of every bad-input class (far cells, bombs, entity XML…)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '</Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>')
ROSTER_HEADER = ("姓名", "性别", "公民身份号码")


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row(headers=ROSTER_HEADER) -> str:
    letters = "ABCDEFGHIJ"
    return '<row r="1">' + "".join(text_cell(f"{letters[i]}1", h) for i, h in enumerate(headers)) + "</row>"


def sheet_xml(rows: str, dimension: str = "A1:C2", prolog: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}">'
            f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>')


def shared_strings(*texts: str, prolog: str = "") -> str:
    items = "".join(f"<si><t>{t}</t></si>" for t in texts)
    return f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<sst xmlns="{MAIN}" count="{len(texts)}">{items}</sst>'


def xlsx_bytes(sheet: str, *, strings: str | None = None, sheet_name: str = "Sheet1",
               extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal workbook Excel and both readers accept, with ``sheet`` as its only worksheet's XML."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", WORKBOOK.replace("{sheet}", sheet_name))
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        zf.writestr("xl/sharedStrings.xml", strings if strings is not None else shared_strings())
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buffer.getvalue()


def far_cell() -> bytes:
    """F2's 7 KB attack: one cell at XFD1048576 under a dimension that claims A1:C2."""
    return xlsx_bytes(sheet_xml(header_row() + '<row r="1048576">' + text_cell("XFD1048576", "x") + "</row>"))


def lying_dimension() -> bytes:
    return xlsx_bytes(sheet_xml(header_row(), dimension="A1:XFD1048576"))


def far_column() -> bytes:
    return xlsx_bytes(sheet_xml(header_row() + '<row r="2">' + text_cell("GS2", "x") + "</row>"))


def far_merge() -> bytes:
    rows = header_row()
    sheet = sheet_xml(rows).replace("</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A2:A1048576"/></mergeCells>')
    return xlsx_bytes(sheet)


def cells_without_references(rows: int) -> bytes:
    """Rows and cells with no r attribute: the position counts from the previous one."""
    body = header_row() + "".join('<row><c t="inlineStr"><is><t>张三</t></is></c><c><v>1</v></c></row>' for _ in range(rows))
    return xlsx_bytes(sheet_xml(body))


def too_many_rows(rows: int = 50_100) -> bytes:
    body = header_row() + "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, rows + 2))
    return xlsx_bytes(sheet_xml(body, dimension=f"A1:C{rows + 1}"))


def huge_inline_string(chars: int = 40_000) -> bytes:
    return xlsx_bytes(sheet_xml(header_row() + '<row r="2">' + text_cell("A2", "长" * chars) + "</row>"))


def huge_shared_string(chars: int = 40_000) -> bytes:
    """Rich text: the cell's runs together exceed Excel's 32,767 characters, no run alone does."""
    runs = "".join(f"<r><t>{'长' * 20_000}</t></r>" for _ in range(chars // 20_000 + 1))
    strings = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="1"><si>{runs}</si></sst>'
    return xlsx_bytes(sheet_xml(header_row() + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'), strings=strings)


def entity_expansion() -> bytes:
    """The billion laughs in the shared strings."""
    prolog = ('<!DOCTYPE sst [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
              + "".join(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(2, 10)) + "]>")
    return xlsx_bytes(sheet_xml(header_row() + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'),
                      strings=shared_strings("&lol9;", prolog=prolog))


def external_entity() -> bytes:
    prolog = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return xlsx_bytes(sheet_xml(header_row() + '<row r="2">' + text_cell("A2", "&xxe;") + "</row>", prolog=prolog))


def deep_xml(depth: int = 5_000) -> bytes:
    nest = "<x>" * depth + "</x>" * depth
    return xlsx_bytes(sheet_xml(header_row()).replace("</sheetData>", f"</sheetData><extLst>{nest}</extLst>"))


def zip_bomb(megabytes: int = 210) -> bytes:
    """A sheet that inflates to more than 200 MB of blanks (about 200 KB on disk)."""
    buffer = io.BytesIO()
    base = xlsx_bytes(sheet_xml(header_row()))
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                zf.writestr(info.filename, src.read(info.filename))
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            text = src.read("xl/worksheets/sheet1.xml")
            head, tail = text.split(b"<sheetData>")
            out.write(head)
            blank = b" " * (1 << 20)
            for _ in range(megabytes):
                out.write(blank)
            out.write(b"<sheetData>" + tail)
    return buffer.getvalue()


def many_members(count: int = 1_100) -> bytes:
    return xlsx_bytes(sheet_xml(header_row()), extra={f"xl/media/pad{i}.bin": b"x" for i in range(count)})


def duplicate_member() -> bytes:
    """Two worksheet files under one name: readers disagree which one counts."""
    data = xlsx_bytes(sheet_xml(header_row()))
    buffer = io.BytesIO(data)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buffer, "a") as zf:
            zf.writestr("xl/worksheets/sheet1.xml", sheet_xml(header_row() + '<row r="1048576">'
                                                              + text_cell("XFD1048576", "x") + "</row>"))
    return buffer.getvalue()


# name → generator; each one a class of bad input the readers must refuse (exit 2), never crash on.
BAD_WORKBOOKS = {
    "far cell with a lying dimension": far_cell,
    "lying dimension": lying_dimension,
    "column past the limit": far_column,
    "merge past the limit": far_merge,
    "too many rows": too_many_rows,
    "huge inline string": huge_inline_string,
    "huge shared string": huge_shared_string,
    "entity expansion": entity_expansion,
    "external entity": external_entity,
    "deep xml": deep_xml,
    "zip bomb": zip_bomb,
    "too many members": many_members,
    "duplicate member": duplicate_member,
}


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
