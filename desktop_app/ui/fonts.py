"""Register the bundled CJK fonts with Qt so the UI shows Chinese on machines without Chinese fonts.

Two steps, so the window frame appears fast: ``install_ui_font`` before the first paint (a system Chinese
font when there is one, else the bundled WenQuanYi Micro Hei), ``install_fallback_fonts`` before the pages
are built (the bundled fonts for characters the UI font lacks, such as 䶮 and 𠅤).
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from ..paths import resource_path

UI_FONT_FILE = "wqy-microhei.ttc"
BUNDLED = (UI_FONT_FILE, "HanaMinA.ttf")
PREFERRED = ("Microsoft YaHei", "微软雅黑", "SimHei", "WenQuanYi Micro Hei")

_added: dict[str, list[str]] = {}   # font file → its families, once added to this process's font database


def _add(filename: str) -> list[str]:
    if filename not in _added:
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", filename)))
        _added[filename] = list(QFontDatabase.applicationFontFamilies(font_id)) if font_id >= 0 else []
    return _added[filename]


def _set_app_font(app: QApplication, family: str) -> None:
    font = QFont(family, 10)
    # Per-character fallback in Qt: families after the first are tried for glyphs the first lacks.
    extra = [f for families in _added.values() for f in families if f != family]
    font.setFamilies([family] + extra)
    app.setFont(font)


def install_ui_font(app: QApplication) -> str:
    """Set the UI font before the window is shown; returns the family used."""
    available = set(QFontDatabase.families())
    family = next((f for f in PREFERRED if f in available), None)
    if family is None:
        bundled = _add(UI_FONT_FILE)
        family = bundled[0] if bundled else app.font().family()
    _set_app_font(app, family)
    return family


def install_fallback_fonts(app: QApplication) -> None:
    """Add every bundled font and keep them as per-character fallbacks of the UI font."""
    family = app.font().family()
    for filename in BUNDLED:
        _add(filename)
    _set_app_font(app, family)


def install_fonts(app: QApplication) -> str:
    """Both steps at once (tests, screenshots); returns the UI font family."""
    family = install_ui_font(app)
    install_fallback_fonts(app)
    return family
