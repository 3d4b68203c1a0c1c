"""Open an incoming spreadsheet by its content: .xlsx/.xlsm, .xls, .ods and, where the caller takes one, .csv.

Each kind is checked against the workbook limits before a parser sees it (workbook_limits for .xlsx,
ods_limits, xls_limits, csv_table while reading), then python-calamine reads the bytes that were checked.
A file that is something else is refused with a Chinese sentence naming what it really is.

    book = open_spreadsheet("名册.xls", allow_csv=True)
    for name in book.sheet_names:
        sheet = book.sheet(name)        # rows of Python values from A1, merged ranges
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputError
from .csv_table import read_csv
from .file_sniff import FileKind, renamed_note, sniff
from .ods_limits import checked_ods
from .workbook_limits import LIMITS, WorkbookLimits, WorkbookTooLarge, checked_workbook, is_reader_failure
from .xls_limits import check_xls

ACCEPTED = "Excel 工作簿（.xlsx、.xlsm、.xls）或 OpenDocument 电子表格（.ods）"
ACCEPTED_WITH_CSV = "Excel 工作簿（.xlsx、.xlsm、.xls）、OpenDocument 电子表格（.ods）或 CSV 文本（.csv）"


@dataclass
class Sheet:
    """One sheet's rows from A1 (row 1 first, each a list of values) and its merged ranges as
    (min_col, min_row, max_col, max_row), 1-based."""

    name: str
    rows: list[list]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


class Spreadsheet:
    """An opened, checked file: its sheet names, each sheet read on demand."""

    def __init__(self, label: str, kind: FileKind, sheet_names: list[str], loader, note: str | None = None):
        self.label = label
        self.kind = kind
        self.sheet_names = sheet_names
        self.note = note               # "实际上是…但扩展名是…" when the name lied about the content
        self._loader = loader

    def sheet(self, name: str, nrows: int | None = None) -> Sheet:
        """The sheet ``name`` (its first ``nrows`` rows when given); InputError for a damaged sheet."""
        return self._loader(name, nrows)


def _refusal(path: Path, kind: FileKind, accepted: str, csv_refusal: str | None) -> InputError:
    if kind.kind == "encrypted":
        return InputError(f"无法打开“{path.name}”：{kind.label}。请在 Excel/WPS 中取消打开密码后另存，再导入。")
    if kind.kind == "csv":
        return InputError(f"无法打开“{path.name}”：这是一个文本（CSV）文件。{csv_refusal or ''}")
    hint = ("请在 Excel/WPS 中打开它，另存为“Excel 工作簿（.xlsx）”后再导入。" if "网页" in kind.label or "XML" in kind.label
            else "请确认选择了正确的文件。")
    return InputError(f"无法打开“{path.name}”：{kind.label}，不是电子表格。只能读取{accepted}；{hint}")


def _read_bytes(path: Path, limits: WorkbookLimits) -> bytes:
    if not path.is_file():
        raise InputError(f"找不到文件“{path}”。")
    try:
        size = path.stat().st_size
        if size > limits.file_bytes:
            raise WorkbookTooLarge(f"“{path.name}”有 {size / 1024 / 1024:,.0f} MB，超过 "
                                   f"{limits.file_bytes // 1024 // 1024} MB 的上限，已拒绝读取。")
        return path.read_bytes()
    except OSError as err:
        raise InputError(f"无法打开“{path.name}”：{err.strerror or err}。") from None


def _damaged(label: str, err: BaseException) -> InputError:
    return InputError(f"无法打开“{label}”：文件已损坏，无法读取（{type(err).__name__}：{str(err)[:200]}）。"
                      "请在 Excel/WPS 中打开它并另存一份再试。")


def _calamine(label: str, kind: FileKind, data: bytes, note: str | None) -> Spreadsheet:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(workbook.sheet_names)
    except BaseException as err:
        # calamine raises its own error types for every kind of broken file, and a Rust panic arrives as a
        # BaseException (pyo3's PanicException); both are a damaged file, not a bug of this program.
        if not is_reader_failure(err):
            raise
        raise _damaged(label, err) from None

    def load(name: str, nrows: int | None) -> Sheet:
        try:
            sheet = workbook.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False, nrows=nrows) if nrows else \
                sheet.to_python(skip_empty_area=False)
            ranges = sheet.merged_cell_ranges or []
        except BaseException as err:
            if not is_reader_failure(err):
                raise
            raise _damaged(label, err) from None
        merges = [(c1 + 1, r1 + 1, c2 + 1, r2 + 1) for (r1, c1), (r2, c2) in ranges]
        return Sheet(name, [list(row) for row in rows], merges)

    return Spreadsheet(label, kind, names, load, note)


def open_spreadsheet(path: str | Path, *, allow_csv: bool = False, csv_refusal: str | None = None,
                     limits: WorkbookLimits = LIMITS) -> Spreadsheet:
    """Open ``path`` by what it contains (not its extension), after the bounds check of its kind.

    A .csv is one sheet named after the file; without ``allow_csv`` it is refused with ``csv_refusal``.
    Raises InputError (exit status 2) naming the file: not found, too large, damaged, or not a spreadsheet.
    """
    path = Path(path)
    data = _read_bytes(path, limits)
    kind = sniff(data)
    accepted = ACCEPTED_WITH_CSV if allow_csv else ACCEPTED
    if not kind.readable or (kind.kind == "csv" and not allow_csv):
        raise _refusal(path, kind, accepted, csv_refusal)
    note = renamed_note(path, kind)
    label = path.name
    if kind.kind == "csv":
        rows = read_csv(data, label, limits)
        return Spreadsheet(label, kind, [path.stem], lambda name, nrows: Sheet(name, rows[:nrows] if nrows else rows),
                           note)
    if kind.kind == "xlsx":
        data = checked_workbook(data, label, limits)
    elif kind.kind == "ods":
        data = checked_ods(data, label, limits)
    else:
        check_xls(data, label, limits)
    return _calamine(label, kind, data, note)
