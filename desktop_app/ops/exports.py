"""Every export kind (``export KIND --out FILE``, the pages' 导出 buttons, the exchange package's PDFs).

``EXPORTERS`` maps kind → callable(db, out_path). A callable that also takes a ``mask`` keyword gets
``mask=False`` when the user asks for ``--unmasked``; one that takes ``notify`` gets a callable for the
warnings its page shows beside the document (the command prints them); one that takes ``year``,
``quarter`` or ``term`` (the 届次's 序号, e.g. 19) gets the period the user chose (``--year 2025
--quarter 4``, ``--term 19``), the same choices as the pages' period selectors; without them each kind
keeps its default (this year, this quarter, the current 届次). Each one calls the ops module that gathers the
document's data and hands it to a renderer under reports/ — the same function the page's button calls.
Those modules are imported when their kind runs: every command's ``--help`` imports this registry, and
reportlab alone takes a tenth of a second to load.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

import sqlite_utils

from ..domain.scoring import quarter_range
from ..errors import InputError
from .file_kinds import suffix_of
from .session_exports import SESSION_EXPORTERS

FIRST_YEAR, LAST_YEAR = 1979, 2100     # township congresses have been elected directly since 1979


def _year(year: int | None) -> int:
    year = dt.date.today().year if year is None else year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError(f"年度 {year} 不在 {FIRST_YEAR}–{LAST_YEAR} 之间（--year 要写四位年份，如 2025）。")
    return year


def period_bounds(year: int | None, quarter: int | None) -> tuple[str | None, str | None]:
    """[start, end] (ISO) of ``year`` (default this year) or one of its quarters; (None, None) when neither
    is given, so that the export keeps its own default."""
    if year is None and quarter is None:
        return None, None
    year = _year(year)
    if quarter is None:
        return f"{year}-01-01", f"{year}-12-31"
    if not 1 <= quarter <= 4:
        raise InputError(f"季度只能是 1–4，不是 {quarter}（--quarter）。")
    first, last = quarter_range(year, quarter)
    return first.isoformat(), last.isoformat()


def term_id_of(db: sqlite_utils.Database, term: int | None) -> int | None:
    """The id of the 届次 numbered ``term`` (--term 19); None for the current one; InputError naming the known ones."""
    if term is None:
        return None
    from ..db import terms as terms_db
    from . import terms

    found = terms.term_by_number(db, term)
    if found is None:
        known = "、".join(f"{t['name']}（--term {t['number']}）" if t.get("number") else t["name"]
                         for t in terms_db.list_terms(db))
        raise InputError(f"没有第 {term} 届的届次（--term {term}）。" + (f"已有的届次：{known}。" if known else ""))
    return found["id"]


def export_roster(db: sqlite_utils.Database, out_path: Path, *, mask: bool | None = None,
                  term: int | None = None) -> Path:
    """代表名册 (of 届次 ``term``, default every deputy): .xlsx in the documented layout, or .pdf as a table."""
    from . import roster_documents

    suffix = suffix_of(out_path, (".xlsx", ".pdf"))
    term_id = term_id_of(db, term)
    if suffix == ".xlsx":
        return roster_documents.export_roster_workbook(db, out_path, mask=mask, term_id=term_id)
    return roster_documents.export_roster_pdf(db, out_path, mask=mask, term_id=term_id)


def export_statistics(db: sqlite_utils.Database, out_path: Path, *, on: dt.date | None = None,
                      year: int | None = None, term: int | None = None) -> Path:
    """代表结构统计 as the county's Excel form or an official-format PDF: of 届次 ``term`` (default the
    current one), as on the last day of ``year`` (default today; a year still running counts to today)."""
    from . import statistics

    if year is not None and on is None:
        on = min(dt.date.today(), dt.date(_year(year), 12, 31))
    return statistics.export_statistics(db, out_path, on=on, term_id=term_id_of(db, term))


def export_compliance(db: sqlite_utils.Database, out_path: Path, *, year: int | None = None,
                      quarter: int | None = None) -> Path:
    """履职达标 of the current year, or of ``year`` / one of its quarters (.xlsx or .pdf)."""
    from . import compliance

    start, end = period_bounds(year, quarter)
    return compliance.export_compliance(db, out_path, start=start, end=end)


def export_suggestions(db: sqlite_utils.Database, out_path: Path, *, mask: bool | None = None) -> Path:
    """意见建议清单 (.xlsx)."""
    from . import suggestion_reports

    return suggestion_reports.export_suggestions(db, out_path, mask=mask)


def export_suggestion_statistics(db: sqlite_utils.Database, out_path: Path, *, year: int | None = None,
                                 quarter: int | None = None) -> Path:
    """意见建议办理情况统计 for the current year, or ``year`` / one of its quarters (.xlsx/.pdf)."""
    from . import suggestion_reports

    start, end = period_bounds(year, quarter)
    return suggestion_reports.export_suggestion_statistics(db, out_path, start=start, end=end)


def export_reminders(db: sqlite_utils.Database, out_path: Path) -> Path:
    """督办提醒清单: overdue and due-soon suggestions (.pdf/.xlsx)."""
    from . import suggestion_reports

    return suggestion_reports.export_reminders(db, out_path)


def export_activities(db: sqlite_utils.Database, out_path: Path, *, year: int | None = None,
                      quarter: int | None = None) -> Path:
    """活动登记 of the current year, or ``year`` / one of its quarters, with attendance counts (.xlsx/.pdf)."""
    from . import activity_reports

    start, end = period_bounds(year, quarter)
    return activity_reports.export_activities(db, out_path, start=start, end=end)


def export_reception_notice(db: sqlite_utils.Database, out_path: Path, *,
                            notify: Callable[[str], None] | None = None) -> Path:
    """接待选民日公示: the next reception day of every station (.pdf); ``notify`` gets the warning the page shows
    when a reception day is fewer than three days away."""
    from . import reception_notices

    return reception_notices.export_reception_notice(db, out_path, notify=notify)


def export_deputy_cards(db: sqlite_utils.Database, out_path: Path) -> Path:
    """代表证 of the serving township deputies of the current term, cards on A4 to cut out (.pdf)."""
    from . import certificates

    return certificates.export_deputy_cards(db, out_path)


def export_honor_certificates(db: sqlite_utils.Database, out_path: Path) -> Path:
    """荣誉证书 of the honours of the latest year that has any (.pdf)."""
    from . import certificates

    return certificates.export_honor_certificates(db, out_path)


def export_archive(db: sqlite_utils.Database, out_path: Path, *, mask: bool | None = None,
                   year: int | None = None, term: int | None = None) -> Path:
    """一人一档 of every deputy of 届次 ``term`` (default the current one), the whole term or ``year`` only:
    one PDF (cover, contents, calendar per deputy) or one workbook."""
    from ..db.archive import archive_deputy_ids
    from . import archive_documents

    term_id = term_id_of(db, term)
    ids = archive_deputy_ids(db, term_id) if term_id is not None else None
    return archive_documents.export_archive(db, out_path, mask=mask, year=None if year is None else _year(year),
                                            deputy_ids=ids)


def export_scores(db: sqlite_utils.Database, out_path: Path, *, year: int | None = None) -> Path:
    """履职积分排名表 of this year or ``year`` (.xlsx/.pdf)."""
    from . import score_reports

    return score_reports.export_scores(db, out_path, year=_year(year))


def export_score_groups(db: sqlite_utils.Database, out_path: Path, *, year: int | None = None) -> Path:
    """履职积分分组汇总表 of this year or ``year`` (.xlsx/.pdf)."""
    from . import score_reports

    return score_reports.export_score_groups(db, out_path, year=_year(year))


def export_score_below(db: sqlite_utils.Database, out_path: Path, *, year: int | None = None) -> Path:
    """The deputies below the lowest passing grade in this year or ``year`` (.xlsx/.pdf)."""
    from . import score_reports

    return score_reports.export_score_below(db, out_path, year=_year(year))


def export_score_interim(db: sqlite_utils.Database, out_path: Path, *, year: int | None = None,
                         quarter: int | None = None) -> Path:
    """季度亮分 of the current quarter, or ``quarter`` of this year or ``year`` (a past year: its 4th quarter),
    for posting (.xlsx/.pdf)."""
    from . import score_reports

    if quarter is not None and not 1 <= quarter <= 4:
        raise InputError(f"季度只能是 1–4，不是 {quarter}（--quarter）。")
    return score_reports.export_score_interim(db, out_path, year=None if year is None else _year(year),
                                              quarter=quarter)


def export_score_term(db: sqlite_utils.Database, out_path: Path, *, term: int | None = None) -> Path:
    """任期履职积分汇总 of the current term or 届次 ``term``, for 连任推荐 (.xlsx/.pdf)."""
    from . import score_reports

    return score_reports.export_score_term(db, out_path, term_id=term_id_of(db, term))


EXPORTERS: dict[str, Callable] = {
    "roster": export_roster,
    "statistics": export_statistics,
    "suggestions": export_suggestions,
    "suggestion-statistics": export_suggestion_statistics,
    "reminders": export_reminders,
    "compliance": export_compliance,
    "activities": export_activities,
    "reception-notice": export_reception_notice,
    "deputy-cards": export_deputy_cards,
    "honor-certificates": export_honor_certificates,
    "archive": export_archive,
    "scores": export_scores,
    "score-groups": export_score_groups,
    "score-below": export_score_below,
    "score-interim": export_score_interim,
    "score-term": export_score_term,
    **SESSION_EXPORTERS,
}
