"""Reading scan files into the session under a progress dialog whose 取消 stops before anything is written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from ....ops.changes import Changes
from ...widgets.progress import run_with_progress
from .files import page_estimate

CANCELLED = "已取消读取，未写入任何内容。"


def run_import(parent: QWidget | None, db, files: list[Path], *, session_id: int, team: int,
               rehearsal: bool = False) -> Changes | None:
    """``import_scan`` with a progress bar; None when the clerk cancelled (the database is as it was).

    UserError (a file that cannot be read, a busy database…) propagates for the caller to show.
    """
    from ....ops import scan_ballots as scan_ops   # OpenCV and NumPy load only when a scan is read

    total = page_estimate(files)

    def job(progress):
        def page_read(number: int) -> None:
            # Raises JobCancelled once 取消 was pressed: the reading stops before the one write transaction.
            progress(min(number, total), total, f"正在读取第 {number} 页（约 {total} 页）…")

        return scan_ops.import_scan(db, files, session=session_id, team=team, rehearsal=rehearsal,
                                    progress=page_read)

    names = files[0].name if len(files) == 1 else f"{len(files)} 个扫描文件"
    return run_with_progress(parent, "扫描计票", job, label=f"正在读取 {names}…")
