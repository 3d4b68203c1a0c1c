"""Print the ballots of one item: A4/A5, portrait/landscape, N copies numbered 001…N, preview, print, save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QSpinBox,
    QVBoxLayout, QWidget,
)

from ...db import vote_items as items_db
from ...errors import UserError
from ...ops import ballot_papers
from .. import print_preview
from ..widgets.messages import show_error
from ..widgets.screen_fit import fit_to_screen

ORIENTATIONS = (("portrait", "纵向"), ("landscape", "横向"))


class BallotPrintDialog(QDialog):
    """Choices for one item's ballots; the choices are kept in the item's options for next time."""

    def __init__(self, db, session: dict, item_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.session = session
        self.item_id = item_id
        self.item = items_db.get_item(db, item_id)
        saved = ballot_papers.saved_choices(db, item_id)
        self.setWindowTitle(f"打印选票 — {self.item['name']}")
        fit_to_screen(self, 620, 460)

        self.paper = QComboBox()
        self.paper.addItems(["A4", "A5"])
        self.paper.setCurrentText(saved.paper)
        self.orientation = QComboBox()
        for key, text in ORIENTATIONS:
            self.orientation.addItem(text, key)
        self.orientation.setCurrentIndex(max(0, self.orientation.findData(saved.orientation)))
        self.copies = QSpinBox()
        self.copies.setRange(1, 99999)
        self.copies.setValue(self.item["printed"] or self.item["issued"] or session["total_deputies"] or 1)
        self.serials = QLabel()
        self.copies.valueChanged.connect(self._show_serials)
        self.default_text = ballot_papers.default_instructions(db, item_id)
        self.instructions = QPlainTextEdit(saved.instructions or self.default_text)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")

        form = QFormLayout()
        form.addRow("纸张", self.paper)
        form.addRow("方向", self.orientation)
        form.addRow("份数", self.copies)
        form.addRow("", self.serials)
        form.addRow("说明文字", self.instructions)
        preview = QPushButton("预览并打印…")
        preview.setDefault(True)
        preview.clicked.connect(self.preview)
        save = QPushButton("保存PDF…")
        save.clicked.connect(self.save_pdf)
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (preview, save, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._show_serials()

    def _show_serials(self) -> None:
        n = self.copies.value()
        width = max(3, len(str(n)))
        self.serials.setText(f"选票编号 {1:0{width}d} – {n:0{width}d}，每张一号，存根同号")

    def choices(self) -> ballot_papers.BallotChoices:
        return ballot_papers.BallotChoices(paper=self.paper.currentText(), orientation=self.orientation.currentData(),
                                           copies=self.copies.value(), instructions=self.instructions.toPlainText())

    def file_name(self) -> str:
        return ballot_papers.ballots_file_name(self.db, self.item_id, self.choices())

    def render(self, path: Path) -> Path:
        """Write the PDF; ops remembers the choices (and the printed range, for the serial check at entry)."""
        choices = self.choices()
        missing = ballot_papers.missing_ballot_glyphs(self.db, self.item_id, choices)
        if missing:
            self.message.setText(f"注意：以下字符没有字体可以打印，请核对：{''.join(missing)}")
        QGuiApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            ballot_papers.render_ballots(self.db, self.item_id, path, choices)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.item = items_db.get_item(self.db, self.item_id)
        return path

    def preview(self) -> None:
        try:
            ballot_papers.ballot_paper(self.db, self.item_id, self.choices())
        except UserError as err:
            show_error(self, err)
            return
        print_preview.render_and_preview(self, self.render, self.file_name(), title="选票预览")

    def save_pdf(self) -> Path | None:
        target, _ = QFileDialog.getSaveFileName(self, "保存选票PDF", str(Path.home() / self.file_name()),
                                                "PDF 文件 (*.pdf)")
        if not target:
            return None
        try:
            return self.render(Path(target))
        except UserError as err:
            show_error(self, err)
            return None
