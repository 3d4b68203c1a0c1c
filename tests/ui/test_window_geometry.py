"""The main window opens maximised on a laptop screen, then where the clerk left it; splitters are remembered."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QDialog, QSplitter

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.widgets.screen_fit import FRAME_ALLOWANCE, available_rect, fit_to_screen
from desktop_app.ui.window_settings import WindowSettings

pytestmark = pytest.mark.gui


@pytest.fixture
def settings_path(tmp_path):
    return tmp_path / "window.ini"


def _window(ctx, settings_path, qtbot) -> MainWindow:
    window = MainWindow(ctx, window_settings=WindowSettings(settings_path))
    qtbot.addWidget(window)
    return window


def test_first_start_on_a_laptop_screen_is_maximised(ctx, settings_path, qtbot):
    window = _window(ctx, settings_path, qtbot)
    assert available_rect(window).width() <= 1440   # the offscreen test screen is 800×800
    window.show_on_screen()
    qtbot.waitExposed(window)
    assert window.isMaximized()


def test_window_reopens_where_the_clerk_left_it(ctx, settings_path, qtbot):
    window = _window(ctx, settings_path, qtbot)
    window.show_on_screen()
    window.showNormal()
    window.setGeometry(QRect(40, 60, 700, 600))
    qtbot.wait(10)
    window.close()

    again = _window(ctx, settings_path, qtbot)
    again.show_on_screen()
    qtbot.waitExposed(again)
    assert not again.isMaximized()
    assert again.geometry().size().toTuple() == (700, 600)


def test_a_saved_size_larger_than_this_screen_is_not_reused(ctx, settings_path, qtbot):
    window = _window(ctx, settings_path, qtbot)
    window.show_on_screen()
    window.showNormal()
    window.setGeometry(QRect(0, 0, 1900, 1000))   # left on a bigger monitor
    qtbot.wait(10)
    window.close()

    again = _window(ctx, settings_path, qtbot)
    again.show_on_screen()
    qtbot.waitExposed(again)
    assert again.isMaximized()


def test_splitter_positions_are_remembered(ctx, roster, settings_path, qtbot):
    window = _window(ctx, settings_path, qtbot)
    window.show_on_screen()
    splitter = window.show_page("session").findChildren(QSplitter)[0]
    total = sum(splitter.sizes())
    splitter.setSizes([total // 2, total - total // 2])
    wanted = splitter.sizes()
    window.close()

    again = _window(ctx, settings_path, qtbot)
    again.show_on_screen()
    restored = again.show_page("session").findChildren(QSplitter)[0]
    assert restored.sizes()[0] == pytest.approx(wanted[0], abs=2)


def test_dialog_asking_for_more_than_the_screen_is_capped(qtbot):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    size = fit_to_screen(dialog, 5000, 5000)
    area = available_rect(dialog)
    assert size.width() == area.width() - FRAME_ALLOWANCE.width()
    assert size.height() == area.height() - FRAME_ALLOWANCE.height()
    assert fit_to_screen(dialog, 400, 300).toTuple() == (400, 300)
