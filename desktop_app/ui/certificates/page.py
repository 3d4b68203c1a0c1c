"""证书打印: choose 代表证 / 荣誉证书 / 当选证书 and the people, then preview, print or save the PDF.

The saved offset of the printer chosen in 设置 → 打印校准 is applied, so the text lands on pre-printed
card stock; 普通纸试印 prints the card's design too, to check the position on plain paper first.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
    QPushButton, QSplitter, QStackedWidget, QVBoxLayout, QWidget,
)
from PySide6.QtCore import Qt

from ...db import print_offsets
from ...errors import InputError, UserError
from ...reports.pdf import certificates
from ..context import AppContext
from ..widgets.actions import EXPORT, FIND, PRINT, REFRESH, page_action
from ..widgets.dates import DateEdit, DateError
from ..widgets.messages import show_error
from ..widgets.reloading_page import ReloadingPage
from . import output
from .choosers import DeputyChooser, ElectionChooser, HonorChooser
from ...ops.changes import Area, Changes

_WATCHED = (Area.TERMS | Area.DISTRICTS | Area.DEPUTIES | Area.SESSIONS | Area.VOTE_ITEMS | Area.BALLOTS |
             Area.ARCHIVE | Area.HONORS | Area.SETTINGS)
KINDS = list(certificates.TEMPLATES)   # deputy_card, honor, election
GRID, ONE_PER_PAGE = "grid", "single"


class CertificatesPage(ReloadingPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = False
        self.last_pdf: Path | None = None

        self.kind_combo = QComboBox()
        for kind in KINDS:
            self.kind_combo.addItem(certificates.TEMPLATES[kind][1], kind)
        self.choosers = {"deputy_card": DeputyChooser(ctx), "honor": HonorChooser(ctx), "election": ElectionChooser(ctx)}
        self.stack = QStackedWidget()
        for kind in KINDS:
            self.stack.addWidget(self.choosers[kind])
            self.choosers[kind].changed.connect(self._update_summary)

        top = QHBoxLayout()
        top.addWidget(QLabel("证书类型"))
        top.addWidget(self.kind_combo)
        top.addStretch(1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.stack, 1)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self._options_box())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)

        # Keyboard: Ctrl+P 预览并打印, Ctrl+E 保存PDF, Ctrl+F the list's search box, F5 re-read the lists.
        self.preview_action = page_action(self, "预览并打印", self.preview, PRINT)
        self.save_action = page_action(self, "保存PDF", self.save_pdf, EXPORT)
        self.find_action = page_action(self, "查找", self.focus_search, FIND)
        self.refresh_action = page_action(self, "刷新", self.reload, REFRESH)
        self.preview_button.setToolTip(self.preview_action.toolTip())
        self.save_button.setToolTip(self.save_action.toolTip())

        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        ctx.events.changed.connect(self._on_data_changed)
        self.reload()
        self._kind_changed()

    def focus_search(self) -> None:
        chooser = self.chooser()
        if isinstance(chooser, HonorChooser):
            table = chooser.deputies.table if chooser.typed_radio.isChecked() else chooser.honor_table
        else:
            table = chooser.table
        table.search.setFocus()
        table.search.selectAll()

    # Building ------------------------------------------------------------------------
    def _options_box(self) -> QWidget:
        box = QGroupBox("打印选项")
        self.date_edit = DateEdit()
        self.date_edit.set_iso(dt.date.today().isoformat())
        self.issuer_edit = QLineEdit()
        self.sheet_combo = QComboBox()
        self.sheet_combo.addItem("A4 纸，每页多张（裁切）", GRID)
        self.sheet_combo.addItem("证卡打印机，每页一张", ONE_PER_PAGE)
        self.sheet_label = QLabel("打印方式")
        self.background_check = QCheckBox("普通纸试印（连同底版一起打印）")
        self.background_check.setToolTip("先用普通纸试印，叠在卡纸上对光查看位置；正式打印在预印卡纸上时不要勾选。")
        self.date_hint = QLabel()
        self.date_hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow("颁发日期", self.date_edit)
        form.addRow("", self.date_hint)
        form.addRow("发证机关", self.issuer_edit)
        form.addRow(self.sheet_label, self.sheet_combo)
        self.printer_label = QLabel()
        self.printer_label.setWordWrap(True)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.preview_button = QPushButton("预览并打印…")
        self.preview_button.setDefault(True)
        self.preview_button.clicked.connect(self.preview)
        self.save_button = QPushButton("保存PDF…")
        # Not connect(self.save_pdf): clicked passes Qt's checked flag (False), which would become the path.
        self.save_button.clicked.connect(lambda _checked=False: self.save_pdf())
        self.calibrate_button = QPushButton("打印校准页…")
        self.calibrate_button.clicked.connect(self.print_calibration)
        settings_link = QPushButton("修改打印机和偏移…")
        settings_link.clicked.connect(lambda: self.ctx.events.navigate.emit("settings", "打印校准"))
        inner = QVBoxLayout(box)
        inner.addLayout(form)
        inner.addWidget(self.background_check)
        inner.addWidget(self.printer_label)
        inner.addWidget(settings_link)
        inner.addSpacing(12)
        inner.addWidget(self.summary_label)
        inner.addWidget(self.preview_button)
        inner.addWidget(self.save_button)
        inner.addWidget(self.calibrate_button)
        inner.addStretch(1)
        box.setMinimumWidth(280)
        return box

    # State -----------------------------------------------------------------------------
    def kind(self) -> str:
        return self.kind_combo.currentData()

    def set_kind(self, kind: str) -> None:
        self.kind_combo.setCurrentIndex(KINDS.index(kind))

    def chooser(self):
        return self.choosers[self.kind()]

    def template_name(self) -> str:
        return certificates.TEMPLATES[self.kind()][0]

    def label(self) -> str:
        return certificates.TEMPLATES[self.kind()][1]

    def offset(self) -> tuple[float, float]:
        return print_offsets.current_offset(self.ctx.db, self.template_name())

    def _kind_changed(self, *_args) -> None:
        kind = self.kind()
        self.stack.setCurrentIndex(KINDS.index(kind))
        card = "card" in certificates.load_template(self.template_name())
        self.sheet_combo.setVisible(card)
        self.sheet_label.setVisible(card)
        election = kind == "election"
        self.date_edit.setEnabled(not election)
        self.date_hint.setText("当选证书使用会议日期。" if election else "")
        self.date_hint.setVisible(election)
        self.issuer_edit.setPlaceholderText(
            "默认：本次会议主席团" if election else "默认：本镇人民代表大会主席团")
        self._update_summary()

    def _update_summary(self, *_args) -> None:
        printer = print_offsets.current_printer(self.ctx.db)
        x, y = self.offset()
        self.printer_label.setText(f"打印机：{printer}\n位置偏移：向右 {x:g} 毫米，向下 {y:g} 毫米")
        count = self._count()
        self.summary_label.setText(f"将打印 {count} 份{self.label()}。" if count else
                                   f"请在左侧勾选要打印{self.label()}的人员。")
        # Nothing to print until someone is ticked; the calibration page needs nobody.
        self.preview_button.setEnabled(bool(count))
        self.save_button.setEnabled(bool(count))
        self.preview_action.setEnabled(bool(count))
        self.save_action.setEnabled(bool(count))

    def _count(self) -> int:
        chooser = self.chooser()
        if isinstance(chooser, HonorChooser):
            return chooser.checked_count()
        return len(chooser.model.checked_ids())

    def reload(self) -> None:
        for chooser in self.choosers.values():
            chooser.reload()
        self._stale = False
        self._update_summary()

    def _on_data_changed(self, changes: Changes) -> None:
        if changes.touches(_WATCHED):
            self.reload_soon()

    def focus_record(self, deputy_id) -> None:
        """Show 代表证 with this deputy ticked (from the roster or an archive)."""
        self.set_kind("deputy_card")
        self.choosers["deputy_card"].set_checked([deputy_id])

    # Making the PDF ---------------------------------------------------------------------
    def records(self) -> list[dict]:
        """The records of the ticked people; InputError when none or the date is wrong."""
        try:
            date = self.date_edit.iso() or dt.date.today().isoformat()
        except DateError as err:
            raise InputError(f"颁发日期：{err}") from None
        records = self.chooser().records(date=date, issuer=self.issuer_edit.text().strip() or None)
        if not records:
            raise InputError(f"请先勾选要打印{self.label()}的人员。")
        return records

    def file_name(self) -> str:
        return f"{self.label()}-{dt.date.today().isoformat()}.pdf"

    def render(self, path: str | Path, records: list[dict] | None = None) -> Path:
        """Write the PDF of the ticked people with the current options and the saved offset."""
        records = self.records() if records is None else records
        x, y = self.offset()
        # templates without a card size are one per page anyway; the choice only matters for cards
        one_per_page = self.sheet_combo.currentData() == ONE_PER_PAGE
        return certificates.render_template(self.template_name(), records, path, offset_x_mm=x, offset_y_mm=y,
                                            draw_background=self.background_check.isChecked(),
                                            one_per_page=one_per_page)

    def _confirm_glyphs(self, records: list[dict]) -> bool:
        missing = certificates.records_missing_glyphs(records)
        if not missing:
            return True
        answer = QMessageBox.question(
            self, "有打印不出的字",
            f"以下字符在本机所有字体中都没有，打印出来会是空白或方框：{'、'.join(missing)}\n\n"
            "建议手工填写这些字，或安装含有这些字的字体（如“花园明朝”）。仍要继续吗？",
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        return answer == QMessageBox.Yes

    def _make(self, path: Path) -> Path | None:
        try:
            records = self.records()
            if not self._confirm_glyphs(records):
                return None
            return self.render(path, records)
        except (UserError, OSError) as err:
            show_error(self, err if isinstance(err, UserError) else UserError(f"无法生成文件：{err}"),
                       title=f"无法生成{self.label()}")
            return None

    def preview(self) -> Path | None:
        """Make the PDF in a temporary folder and show it (print and save from the preview)."""
        path = self._make(Path(tempfile.mkdtemp(prefix="xzrd-cert-")) / self.file_name())
        if path is not None:
            self.last_pdf = path
            output.show_pdf(self, path, title=self.label(), file_name=self.file_name(),
                            printer=print_offsets.current_printer(self.ctx.db))
        return path

    def save_pdf(self, target: str | Path | None = None) -> Path | None:
        if target is None:
            target, _ = QFileDialog.getSaveFileName(self, "保存PDF", self.file_name(), "PDF 文件 (*.pdf)")
            if not target:
                return None
        target = Path(target)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        path = self._make(target)
        if path is not None:
            self.last_pdf = path
        return path

    def print_calibration(self) -> Path | None:
        """The calibration page for this printer and certificate's paper size (no offset applied)."""
        from ...reports.pdf.calibration import render_calibration_page

        template = certificates.load_template(self.template_name())
        sheet = certificates.sheet_for(template, one_per_page=self.sheet_combo.currentData() == ONE_PER_PAGE)
        printer = print_offsets.current_printer(self.ctx.db)
        path = Path(tempfile.mkdtemp(prefix="xzrd-cal-")) / f"打印校准页-{self.label()}.pdf"
        try:
            render_calibration_page(path, width_mm=sheet.page_w, height_mm=sheet.page_h, printer=printer,
                                    template_label=self.label())
        except (UserError, OSError) as err:
            show_error(self, err if isinstance(err, UserError) else UserError(str(err)))
            return None
        output.show_pdf(self, path, title="打印校准页", file_name=path.name, printer=printer)
        return path
