"""A scanned image (a NumPy BGR or grey array) drawn scaled to fit its widget, without distortion."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget


def to_qimage(array) -> QImage:
    """A QImage owning a copy of ``array`` (H×W grey, or H×W×3 BGR as OpenCV gives it)."""
    height, width = array.shape[:2]
    if array.ndim == 2:
        image_format, channels = QImage.Format_Grayscale8, 1
    elif array.shape[2] == 3:
        image_format, channels = QImage.Format_BGR888, 3
    else:
        raise ValueError(f"不支持的图像形状：{array.shape}")
    data = array.tobytes()   # C order, whatever slice of a bigger image ``array`` is
    return QImage(data, width, height, width * channels, image_format).copy()


class ImageView(QWidget):
    """Shows one image as large as the widget allows (never enlarged past 3×), or a line of text instead.

    It takes the keyboard focus so that the review's keys reach the dialog while the clerk looks at it.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.text = ""
        self.setFocusPolicy(Qt.StrongFocus)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMinimumSize(240, 120)
        self.setAutoFillBackground(False)

    def set_array(self, array) -> None:
        self.image = to_qimage(array)
        self.text = ""
        self.update()

    def set_text(self, text: str) -> None:
        """No image: a sentence saying why (nothing to review, the image deleted…)."""
        self.image = None
        self.text = text
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, 300)

    def image_rect(self) -> QRect:
        """Where the image is drawn: scaled to fit, centred."""
        if self.image is None or self.image.isNull():
            return QRect()
        area = self.rect().adjusted(4, 4, -4, -4)
        size = self.image.size().scaled(area.size(), Qt.KeepAspectRatio)
        if size.width() > 3 * self.image.width():
            size = self.image.size() * 3
        return QRect(area.x() + (area.width() - size.width()) // 2,
                     area.y() + (area.height() - size.height()) // 2, size.width(), size.height())

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#eceff1"))
        if self.image is not None and not self.image.isNull():
            painter.setRenderHint(QPainter.SmoothPixmapTransform)
            painter.drawImage(self.image_rect(), self.image)
        elif self.text:
            painter.setPen(QColor("#546e7a"))
            painter.drawText(self.rect().adjusted(12, 12, -12, -12), Qt.AlignCenter | Qt.TextWordWrap, self.text)
        if self.hasFocus():
            painter.setPen(QColor("#1e88e5"))
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()
