"""代表名册 as a workbook (the layout roster_import reads back) or a printable PDF table.

The 代表名册 page's 导出Excel/导出PDF buttons and ``export roster`` write through these functions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import sqlite_utils

from ..db import settings
from ..db.deputies import list_deputies
from ..domain.roster_order import roster_order

ProgressFn = Callable[[int, int], None] | None


def roster_title(db: sqlite_utils.Database) -> str:
    return f"{settings.get(db, 'township_name') or ''}人大代表名册"


def _mask(db: sqlite_utils.Database, mask: bool | None) -> bool:
    """``mask`` None follows 设置's 脱敏显示个人信息."""
    return bool(settings.get(db, "mask_personal_data")) if mask is None else mask


def export_roster_workbook(db: sqlite_utils.Database, path: str | Path, *, mask: bool | None = None,
                           progress: ProgressFn = None, term_id: int | None = None,
                           include_inactive: bool = True) -> Path:
    """Every deputy (serving and archived, not deleted) to an .xlsx; ``mask`` None follows 设置."""
    from ..reports.excel.roster_export import DEPUTY_KEYS, write_roster

    mask = _mask(db, mask)
    deputies = list_deputies(db, term_id=term_id, include_inactive=include_inactive, columns=DEPUTY_KEYS)
    return write_roster(path, deputies, mask=mask, total=len(deputies), progress=progress, title=roster_title(db))


def export_roster_pdf(db: sqlite_utils.Database, path: str | Path, *, mask: bool | None = None,
                      deputies: list[dict] | None = None, term_id: int | None = None) -> Path:
    """The roster as a PDF table: ``deputies`` (the 代表名册 page's list), or the serving deputies of 届次
    ``term_id`` (default every term); always in the printed order of ``domain.roster_order``, whoever listed them."""
    from ..reports.pdf.roster import render_roster_pdf

    rows = roster_order(list_deputies(db, term_id=term_id) if deputies is None else deputies)
    return render_roster_pdf(rows, path, title=roster_title(db), mask=_mask(db, mask))
