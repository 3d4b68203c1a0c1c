"""The title lines above a roster's header row (e.g. "示范镇第十八届人民代表大会代表名册"), read without the rows."""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook

from .roster_layout import HEADER_SEARCH_ROWS


def title_texts(path: str | Path) -> list[str]:
    """The text cells of the first sheet's first rows; [] when the file cannot be read (the import says why)."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_name(workbook.sheet_names[0])
        rows = sheet.to_python(skip_empty_area=False, nrows=HEADER_SEARCH_ROWS)
    except Exception:  # calamine raises its own error types for every kind of broken file
        return []
    return [value.strip() for row in rows for value in row if isinstance(value, str) and value.strip()]
