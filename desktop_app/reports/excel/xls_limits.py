"""The bounds check of an incoming .xls (BIFF5/BIFF8 in an OLE container) before python-calamine parses it.

calamine reads every sheet of an .xls when it opens the file and sizes each sheet's grid from the cells it
finds, so a tiny file with one cell at IV65536 on each of a hundred sheets asks for tens of gigabytes. This
walks the workbook stream's records first (a few lines per record, no cell values decoded): every cell's
row and column, the merged ranges and the shared-string count against the same limits as an .xlsx.
"""

from __future__ import annotations

import struct

from .workbook_limits import LIMITS, UsedArea, WorkbookLimits, WorkbookTooLarge

BOF, EOF, FILEPASS, SST, MERGEDCELLS, BOUNDSHEET = 0x0809, 0x000A, 0x002F, 0x00FC, 0x00E5, 0x0085
# Records that place one cell: row (u16), column (u16) first.
_ONE_CELL = frozenset((0x0006, 0x00FD, 0x0203, 0x027E, 0x0205, 0x0204, 0x00D6, 0x0201, 0x0406))
# MULRK, MULBLANK: row, first column, …, last column (u16 at the end).
_MANY_CELLS = frozenset((0x00BD, 0x00BE))


def _refuse(label: str, reason: str) -> WorkbookTooLarge:
    return WorkbookTooLarge(f"“{label}”{reason}，已拒绝读取。请确认这是正常的 Excel 工作簿；"
                            "如果表格下方或右侧有大片设置了格式的空白区域，请删除这些行列后另存再试。")


def workbook_stream(data: bytes, label: str) -> bytes:
    """The BIFF workbook stream of an .xls; WorkbookTooLarge for a container olefile cannot read."""
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            name = "Workbook" if ole.exists("Workbook") else "Book"
            return ole.openstream(name).read()
    except Exception as err:  # noqa: BLE001 - olefile raises several types for a damaged container
        raise _refuse(label, f"不是完好的 .xls 文件（{type(err).__name__}）") from None


def _records(stream: bytes, pos: int):
    """(kind, body) of each record from ``pos`` up to and including the substream's EOF record."""
    size = len(stream)
    while pos + 4 <= size:
        kind, length = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4:pos + 4 + length]
        pos += 4 + length
        yield kind, body
        if kind == EOF:
            return


def check_xls(data: bytes, label: str, limits: WorkbookLimits = LIMITS) -> None:
    """Raise WorkbookTooLarge (an InputError) naming ``label`` when the .xls breaks a limit or is encrypted.

    Each sheet is walked from where the workbook's sheet list (BOUNDSHEET records) says it starts, as the
    reader will find it, not in file order: a sheet hidden inside another record's bytes is checked too.
    """
    stream = workbook_stream(data, label)
    offsets = []
    for kind, body in _records(stream, 0):
        if kind == FILEPASS:
            raise WorkbookTooLarge(f"“{label}”设置了打开密码（已加密），无法读取。请在 Excel/WPS 中取消密码后另存再试。")
        if kind == SST and len(body) >= 8:
            unique = struct.unpack_from("<I", body, 4)[0]
            if unique > limits.cells:
                raise _refuse(label, f"声明了 {unique:,} 个共享字符串，超过 {limits.cells:,} 个的上限")
        elif kind == BOUNDSHEET and len(body) >= 4:
            offsets.append(struct.unpack_from("<I", body, 0)[0])
    budget = [limits.cells]
    for sheet, offset in enumerate(offsets, 1):
        _check_sheet(stream, offset, sheet, label, limits, budget)


def _check_sheet(stream: bytes, offset: int, sheet: int, label: str, limits: WorkbookLimits,
                 budget: list[int]) -> None:
    max_rows = limits.rows + limits.title_rows
    used = UsedArea(limits, budget)
    for kind, body in _records(stream, offset):
        if kind in _ONE_CELL and len(body) >= 4:
            row, first = struct.unpack_from("<HH", body, 0)
            last = first
        elif kind in _MANY_CELLS and len(body) >= 6:
            row, first = struct.unpack_from("<HH", body, 0)
            last = struct.unpack_from("<H", body, len(body) - 2)[0]
        elif kind == MERGEDCELLS and len(body) >= 2:
            count = struct.unpack_from("<H", body, 0)[0]
            for i in range(min(count, (len(body) - 2) // 8)):
                r1, r2, c1, c2 = struct.unpack_from("<HHHH", body, 2 + 8 * i)
                if r2 + 1 > max_rows or c2 + 1 > limits.columns:
                    raise _refuse(label, f"的第 {sheet} 个工作表有超出 {limits.rows:,} 行、{limits.columns} 列上限的合并单元格")
                budget[0] -= (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)
            if budget[0] < 0:
                raise _refuse(label, f"合并单元格的总面积超过 {limits.cells:,} 个单元格的上限")
            continue
        else:
            continue
        row += 1
        col = max(first, last) + 1
        problem = used.grow(row, col)
        if problem:
            raise _refuse(label, problem if problem.startswith("已用") else f"的第 {sheet} 个工作表{problem}")
