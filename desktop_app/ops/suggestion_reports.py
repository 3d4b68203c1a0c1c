"""意见建议 documents: the list, the 办理情况统计 of a period, the 督办提醒清单.

The 意见建议 page (its list, 统计 and 督办提醒 tabs) and ``export suggestions|suggestion-statistics|reminders``
gather and write through these functions, so what the page prints is what the command writes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlite_utils

from ..db import settings
from ..db import suggestion_stats
from ..db import suggestions as suggestions_db
from ..db.calendar import holiday_table
from ..domain.calendar import working_days_between
from ..domain.suggestions import OPEN_STATES, pending_step
from .file_kinds import suffix_of


def township(db: sqlite_utils.Database) -> str:
    return settings.get(db, "township_name") or ""


def year_period(year: int | None = None) -> tuple[str, str]:
    year = year or dt.date.today().year
    return f"{year}-01-01", f"{year}-12-31"


# ------------------------------------------------------------------------------------------------- list

def export_suggestions(db: sqlite_utils.Database, out_path: str | Path, *, mask: bool | None = None) -> Path:
    """Every (not deleted) suggestion as an .xlsx list, voters' contacts masked by default."""
    suffix_of(out_path, (".xlsx",))
    from ..reports.excel.suggestions import write_suggestions_workbook

    if mask is None:
        mask = bool(settings.get(db, "mask_personal_data"))
    rows = suggestions_db.list_suggestions(db)
    return write_suggestions_workbook(rows, out_path, mask=mask, township=township(db))


# ------------------------------------------------------------------------------------------- statistics

def gather_statistics(db: sqlite_utils.Database, start: str | None = None, end: str | None = None) -> dict:
    """The figures of ``db.suggestion_stats.statistics`` for [start, end] (default: the current year)."""
    default_start, default_end = year_period()
    return suggestion_stats.statistics(db, start or default_start, end or default_end)


def write_statistics(db: sqlite_utils.Database, stats: dict, out_path: str | Path) -> Path:
    """Gathered statistics as .xlsx or .pdf under the township's name."""
    if suffix_of(out_path, (".xlsx", ".pdf")) == ".xlsx":
        from ..reports.excel.suggestion_stats import write_suggestion_stats_workbook

        return write_suggestion_stats_workbook(stats, out_path, township=township(db))
    from ..reports.pdf.suggestion_stats import render_suggestion_stats

    return render_suggestion_stats(stats, out_path, township=township(db))


def export_suggestion_statistics(db: sqlite_utils.Database, out_path: str | Path, *, start: str | None = None,
                                 end: str | None = None) -> Path:
    """意见建议办理情况统计 for a period (default: the current year) as .xlsx or .pdf."""
    suffix_of(out_path, (".xlsx", ".pdf"))
    return write_statistics(db, gather_statistics(db, start, end), out_path)


# -------------------------------------------------------------------------------------------- reminders

def reminder_rows(db: sqlite_utils.Database, today: dt.date | None = None) -> list[dict]:
    """Open suggestions overdue or due soon, most urgent first, each with ``days`` (working days overdue,
    negative = still left), ``pending`` (the step awaited) and ``flag``."""
    today = today or dt.date.today()
    table = holiday_table(db)
    rows = []
    for flag in ("overdue", "due_soon"):
        for row in suggestions_db.list_suggestions(db, states=OPEN_STATES, flag=flag, today=today, order="deadline"):
            deadline = dt.date.fromisoformat(row["deadline"])
            row["days"] = working_days_between(deadline, today, table).count
            row["pending"] = pending_step(row["state"])
            rows.append(row)
    return rows


def write_reminders(db: sqlite_utils.Database, rows: list[dict], out_path: str | Path, *, today: dt.date) -> Path:
    """Gathered reminder rows (:func:`reminder_rows`) as .pdf or .xlsx."""
    if suffix_of(out_path, (".pdf", ".xlsx")) == ".xlsx":
        from ..reports.excel.suggestions import write_reminders_workbook

        return write_reminders_workbook(rows, out_path, township=township(db), today=today)
    from ..reports.pdf.reminders import render_reminders

    return render_reminders(rows, out_path, township=township(db), today=today)


def export_reminders(db: sqlite_utils.Database, out_path: str | Path, *, today: dt.date | None = None) -> Path:
    """督办提醒清单 (overdue and due-soon suggestions) as .pdf or .xlsx."""
    suffix_of(out_path, (".pdf", ".xlsx"))
    today = today or dt.date.today()
    return write_reminders(db, reminder_rows(db, today), out_path, today=today)
