"""Limits of an incoming .xlsx and the check that enforces them before any reader parses the workbook.

A workbook is a zip of XML. The Rust reader (python-calamine) sizes its grid from the cell references it
finds, so one cell at XFD1048576 asks for 512 GiB and aborts the process; openpyxl pads every row to the
declared ``<dimension>``. So the zip itself is checked first (member count, declared and real uncompressed
size), then every XML member is streamed through expat: no DOCTYPE or entity declaration, bounded depth, and
every real cell, row and merge reference, the declared dimension, each cell's text and the number of shared
strings against limits a township never reaches. Readers then parse the bytes this check saw
(:func:`checked_workbook` returns them), never the file again.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from ...errors import InputError


@dataclass(frozen=True)
class WorkbookLimits:
    """What an incoming workbook may hold; far above a township's largest real file."""

    rows: int = 50_000                        # data rows per sheet
    title_rows: int = 20                      # title and header rows above the data, allowed on top
    columns: int = 200                        # per sheet
    cells: int = 2_500_000                    # rows × columns of all sheets' used ranges together; shared strings
    cell_chars: int = 32_767                  # Excel's own limit for one cell
    uncompressed_bytes: int = 200 * 1024 * 1024
    members: int = 1_000                      # files inside the zip
    xml_depth: int = 100                      # a worksheet nests 7 deep, drawings about 20
    file_bytes: int = 100 * 1024 * 1024       # an .xls or .csv as read from disk (a 50,000-row .xls is ~15 MB)


LIMITS = WorkbookLimits()
# The exchange package's attendance table lists deputies × activities of the whole period; its rows may
# exceed a roster's, the cell budget still bounds the memory.
PACKAGE_LIMITS = WorkbookLimits(rows=200_000)

_XML_SUFFIXES = (".xml", ".rels", ".vml")
_REF = re.compile(r"\$?([A-Za-z]{1,3})?\$?([0-9]{1,7})?")
_CHUNK = 1 << 16
_LETTERS = [chr(65 + i) for i in range(26)]
# Column letters → number for the whole sheet (A…XFD), so a cell reference costs a dict look-up.
_COLUMNS = {name: number for number, name in enumerate(
    _LETTERS + [a + b for a in _LETTERS for b in _LETTERS] + [a + b + c for a in _LETTERS for b in _LETTERS for c in _LETTERS],
    start=1)}


class WorkbookTooLarge(InputError):
    """The workbook breaks a limit or is not a well-formed .xlsx; the message names the file and the limit."""


def is_reader_failure(err: BaseException) -> bool:
    """True for an error a workbook reader raises on a damaged file: any Exception but our own InputError, and
    a Rust panic inside python-calamine (pyo3's PanicException derives from BaseException)."""
    if isinstance(err, InputError):
        return False
    return isinstance(err, Exception) or type(err).__name__ == "PanicException"


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def _parse_ref(ref: str) -> tuple[int, int]:
    """(row, column) of 'B7', '$B$7', 'B' (row 0) or '7' (column 0); (-1, -1) when it is not a reference."""
    match = _REF.fullmatch(ref.strip())
    if not match or not (match.group(1) or match.group(2)):
        return -1, -1
    return int(match.group(2) or 0), _column_number(match.group(1) or "")


class _Refusal(Exception):
    """Raised inside expat handlers; carries the Chinese reason."""


_DIGITS = "0123456789"
_TEXT_CELL_TYPES = frozenset(("str", "inlineStr", "e"))


class UsedArea:
    """One sheet's used range as it grows while a reader streams it, charged against the workbook's cell budget.

    The .xlsx, .ods and .xls checks all count the same way; ``grow`` gives the broken limit in words, and each
    caller names the sheet and raises its own refusal.
    """

    def __init__(self, limits: WorkbookLimits, budget: list[int], *, found: str = "有内容或格式") -> None:
        self.limits, self.budget, self.found = limits, budget, found
        self.max_rows = limits.rows + limits.title_rows
        self.row = self.col = self.counted = 0

    def grow(self, row: int, col: int) -> str | None:
        """The limit a cell at (row, col) — 1-based — breaks, or None."""
        limits = self.limits
        if row > self.max_rows:
            return f"第 {row} 行{self.found}，超过每个工作表 {limits.rows:,} 行数据（另加 {limits.title_rows} 行标题）的上限"
        if col > limits.columns:
            return f"第 {col} 列{self.found}，超过每个工作表 {limits.columns} 列的上限"
        if row > self.row or col > self.col:
            self.row, self.col = max(row, self.row), max(col, self.col)
            area = self.row * self.col
            self.budget[0] -= area - self.counted
            self.counted = area
            if self.budget[0] < 0:
                return f"已用区域的单元格总数超过 {limits.cells:,} 个的上限"
        return None


