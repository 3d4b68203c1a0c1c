"""A dialog to tick items from a long list (members of a group, groups served by a station)."""

from __future__ import annotations

from typing import Any, Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
    QVBoxLayout, QWidget,
)

from .filter_proxy import search_terms
from .screen_fit import fit_to_screen


class CheckListDialog(QDialog):
    """Items are ``(id, text, search_text)``; ``checked_ids()`` after ``exec()``."""

    def __init__(self, title: str, items: Iterable[tuple[Any, str, str]], checked: Iterable[Any],
                 parent: QWidget | None = None, *, unit: str = "项") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        fit_to_screen(self, 420, 560)
        self.unit = unit
        checked = set(checked)

        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索姓名或拼音首字母")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self._search_keys: list[str] = []
        for item_id, text, search_text in items:
            item = QListWidgetItem(text)
            item.setData(Qt.UserRole, item_id)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if item_id in checked else Qt.Unchecked)
            self.list.addItem(item)
            self._search_keys.append(f"{text}\x1f{search_text}".lower())
        self.count_label = QLabel()

        select_shown = QPushButton("勾选显示的")
        clear_shown = QPushButton("取消勾选显示的")
        select_shown.clicked.connect(lambda: self._set_shown(Qt.Checked))
        clear_shown.clicked.connect(lambda: self._set_shown(Qt.Unchecked))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("确定")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        tools = QHBoxLayout()
        tools.addWidget(select_shown)
        tools.addWidget(clear_shown)
        tools.addStretch(1)
        tools.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addLayout(tools)
        layout.addWidget(buttons)

        self.search.textChanged.connect(self._filter)
        self.list.itemChanged.connect(self._update_count)
        self._update_count()

    def _filter(self, text: str) -> None:
        terms = search_terms(text)
        for i, key in enumerate(self._search_keys):
            self.list.item(i).setHidden(not all(t in key for t in terms))

    def _set_shown(self, state: Qt.CheckState) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if not item.isHidden():
                item.setCheckState(state)

    def _update_count(self, *_args) -> None:
        self.count_label.setText(f"已选 {len(self.checked_ids())} {self.unit}")

    def set_checked(self, ids: Iterable[Any]) -> None:
        wanted = set(ids)
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in wanted else Qt.Unchecked)

    def checked_ids(self) -> list[Any]:
        return [self.list.item(i).data(Qt.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.Checked]
