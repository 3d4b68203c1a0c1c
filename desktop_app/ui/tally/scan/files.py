"""Choosing what to read: several scan files, or every scan file of a folder in name order."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

# What the reader takes (reports/scan/images.py); kept here so that choosing files never imports OpenCV.
SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp")
FILTER = "扫描文件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.bmp);;所有文件 (*)"


def files_in(folder: Path) -> list[Path]:
    """Every scan file directly in ``folder``, sorted by name as the scanner numbered them."""
    return sorted((p for p in Path(folder).iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES),
                  key=lambda p: (p.name.lower(), p.name))


def pick_files(parent: QWidget | None, start: str = "") -> list[Path]:
    """The files the clerk picked (several at once); empty when cancelled."""
    names, _filter = QFileDialog.getOpenFileNames(parent, "选择扫描文件", start or str(Path.home()), FILTER)
    return [Path(name) for name in names]


def pick_folder(parent: QWidget | None, start: str = "") -> Path | None:
    """The folder the clerk picked; None when cancelled."""
    name = QFileDialog.getExistingDirectory(parent, "选择扫描文件所在的文件夹", start or str(Path.home()))
    return Path(name) if name else None


def page_estimate(files: list[Path]) -> int:
    """About how many pages the files hold, for the progress bar: a PDF's page count, one per image."""
    total = 0
    for path in files:
        pages = 1
        if path.suffix.lower() == ".pdf":
            try:
                import pypdfium2 as pdfium

                document = pdfium.PdfDocument(str(path))
                pages = len(document)
                document.close()
            except Exception:  # noqa: BLE001 - only an estimate; the reader reports a broken file itself
                pages = 1
        total += max(1, pages)
    return total
