"""Saving a workbook: text typed by a clerk never becomes a formula, and a failed save leaves nothing behind.

openpyxl stores any string that starts with ``=`` as a formula, and Excel turns text starting with ``+``,
``-`` or ``@`` into one as soon as the cell is edited. Such text is written as a string cell with Excel's
quote prefix (the leading apostrophe of a typed ``'=…``), so it shows, prints and reads back exactly as typed.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.cell import WriteOnlyCell

from ...fileio import atomic_path

FORMULA_PREFIXES = frozenset("=+-@")


def looks_like_formula(value) -> bool:
    return value.__class__ is str and value[:1] in FORMULA_PREFIXES


def as_text(ws, value):
    """For a write-only sheet: ``value`` itself, or a text cell holding it when it would start a formula."""
    if value.__class__ is str and value[:1] in FORMULA_PREFIXES:
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    return value


def text_row(ws, values) -> list:
    """A row for ``ws.append`` on a write-only sheet with formula-like text kept as text."""
    return [as_text(ws, value) for value in values]


def keep_text(wb) -> None:
    """In a normal (not write-only) workbook, turn every formula-like string cell back into text."""
    for ws in wb.worksheets:
        for cell in ws._cells.values():   # the cells that exist; iter_rows would create the empty ones
            if looks_like_formula(cell._value):
                cell.data_type = "s"
                cell.quotePrefix = True


def save_workbook(wb, path: str | Path) -> Path:
    """Save ``wb`` to ``path`` atomically (a temporary name, then renamed), with formula-like text kept as text.

    When saving fails (a full disk, a read-only folder) a write-only workbook's sheets are closed at once,
    or openpyxl complains about closed files when they are collected, after the clerk's message.
    """
    if not wb.write_only:
        keep_text(wb)
    try:
        with atomic_path(path) as tmp:
            wb.save(tmp)
    except BaseException:
        close_sheets(wb)
        raise
    return Path(path)


def close_sheets(wb) -> None:
    """Finish a write-only workbook's sheet writers (best effort, on the way out of an error)."""
    if not wb.write_only:
        return
    for sheet in wb.worksheets:
        try:
            sheet.close()
        except Exception:  # noqa: BLE001 - the error that brought us here is the one to report
            pass
