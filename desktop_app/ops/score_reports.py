"""The 履职积分 reports: read the scores and write them as .xlsx or .pdf, by the file's extension.

The 履职积分 page's 导出/打印 menu and ``export scores|score-groups|score-below|score-interim|score-term`` call
these same functions, so the page and the command print the same table.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlite_utils

from ..db import scoring, settings
from ..db.terms import current_term_id
from ..domain.scoring import quarter_of
from ..errors import InputError
from .file_kinds import suffix_of

SUFFIXES = (".xlsx", ".pdf")


def _suffix(out_path: Path) -> str:
    return suffix_of(out_path, SUFFIXES, "积分报表")


def _township(db: sqlite_utils.Database) -> str:
    return settings.get(db, "township_name") or ""


def export_scores(db: sqlite_utils.Database, out_path: Path, *, year: int | None = None) -> Path:
    """代表履职积分排名表 of ``year`` (default this year)."""
    suffix = _suffix(out_path)
    year = year or dt.date.today().year
    rows, frozen = scoring.annual_scores(db, year), scoring.freeze_info(db, year)
    if suffix == ".xlsx":
        from ..reports.excel.scores import write_ranking

        return write_ranking(rows, out_path, township=_township(db), year=year, frozen=frozen)
    from ..reports.pdf.scores import render_ranking

    return render_ranking(rows, out_path, township=_township(db), year=year, bands=scoring.grade_bands(db),
                          frozen=frozen)


def export_score_groups(db: sqlite_utils.Database, out_path: Path, *, year: int | None = None) -> Path:
    """履职积分分组汇总表 of ``year`` (default this year)."""
    suffix = _suffix(out_path)
    year = year or dt.date.today().year
    groups, frozen, bands = scoring.group_summary(db, year), scoring.freeze_info(db, year), scoring.grade_bands(db)
    if suffix == ".xlsx":
        from ..reports.excel.scores import write_group_summary

        return write_group_summary(groups, out_path, township=_township(db), year=year, bands=bands, frozen=frozen)
    from ..reports.pdf.scores import render_group_summary

    return render_group_summary(groups, out_path, township=_township(db), year=year, bands=bands, frozen=frozen)


def export_score_below(db: sqlite_utils.Database, out_path: Path, *, year: int | None = None,
                       threshold: float | None = None) -> Path:
    """The deputies below ``threshold`` (default: the lowest band's upper edge, 60) in ``year``."""
    suffix = _suffix(out_path)
    year = year or dt.date.today().year
    limit = scoring.default_threshold(db) if threshold is None else float(threshold)
    rows, frozen = scoring.below_threshold(db, year, limit), scoring.freeze_info(db, year)
    if suffix == ".xlsx":
        from ..reports.excel.scores import write_below

        return write_below(rows, out_path, township=_township(db), year=year, threshold=limit, frozen=frozen)
    from ..reports.pdf.scores import render_below

    return render_below(rows, out_path, township=_township(db), year=year, threshold=limit, frozen=frozen)


def export_score_interim(db: sqlite_utils.Database, out_path: Path, *, year: int | None = None,
                         quarter: int | None = None) -> Path:
    """季度亮分 (default: the current quarter of this year)."""
    suffix = _suffix(out_path)
    today = dt.date.today()
    year = year or today.year
    quarter = quarter or (quarter_of(today) if year == today.year else 4)
    rows = scoring.interim_scores(db, year, quarter)
    if suffix == ".xlsx":
        from ..reports.excel.scores import write_interim

        return write_interim(rows, out_path, township=_township(db), year=year, quarter=quarter)
    from ..reports.pdf.scores import render_interim

    return render_interim(rows, out_path, township=_township(db), year=year, quarter=quarter)


def export_score_term(db: sqlite_utils.Database, out_path: Path, *, term_id: int | None = None) -> Path:
    """任期履职积分汇总 for 连任推荐 (default: the current term)."""
    suffix = _suffix(out_path)
    term_id = term_id if term_id is not None else current_term_id(db)
    if term_id is None:
        raise InputError("还没有届次，无法汇总任期积分。请先在“届次与选区”中建立届次。")
    summary = scoring.term_summary(db, term_id)
    if suffix == ".xlsx":
        from ..reports.excel.scores import write_term_summary

        return write_term_summary(summary, out_path, township=_township(db))
    from ..reports.pdf.scores import render_term_summary

    return render_term_summary(summary, out_path, township=_township(db))
