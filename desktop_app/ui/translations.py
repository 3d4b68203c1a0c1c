"""Qt's own Chinese translations, so standard buttons and file dialogs say 确定/取消/打开 rather than OK/Cancel/Open."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication


def install_qt_chinese(app: QApplication) -> bool:
    """Load qtbase_zh_CN from Qt's translations folder (bundled with PySide6); True when loaded."""
    translator = QTranslator(app)   # parented to the app so it lives as long as the app
    folder = QLibraryInfo.path(QLibraryInfo.TranslationsPath)
    if not translator.load(QLocale(QLocale.Chinese, QLocale.China), "qtbase", "_", folder):
        return False
    app.installTranslator(translator)
    return True
