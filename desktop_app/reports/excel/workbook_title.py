"""The title lines above a roster's header row (e.g. "示范镇第十八届人民代表大会代表名册"), read without the rows."""

from __future__ import annotations

from pathlib import Path

from ...errors import InputError
from .roster_layout import HEADER_SEARCH_ROWS
from .spreadsheet import open_spreadsheet
from .workbook_limits import WorkbookTooLarge


def title_texts(path: str | Path) -> list[str]:
    """The text cells of the first sheet's first rows; [] when the file cannot be read (the import says why).

    The file goes through the same bounds check as the import first: InputError naming the limit for a
    workbook no reader may open (a far cell, a bomb…), which would otherwise take the process down here.
    """
    path = Path(path)
    if not path.is_file():
        return []
    try:
        book = open_spreadsheet(path, allow_csv=True)
        rows = book.sheet(book.sheet_names[0], HEADER_SEARCH_ROWS).rows if book.sheet_names else []
    except WorkbookTooLarge:
        raise
    except InputError:
        return []
    return [value.strip() for row in rows for value in row if isinstance(value, str) and value.strip()]
