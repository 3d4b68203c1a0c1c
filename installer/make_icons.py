"""Draw the program icon (resources/icons/app.png and app.ico): a red rounded square with 人大 in white.

The icons are committed; run this only to change them:
    QT_QPA_PLATFORM=offscreen python installer/make_icons.py
Deliberately no national emblem (国徽), whose use is restricted by law: a plain emblem-free mark.
Each .ico size is drawn at that size (not scaled down from 256 px) so the 16 px icon stays legible.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
RED_TOP, RED_BOTTOM, GOLD = "#d7261e", "#a3100c", "#f3c24f"


def draw(size: int):
    """The icon as a QImage of ``size`` × ``size`` pixels (transparent corners)."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter, QPainterPath, QPen

    image = QImage(size, size, QImage.Format_ARGB32)
    image.fill(Qt.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setRenderHint(QPainter.TextAntialiasing)
    margin = size * 0.04
    rect = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    radius = size * 0.2
    gradient = QLinearGradient(rect.topLeft(), rect.bottomLeft())
    gradient.setColorAt(0, QColor(RED_TOP))
    gradient.setColorAt(1, QColor(RED_BOTTOM))
    path = QPainterPath()
    path.addRoundedRect(rect, radius, radius)
    painter.fillPath(path, gradient)
    if size >= 32:
        # A thin gold rule inside the edge; below 32 px it would only blur the red.
        inset = size * 0.085
        inner = rect.adjusted(inset, inset, -inset, -inset)
        painter.setPen(QPen(QColor(GOLD), max(1.0, size * 0.022)))
        painter.drawRoundedRect(inner, radius * 0.6, radius * 0.6)
    font = QFont("WenQuanYi Micro Hei")
    font.setBold(True)
    font.setPixelSize(round(size * (0.36 if size >= 32 else 0.42)))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(rect, Qt.AlignCenter, "人大")
    painter.end()
    return image


def png_bytes(image) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """A Windows .ico holding one PNG-compressed image per size (supported since Windows Vista)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, blob in sorted(images.items()):
        dim = 0 if size >= 256 else size          # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset + len(blobs))
        blobs += blob
    return header + entries + blobs


def main() -> int:
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - fonts need an application
    QFontDatabase.addApplicationFont(str(ROOT / "resources" / "fonts" / "wqy-microhei.ttc"))
    ICONS.mkdir(parents=True, exist_ok=True)
    images = {size: png_bytes(draw(size)) for size in ICO_SIZES}
    (ICONS / "app.png").write_bytes(images[256])
    (ICONS / "app.ico").write_bytes(ico_bytes(images))
    print(f"wrote {ICONS / 'app.png'} and {ICONS / 'app.ico'} ({', '.join(map(str, ICO_SIZES))} px)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
