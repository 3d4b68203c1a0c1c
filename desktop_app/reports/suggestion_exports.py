"""意见建议 exports shared by the page and ``export``: the list, the statistics of a period, the 督办 reminders."""

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
from ..errors import InputError


def _suffix(out_path: Path, allowed: tuple[str, ...]) -> str:
    suffix = Path(out_path).suffix.lower()
    if suffix not in allowed:
        raise InputError(f"无法导出为“{Path(out_path).name}”：此类导出支持的文件类型为 {'、'.join(allowed)}。")
    return suffix


def township(db: sqlite_utils.Database) -> str:
    return settings.get(db, "township_name") or ""


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


def year_period(year: int | None = None) -> tuple[str, str]:
    year = year or dt.date.today().year
    return f"{year}-01-01", f"{year}-12-31"


def export_suggestions(db: sqlite_utils.Database, out_path: Path, *, mask: bool | None = None) -> Path:
    """Every (not deleted) suggestion as an .xlsx list, voters' contacts masked by default."""
    _suffix(out_path, (".xlsx",))
    from .excel.suggestions import write_suggestions_workbook

    if mask is None:
        mask = bool(settings.get(db, "mask_personal_data"))
    rows = suggestions_db.list_suggestions(db)
    return write_suggestions_workbook(rows, out_path, mask=mask, township=township(db))


def export_suggestion_statistics(db: sqlite_utils.Database, out_path: Path, *, start: str | None = None,
                                 end: str | None = None) -> Path:
    """意见建议办理情况统计 for a period (default: the current year) as .xlsx or .pdf."""
    suffix = _suffix(out_path, (".xlsx", ".pdf"))
    default_start, default_end = year_period()
    stats = suggestion_stats.statistics(db, start or default_start, end or default_end)
    if suffix == ".xlsx":
        from .excel.suggestion_stats import write_suggestion_stats_workbook

        return write_suggestion_stats_workbook(stats, out_path, township=township(db))
    from .pdf.suggestion_stats import render_suggestion_stats

    return render_suggestion_stats(stats, out_path, township=township(db))


def export_reminders(db: sqlite_utils.Database, out_path: Path, *, today: dt.date | None = None) -> Path:
    """督办提醒清单 (overdue and due-soon suggestions) as .pdf or .xlsx."""
    suffix = _suffix(out_path, (".pdf", ".xlsx"))
    today = today or dt.date.today()
    rows = reminder_rows(db, today)
    if suffix == ".xlsx":
        from .excel.suggestions import write_reminders_workbook

        return write_reminders_workbook(rows, out_path, township=township(db), today=today)
    from .pdf.reminders import render_reminders

    return render_reminders(rows, out_path, township=township(db), today=today)
