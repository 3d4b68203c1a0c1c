"""The answer buttons for the question shown: ○ × 空 for a box, the row's words, or a name for a write-in.

Signals:
    answered(str): the answer (○ × 空, a choice word or 弃权, a name or "" for none).
    voidRequested(): 作废 the whole ballot (the dialog asks the reason).
    backRequested(): back to the previous question of the ballot.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from .review_queue import PendingBallot

MARKED, CROSSED, EMPTY = "○", "×", "空"
# A box: its keys and, for a 选举 box and for a choice box (表决, 票决, 测评), what each answer means there.
BOX_KEYS = {Qt.Key_O: MARKED, Qt.Key_1: MARKED, Qt.Key_X: CROSSED, Qt.Key_2: CROSSED,
            Qt.Key_Space: EMPTY, Qt.Key_3: EMPTY, Qt.Key_0: EMPTY}
VOTE_LABELS = {MARKED: "○ 同意（O / 1）", CROSSED: "× 反对（X / 2）", EMPTY: "空 弃权（空格 / 3 / 0）"}
CHOICE_LABELS = {MARKED: "○ 画了此格（O / 1）", CROSSED: "× 打叉，也算画了此格（X / 2）",
                 EMPTY: "空 没有画（空格 / 3 / 0）"}
_DIGITS = {getattr(Qt, f"Key_{n}"): n for n in range(10)}


def _button(text: str) -> QPushButton:
    button = QPushButton(text)
    # The keys belong to the review: no button takes the focus (Space would click it) or is a default (Enter).
    button.setFocusPolicy(Qt.NoFocus)
    button.setAutoDefault(False)
    return button


class AnswerPanel(QWidget):
    answered = Signal(str)
    voidRequested = Signal()
    backRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind: str | None = None
        self.choices: list[str] = []
        self.answer_buttons: list[QPushButton] = []
        self.answers_row = QHBoxLayout()
        self.answers_row.setContentsMargins(0, 0, 0, 0)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("writeInName")
        self.name_edit.setPlaceholderText("照图上的字输入另选人姓名；没有写名字就留空，按 Enter 确认")
        self.name_edit.returnPressed.connect(lambda: self.answered.emit(self.name_edit.text().strip()))
        self.name_edit.hide()
        self.name_edit.installEventFilter(self)
        self.void_button = _button("作废整张…（Delete）")
        self.void_button.clicked.connect(self.voidRequested)
        self.back_button = _button("上一项（Backspace）")
        self.back_button.clicked.connect(self.backRequested)
        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        self.hint = QLabel()
        self.hint.setObjectName("answerHint")
        self.hint.setWordWrap(True)
        tools.addWidget(self.hint, 1)
        tools.addWidget(self.back_button)
        tools.addWidget(self.void_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.answers_row)
        layout.addWidget(self.name_edit)
        layout.addLayout(tools)
        self.set_question(None, None)

    def set_question(self, ballot: PendingBallot | None, question) -> None:
        for button in self.answer_buttons:
            self.answers_row.removeWidget(button)
            button.deleteLater()
        self.answer_buttons = []
        self.kind = question.kind if question is not None else None
        self.choices = ballot.choices(question) if question is not None and question.kind == "row" else []
        self.name_edit.setVisible(self.kind == "write_in")
        self.name_edit.clear()
        if self.kind == "box":
            labels = CHOICE_LABELS if question.choice else VOTE_LABELS
            for value in (MARKED, CROSSED, EMPTY):
                self._add(labels[value], value)
            self.hint.setText("按键：O/1 ○，X/2 ×，空格/3/0 空；Z 看整张选票")
        elif self.kind == "row":
            for number, word in enumerate(self.choices, start=1):
                key = "0" if word == "弃权" else str(number)
                self._add(f"{key} {word}", word)
            self.hint.setText("按数字键选择这一行的结果（0 或空格 = 弃权）；Z 看整张选票")
        elif self.kind == "write_in":
            self.hint.setText("输入图上所写的姓名，按 Enter 确认（留空 = 没有写名字）")
        else:
            self.hint.setText("")
        for widget in (self.void_button, self.back_button):
            widget.setEnabled(question is not None)

    def _add(self, text: str, value: str) -> None:
        button = _button(text)
        button.setMinimumHeight(34)
        button.clicked.connect(lambda _checked=False, v=value: self.answered.emit(v))
        self.answer_buttons.append(button)
        self.answers_row.addWidget(button)

    def eventFilter(self, watched, event) -> bool:
        # Backspace in an empty name field goes back a question, as it does everywhere else in the review.
        if (watched is self.name_edit and event.type() == QEvent.KeyPress and event.key() == Qt.Key_Backspace
                and not self.name_edit.text()):
            self.backRequested.emit()
            return True
        return super().eventFilter(watched, event)

    def answer_for_key(self, key: int) -> str | None:
        """The answer a key gives for the question shown (None: the key means nothing here)."""
        if self.kind == "box":
            return BOX_KEYS.get(key)
        if self.kind == "row":
            if key in (Qt.Key_Space, Qt.Key_0):
                return "弃权"
            number = _DIGITS.get(key)
            words = [w for w in self.choices if w != "弃权"]
            if number and number <= len(words):
                return words[number - 1]
        return None

    def focus_name(self) -> None:
        if self.kind == "write_in":
            self.name_edit.setFocus()
