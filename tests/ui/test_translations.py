"""Standard Qt buttons speak Chinese."""

from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop_app.ui.translations import install_qt_chinese


def test_standard_buttons_are_chinese(qtbot):
    app = QApplication.instance()
    assert install_qt_chinese(app)
    box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.Cancel).text().startswith("取消")
