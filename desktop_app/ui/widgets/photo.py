"""A photo field: thumbnail, 选择照片… and 清除; images are scaled down and stored as JPEG bytes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

# A 2-inch ID photo is 413 × 579 px at 300 dpi; larger originals only bloat the database.
MAX_SIDE = 600


def photo_bytes(image: QImage) -> bytes:
    if max(image.width(), image.height()) > MAX_SIDE:
        image = image.scaled(MAX_SIDE, MAX_SIDE, Qt.KeepAspectRatio, Qt.SmoothTransformation)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "JPEG", 88)
    return bytes(data.data())


class PhotoField(QWidget):
    """Signals: changed(): a photo was chosen or cleared."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: bytes | None = None
        self.was_changed = False
        self.thumbnail = QLabel("无照片")
        self.thumbnail.setFixedSize(90, 120)
        self.thumbnail.setAlignment(Qt.AlignCenter)
        self.thumbnail.setStyleSheet("border: 1px solid #aaa; color: #888;")
        self.error = QLabel()
        self.error.setStyleSheet("color: #c00;")
        choose = QPushButton("选择照片…")
        choose.clicked.connect(self.choose)
        clear = QPushButton("清除")
        clear.clicked.connect(self.clear)
        buttons = QVBoxLayout()
        buttons.addWidget(choose)
        buttons.addWidget(clear)
        buttons.addWidget(self.error)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.thumbnail)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def set_data(self, data: bytes | None) -> None:
        """Show stored bytes without counting it as a change."""
        self.data = data
        self._show()

    def choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择代表照片", "", "图片 (*.jpg *.jpeg *.png *.bmp)")
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> bool:
        image = QImage(str(path))
        if image.isNull():
            self.error.setText(f"无法读取图片 {path.name}，请选择 JPG 或 PNG 文件。")
            return False
        self.error.clear()
        self.data = photo_bytes(image)
        self._mark_changed()
        return True

    def clear(self) -> None:
        if self.data is not None:
            self.data = None
            self._mark_changed()

    def _mark_changed(self) -> None:
        self.was_changed = True
        self._show()
        self.changed.emit()

    def _show(self) -> None:
        if not self.data:
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText("无照片")
            return
        pixmap = QPixmap()
        pixmap.loadFromData(self.data)
        self.thumbnail.setPixmap(pixmap.scaled(self.thumbnail.size(), Qt.KeepAspectRatio, Qt.SmoothTransformation))
