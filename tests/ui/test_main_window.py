"""The main window: sidebar lists every page, pages are created on first use, Ctrl+Z/Ctrl+Y reach the roster."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop_app.db import deputies as deputies_db
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.pages import PAGES

pytestmark = pytest.mark.gui


@pytest.fixture
def window(ctx, qtbot):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    return window


def test_sidebar_lists_every_page_and_only_the_shown_one_is_built(window):
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles == [spec.title for spec in PAGES]
    assert list(window._pages) == [PAGES[0].key]
    window.sidebar.setCurrentRow(len(PAGES) - 1)
    assert PAGES[-1].key in window._pages
    assert window.stack.currentWidget() is window._pages[PAGES[-1].key]


@pytest.mark.parametrize("key", [spec.key for spec in PAGES])
def test_every_registered_page_opens(window, key, roster):
    page = window.show_page(key)
    assert window.stack.currentWidget() is page
    assert window.sidebar.currentItem().data(Qt.UserRole) == key


def test_undo_and_redo_shortcuts_reach_the_roster(window, ctx, qtbot, monkeypatch, roster):
    page = window.show_page("roster")
    page.reload()   # the window (and its first page) was built before the roster fixture added deputies
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    page.table.select_ids([roster["李四"]])
    assert page.delete_selected()
    assert deputies_db.get_deputy(ctx.db, roster["李四"])["deleted_at"] is not None
    undo = next(a for a in window.findChildren(type(page.new_action)) if a.text().startswith("撤销"))
    assert "删除代表 李四" in undo.text()
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    assert deputies_db.get_deputy(ctx.db, roster["李四"])["deleted_at"] is None
    assert "李四" in [r["name"] for r in page.table.visible_rows()]
    qtbot.keyClick(window, Qt.Key_Y, Qt.ControlModifier)
    assert deputies_db.get_deputy(ctx.db, roster["李四"])["deleted_at"] is not None


def test_page_shortcut_switches_pages(window, qtbot):
    qtbot.keyClick(window, Qt.Key_2, Qt.ControlModifier)
    assert window.stack.currentWidget() is window._pages[PAGES[1].key]


def test_first_start_offers_demo_once(ctx, monkeypatch):
    from desktop_app.db import settings
    from desktop_app.ui import first_start

    monkeypatch.setattr(first_start.QMessageBox, "exec", lambda self: 0)
    assert first_start.database_is_empty(ctx)
    assert first_start.offer_demo_if_empty(ctx) is False   # the dialog was closed: start empty
    assert settings.get(ctx.db, "demo_offered") is True
    assert first_start.offer_demo_if_empty(ctx) is False