def _member_parser(limits: WorkbookLimits, budget: list[int]):
    """An expat parser whose handlers refuse what breaks a limit (raising _Refusal).

    Written as closures over local state and with text handling switched on only inside text elements:
    a 50,000-row roster has a million cells, and every handler call counts.
    """
    parser = expat.ParserCreate()
    max_rows = limits.rows + limits.title_rows
    max_cols = limits.columns
    depth = 0
    row = col = 0
    used = UsedArea(limits, budget)
    cell_type = None
    text_len = 0
    text_where = ""

    def doctype(*args):
        raise _Refusal("含有 DOCTYPE 声明（Excel 从不写入，可用于实体膨胀攻击）")

    def entity(*args):
        raise _Refusal("含有 XML 实体声明（可用于实体膨胀攻击）")

    def place(r: int, c: int) -> None:
        """Called when the used range grows (rarely): the limits and the workbook's cell budget."""
        problem = used.grow(r, c)
        if problem:
            raise _Refusal(problem)

    def cell_range(ref: str, what: str) -> int:
        first, _, last = ref.partition(":")
        r1, c1 = _parse_ref(first)
        r2, c2 = _parse_ref(last) if last else (r1, c1)
        if min(r1, c1, r2, c2) < 0:
            raise _Refusal(f"{what}“{ref[:40]}”不是有效的单元格区域")
        # A whole-column ('A:B') or whole-row ('1:3') range reaches the sheet's edge.
        r2, c2 = r2 or 1_048_576, c2 or 16_384
        if r2 > max_rows or c2 > max_cols:
            raise _Refusal(f"{what}“{ref[:40]}”超出每个工作表 {limits.rows:,} 行、{max_cols} 列的上限")
        return (r2 - (r1 or 1) + 1) * (c2 - (c1 or 1) + 1)

    def text(data: str) -> None:
        nonlocal text_len
        text_len += len(data)
        if text_len > limits.cell_chars:
            raise _Refusal(f"有一个单元格{text_where}超过 {limits.cell_chars:,} 个字符的上限")

    def start(name: str, attrs: dict) -> None:
        nonlocal depth, row, col, cell_type, text_len, text_where
        depth += 1
        if depth > limits.xml_depth:
            raise _Refusal(f"XML 嵌套超过 {limits.xml_depth} 层")
        if ":" in name:
            name = name.rpartition(":")[2]
        # The frequent elements first, each test as cheap as it can be.
        if name == "c":
            ref = attrs.get("r")
            if ref:
                letters = ref.rstrip(_DIGITS)
                col = _COLUMNS.get(letters, -1)
                digits = ref[len(letters):]
                row = int(digits) if digits.isdigit() and digits.isascii() else -1
                if row < 1 or col < 1:
                    row, col = _parse_ref(ref)     # '$A$1' or lower case: rare, the slow path
                    if row < 1 or col < 1:
                        raise _Refusal(f"单元格引用“{ref[:40]}”无效")
            else:
                col += 1
            if row > used.row or col > used.col:
                place(row, col)
            cell_type = attrs.get("t")
            text_len = 0
        elif name == "v":
            if cell_type in _TEXT_CELL_TYPES:
                text_where = f"（第 {row} 行第 {col} 列）"
                parser.CharacterDataHandler = text
        elif name == "t":
            parser.CharacterDataHandler = text
        elif name == "row":
            ref = attrs.get("r")
            if ref:
                if not (ref.isdigit() and ref.isascii()):
                    raise _Refusal(f"行号“{ref[:40]}”无效")
                row = int(ref)
            else:
                row += 1
            col = 0
            place(row, 1)
        elif name == "si":
            text_len, text_where = 0, ""
            budget[0] -= 1
            if budget[0] < 0:
                raise _Refusal(f"共享字符串超过 {limits.cells:,} 个的上限")
        elif name == "is":
            text_where = f"（第 {row} 行第 {col} 列）"
        elif name == "dimension":
            if cell_range(attrs.get("ref") or "A1", "声明的已用区域") > limits.cells:
                raise _Refusal(f"声明的已用区域“{attrs.get('ref')}”超过 {limits.cells:,} 个单元格的上限")
        elif name == "mergeCell":
            budget[0] -= cell_range(attrs.get("ref") or "", "合并单元格")
            if budget[0] < 0:
                raise _Refusal(f"合并单元格的总面积超过 {limits.cells:,} 个单元格的上限")

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1
        if parser.CharacterDataHandler is not None:
            parser.CharacterDataHandler = None

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    return parser


