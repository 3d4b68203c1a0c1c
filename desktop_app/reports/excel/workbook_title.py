"""The title lines above a roster's header row (e.g. "示范镇第十八届人民代表大会代表名册"), read without the rows."""

from __future__ import annotations

import io
from pathlib import Path

from python_calamine import CalamineWorkbook

from .roster_layout import HEADER_SEARCH_ROWS
from .workbook_limits import checked_workbook, is_reader_failure


def title_texts(path: str | Path) -> list[str]:
    """The text cells of the first sheet's first rows; [] when the file cannot be read (the import says why).

    The file goes through the same bounds check as the import first: InputError naming the limit for a
    workbook no reader may open (a far cell, a bomb…), which would otherwise take the process down here.
    """
    path = Path(path)
    if not path.exists() or path.suffix.lower() not in (".xlsx", ".xlsm"):
        return []
    data = checked_workbook(path)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_name(workbook.sheet_names[0])
        rows = sheet.to_python(skip_empty_area=False, nrows=HEADER_SEARCH_ROWS)
    except BaseException as err:  # calamine's own error types, or a Rust panic, for a damaged file
        if not is_reader_failure(err):
            raise
        return []
    return [value.strip() for row in rows for value in row if isinstance(value, str) and value.strip()]
