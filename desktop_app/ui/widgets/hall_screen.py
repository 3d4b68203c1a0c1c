"""The base of the windows shown in the hall (projector, 唱票): fonts sized in pixels, F11 and Esc."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QWidget


class HallScreen(QWidget):
    """F11 toggles full screen and Esc leaves it; subclasses paint with ``_font`` sized to the window."""

    def _font(self, pixels: float, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(10, int(pixels)))
        font.setBold(bold)
        return font

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key_F11:
            self.showNormal() if self.isFullScreen() else self.showFullScreen()
        elif event.key() == Qt.Key_Escape and self.isFullScreen():
            self.showNormal()
        else:
            super().keyPressEvent(event)
