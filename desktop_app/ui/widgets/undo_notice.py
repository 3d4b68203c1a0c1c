"""A page's info line that says what Ctrl+Z / Ctrl+Y just did, so it never still offers to undo what is undone."""

from __future__ import annotations

from typing import Iterable

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QLabel


def _identity(command: QUndoCommand | None) -> int:
    return shiboken6.getCppPointer(command)[0] if command is not None else 0


class UndoNotice(QObject):
    """Rewrites ``label`` after an undo or redo of a command whose ``table`` is one of ``tables``.

    A new command (pushed by the page, which writes its own message) changes the stack's commands;
    an undo or redo only moves the index over the same commands, which is how the two are told apart.
    """

    def __init__(self, label: QLabel, stack: QUndoStack, tables: Iterable[str]) -> None:
        super().__init__(label)   # goes with the label (and its page)
        self.label, self.stack, self.tables = label, stack, frozenset(tables)
        self._remember()
        stack.indexChanged.connect(self._index_changed)

    def _commands(self) -> list[int]:
        return [_identity(self.stack.command(i)) for i in range(self.stack.count())]

    def _remember(self) -> None:
        self._index, self._known = self.stack.index(), self._commands()

    def _index_changed(self, index: int) -> None:
        old, same_commands = self._index, self._commands() == self._known
        self._remember()
        if not same_commands:
            return
        if index == old - 1:
            self._say(self.stack.command(index), "已撤销", "可用 Ctrl+Y 重做。")
        elif index == old + 1:
            self._say(self.stack.command(old), "已重做", "可用 Ctrl+Z 再次撤销。")

    def _say(self, command: QUndoCommand | None, done: str, hint: str) -> None:
        if command is not None and getattr(command, "table", None) in self.tables:
            self.label.setText(f"{done}：{command.text()}。{hint}")
