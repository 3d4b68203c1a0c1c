"""一人一档 documents: gather each deputy's archive and write it as PDF or workbook, one by one (memory flat).

The 一人一档 page's 导出/打印 actions and ``export archive`` write through these functions; the township's
name and the masking of ID numbers come from 设置 here, once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

import sqlite_utils

from ..db import archive as archive_db
from ..db import settings
from ..errors import UserError
from ..reports.excel import archive as excel_archive
from ..reports.pdf import archive as pdf_archive
from .file_kinds import suffix_of

ProgressFn = Callable[..., None] | None
CancelFn = Callable[[], bool] | None

# What a cancelled export raises (the PDF and the workbook writer each have their own).
CANCELLED = (pdf_archive.ArchiveCancelled, excel_archive.ArchiveCancelled)
NO_DEPUTIES = "没有代表可以导出档案，请先在“代表名册”中录入代表。"


def township(db: sqlite_utils.Database) -> str:
    return settings.get(db, "township_name") or ""


def _mask(db: sqlite_utils.Database, mask: bool | None) -> bool:
    """``mask`` None follows 设置's 脱敏显示个人信息."""
    return bool(settings.get(db, "mask_personal_data")) if mask is None else mask


def write_archives(db: sqlite_utils.Database, archives: Iterable[dict], out_path: str | Path, *,
                   mask: bool | None = None, progress: ProgressFn = None, cancel: CancelFn = None,
                   total: int | None = None) -> Path:
    """Gathered archives (``db.archive.gather``) into one .pdf or one .xlsx, by the file's extension."""
    if suffix_of(out_path, (".pdf", ".xlsx")) == ".pdf":
        return pdf_archive.render_archive(archives, out_path, township=township(db), mask=_mask(db, mask),
                                          progress=progress, cancel=cancel, total=total)
    return excel_archive.write_archive_workbook(archives, out_path, township=township(db), mask=_mask(db, mask),
                                                progress=progress, cancel=cancel, total=total)


def export_archive(db: sqlite_utils.Database, out_path: str | Path, *, mask: bool | None = None,
                   year: int | None = None, deputy_ids: Iterable[int] | None = None, progress: ProgressFn = None,
                   cancel: CancelFn = None) -> Path:
    """Every deputy of the current term (or ``deputy_ids``) in one PDF or workbook, gathered one by one."""
    suffix_of(out_path, (".pdf", ".xlsx"))
    ids = list(deputy_ids) if deputy_ids is not None else archive_db.archive_deputy_ids(db)
    if not ids:
        raise UserError(NO_DEPUTIES)
    archives = (archive_db.gather(db, i, year=year) for i in ids)
    return write_archives(db, archives, out_path, mask=mask, progress=progress, cancel=cancel, total=len(ids))


def export_archives_to_folder(db: sqlite_utils.Database, deputy_ids: Iterable[int], folder: str | Path,
                              progress: ProgressFn = None, cancel: CancelFn = None, *, year: int | None = None,
                              mask: bool | None = None) -> list[Path]:
    """One PDF per deputy into ``folder``, built one at a time (memory flat); returns the files written.

    ``cancel()`` returning True stops before the next deputy: the files already written stay, whole.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    name, mask = township(db), _mask(db, mask)
    ids = list(deputy_ids)
    written: list[Path] = []
    for done, deputy_id in enumerate(ids):
        if cancel is not None and cancel():
            break
        archive = archive_db.gather(db, deputy_id, year=year)
        written.append(pdf_archive.render_archive([archive], folder / pdf_archive.file_name_for(archive),
                                                  township=name, mask=mask))
        del archive
        if progress is not None:
            progress(done + 1, len(ids))
    return written
