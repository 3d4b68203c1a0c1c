"""Standard Qt buttons speak Chinese."""

from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop_app.ui.translations import install_qt_chinese


def test_standard_buttons_are_chinese(qtbot):
    app = QApplication.instance()
    assert install_qt_chinese(app)
    box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.Cancel).text().startswith("取消")


def test_qt_file_dialog_has_no_english_labels(qtbot):
    """Qt's own file dialog (used where there is no native one) said "Look in:" and "Files of type:"."""
    import re

    from PySide6.QtWidgets import QFileDialog, QLabel

    from desktop_app.ui.translations import MissingStrings

    app = QApplication.instance()
    install_qt_chinese(app)
    try:
        for mode in (QFileDialog.AcceptOpen, QFileDialog.AcceptSave):
            dialog = QFileDialog(None, "保存PDF", "", "PDF 文件 (*.pdf)")
            dialog.setOption(QFileDialog.DontUseNativeDialog, True)
            dialog.setAcceptMode(mode)
            qtbot.addWidget(dialog)
            labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
            assert "文件类型(&T)：" in labels
            assert not [text for text in labels if re.search("[A-Za-z]{2,}", text)], labels
    finally:
        for translator in app.findChildren(MissingStrings):
            app.removeTranslator(translator)
