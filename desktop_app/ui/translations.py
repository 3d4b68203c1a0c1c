"""Qt's own Chinese translations, so standard buttons and file dialogs say 确定/取消/打开 rather than OK/Cancel/Open."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

# Labels of Qt's own file dialog whose source text changed (an "&" was added) after qtbase_zh_CN was
# last updated, so the shipped file misses them and the dialog said "Look in:" and "Files of type:".
MISSING = {
    ("QFileDialog", "&Look in:"): "查看(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QFileDialog", "&File name:"): "文件名称(&N)：",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",    # the 类型 column of the detail view
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
}


class MissingStrings(QTranslator):
    """The few Qt strings qtbase_zh_CN lacks; asked before it (installed after it)."""

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D102 - Qt's signature
        return MISSING.get((context, source_text))   # None: not ours, the next translator answers

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


def install_qt_chinese(app: QApplication) -> bool:
    """Load qtbase_zh_CN from Qt's translations folder (bundled with PySide6), then the strings it misses;
    True when qtbase_zh_CN loaded."""
    translator = QTranslator(app)   # parented to the app so it lives as long as the app
    folder = QLibraryInfo.path(QLibraryInfo.TranslationsPath)
    loaded = translator.load(QLocale(QLocale.Chinese, QLocale.China), "qtbase", "_", folder)
    if loaded:
        app.installTranslator(translator)
    app.installTranslator(MissingStrings(app))
    return loaded