def _looks_like_xml(name: str, head: bytes) -> bool:
    if name.lower().endswith(_XML_SUFFIXES):
        return True
    head = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    return head.startswith(b"<")


def checked_workbook(source: str | Path | bytes, name: str | None = None,
                     limits: WorkbookLimits = LIMITS, *, member_parser=None, what: str = ".xlsx 工作簿") -> bytes:
    """The workbook's members, checked against ``limits``, repacked as the bytes of a stored (uncompressed) zip.

    ``source`` is a path or the workbook's bytes (a member of an exchange package); ``name`` is how the
    message names it. Raises WorkbookTooLarge (an InputError: exit status 2) naming the file, the part and
    the limit. Readers open the returned bytes, so they parse exactly what was checked.
    ``member_parser(limits, budget)`` replaces the .xlsx cell parser (an .ods has its own, ods_limits.py).
    """
    label = name or (Path(source).name if not isinstance(source, (bytes, bytearray)) else "工作簿")

    def refuse(reason: str) -> WorkbookTooLarge:
        return WorkbookTooLarge(f"“{label}”{reason}，已拒绝读取。请确认这是正常的 Excel 工作簿；"
                                "如果表格下方或右侧有大片设置了格式的空白区域，请删除这些行列后另存再试。")

    try:
        handle = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else open(source, "rb")
    except OSError as err:
        raise InputError(f"无法读取“{label}”：{err.strerror or err}。") from None
    out = io.BytesIO()
    try:
        with handle, zipfile.ZipFile(handle) as zf, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as packed:
            infos = zf.infolist()
            if len(infos) > limits.members:
                raise refuse(f"中有 {len(infos):,} 个内部文件，超过 {limits.members:,} 个的上限")
            declared = sum(info.file_size for info in infos)
            if declared > limits.uncompressed_bytes:
                raise refuse(f"解压后有 {declared / 1024 / 1024:,.0f} MB，超过 {limits.uncompressed_bytes // 1024 // 1024} MB 的上限"
                             "（可能是“压缩炸弹”）")
            names = [info.filename for info in infos]
            if len(set(names)) != len(names):
                raise refuse("中有重名的内部文件（不同程序会读到不同的内容）")
            if any(n == "xl/workbook.bin" or (n.startswith("xl/worksheets/") and n.endswith(".bin")) for n in names):
                # .xlsb: its cells are binary records this check cannot see, so no reader may have them.
                raise refuse("是 Excel 二进制工作簿（.xlsb），无法检查其内容；请另存为“Excel 工作簿（.xlsx）”")
            budget = [limits.cells]
            for info in infos:
                if info.is_dir():
                    continue
                _check_member(zf, info, limits, budget, packed, refuse, member_parser or _member_parser)
    except WorkbookTooLarge:
        raise
    except OSError as err:
        raise InputError(f"无法读取“{label}”：{err.strerror or err}。") from None
    except Exception as err:  # noqa: BLE001 - zipfile and zlib raise many types for a damaged archive
        raise InputError(f"无法打开“{label}”：无法作为 {what}打开（{type(err).__name__}），"
                         "文件可能已损坏或不是 Excel 文件。") from None
    return out.getvalue()


def _check_member(zf, info, limits: WorkbookLimits, budget: list[int], packed, refuse, member_parser) -> None:
    # zipfile stops at the declared size and checks the CRC, so the declared total above is the real bound.
    chunks = []
    with zf.open(info) as stream:
        head = stream.read(_CHUNK)
        chunks.append(head)
        parser = member_parser(limits, budget) if _looks_like_xml(info.filename, head) else None
        data = head
        try:
            while data:
                if parser is not None:
                    parser.Parse(data, False)
                data = stream.read(_CHUNK)
                if data:
                    chunks.append(data)
            if parser is not None:
                parser.Parse(b"", True)
        except _Refusal as err:
            raise refuse(f"的“{info.filename}”{err}") from None
        except expat.ExpatError as err:
            raise refuse(f"的“{info.filename}”不是完好的 XML（{expat.ErrorString(err.code)}，第 {err.lineno} 行）") from None
    packed.writestr(info.filename, b"".join(chunks))
