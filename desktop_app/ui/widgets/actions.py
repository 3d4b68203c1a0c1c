"""Page actions with keyboard shortcuts that work only while the page (or one widget of it) has focus.

The shortcuts every list page offers, so a clerk learns them once: Ctrl+N 新建, F2/Enter 编辑, Delete 删除,
Ctrl+F 查找, Ctrl+E 导出, Ctrl+P 打印, F5 刷新. Undo and redo (Ctrl+Z / Ctrl+Y) are the main window's.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

NEW = QKeySequence.New
EDIT = "F2"
DELETE = QKeySequence.Delete
FIND = QKeySequence.Find
EXPORT = "Ctrl+E"
PRINT = QKeySequence.Print
REFRESH = "F5"


def page_action(owner: QWidget, text: str, slot: Callable[[], object], shortcut=None, *,
                widget: QWidget | None = None) -> QAction:
    """An action calling ``slot()``; with ``shortcut`` (one or a list) it is live while ``widget`` (default
    ``owner``) or a child of it has focus — Delete on a table must not fire while typing in a search box."""
    action = QAction(text, owner)
    action.triggered.connect(lambda checked=False: slot())
    if shortcut is not None:
        shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
        (widget or owner).addAction(action)
        names = "、".join(QKeySequence(s).toString(QKeySequence.NativeText) for s in shortcuts)
        action.setToolTip(f"{text}（{names}）")
    return action
