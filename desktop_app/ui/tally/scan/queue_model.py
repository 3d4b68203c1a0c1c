"""The list of 待核 questions: item, serial, what is asked, the reader's score and note, and the answer given."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from .review_queue import ReviewQueue, question_label

HEADERS = ("事项", "编号", "待核内容", "得分", "读票所见", "核定")


class QueueModel(QAbstractTableModel):
    """Thin model over a ReviewQueue; ``reset()`` after the queue is reloaded, ``answered(row)`` after a key."""

    def __init__(self, queue: ReviewQueue, parent=None) -> None:
        super().__init__(parent)
        self.queue = queue

    def reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def answered(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.queue)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def texts(self, row: int) -> tuple[str, ...]:
        entry = self.queue.row(row)
        question = entry.question
        score = "" if question.score is None else f"{question.score:.2f}"
        answer = self.queue.answer_of(row)
        return (str(entry.ballot.item["code"]), f"{entry.ballot.serial:03d}", question_label(question), score,
                question.note or "", "" if answer is None else (answer or "（无）"))

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role in (Qt.DisplayRole, Qt.ToolTipRole):
            text = self.texts(row)[column]
            if role == Qt.ToolTipRole:
                return f"{self.queue.row(row).ballot.title()}：{self.texts(row)[2]}" if column < 3 else text or None
            return text
        if role == Qt.TextAlignmentRole and column in (1, 3, 5):
            return int(Qt.AlignCenter)
        if role == Qt.FontRole and row == self.queue.current:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ForegroundRole and column == 5:
            return QColor("#2e7d32")
        return None
