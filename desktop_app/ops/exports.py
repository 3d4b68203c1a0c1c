"""Every export kind (``export KIND --out FILE``, the pages' 导出 buttons, the exchange package's PDFs).

``EXPORTERS`` maps kind → callable(db, out_path). A callable that also takes a ``mask`` keyword gets
``mask=False`` when the user asks for ``--unmasked``. Each one calls the ops module that gathers the
document's data and hands it to a renderer under reports/ — the same function the page's button calls.
Those modules are imported when their kind runs: every command's ``--help`` imports this registry, and
reportlab alone takes a tenth of a second to load.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

import sqlite_utils

from .file_kinds import suffix_of
from .session_exports import SESSION_EXPORTERS


def export_roster(db: sqlite_utils.Database, out_path: Path, *, mask: bool | None = None) -> Path:
    """代表名册: .xlsx in the documented layout, or .pdf as a printable table."""
    from . import roster_documents

    if suffix_of(out_path, (".xlsx", ".pdf")) == ".xlsx":
        return roster_documents.export_roster_workbook(db, out_path, mask=mask)
    return roster_documents.export_roster_pdf(db, out_path, mask=mask)


def export_statistics(db: sqlite_utils.Database, out_path: Path, *, on: dt.date | None = None) -> Path:
    """代表结构统计 as the county's Excel form or an official-format PDF."""
    from . import statistics

    return statistics.export_statistics(db, out_path, on=on)


def export_compliance(db: sqlite_utils.Database, out_path: Path) -> Path:
    """履职达标 of the current year (.xlsx or .pdf)."""
    from . import compliance

    return compliance.export_compliance(db, out_path)


def export_suggestions(db: sqlite_utils.Database, out_path: Path, *, mask: bool | None = None) -> Path:
    """意见建议清单 (.xlsx)."""
    from . import suggestion_reports

    return suggestion_reports.export_suggestions(db, out_path, mask=mask)


def export_suggestion_statistics(db: sqlite_utils.Database, out_path: Path) -> Path:
    """意见建议办理情况统计 for the current year (.xlsx/.pdf)."""
    from . import suggestion_reports

    return suggestion_reports.export_suggestion_statistics(db, out_path)


def export_reminders(db: sqlite_utils.Database, out_path: Path) -> Path:
    """督办提醒清单: overdue and due-soon suggestions (.pdf/.xlsx)."""
    from . import suggestion_reports

    return suggestion_reports.export_reminders(db, out_path)


def export_activities(db: sqlite_utils.Database, out_path: Path) -> Path:
    """活动登记 of the current year with attendance counts (.xlsx/.pdf)."""
    from . import activity_reports

    return activity_reports.export_activities(db, out_path)


def export_reception_notice(db: sqlite_utils.Database, out_path: Path) -> Path:
    """接待选民日公示: the next reception day of every station (.pdf)."""
    from . import reception_notices

    return reception_notices.export_reception_notice(db, out_path)


def export_deputy_cards(db: sqlite_utils.Database, out_path: Path) -> Path:
    """代表证 of the serving township deputies of the current term, cards on A4 to cut out (.pdf)."""
    from . import certificates

    return certificates.export_deputy_cards(db, out_path)


def export_honor_certificates(db: sqlite_utils.Database, out_path: Path) -> Path:
    """荣誉证书 of the honours of the latest year that has any (.pdf)."""
    from . import certificates

    return certificates.export_honor_certificates(db, out_path)


def export_archive(db: sqlite_utils.Database, out_path: Path, *, mask: bool | None = None) -> Path:
    """一人一档 of every deputy of the current term: one PDF (cover, contents, calendar per deputy) or one workbook."""
    from . import archive_documents

    return archive_documents.export_archive(db, out_path, mask=mask)


def export_scores(db: sqlite_utils.Database, out_path: Path) -> Path:
    """履职积分排名表 of this year (.xlsx/.pdf)."""
    from . import score_reports

    return score_reports.export_scores(db, out_path)


def export_score_groups(db: sqlite_utils.Database, out_path: Path) -> Path:
    """履职积分分组汇总表 of this year (.xlsx/.pdf)."""
    from . import score_reports

    return score_reports.export_score_groups(db, out_path)


def export_score_below(db: sqlite_utils.Database, out_path: Path) -> Path:
    """This year's deputies below the lowest passing grade (.xlsx/.pdf)."""
    from . import score_reports

    return score_reports.export_score_below(db, out_path)


def export_score_interim(db: sqlite_utils.Database, out_path: Path) -> Path:
    """季度亮分 of the current quarter, for posting (.xlsx/.pdf)."""
    from . import score_reports

    return score_reports.export_score_interim(db, out_path)


def export_score_term(db: sqlite_utils.Database, out_path: Path) -> Path:
    """任期履职积分汇总 of the current term for 连任推荐 (.xlsx/.pdf)."""
    from . import score_reports

    return score_reports.export_score_term(db, out_path)


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
