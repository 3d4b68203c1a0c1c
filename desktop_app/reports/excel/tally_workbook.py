"""The tally workbook (计票数据表) of docs/tally-workbook.md: read it (.xlsx, .xlsm, .xls or .ods, by content,
through the roster's reader), write it, count it.

Reading is strict: every cell that is not one of the documented values is an error naming the
sheet, the row and the column; all errors found (up to ``MAX_PROBLEMS``) are reported together.
选票编号 is stored as an int: '001', '１' and 1 are all ballot 1 (and so duplicates of each other);
a 选票编号 that is not a whole number is an error. Mark cells are compared after NFKC
normalisation (full-width → half-width) with surrounding spaces removed; the Latin letters O and
X are accepted in either case.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ...domain.ballots import (
    ABSTAIN,
    AGREE,
    BASICALLY_SATISFIED,
    KINDS,
    OPPOSE,
    SATISFIED,
    UNSATISFIED,
    BallotEntry,
    ItemSpec,
    count,
)
from ...errors import InputError
from .sheet_style import format_text_cells, grid, prepare_for_print
from .spreadsheet import open_spreadsheet
from .workbook_file import save_workbook

ITEMS_SHEET = "事项"
ITEM_HEADERS = ("事项编号", "事项名称", "类型", "应选人数", "全体代表人数", "发出票数", "允许另选他人", "收回票数")
# 收回票数 came later: workbooks written before it (and typed by hand) are read without it.
OPTIONAL_ITEM_HEADERS = ("允许另选他人", "收回票数")
SERIAL, WRITE_IN, VOID, MOTION = "选票编号", "另选他人", "作废", "表决"
MAX_PROBLEMS = 20

VOTE_VALUES = {
    **{v: AGREE for v in ("同意", "赞成", "○", "O", "〇", "√")},
    **{v: OPPOSE for v in ("反对", "×", "X")},
    **{v: ABSTAIN for v in ("弃权", "")},
}
RATING_VALUES = {"满意": SATISFIED, "基本满意": BASICALLY_SATISFIED, "不满意": UNSATISFIED, "弃权": ABSTAIN, "": ABSTAIN}
WRITE_VOTE = {AGREE: "同意", OPPOSE: "反对", ABSTAIN: "弃权"}
WRITE_RATING = {SATISFIED: "满意", BASICALLY_SATISFIED: "基本满意", UNSATISFIED: "不满意", ABSTAIN: "弃权"}
YES_NO = {"是": True, "否": False, "": False}
WRITE_IN_SEPARATORS = ("、", ",")  # '，' is ',' after NFKC
_FORBIDDEN_SHEET_CHARS = set("[]:*?/\\")


class TallyWorkbookError(InputError):
    """The workbook is malformed; ``problems`` lists every Chinese message (sheet, row, column)."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        head = "计票数据表有错误，未统计：" if len(problems) > 1 else ""
        super().__init__(head + ("\n" if head else "") + "\n".join(problems))


