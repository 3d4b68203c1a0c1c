"""Show a generated certificate PDF in the in-app preview, with the chosen printer already selected."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ...db.print_offsets import DEFAULT_PRINTER
from .. import print_preview


def show_pdf(parent: QWidget | None, path: str | Path, *, title: str, file_name: str, printer: str | None) -> None:
    """The preview dialog (print, save PDF, open) for ``path``; its print dialog starts on ``printer``."""
    try:
        dialog = print_preview.PdfPreviewDialog(path, parent, title=title, suggested_name=file_name)
    except OSError as err:
        QMessageBox.warning(parent, "无法预览", str(err))
        return
    if printer and printer != DEFAULT_PRINTER:
        dialog.printer.setPrinterName(printer)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.exec()
