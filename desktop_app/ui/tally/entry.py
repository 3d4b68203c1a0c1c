"""The keyboard-first ballot entry widget: serial field, one key per candidate, write-ins, live verdict."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget,
)

from ...domain.ballots import BallotEntry, ItemSpec
from . import dialogs
from .entry_logic import ABSTAIN, SYMBOLS, BallotDraft, Phase, SerialCheck, ballot_names, key_help

#: Called with the finished ballot and the 作废 reason (or None); returns None on success or a Chinese error.
SaveHandler = Callable[[BallotEntry, "str | None"], "str | None"]

_DIGITS = {Qt.Key_0: "0", Qt.Key_1: "1", Qt.Key_2: "2", Qt.Key_3: "3"}
_ENTER = (Qt.Key_Return, Qt.Key_Enter)
RED, YELLOW, GREEN = "#c62828", "#8a6d00", "#2e7d32"
ABSTAIN_TEXT = "弃权"
# Looked up once: the grid repaints its thirty cells on every keystroke, and PySide6's short-form names
# (Qt.AlignCenter) and colours built from text cost more than the drawing itself.
_CENTER = Qt.AlignmentFlag.AlignCenter
_CENTER_WRAP = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
_CELL_BORDER, _CURRENT_BORDER = QPen(QColor("#b0b0b0"), 1), QPen(QColor("#1565c0"), 2)
_NAME_INK, _ABSTAIN_INK, _YES_INK, _NO_INK = QColor("#202020"), QColor("#9e9e9e"), QColor("#0d47a1"), QColor(RED)
_CURRENT_FOCUSED, _CURRENT_UNFOCUSED = QColor("#ffe082"), QColor("#fff3c4")


class MarksGrid(QWidget):
    """One painted cell per candidate (name over its mark); keys go to the entry widget.

    Painted rather than built of child widgets so that a keystroke costs one repaint of one widget.
    """

    CELL_W, CELL_H = 132, 64

    def __init__(self, entry: "EntryWidget") -> None:
        super().__init__(entry)
        self.entry = entry
        self.setFocusPolicy(Qt.StrongFocus)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        self._name_font = QFont(self.font())
        self._name_font.setPointSize(11)
        self._small_font = QFont(self.font())
        self._small_font.setPointSize(9)
        self._mark_font = QFont(self.font())
        self._mark_font.setPointSize(18)
        self._mark_font.setBold(True)
        self._names: tuple[str, ...] = ()

    def set_names(self, names: tuple[str, ...]) -> None:
        self._names = names
        self.updateGeometry()
        self.update()

    def columns(self) -> int:
        return max(1, self.width() // self.CELL_W)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        count = max(1, self.entry.draft.size if self.entry.draft else 1)
        cols = max(1, width // self.CELL_W)
        return ((count + cols - 1) // cols) * self.CELL_H + 2

    def sizeHint(self) -> QSize:
        return QSize(self.CELL_W * 6, self.heightForWidth(self.CELL_W * 6))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.CELL_W * 2, self.CELL_H)

    def cell_rect(self, index: int) -> QRectF:
        cols = self.columns()
        width = self.width() / cols
        return QRectF((index % cols) * width + 1, (index // cols) * self.CELL_H + 1, width - 2, self.CELL_H - 2)

    def paintEvent(self, event) -> None:
        draft = self.entry.draft
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff" if self.isEnabled() else "#f2f2f2"))
        if draft is None:
            return
        names = self._names
        current = draft.cursor if draft.phase is Phase.MARKS else -1
        for i, name in enumerate(names):
            rect = self.cell_rect(i)
            if i == current:
                painter.fillRect(rect, _CURRENT_FOCUSED if self.hasFocus() else _CURRENT_UNFOCUSED)
            painter.setPen(_CURRENT_BORDER if i == current else _CELL_BORDER)
            painter.drawRect(rect)
            painter.setPen(_NAME_INK)
            label = f"{i + 1}. {name}"
            long_name = len(label) > 8   # project names: smaller type, wrapped on two lines
            painter.setFont(self._small_font if long_name else self._name_font)
            painter.drawText(rect.adjusted(3, 1, -3, -rect.height() * (0.42 if long_name else 0.5)),
                             _CENTER_WRAP, label)
            if i < len(draft.marks):
                mark = draft.marks[i]
                if mark == ABSTAIN:
                    # Blank on paper, but the clerk must see that this cell was typed (0 or Enter), not skipped.
                    painter.setPen(_ABSTAIN_INK)
                    painter.setFont(self._name_font)
                    painter.drawText(rect.adjusted(4, rect.height() * 0.55, -4, -2), _CENTER, ABSTAIN_TEXT)
                    continue
                painter.setPen(_NO_INK if mark in ("N", "U") else _YES_INK)
                painter.setFont(self._mark_font if len(SYMBOLS[mark]) == 1 else self._name_font)
                painter.drawText(rect.adjusted(4, rect.height() * 0.55, -4, -2), _CENTER, SYMBOLS[mark])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.entry.handle_grid_key(event):
            super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:
        self.update()
        super().focusOutEvent(event)


class EntryWidget(QWidget):
    """Types ballots of one item; the page supplies the save handler that writes to the database.

    Signals:
        draftChanged(): after every key that changed the ballot being typed (the 唱票 window follows it).
        saved(int): a ballot with that serial was saved.
    """

    draftChanged = Signal()
    saved = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft: BallotDraft | None = None
        self.on_save: SaveHandler | None = None

        big = QFont(self.font())
        big.setPointSize(16)
        self.serial_edit = QLineEdit()
        self.serial_edit.setObjectName("serial")
        self.serial_edit.setFont(big)
        self.serial_edit.setMaximumWidth(140)
        self.serial_edit.setPlaceholderText("编号")
        self.serial_edit.returnPressed.connect(self._serial_entered)
        self.serial_edit.installEventFilter(self)
        self.serial_message = QLabel()
        self.serial_message.setObjectName("serialMessage")
        self.serial_message.setWordWrap(True)

        self.grid = MarksGrid(self)
        self.write_in_label = QLabel("另选他人：")
        self.write_in_edit = QLineEdit()
        self.write_in_edit.setObjectName("writeIn")
        self.write_in_edit.setFont(big)
        self.write_in_edit.setPlaceholderText("另选人姓名，多人用“、”分隔；没有则直接回车")
        self.write_in_edit.textChanged.connect(self._write_ins_edited)
        self.write_in_edit.returnPressed.connect(self._save)
        self.write_in_edit.installEventFilter(self)

        self.verdict_label = QLabel()
        self.verdict_label.setObjectName("verdict")
        verdict_font = QFont(self.font())
        verdict_font.setPointSize(15)
        verdict_font.setBold(True)
        self.verdict_label.setFont(verdict_font)
        self.help_label = QLabel()
        self.help_label.setStyleSheet("color: #555;")
        self.help_label.setWordWrap(True)

        top = QHBoxLayout()
        title = QLabel("选票编号")
        title.setFont(big)
        top.addWidget(title)
        top.addWidget(self.serial_edit)
        top.addWidget(self.serial_message, 1)
        write_row = QHBoxLayout()
        write_row.addWidget(self.write_in_label)
        write_row.addWidget(self.write_in_edit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.grid)
        layout.addLayout(write_row)
        layout.addWidget(self.verdict_label)
        layout.addWidget(self.help_label)
        self.set_item(None)

    # Setup -------------------------------------------------------------------------------------
    def set_item(self, spec: ItemSpec | None, *, used_serials: set[int] | None = None,
                 printed: int | None = None) -> None:
        """Start typing ballots of ``spec`` (None: nothing to type)."""
        self.draft = BallotDraft(spec, used_serials=used_serials, printed=printed) if spec else None
        has = spec is not None
        self.write_in_label.setVisible(has and spec.allow_write_in)
        self.write_in_edit.setVisible(has and spec.allow_write_in)
        self.help_label.setText(key_help(spec.kind, spec.allow_write_in) if has else "请先选择会议和表决事项。")
        self.grid.set_names(ballot_names(spec) if has else ())
        self.set_read_only(not has)
        self._restart()

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.serial_edit, self.grid, self.write_in_edit):
            widget.setEnabled(not read_only and self.draft is not None)

    def focus_serial(self) -> None:
        self.serial_edit.setFocus()
        self.serial_edit.selectAll()

    # Keys ----------------------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:
        if event.type() != QEvent.KeyPress or self.draft is None:
            return False
        key = event.key()
        if key == Qt.Key_D and event.modifiers() & Qt.ControlModifier:
            self._void()
            return True
        if key == Qt.Key_Escape:
            self._restart()
            return True
        if obj is self.write_in_edit and key == Qt.Key_Backspace and not self.write_in_edit.text():
            self._step_back()
            return True
        return False

    def handle_grid_key(self, event: QKeyEvent) -> bool:
        """The key handler of the marks phase; True when the key was used."""
        draft = self.draft
        if draft is None:
            return False
        key = event.key()
        if key == Qt.Key_D and event.modifiers() & Qt.ControlModifier:
            self._void()
        elif key in _DIGITS:
            if draft.press(_DIGITS[key]):
                self._marks_changed()
            else:
                return True   # a key that means nothing here (e.g. 3 on a 选举 ballot) is swallowed silently
        elif key in _ENTER:
            if draft.phase is Phase.MARKS:
                draft.press("enter")
                self._marks_changed()
            elif draft.phase is Phase.READY:
                self._save()
        elif key == Qt.Key_Backspace:
            self._step_back()
        elif key == Qt.Key_Escape:
            self._restart()
        else:
            return False
        return True

    # Steps ---------------------------------------------------------------------------------------
    def _restart(self) -> None:
        """Empty ballot, next unused serial suggested and selected so Enter accepts it."""
        self.write_in_edit.clear()
        self.serial_message.clear()
        if self.draft is None:
            self.serial_edit.clear()
            self.verdict_label.clear()
            self.set_read_only(True)
            self.grid.update()
            return
        self.draft.clear()
        self.serial_edit.setText(str(self.draft.suggested_serial()))
        self.verdict_label.clear()
        self.grid.update()
        self.focus_serial()
        self.draftChanged.emit()

    def _serial_entered(self) -> None:
        if self.draft is None:
            return
        check = self.draft.accept_serial(self.serial_edit.text())
        self._show_serial_check(check)
        if check.ok:
            self._marks_changed()

    def _show_serial_check(self, check: SerialCheck) -> None:
        color = {"error": RED, "warning": YELLOW}.get(check.level or "", "#000")
        background = {"error": "#ffebee", "warning": "#fff8e1"}.get(check.level or "", "transparent")
        self.serial_message.setStyleSheet(f"color: {color}; background: {background}; padding: 2px;")
        self.serial_message.setText(check.message or "")

    def _marks_changed(self) -> None:
        draft = self.draft
        if draft.phase is Phase.MARKS:
            if not self.grid.hasFocus():
                self.grid.setFocus()
        elif draft.phase is Phase.WRITE_IN:
            self.write_in_edit.setFocus()
        elif draft.phase is Phase.READY and not self.grid.hasFocus():
            self.grid.setFocus()
        self._show_verdict()
        self.grid.update()
        self.draftChanged.emit()

    def _show_verdict(self) -> None:
        draft = self.draft
        verdict = draft.verdict()
        if draft.phase is Phase.SERIAL:
            self.verdict_label.clear()
            return
        if verdict.valid:
            unit = "人" if draft.spec.kind == "选举" else "项"
            text = "有效 — 回车保存" if draft.complete else f"第 {draft.cursor + 1} {unit}，共 {draft.size} {unit}"
            self.verdict_label.setStyleSheet(f"color: {GREEN};")
        else:
            text = verdict.text + ("（回车按无效票保存）" if draft.complete else "")
            self.verdict_label.setStyleSheet(f"color: {RED};")
        self.verdict_label.setText(text)

    def _write_ins_edited(self, text: str) -> None:
        if self.draft is not None:
            self.draft.set_write_ins(text)
            self._show_verdict()
            self.draftChanged.emit()

    def _step_back(self) -> None:
        draft = self.draft
        if draft is None or not draft.back():
            return
        self.write_in_edit.clear()
        draft.write_ins = ()
        if draft.phase is Phase.SERIAL:
            self.serial_message.clear()
            self.verdict_label.clear()
            self.grid.update()
            self.focus_serial()
            self.draftChanged.emit()
        else:
            self._marks_changed()

    def _save(self, void_reason: str | None = None) -> None:
        draft = self.draft
        if draft is None or (not draft.complete and void_reason is None):
            return
        entry = draft.entry(void=void_reason is not None)
        error = self.on_save(entry, void_reason) if self.on_save else None
        if error:
            self._show_serial_check(SerialCheck(False, "error", error))
            return
        draft.saved(entry.serial)
        self.saved.emit(entry.serial)
        self._restart()

    def _void(self) -> None:
        """Ctrl+D: the scrutineers declare this ballot 作废; a reason is required."""
        draft = self.draft
        if draft is None:
            return
        if draft.phase is Phase.SERIAL:
            check = draft.accept_serial(self.serial_edit.text())
            self._show_serial_check(check)
            if not check.ok:
                return
            self._marks_changed()
        reason = dialogs.ask_text(self, "作废选票", f"第 {draft.serial:03d} 号选票作废的原因（必填）：")
        if not reason:
            self.grid.setFocus()
            return
        self._save(void_reason=reason)

    # For the 唱票 window -----------------------------------------------------------------------------
    def current_ballot(self) -> tuple[ItemSpec, BallotEntry, Phase] | None:
        if self.draft is None:
            return None
        return self.draft.spec, self.draft.entry(), self.draft.phase
