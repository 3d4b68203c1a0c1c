"""代表结构统计: the roster's numbers gathered once, written as the county's Excel form or an official-format PDF.

The 代表名册 page's 结构统计 buttons and ``export statistics`` both call :func:`export_statistics`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlite_utils

from ..db import settings
from ..db.deputies import list_deputies
from ..db.terms import current_term, get_term
from ..domain.roster import structure_statistics
from ..reports.structure import StructureReport
from .file_kinds import suffix_of

SUFFIXES = (".xlsx", ".pdf")
TOWNSHIP_LEVEL = "乡"


def gather(db: sqlite_utils.Database, *, on: dt.date | None = None, level: str | None = None,
           term_id: int | None = None) -> StructureReport:
    """Serving, not deleted deputies of the term (the current one unless ``term_id``) on a day.

    Without ``level`` the statistics are those of the township's own (乡级) deputies, which the title
    names; the 县/市/省/全国 deputies living in the township are counted apart (``others``).
    """
    on = on or dt.date.today()
    term = current_term(db) if term_id is None else get_term(db, term_id)
    deputies = list_deputies(db, term_id=term["id"] if term else None, level=level)
    others = None
    if level is None:
        others = [d for d in deputies if d.get("level") != TOWNSHIP_LEVEL]
        deputies = [d for d in deputies if d.get("level") == TOWNSHIP_LEVEL]
    return StructureReport(
        township=settings.get(db, "township_name") or "",
        county=settings.get(db, "county_name") or "",
        term_name=term["name"] if term else "",
        on=on,
        level=level,
        stats=structure_statistics(deputies, on),
        others=structure_statistics(others, on) if others else None,
    )


def write(report: StructureReport, out_path: str | Path) -> Path:
    """The gathered statistics as .xlsx (the county's form) or .pdf, by the file's extension."""
    if suffix_of(out_path, SUFFIXES) == ".xlsx":
        from ..reports.excel.statistics import write_statistics_workbook

        return write_statistics_workbook(report, out_path)
    from ..reports.pdf.statistics import render_statistics_pdf

    return render_statistics_pdf(report, out_path)


def export_statistics(db: sqlite_utils.Database, out_path: str | Path, *, on: dt.date | None = None,
                      level: str | None = None, term_id: int | None = None) -> Path:
    """Gather a term's statistics (the current term's unless ``term_id``) and write them (the extension is
    checked before gathering)."""
    suffix_of(out_path, SUFFIXES)
    return write(gather(db, on=on, level=level, term_id=term_id), out_path)
