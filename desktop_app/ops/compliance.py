"""履职达标: count every group, station and deputy against the 设置 thresholds, and write the result.

The 履职达标 page shows :func:`gather`'s report and exports it with :func:`write`; ``export compliance``
runs :func:`export_compliance`, which is the same two steps for the current year.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import sqlite_utils

from ..db import compliance as compliance_db
from ..db import deputies as deputies_db
from ..db import settings
from ..errors import InputError
from ..reports.compliance import ComplianceReport, build_report, year_bounds
from .file_kinds import suffix_of

SUFFIXES = (".xlsx", ".pdf")
WHAT = "履职达标"


def _as_date(value: Any, what: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"{what}“{value}”不是有效日期，请写成 2026-01-01 的形式。") from None


def gather(db: sqlite_utils.Database, start: Any, end: Any, *, as_of: dt.date | None = None) -> ComplianceReport:
    """Every group, station and serving deputy of the current term against the 设置 thresholds over [start, end]."""
    start_d, end_d = _as_date(start, "开始日期"), _as_date(end, "结束日期")
    if end_d < start_d:
        raise InputError(f"结束日期 {end_d.isoformat()} 早于开始日期 {start_d.isoformat()}，请改正。")
    as_of = as_of or dt.date.today()
    limits = compliance_db.thresholds(db)
    result = compliance_db.compliance(db, start_d, end_d, as_of=as_of)
    groups_of = {d["id"]: d.get("group_names") or "" for d in deputies_db.list_deputies(db)}
    return build_report(settings.get(db, "township_name") or "", start_d, end_d, as_of, limits, result, groups_of)


def write(report: ComplianceReport, out_path: str | Path) -> Path:
    """The report as .xlsx or a landscape .pdf table, by the file's extension."""
    if suffix_of(out_path, SUFFIXES, WHAT) == ".xlsx":
        from ..reports.excel.compliance import write_compliance_workbook

        return write_compliance_workbook(report, out_path)
    from ..reports.pdf.compliance import render_compliance_pdf

    return render_compliance_pdf(report, out_path)


def export_compliance(db: sqlite_utils.Database, out_path: str | Path, *, start: Any = None, end: Any = None,
                      as_of: dt.date | None = None) -> Path:
    """``export compliance``: the current year (or [start, end]) as .xlsx or .pdf."""
    suffix_of(out_path, SUFFIXES, WHAT)
    today = as_of or dt.date.today()
    default_start, default_end = year_bounds(today.year)
    return write(gather(db, start or default_start, end or default_end, as_of=today), out_path)
