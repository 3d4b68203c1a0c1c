"""Every export kind (``export KIND --out FILE``, the pages' 导出 buttons, the exchange package's PDFs).

``EXPORTERS`` maps kind → callable(db, out_path). A callable that also takes a
``mask`` keyword gets ``mask=False`` when the user asks for ``--unmasked``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

import sqlite_utils

from ..db import settings
from ..db.deputies import list_deputies
from ..errors import InputError
from .session_exports import SESSION_EXPORTERS


def _suffix(out_path: Path, allowed: tuple[str, ...]) -> str:
    suffix = Path(out_path).suffix.lower()
    if suffix not in allowed:
        raise InputError(f"无法导出为“{Path(out_path).name}”：此类导出支持的文件类型为 {'、'.join(allowed)}。")
    return suffix


def export_roster(db: sqlite_utils.Database, out_path: Path, *, mask: bool | None = None) -> Path:
    """代表名册: .xlsx in the documented layout, or .pdf as a printable table."""
    suffix = _suffix(out_path, (".xlsx", ".pdf"))
    if mask is None:
        mask = bool(settings.get(db, "mask_personal_data"))
    if suffix == ".xlsx":
        from ..reports.excel.roster_export import export_roster as write_xlsx

        return write_xlsx(db, out_path, mask=mask)
    from ..reports.pdf.roster import render_roster_pdf

    title = f"{settings.get(db, 'township_name') or ''}人大代表名册"
    return render_roster_pdf(list_deputies(db), out_path, title=title, mask=mask)


def export_statistics(db: sqlite_utils.Database, out_path: Path, *, on: dt.date | None = None) -> Path:
    """代表结构统计 as the county's Excel form or an official-format PDF."""
    suffix = _suffix(out_path, (".xlsx", ".pdf"))
    from ..reports.structure import gather

    report = gather(db, on=on)
    if suffix == ".xlsx":
        from ..reports.excel.statistics import write_statistics_workbook

        return write_statistics_workbook(report, out_path)
    from ..reports.pdf.statistics import render_statistics_pdf

    return render_statistics_pdf(report, out_path)


def export_compliance(db: sqlite_utils.Database, out_path: Path) -> Path:
    """履职达标 of the current year (.xlsx or .pdf)."""
    from ..reports.compliance import export_compliance as write

    return write(db, out_path)


def export_suggestions(db: sqlite_utils.Database, out_path: Path, *, mask: bool | None = None) -> Path:
    """意见建议清单 (.xlsx)."""
    from ..reports.suggestion_exports import export_suggestions as export

    return export(db, out_path, mask=mask)


def export_suggestion_statistics(db: sqlite_utils.Database, out_path: Path) -> Path:
    """意见建议办理情况统计 for the current year (.xlsx/.pdf)."""
    from ..reports.suggestion_exports import export_suggestion_statistics as export

    return export(db, out_path)


def export_reminders(db: sqlite_utils.Database, out_path: Path) -> Path:
    """督办提醒清单: overdue and due-soon suggestions (.pdf/.xlsx)."""
    from ..reports.suggestion_exports import export_reminders as export

    return export(db, out_path)


def export_activities(db: sqlite_utils.Database, out_path: Path) -> Path:
    """活动登记 of the current year with attendance counts (.xlsx/.pdf)."""
    from ..reports.excel.activities import export_activities as export

    return export(db, out_path)


def export_reception_notice(db: sqlite_utils.Database, out_path: Path) -> Path:
    """接待选民日公示: the next reception day of every station (.pdf)."""
    from ..reports.pdf.reception_notice import export_reception_notice as export

    return export(db, out_path)


def export_deputy_cards(db: sqlite_utils.Database, out_path: Path) -> Path:
    """代表证 of the serving township deputies of the current term, cards on A4 to cut out (.pdf)."""
    from ..reports.certificate_records import export_deputy_cards as export

    return export(db, out_path)


def export_honor_certificates(db: sqlite_utils.Database, out_path: Path) -> Path:
    """荣誉证书 of the honours of the latest year that has any (.pdf)."""
    from ..reports.certificate_records import export_honor_certificates as export

    return export(db, out_path)


def export_archive(db: sqlite_utils.Database, out_path: Path, *, mask: bool | None = None) -> Path:
    """一人一档 of every deputy of the current term: one PDF (cover, contents, calendar per deputy) or one workbook."""
    if _suffix(out_path, (".pdf", ".xlsx")) == ".pdf":
        from ..reports.pdf.archive import export_archive_pdf as export
    else:
        from ..reports.excel.archive import export_archive_xlsx as export
    return export(db, out_path, mask=mask)


def export_scores(db: sqlite_utils.Database, out_path: Path) -> Path:
    """履职积分排名表 of this year (.xlsx/.pdf)."""
    from ..reports.scores_export import export_scores as export

    return export(db, out_path)


def export_score_groups(db: sqlite_utils.Database, out_path: Path) -> Path:
    """履职积分分组汇总表 of this year (.xlsx/.pdf)."""
    from ..reports.scores_export import export_score_groups as export

    return export(db, out_path)


def export_score_below(db: sqlite_utils.Database, out_path: Path) -> Path:
    """This year's deputies below the lowest passing grade (.xlsx/.pdf)."""
    from ..reports.scores_export import export_score_below as export

    return export(db, out_path)


def export_score_interim(db: sqlite_utils.Database, out_path: Path) -> Path:
    """季度亮分 of the current quarter, for posting (.xlsx/.pdf)."""
    from ..reports.scores_export import export_score_interim as export

    return export(db, out_path)


def export_score_term(db: sqlite_utils.Database, out_path: Path) -> Path:
    """任期履职积分汇总 of the current term for 连任推荐 (.xlsx/.pdf)."""
    from ..reports.scores_export import export_score_term as export

    return export(db, out_path)


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
