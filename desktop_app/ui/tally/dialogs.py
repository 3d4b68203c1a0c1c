"""Small dialogs of the tally page: a required reason, and the correction of one entered ballot."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QInputDialog, QLabel, QLineEdit, QScrollArea,
    QVBoxLayout, QWidget,
)

from ...domain.ballots import ItemSpec
from .entry_logic import WORDS, ballot_names, split_names
from ..widgets.screen_fit import fit_to_screen


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """A required line of text (a reason, a name); None when cancelled or left empty."""
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.Normal, text)
    value = value.strip()
    return value if ok and value else None


def ask_count(parent: QWidget | None, title: str, label: str, value: int = 0) -> int | None:
    """A whole number of papers (0–99999); None when cancelled."""
    number, ok = QInputDialog.getInt(parent, title, label, value, 0, 99999)
    return number if ok else None


class CorrectionDialog(QDialog):
    """Edit one ballot's marks, write-ins and 作废; the reason for the correction is required."""

    def __init__(self, spec: ItemSpec, ballot: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setWindowTitle(f"更正第 {ballot['serial']:03d} 号选票")
        marks = ballot["marks"] or "-" * spec.width
        words = ("S", "B", "U", "-") if spec.kind == "测评" else ("Y", "N", "-")
        self.combos: list[QComboBox] = []
        form = QFormLayout()
        for i, name in enumerate(ballot_names(spec)):
            combo = QComboBox()
            for mark in words:
                combo.addItem(WORDS[mark], mark)
            combo.setCurrentIndex(max(0, combo.findData(marks[i] if i < len(marks) else "-")))
            self.combos.append(combo)
            form.addRow(name, combo)
        holder = QWidget()
        holder.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)
        self.write_ins = QLineEdit("、".join(ballot.get("write_ins") or ()))
        self.write_ins.setVisible(spec.allow_write_in)
        self.void = QCheckBox("作废（计票人员宣布作废）")
        self.void.setChecked(bool(ballot["void"]))
        self.void_reason = QLineEdit(ballot.get("void_reason") or "")
        self.void_reason.setPlaceholderText("作废原因")
        self.reason = QLineEdit()
        self.reason.setObjectName("correctionReason")
        self.reason.setPlaceholderText("必填：例如 唱票时读错，经监票人核对原票更正")
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("保存更正")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        bottom = QFormLayout()
        if spec.allow_write_in:
            bottom.addRow("另选他人", self.write_ins)
        bottom.addRow("", self.void)
        bottom.addRow("作废原因", self.void_reason)
        bottom.addRow("更正理由", self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        fit_to_screen(self, 420, 520)

    def values(self) -> dict:
        """Arguments for db.ballots.correct_ballot."""
        return {
            "marks": "".join(c.currentData() for c in self.combos),
            "write_ins": list(split_names(self.write_ins.text())) if self.spec.allow_write_in else [],
            "void": self.void.isChecked(),
            "void_reason": self.void_reason.text().strip() or None,
            "reason": self.reason.text().strip(),
        }

    def accept(self) -> None:
        values = self.values()
        if not values["reason"]:
            self.error.setText("请填写更正理由（会记入审计日志）。")
            return
        if values["void"] and not values["void_reason"]:
            self.error.setText("作废的选票请填写作废原因。")
            return
        super().accept()