class _Problems:
    """Collects error messages; stops reading once there are too many to be useful."""

    def __init__(self):
        self.items: list[str] = []

    def add(self, message: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(message)

    def __bool__(self) -> bool:
        return bool(self.items)

    @property
    def full(self) -> bool:
        return len(self.items) >= MAX_PROBLEMS


def clean(value) -> str:
    """A cell as normalised text: None → '', integral floats without '.0', NFKC, spaces stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def plain(value) -> str:
    """A cell as text kept as typed (names, codes): only surrounding spaces removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _where(sheet: str, row: int, col: int, header: str | None = None) -> str:
    column = f"“{header}”列（{get_column_letter(col)} 列）" if header else f"{get_column_letter(col)} 列"
    return f"工作表“{sheet}”第 {row} 行{column}"


def _whole_number(value) -> int | None:
    """The cell as a non-negative whole number, None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    text = clean(value)
    return int(text) if text.isascii() and text.isdigit() else None


def _rows(sheet):
    """(row number, tuple of values) for every row of ``sheet`` (a spreadsheet.Sheet) that is not fully empty."""
    for number, values in enumerate(sheet.rows, 1):
        if any(clean(v) for v in values):
            yield number, tuple(values)


CSV_REFUSAL = ("计票数据表有多个工作表（“事项”和每个事项一张），CSV 只能保存一张；"
               "请使用导出的 Excel 工作簿（.xlsx 或 .xls）或 .ods。")


class _Book:
    """The sheets of an opened tally workbook, by name (each read once, when first asked for)."""

    def __init__(self, book):
        self.book = book
        self.sheetnames = book.sheet_names
        self._sheets: dict = {}

    def __getitem__(self, name: str):
        if name not in self._sheets:
            self._sheets[name] = self.book.sheet(name)
        return self._sheets[name]


def _open(path: Path) -> _Book:
    """The workbook (.xlsx, .xlsm, .xls or .ods, by content) after the bounds check of its kind."""
    try:
        return _Book(open_spreadsheet(path, csv_refusal=CSV_REFUSAL))
    except InputError as err:
        raise TallyWorkbookError([str(err).rstrip("。")]) from None


def read_workbook(path, *, project_rule: str = "majority") -> list[tuple[ItemSpec, list[BallotEntry]]]:
    """Read every item and its ballots; raises TallyWorkbookError (an InputError) naming sheet/row/column."""
    path = Path(path)
    wb = _open(path)
    problems = _Problems()
    try:
        items = _read_items(wb, problems, project_rule)
        out = []
        for spec, row in items:
            if spec.code not in wb.sheetnames:
                problems.add(f"工作表“{ITEMS_SHEET}”第 {row} 行“事项编号”列：缺少名为“{spec.code}”的选票工作表")
                continue
            full, entries = _read_ballots(wb[spec.code], spec, problems)
            if full is not None:
                out.append((full, entries))
    except TallyWorkbookError:
        raise
    except InputError as err:     # a damaged sheet, found when it is read
        problems.add(str(err).rstrip("。"))
    if problems:
        raise TallyWorkbookError(problems.items)
    return out


def _header_map(values, sheet: str, problems: _Problems, required, optional=()) -> dict[str, int] | None:
    """Header name → 0-based column index; reports missing or repeated headers."""
    found: dict[str, int] = {}
    for index, value in enumerate(values or ()):
        name = clean(value)
        if not name:
            continue
        if name in found:
            problems.add(f"工作表“{sheet}”第 1 行：表头“{name}”出现了两次（{get_column_letter(index + 1)} 列）")
            return None
        found[name] = index
    missing = [h for h in required if h not in found and h not in optional]
    if missing:
        problems.add(f"工作表“{sheet}”第 1 行：缺少表头" + "、".join(f"“{h}”" for h in missing))
        return None
    return found


def _read_items(wb, problems: _Problems, project_rule: str) -> list[tuple[ItemSpec, int]]:
    if ITEMS_SHEET not in wb.sheetnames:
        problems.add(f"工作簿中没有“{ITEMS_SHEET}”工作表（每个表决事项一行，表头见计票数据表说明）")
        return []
    ws = wb[ITEMS_SHEET]
    rows = _rows(ws)
    first = next(rows, None)
    if first is None or first[0] != 1:
        problems.add(f"工作表“{ITEMS_SHEET}”第 1 行：缺少表头" + "、".join(f"“{h}”" for h in ITEM_HEADERS))
        return []
    columns = _header_map(first[1], ITEMS_SHEET, problems, ITEM_HEADERS, OPTIONAL_ITEM_HEADERS)
    if columns is None:
        return []
    items: list[tuple[ItemSpec, int]] = []
    seen: dict[str, int] = {}
    for number, values in rows:
        spec = _read_item_row(values, number, columns, problems, project_rule)
        if spec is None:
            continue
        if spec.code in seen:
            col = columns["事项编号"] + 1
            problems.add(f"{_where(ITEMS_SHEET, number, col, '事项编号')}：事项编号“{spec.code}”与第 {seen[spec.code]} 行重复")
            continue
        seen[spec.code] = number
        items.append((spec, number))
    if not items and not problems:
        problems.add(f"工作表“{ITEMS_SHEET}”没有任何事项")
    return items


def _read_item_row(values, number: int, columns: dict[str, int], problems: _Problems, project_rule: str):
    def cell(header):
        index = columns.get(header)
        return (values[index] if index is not None and index < len(values) else None), (index or 0) + 1

    before = len(problems.items)
    code_value, code_col = cell("事项编号")
    code = plain(code_value)
    if not code:
        problems.add(f"{_where(ITEMS_SHEET, number, code_col, '事项编号')}：事项编号为空")
    elif code == ITEMS_SHEET or len(code) > 31 or set(code) & _FORBIDDEN_SHEET_CHARS:
        problems.add(f"{_where(ITEMS_SHEET, number, code_col, '事项编号')}：“{code}”不能用作工作表名称")
    name = plain(cell("事项名称")[0]) or code
    kind_value, kind_col = cell("类型")
    kind = clean(kind_value)
    if kind not in KINDS:
        problems.add(f"{_where(ITEMS_SHEET, number, kind_col, '类型')}：未知的类型“{kind}”，应为" + "、".join(KINDS))
    numbers = {}
    for header in ("应选人数", "全体代表人数", "发出票数"):
        value, col = cell(header)
        if header == "应选人数" and kind not in ("选举", "票决"):
            if clean(value) and _whole_number(value) is None:
                problems.add(f"{_where(ITEMS_SHEET, number, col, header)}：“{clean(value)}”不是整数")
            numbers[header] = None  # 表决 and 测评 have no seats, whatever was typed
            continue
        parsed = _whole_number(value)
        if not clean(value):
            problems.add(f"{_where(ITEMS_SHEET, number, col, header)}：{header}为空")
        elif parsed is None or (header == "应选人数" and parsed < 1):
            problems.add(f"{_where(ITEMS_SHEET, number, col, header)}：“{clean(value)}”不是有效的{header}（应为正整数）")
        numbers[header] = parsed
    write_in_value, write_in_col = cell("允许另选他人")
    allow = YES_NO.get(clean(write_in_value))
    if allow is None:
        problems.add(f"{_where(ITEMS_SHEET, number, write_in_col, '允许另选他人')}：应填“是”或“否”，不是“{clean(write_in_value)}”")
    elif allow and kind in KINDS and kind != "选举":
        problems.add(f"{_where(ITEMS_SHEET, number, write_in_col, '允许另选他人')}：只有选举事项可以另选他人")
    collected_value, collected_col = cell("收回票数")
    collected = _whole_number(collected_value) if clean(collected_value) else None
    if clean(collected_value) and collected is None:
        problems.add(f"{_where(ITEMS_SHEET, number, collected_col, '收回票数')}：“{clean(collected_value)}”不是有效的收回票数"
                     "（应为整数，未清点时留空）")
    if len(problems.items) > before or problems.full:
        return None
    # Candidates come from the ballot sheet's header; the spec is completed there.
    return ItemSpec(
        code=code,
        name=name,
        kind=kind,
        seats=numbers["应选人数"],
        total_deputies=numbers["全体代表人数"],
        issued=numbers["发出票数"],
        allow_write_in=bool(allow),
        candidates=(),
        project_rule=project_rule,
        collected=collected,
    )


def _ballot_columns(header_values, spec: ItemSpec, problems: _Problems):
    """(candidate names, {column index: candidate index}, serial col, write-in col, void col) or None."""
    sheet = spec.code
    headers = [plain(v) for v in (header_values or ())]
    while headers and not headers[-1]:
        headers.pop()
    keys = [clean(h) for h in headers]  # the fixed headers may be typed full-width
    if not headers or keys[0] != SERIAL:
        problems.add(f"工作表“{sheet}”第 1 行 A 列：表头应为“{SERIAL}”")
        return None
    candidates: list[str] = []
    mark_cols: list[int] = []
    write_in_col = void_col = None
    ok = True
    for index, name in enumerate(headers[1:], start=1):
        letter = get_column_letter(index + 1)
        key = keys[index]
        if not name:
            problems.add(f"工作表“{sheet}”第 1 行 {letter} 列：表头为空（每个候选人或项目一列，表头为其名称）")
            ok = False
        elif key == SERIAL:
            problems.add(f"工作表“{sheet}”第 1 行 {letter} 列：“{SERIAL}”出现了两次")
            ok = False
        elif key == WRITE_IN:
            if spec.kind != "选举":
                problems.add(f"工作表“{sheet}”第 1 行 {letter} 列：{spec.kind}事项没有“另选他人”")
                ok = False
            write_in_col = index
        elif key == VOID:
            void_col = index
        elif name in candidates:
            problems.add(f"工作表“{sheet}”第 1 行 {letter} 列：“{name}”出现了两次")
            ok = False
        else:
            candidates.append(name)
            mark_cols.append(index)
    if ok and not candidates:
        what = f"“{MOTION}”列" if spec.kind == "表决" else "候选人（项目）列"
        problems.add(f"工作表“{sheet}”第 1 行：缺少{what}")
        ok = False
    if ok and spec.kind == "表决" and len(candidates) != 1:
        problems.add(f"工作表“{sheet}”第 1 行：表决事项只能有一列“{MOTION}”，现有 " + "、".join(candidates))
        ok = False
    if not ok:
        return None
    return candidates, mark_cols, write_in_col, void_col


def _read_ballots(ws, spec: ItemSpec, problems: _Problems) -> tuple[ItemSpec | None, list[BallotEntry]]:
    """The item completed with its candidates (from the header) and its ballots; (None, []) on a bad header."""
    rows = _rows(ws)
    first = next(rows, None)
    if first is None or first[0] != 1:
        problems.add(f"工作表“{spec.code}”第 1 行：缺少表头（{SERIAL}、各候选人或项目、{VOID}）")
        return None, []
    layout = _ballot_columns(first[1], spec, problems)
    if layout is None:
        return None, []
    candidates, mark_cols, write_in_col, void_col = layout
    headers = [plain(v) for v in first[1]]
    try:
        spec = dataclasses.replace(spec, candidates=() if spec.kind == "表决" else tuple(candidates))
    except ValueError as err:
        problems.add(f"工作表“{spec.code}”第 1 行：{err}")
        return None, []
    values_map = RATING_VALUES if spec.kind == "测评" else VOTE_VALUES
    allowed = "、".join(v for v in values_map if v) + " 或空白"
    entries: list[BallotEntry] = []
    seen: dict[int, int] = {}
    for number, values in rows:
        if problems.full:
            break
        serial = _whole_number(values[0] if values else None)
        if serial is not None and serial in seen:
            problems.add(f"{_where(spec.code, number, 1, SERIAL)}：选票编号 {serial} 与第 {seen[serial]} 行重复")
            continue
        if serial is not None:
            seen[serial] = number
        entry = _read_ballot_row(spec, values, number, headers, mark_cols, write_in_col, void_col, values_map, allowed, problems)
        if entry is not None:
            entries.append(entry)
    return spec, entries


def _read_ballot_row(spec, values, number, headers, mark_cols, write_in_col, void_col, values_map, allowed, problems):
    sheet = spec.code

    def at(index):
        return values[index] if index is not None and index < len(values) else None

    ok = True
    raw_serial = at(0)
    serial = _whole_number(raw_serial)
    if not clean(raw_serial):
        problems.add(f"{_where(sheet, number, 1, SERIAL)}：选票编号为空")
        ok = False
    elif serial is None or serial < 1:
        problems.add(f"{_where(sheet, number, 1, SERIAL)}：“{clean(raw_serial)}”不是有效的选票编号（应为正整数，如 1 或 001）")
        ok = False
    marks = []
    for index in mark_cols:
        text = clean(at(index))
        mark = values_map.get(text)
        if mark is None:
            mark = values_map.get(text.upper())
        if mark is None:
            problems.add(f"{_where(sheet, number, index + 1, headers[index])}：无法识别“{text}”，应为 {allowed}")
            ok = False
        marks.append(mark or ABSTAIN)
    void_text = clean(at(void_col))
    void = YES_NO.get(void_text)
    if void is None:
        problems.add(f"{_where(sheet, number, void_col + 1, VOID)}：应填“是”或留空，不是“{void_text}”")
        ok = False
    write_ins: tuple[str, ...] = ()
    text = clean(at(write_in_col))
    if text:
        if not spec.allow_write_in:
            problems.add(f"{_where(sheet, number, write_in_col + 1, WRITE_IN)}：本事项不允许另选他人")
            ok = False
        for sep in WRITE_IN_SEPARATORS[1:]:
            text = text.replace(sep, WRITE_IN_SEPARATORS[0])
        write_ins = tuple("".join(part.split()) for part in text.split(WRITE_IN_SEPARATORS[0]) if part.strip())
    if not ok:
        return None
    return BallotEntry(serial=serial, marks="".join(marks), write_ins=write_ins, void=bool(void))


def tally_workbook(path, *, project_rule: str = "majority") -> dict:
    """Read and count a workbook: ``{"items": [count(...) per item, in sheet order]}``."""
    return {"items": [count(spec, entries) for spec, entries in read_workbook(path, project_rule=project_rule)]}


def write_workbook(path, items) -> None:
    """Write ``[(ItemSpec, [BallotEntry])]`` in the documented layout (atomically), readable by ``read_workbook``."""
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = ITEMS_SHEET
    _write_header(ws, ITEM_HEADERS)
    for spec, _ in items:
        _check_sheet_name(spec.code)
        ws.append(
            [
                spec.code,
                spec.name,
                spec.kind,
                spec.seats if spec.kind in ("选举", "票决") else None,
                spec.total_deputies,
                spec.issued,
                "是" if spec.allow_write_in else "否",
                spec.collected,
            ]
        )
    for index, width in enumerate((10, 36, 8, 10, 14, 10, 14, 10), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    _finish_sheet(ws, "计票数据表 — 事项")
    for spec, entries in items:
        sheet = wb.create_sheet(spec.code)
        _write_ballot_sheet(sheet, spec, entries)
        _finish_sheet(sheet, f"计票数据表 — {spec.code} {spec.name}", max(len(entries) + 1, spec.issued + 1, 2))
    save_workbook(wb, path)


def _finish_sheet(ws, title: str, last_row: int | None = None) -> None:
    """文本 for 事项编号/选票编号 (a typed 001 stays 001), thin borders over the rows to fill, print setup."""
    format_text_cells(ws)
    grid(ws, last_row or ws.max_row, ws.max_column)
    prepare_for_print(ws, title=title, freeze="B2")


def _check_sheet_name(code: str) -> None:
    if not code or code == ITEMS_SHEET or len(code) > 31 or set(code) & _FORBIDDEN_SHEET_CHARS:
        raise InputError(f"事项编号“{code}”不能用作工作表名称（不超过 31 个字符，不含 []:*?/\\，不能叫“{ITEMS_SHEET}”）")


def _write_header(ws, headers) -> None:
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.freeze_panes = "B2"


def _write_ballot_sheet(ws, spec: ItemSpec, entries) -> None:
    names = [MOTION] if spec.kind == "表决" else list(spec.candidates)
    headers = [SERIAL, *names] + ([WRITE_IN] if spec.allow_write_in else []) + [VOID]
    _write_header(ws, headers)
    labels = WRITE_RATING if spec.kind == "测评" else WRITE_VOTE
    width = len(names)
    for entry in sorted(entries, key=lambda e: e.serial):
        marks = entry.marks if len(entry.marks) == width else ABSTAIN * width
        row = [entry.serial, *(labels[m] for m in marks)]
        if spec.allow_write_in:
            row.append("、".join(entry.write_ins) or None)
        row.append("是" if entry.void else None)
        ws.append(row)
    # A drop-down helps a second team typing into Excel; other documented values stay allowed.
    last_row = max(len(entries) + 1, spec.issued + 1, 2)
    choices = ",".join(labels[m] for m in (labels.keys()))
    dv = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True, errorStyle="warning")
    dv.add(f"B2:{get_column_letter(width + 1)}{last_row}")
    void_dv = DataValidation(type="list", formula1='"是"', allow_blank=True, errorStyle="warning")
    void_letter = get_column_letter(len(headers))
    void_dv.add(f"{void_letter}2:{void_letter}{last_row}")
    if width:
        ws.add_data_validation(dv)
    ws.add_data_validation(void_dv)
    ws.column_dimensions["A"].width = 10
    for index in range(2, len(headers) + 1):
        ws.column_dimensions[get_column_letter(index)].width = max(8, 2.2 * len(headers[index - 1]) + 2)
