"""Print the ballots of one item: A4/A5, portrait/landscape, N copies numbered 001…N, preview, print, save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QSpinBox,
    QVBoxLayout, QWidget,
)

from ...db import settings
from ...db import vote_items as items_db
from ...errors import UserError
from ...reports.pdf.ballot_papers import BallotPaper, default_instructions, missing_glyphs, render_ballots
from ...reports.pdf.session_common import session_title
from .. import print_preview
from ..widgets.messages import show_error
from ..widgets.screen_fit import fit_to_screen

ORIENTATIONS = (("portrait", "纵向"), ("landscape", "横向"))


def ballot_paper(db, session: dict, item_id: int, *, paper: str, orientation: str, copies: int,
                 instructions: str | None) -> BallotPaper:
    """The ballot description for an item, from the database."""
    item = items_db.get_item(db, item_id)
    names = [c["name"] for c in items_db.candidates(db, item_id)]
    title = session_title({"township": settings.get(db, "township_name"), "session_name": session["name"]})
    return BallotPaper(title=title, item_name=item["name"], kind=item["kind"], candidates=names,
                       seats=item["seats"] or 1, allow_write_in=bool(item["allow_write_in"]),
                       instructions=instructions, paper=paper, orientation=orientation, copies=copies)


class BallotPrintDialog(QDialog):
    """Choices for one item's ballots; the choices are kept in the item's options for next time."""

    def __init__(self, db, session: dict, item_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.session = session
        self.item_id = item_id
        self.item = items_db.get_item(db, item_id)
        options = self.item["options"] or {}
        self.setWindowTitle(f"打印选票 — {self.item['name']}")
        fit_to_screen(self, 620, 460)

        self.paper = QComboBox()
        self.paper.addItems(["A4", "A5"])
        self.paper.setCurrentText(options.get("paper", "A4"))
        self.orientation = QComboBox()
        for key, text in ORIENTATIONS:
            self.orientation.addItem(text, key)
        self.orientation.setCurrentIndex(max(0, self.orientation.findData(options.get("orientation", "portrait"))))
        self.copies = QSpinBox()
        self.copies.setRange(1, 99999)
        self.copies.setValue(self.item["printed"] or self.item["issued"] or session["total_deputies"] or 1)
        self.serials = QLabel()
        self.copies.valueChanged.connect(self._show_serials)
        names = [c["name"] for c in items_db.candidates(db, item_id)]
        self.default_text = default_instructions(
            self.item["kind"], self.item["seats"] or 1, bool(self.item["allow_write_in"]), len(names))
        self.instructions = QPlainTextEdit(options.get("instructions") or self.default_text)
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

    def paper_description(self) -> BallotPaper:
        return ballot_paper(self.db, self.session, self.item_id, paper=self.paper.currentText(),
                            orientation=self.orientation.currentData(), copies=self.copies.value(),
                            instructions=self.instructions.toPlainText())

    def file_name(self) -> str:
        return f"选票-{self.item['name']}-{self.copies.value()}张.pdf"

    def render(self, path: Path) -> Path:
        """Write the PDF and remember the choices (and the printed range, for the serial check at entry)."""
        paper = self.paper_description()
        missing = missing_glyphs(paper)
        if missing:
            self.message.setText(f"注意：以下字符没有字体可以打印，请核对：{''.join(missing)}")
        QGuiApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            render_ballots(paper, path)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._remember()
        return path

    def _remember(self) -> None:
        if self.item["status"] == items_db.CERTIFIED:
            return
        options = dict(self.item["options"] or {})
        options.update(paper=self.paper.currentText(), orientation=self.orientation.currentData())
        # Only a clerk's own wording is kept: the default follows later changes of seats or candidates.
        text = self.instructions.toPlainText().strip()
        if text and text != self.default_text:
            options["instructions"] = text
        else:
            options.pop("instructions", None)
        changes = {"options": options}
        if (self.item["issued"] or 0) <= self.copies.value():
            changes["printed"] = self.copies.value()
        try:
            items_db.update_item(self.db, self.item_id, **changes)
            self.item = items_db.get_item(self.db, self.item_id)
        except UserError as err:
            self.message.setText(str(err))

    def preview(self) -> None:
        try:
            self.paper_description()
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
