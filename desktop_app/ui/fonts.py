"""Register the bundled CJK fonts with Qt so the UI shows Chinese on machines without Chinese fonts."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from ..paths import resource_path

BUNDLED = ("wqy-microhei.ttc", "HanaMinA.ttf")


def install_fonts(app: QApplication) -> str:
    """Add bundled fonts and set the UI font; returns the family used."""
    families: list[str] = []
    for filename in BUNDLED:
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", filename)))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    preferred = ["Microsoft YaHei", "微软雅黑", "SimHei", "WenQuanYi Micro Hei"]
    available = set(QFontDatabase.families())
    family = next((f for f in preferred if f in available), families[0] if families else app.font().family())
    font = QFont(family, 10)
    # Per-character fallback in Qt: families after the first are tried for glyphs the first lacks.
    font.setFamilies([family] + [f for f in families if f != family])
    app.setFont(font)
    return family
