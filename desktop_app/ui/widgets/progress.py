"""Progress for long jobs (import, export, batch PDF): a dialog with 取消 driven by a callback the job calls."""

from __future__ import annotations

import time
from typing import Callable, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

T = TypeVar("T")


class JobCancelled(Exception):
    """Raised inside the job when the user pressed 取消; transactions roll back, temp files vanish."""


class Progress:
    """Callable handed to a job: ``progress(done, total)`` or ``progress(fraction)``; also ``cancelled()``.

    Each call keeps the window responsive and raises :class:`JobCancelled` once the user cancelled, so
    a job written as a plain loop stops at its next report without extra code.
    """

    def __init__(self, dialog: QProgressDialog) -> None:
        self.dialog = dialog
        self._last_pump = 0.0

    def __call__(self, done: float, total: float | None = None, text: str | None = None) -> None:
        if total:
            percent = int(100 * done / total)
        elif isinstance(done, float) and done <= 1.0:
            percent = int(100 * done)
        else:
            percent = self.dialog.value()
        self.dialog.setValue(max(0, min(percent, 99)))
        if text:
            self.dialog.setLabelText(text)
        self._pump()
        if self.dialog.wasCanceled():
            raise JobCancelled()

    def cancelled(self) -> bool:
        """For jobs that take a ``cancel`` callable instead of raising."""
        self._pump()
        return self.dialog.wasCanceled()

    def _pump(self) -> None:
        # Processing events on every row would cost more than the job; 20 times a second is enough.
        now = time.monotonic()
        if now - self._last_pump > 0.05:
            self._last_pump = now
            QApplication.processEvents()


def run_with_progress(parent: QWidget | None, title: str, job: Callable[[Progress], T], *,
                      label: str = "正在处理，请稍候…") -> T | None:
    """Run ``job(progress)`` showing a cancellable progress dialog; None when the user cancelled.

    Errors other than cancelling propagate to the caller, which shows them.
    """
    dialog = QProgressDialog(label, "取消", 0, 100, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    try:
        return job(Progress(dialog))
    except JobCancelled:
        return None
    finally:
        dialog.setValue(100)
        dialog.close()
        dialog.deleteLater()
