"""活动登记表: activities of a period with their attendance counts, as a workbook or a landscape PDF table.

The 活动登记 tab exports the rows it shows (filtered, in its order) and ``export activities`` every
activity of the current year; both write through :func:`write_activity_log`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlite_utils

from ..db import activity_log, settings
from .file_kinds import suffix_of

SUFFIXES = (".xlsx", ".pdf")
WHAT = "活动登记"


def log_title(db: sqlite_utils.Database) -> str:
    return f"{settings.get(db, 'township_name') or ''}人大代表活动登记表"


def write_activity_log(db: sqlite_utils.Database, rows: list[dict], out_path: str | Path, *,
                       start: str | None, end: str | None) -> Path:
    """``rows`` (shaped like db.activity_log.list_log, in the order printed) of the period [start, end];
    the workbook adds the attendance lines of those activities on its second sheet."""
    if suffix_of(out_path, SUFFIXES, WHAT) == ".xlsx":
        from ..reports.excel.activities import write_activities_workbook

        wanted = {r["id"] for r in rows}
        attendance = [a for a in activity_log.attendance_rows(db, start=start, end=end) if a["activity_id"] in wanted]
        return write_activities_workbook(rows, attendance, out_path, title=log_title(db))
    from ..reports.pdf.activities import period_text, render_activities_pdf

    return render_activities_pdf(rows, out_path, title=log_title(db), period=period_text(start, end))


def export_activities(db: sqlite_utils.Database, out_path: str | Path, *, start: str | None = None,
                      end: str | None = None) -> Path:
    """The ``activities`` export kind: every live activity of the period (default: the current year), oldest first."""
    suffix_of(out_path, SUFFIXES, WHAT)
    if start is None and end is None:
        year = dt.date.today().year
        start, end = f"{year}-01-01", f"{year}-12-31"
    rows = activity_log.list_log(db, start=start, end=end)
    rows.reverse()   # oldest first, as a log is read
    return write_activity_log(db, rows, out_path, start=start, end=end)
