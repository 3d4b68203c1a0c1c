"""Read an incoming .csv (UTF-8 with or without BOM, or GBK as Excel and WPS save it on Chinese Windows) into
rows of text, within the workbook limits: the file size before decoding, rows and columns while reading."""

from __future__ import annotations

import csv
import io

from ...errors import InputError
from .workbook_limits import LIMITS, WorkbookLimits, WorkbookTooLarge

ENCODINGS = (("utf-8-sig", "UTF-8"), ("gb18030", "GBK"))


def decode(data: bytes, label: str) -> tuple[str, str]:
    """(text, the encoding's name): UTF-8 when the bytes are valid UTF-8, else GBK (read as GB 18030, which
    also holds rare characters such as 䶮); InputError naming the file when it is neither."""
    for codec, shown in ENCODINGS:
        try:
            return data.decode(codec), shown
        except UnicodeDecodeError:
            continue
    raise InputError(f"无法读取“{label}”：文件既不是 UTF-8 也不是 GBK 编码的文本。"
                     "请在 Excel/WPS 中打开后另存为“Excel 工作簿（.xlsx）”再导入。")


def _dialect(text: str) -> str:
    """The separator: a tab when the first line has more tabs than commas (Excel's 文本文件(制表符分隔))."""
    first = text.split("\n", 1)[0]
    return "\t" if first.count("\t") > first.count(",") else ","


def read_csv(data: bytes, label: str, limits: WorkbookLimits = LIMITS) -> list[list[str]]:
    """Every row of the file as a list of strings (empty cells as ''); WorkbookTooLarge when a limit breaks."""
    if len(data) > limits.file_bytes:
        raise WorkbookTooLarge(f"“{label}”有 {len(data) / 1024 / 1024:,.0f} MB，超过 "
                               f"{limits.file_bytes // 1024 // 1024} MB 的上限，已拒绝读取。")
    text, _ = decode(data, label)
    max_rows = limits.rows + limits.title_rows
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text))
    try:
        for number, row in enumerate(reader, 1):
            if number > max_rows:
                raise WorkbookTooLarge(f"“{label}”超过 {limits.rows:,} 行数据（另加 {limits.title_rows} 行标题）的上限，"
                                       "已拒绝读取。")
            while row and not row[-1].strip():
                row.pop()
            if len(row) > limits.columns:
                raise WorkbookTooLarge(f"“{label}”第 {number} 行有 {len(row)} 列，超过 {limits.columns} 列的上限，已拒绝读取。")
            for index, cell in enumerate(row, 1):
                if len(cell) > limits.cell_chars:
                    raise WorkbookTooLarge(f"“{label}”第 {number} 行第 {index} 列超过 {limits.cell_chars:,} 个字符的上限，"
                                           "已拒绝读取。")
            rows.append(row)
    except csv.Error as err:
        # csv refuses a field longer than its own limit (131,072 characters) or a NUL byte.
        raise InputError(f"无法读取“{label}”第 {reader.line_num} 行：不是有效的 CSV 文本（{err}）。") from None
    return rows
