"""Photos and documents of one record: thumbnails, 添加文件…, 打开, 移除 — applied when the record is saved."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QLabel, QListView, QListWidget, QListWidgetItem, QPushButton, QStyle, QVBoxLayout,
    QWidget,
)

from ...db import attachments as attachments_db
from ...ops import attachments as attachments_ops
from ..widgets.messages import confirm

THUMB = 96
IMAGE_SUFFIXES = attachments_db.IMAGE_SUFFIXES
ID_ROLE, PATH_ROLE = Qt.UserRole + 1, Qt.UserRole + 2


def thumbnail(path: Path, size: int = THUMB) -> QPixmap | None:
    """A scaled-down image (read at reduced size, so a 20 MB photo does not stall the dialog)."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    original = reader.size()
    if original.isValid() and max(original.width(), original.height()) > size * 2:
        reader.setScaledSize(original.scaled(size * 2, size * 2, Qt.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return None
    return QPixmap.fromImage(image).scaled(size, size, Qt.KeepAspectRatio, Qt.SmoothTransformation)


class AttachmentsPanel(QWidget):
    """Existing attachments (``set_attachments``) plus files chosen now; ``apply(db, owner_id)`` writes both.

    Signals:
        changed(): a file was added or removed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, owner_table: str = "activities") -> None:
        super().__init__(parent)
        self.owner_table = owner_table
        self.removed_ids: list[int] = []
        self.applied: tuple[list[int], list[int]] = ([], [])
        self.opener: Callable[[Path], None] = lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self.list = QListWidget()
        self.list.setObjectName("attachments_list")
        self.list.setViewMode(QListView.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 40, THUMB + 40))
        self.list.setResizeMode(QListView.Adjust)
        self.list.setMovement(QListView.Static)
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QListWidget.ExtendedSelection)
        self.list.itemActivated.connect(lambda item: self.open_item(item))
        add = QPushButton("添加文件…")
        add.clicked.connect(lambda: self.add_files())
        self.open_button = QPushButton("打开")
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button = QPushButton("移除")
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        self.hint = QLabel("照片和文件会复制到数据库旁的 attachments 文件夹，随记录保存；双击打开。")
        self.hint.setStyleSheet("color: #666;")
        buttons = QHBoxLayout()
        for button in (add, self.open_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)

    def _add_item(self, name: str, path: Path, attachment_id: int | None) -> QListWidgetItem:
        item = QListWidgetItem(name)
        item.setData(ID_ROLE, attachment_id)
        item.setData(PATH_ROLE, str(path))
        item.setToolTip(name if attachment_id is not None else f"{name}（保存后添加）")
        pixmap = thumbnail(path) if Path(name).suffix.lower() in IMAGE_SUFFIXES else None
        item.setIcon(QIcon(pixmap) if pixmap is not None else self.style().standardIcon(QStyle.SP_FileIcon))
        item.setData(Qt.UserRole + 3, pixmap is not None)
        self.list.addItem(item)
        return item

    def set_attachments(self, rows: Iterable[dict]) -> None:
        """Rows from db.attachments.list_attachments."""
        self.list.clear()
        self.removed_ids = []
        for row in rows:
            self._add_item(row["original_name"], Path(row["path"]), row["id"])

    def add_files(self, paths: Iterable[str | Path] | None = None) -> int:
        if paths is None:
            chosen, _ = QFileDialog.getOpenFileNames(self, "选择照片或文件", str(Path.home()),
                                                     "照片和文档 (*.jpg *.jpeg *.png *.gif *.bmp *.webp *.pdf *.doc "
                                                     "*.docx *.xls *.xlsx *.wps *.txt);;所有文件 (*)")
            paths = chosen
        count = 0
        for path in paths:
            path = Path(path)
            if path.is_file():
                self._add_item(path.name, path, None)
                count += 1
        if count:
            self.changed.emit()
        return count

    def items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def thumbnails_shown(self) -> list[str]:
        """Names of the items drawn with a picture (not a generic file icon)."""
        return [item.text() for item in self.items() if item.data(Qt.UserRole + 3)]

    def pending_files(self) -> list[Path]:
        return [Path(item.data(PATH_ROLE)) for item in self.items() if item.data(ID_ROLE) is None]

    def open_item(self, item: QListWidgetItem) -> None:
        self.opener(Path(item.data(PATH_ROLE)))

    def open_selected(self) -> None:
        for item in self.list.selectedItems()[:5]:
            self.open_item(item)

    def remove_selected(self, *, ask: bool = True) -> bool:
        items = self.list.selectedItems()
        if not items:
            return False
        names = "、".join(item.text() for item in items[:3]) + (f" 等 {len(items)} 个文件" if len(items) > 3 else "")
        if ask and not confirm(self, "移除附件", f"确定移除 {names} 吗？\n保存后生效；文件仍保留在附件文件夹中，可恢复。"):
            return False
        for item in items:
            if item.data(ID_ROLE) is not None:
                self.removed_ids.append(item.data(ID_ROLE))
            self.list.takeItem(self.list.row(item))
        self.changed.emit()
        return True

    def has_changes(self) -> bool:
        return bool(self.removed_ids or self.pending_files())

    def apply(self, db, owner_id: int) -> tuple[list[int], list[int]]:
        """Copy the new files and hide the removed ones; returns (added ids, removed ids) of what was done,
        also when a copy failed half-way (the error still rises), so the caller can make it undoable."""
        added, removed = [], []
        try:
            for attachment_id in self.removed_ids:
                attachments_ops.remove(db, [attachment_id], self.owner_table)
                removed.append(attachment_id)
            for path in self.pending_files():
                added.append(attachments_ops.add(db, self.owner_table, owner_id, path).value)
        finally:
            self.applied = (added, removed)
        self.set_attachments(attachments_db.list_attachments(db, self.owner_table, owner_id))
        return added, removed
