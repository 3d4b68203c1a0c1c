"""设置 → 打印校准: the printer for certificates and, per printer and template, the offset in millimetres.

The clerk prints the calibration page, measures where its centre cross landed and lets the tab compute the
offset, or types the offset directly; a test print on plain paper shows the result before using card stock.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout,
    QWidget,
)

from ...db import print_offsets
from ...errors import UserError
from ...ops import printing as printing_ops
from ...reports.pdf import calibration, certificates
from ..context import AppContext
from ..widgets.messages import show_error

SAMPLE = {"name": "张三", "gender": "男", "district": "第一选区", "number": "180001",
          "term_title": "示范镇第十八届人民代表大会代表", "title": "优秀人大代表", "post": "示范镇人民政府镇长",
          "session_name": "示范镇第十八届人民代表大会第一次会议", "township": "示范镇"}


def available_printers() -> list[str]:
    """Names of the printers installed on this computer (empty when none or no print support)."""
    try:
        from PySide6.QtPrintSupport import QPrinterInfo

        return [name for name in QPrinterInfo.availablePrinterNames() if name]
    except (ImportError, RuntimeError):
        return []


def _spin(low: float, high: float) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(low, high)
    spin.setDecimals(1)
    spin.setSingleStep(0.5)
    spin.setSuffix(" 毫米")
    spin.setMaximumWidth(160)
    return spin


class PrintingSettings(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.printer_combo = QComboBox()
        self.printer_combo.setMinimumWidth(260)
        self.template_combo = QComboBox()
        for _kind, (name, label) in certificates.TEMPLATES.items():
            self.template_combo.addItem(label, name)
        self.single_check = QCheckBox("证卡打印机（每页一张卡片）")
        self.x_spin = _spin(-print_offsets.LIMIT_MM, print_offsets.LIMIT_MM)
        self.y_spin = _spin(-print_offsets.LIMIT_MM, print_offsets.LIMIT_MM)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.saved_label = QLabel()
        self.saved_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self._choice_box())
        layout.addWidget(self._measure_box())
        layout.addWidget(self._offset_box())
        layout.addWidget(self.saved_label)
        layout.addStretch(1)

        self._fill_printers()
        self.printer_combo.currentIndexChanged.connect(self._printer_changed)
        self.template_combo.currentIndexChanged.connect(lambda _i: self.load_offset())
        self.single_check.toggled.connect(lambda _on: self._update_nominal())
        self.load_offset()

    # Building ------------------------------------------------------------------------------
    def _choice_box(self) -> QGroupBox:
        box = QGroupBox("打印机与证书")
        form = QFormLayout(box)
        form.addRow("打印证书用的打印机", self.printer_combo)
        form.addRow("证书模板", self.template_combo)
        form.addRow("", self.single_check)
        hint = QLabel("每台打印机进纸位置略有不同，偏移按“打印机 + 证书模板”分别保存。")
        hint.setWordWrap(True)
        form.addRow(hint)
        return box

    def _measure_box(self) -> QGroupBox:
        box = QGroupBox("第一步：打印校准页并量出位置")
        self.nominal_label = QLabel()
        self.nominal_label.setWordWrap(True)
        self.measured_x = _spin(0, 1000)
        self.measured_y = _spin(0, 1000)
        self.calibration_button = QPushButton("打印校准页…")
        self.calibration_button.clicked.connect(self.print_calibration)
        self.compute_button = QPushButton("按量得距离算出偏移")
        self.compute_button.clicked.connect(self.compute_from_measurement)
        form = QFormLayout()
        form.addRow("中心十字到纸张左边缘", self.measured_x)
        form.addRow("中心十字到纸张上边缘", self.measured_y)
        buttons = QHBoxLayout()
        buttons.addWidget(self.calibration_button)
        buttons.addWidget(self.compute_button)
        buttons.addStretch(1)
        inner = QVBoxLayout(box)
        inner.addWidget(self.nominal_label)
        inner.addLayout(form)
        inner.addLayout(buttons)
        return box

    def _offset_box(self) -> QGroupBox:
        box = QGroupBox("第二步：保存偏移并试印")
        form = QFormLayout()
        form.addRow("向右移动（负数向左）", self.x_spin)
        form.addRow("向下移动（负数向上）", self.y_spin)
        self.save_button = QPushButton("保存偏移")
        self.save_button.clicked.connect(self.save_offset)
        self.test_button = QPushButton("普通纸试印…")
        self.test_button.setToolTip("用屏幕上的偏移打印一张带底版的样证，叠在卡纸上对光查看。")
        self.test_button.clicked.connect(self.print_test)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        inner = QVBoxLayout(box)
        inner.addLayout(form)
        inner.addLayout(buttons)
        inner.addWidget(self.status)
        return box

    def _fill_printers(self) -> None:
        current = print_offsets.current_printer(self.ctx.db)
        names = [print_offsets.DEFAULT_PRINTER] + available_printers()
        if current not in names:
            names.append(current)   # chosen earlier, not connected now: keep it and its offsets
        self.printer_combo.blockSignals(True)
        self.printer_combo.clear()
        for name in names:
            self.printer_combo.addItem(name, name)
        self.printer_combo.setCurrentIndex(max(self.printer_combo.findData(current), 0))
        self.printer_combo.blockSignals(False)

    # State ---------------------------------------------------------------------------------
    def printer(self) -> str:
        return self.printer_combo.currentData() or print_offsets.DEFAULT_PRINTER

    def template(self) -> str:
        return self.template_combo.currentData()

    def _sheet(self) -> certificates.Sheet:
        return certificates.sheet_for(certificates.load_template(self.template()),
                                      one_per_page=self.single_check.isChecked())

    def _update_nominal(self) -> None:
        has_card = "card" in certificates.load_template(self.template())
        self.single_check.setEnabled(has_card)
        sheet = self._sheet()
        cx, cy = calibration.centre_cross(sheet.page_w, sheet.page_h)
        self.nominal_label.setText(
            f"校准页纸张 {sheet.page_w:g} × {sheet.page_h:g} 毫米，中心十字应距左边 {cx:g} 毫米、上边 {cy:g} 毫米。"
            "打印后用直尺量出实际距离填在下面（打印时选“实际大小”）。")
        self.measured_x.setValue(cx)
        self.measured_y.setValue(cy)

    def _printer_changed(self, *_args) -> None:
        self.ctx.announce(printing_ops.choose_printer(self.ctx.db, self.printer()))
        self.load_offset()

    def load_offset(self) -> None:
        x, y = print_offsets.get_offset(self.ctx.db, self.printer(), self.template())
        self.x_spin.setValue(x)
        self.y_spin.setValue(y)
        self._update_nominal()
        self._show_saved()
        self.status.setText("")

    def _show_saved(self) -> None:
        labels = {name: label for name, label in certificates.TEMPLATES.values()}
        rows = print_offsets.list_offsets(self.ctx.db)
        lines = [f"{r['printer']} · {labels.get(r['template'], r['template'])}：向右 {r['x']:g}，向下 {r['y']:g} 毫米"
                 for r in rows]
        self.saved_label.setText("已保存的偏移：\n" + "\n".join(lines) if lines else "还没有保存过偏移。")

    # Actions -------------------------------------------------------------------------------
    def compute_from_measurement(self) -> tuple[float, float]:
        """Offset = where the cross should be − where it was measured (the calibration page has no offset)."""
        sheet = self._sheet()
        cx, cy = calibration.centre_cross(sheet.page_w, sheet.page_h)
        x = calibration.offset_from_measurement(cx, self.measured_x.value())
        y = calibration.offset_from_measurement(cy, self.measured_y.value())
        self.x_spin.setValue(x)
        self.y_spin.setValue(y)
        self.status.setText(f"算得偏移：向右 {x:g} 毫米，向下 {y:g} 毫米。确认无误后请点“保存偏移”。")
        return x, y

    def save_offset(self) -> bool:
        try:
            changes = printing_ops.save_offset(self.ctx.db, self.printer(), self.template(), self.x_spin.value(),
                                               self.y_spin.value())
        except UserError as err:
            show_error(self, err)
            return False
        x, y = changes.value
        self.status.setText(f"已保存：{self.printer()} 打印{self.template_combo.currentText()}时"
                            f"向右 {x:g} 毫米、向下 {y:g} 毫米。")
        self._show_saved()
        self.ctx.announce(changes)
        return True

    def _show(self, path: Path, title: str) -> None:
        from ..certificates import output

        output.show_pdf(self, path, title=title, file_name=path.name, printer=self.printer())

    def print_calibration(self) -> Path | None:
        sheet = self._sheet()
        path = Path(tempfile.mkdtemp(prefix="xzrd-cal-")) / f"打印校准页-{self.template_combo.currentText()}.pdf"
        try:
            calibration.render_calibration_page(path, width_mm=sheet.page_w, height_mm=sheet.page_h,
                                                printer=self.printer(), template_label=self.template_combo.currentText())
        except (UserError, OSError) as err:
            show_error(self, err if isinstance(err, UserError) else UserError(str(err)))
            return None
        self._show(path, "打印校准页")
        return path

    def print_test(self) -> Path | None:
        """A sample certificate with its design, shifted by the offsets on screen (saved or not)."""
        path = Path(tempfile.mkdtemp(prefix="xzrd-test-")) / f"试印-{self.template_combo.currentText()}.pdf"
        record = dict(SAMPLE, date=dt.date.today().isoformat())
        try:
            certificates.render_template(self.template(), [record], path, offset_x_mm=self.x_spin.value(),
                                         offset_y_mm=self.y_spin.value(), draw_background=True,
                                         one_per_page=self.single_check.isChecked())
        except (UserError, OSError) as err:
            show_error(self, err if isinstance(err, UserError) else UserError(str(err)))
            return None
        self._show(path, "普通纸试印")
        return path
