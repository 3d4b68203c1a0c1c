"""数据交换 page: export with the chosen parts, then import into another database after the preview."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from PySide6.QtCore import QDate

from desktop_app.db import deputies, sync
from desktop_app.db.connection import open_database
from desktop_app.ops.demo import fill_demo
from desktop_app.exchange.package import read_package
from desktop_app.ops.changes import Area
from desktop_app.ui.context import AppContext


@pytest.fixture
def demo_ctx(ctx):
    fill_demo(ctx.db, seed=5, today=dt.date(2026, 11, 23))
    return ctx


def _page(qtbot, ctx):
    from desktop_app.ui.exchange.page import ExchangePage

    page = ExchangePage(ctx)
    qtbot.addWidget(page)
    return page


def test_export_then_import_into_another_database(qtbot, demo_ctx, tmp_path, monkeypatch):
    page = _page(qtbot, demo_ctx)
    page.start_edit.setDate(QDate(2025, 1, 1))
    page.end_edit.setDate(QDate(2026, 12, 31))
    page.part_boxes["suggestions"].setChecked(False)
    page.part_boxes["scores"].setChecked(False)
    path = page.export_to(tmp_path / "out.zip")
    assert path == tmp_path / "out.zip" and page.open_folder_button.isEnabled()
    assert "已导出" in page.export_status.text()
    package = read_package(path)
    assert package.parts == ["roster", "activities", "sessions"] and package.masked
    with zipfile.ZipFile(path) as zf:
        assert not any("意见建议" in name for name in zf.namelist())

    other = open_database(tmp_path / "other.db")
    try:
        target = _page(qtbot, AppContext(db=other, db_path=tmp_path / "other.db"))
        assert target.load_package(path)
        assert "校验通过" in target.package_label.text() and target.apply_button.isEnabled()
        top = target.preview_tree.topLevelItem(0)
        n = len(package.tables["deputies"])
        assert top.text(0) == f"代表（新增 {n}，修改 0，不变 0）" and top.childCount() == n
        monkeypatch.setattr("desktop_app.ui.exchange.page.confirm", lambda *a: True)
        changed = []
        target.ctx.events.changed.connect(changed.append)
        result = target.apply_with_confirmation()
        assert result["counts"]["deputies"]["add"] == n and "导入完成" in target.package_label.text()
        assert changed[0].touches(Area.DEPUTIES) and not target.apply_button.isEnabled()
        assert deputies.count_deputies(other) == n
        # Loading the same package again: nothing to do, the button stays off.
        assert target.load_package(path)
        assert not target.apply_button.isEnabled()
        assert target.preview_tree.topLevelItem(0).text(0) == f"代表（新增 0，修改 0，不变 {n}）"
    finally:
        other.close()


def test_damaged_package_shows_message_and_offers_nothing(qtbot, demo_ctx, tmp_path, monkeypatch):
    page = _page(qtbot, demo_ctx)
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 broken")
    shown = []
    monkeypatch.setattr("desktop_app.ui.exchange.page.show_error", lambda parent, err, title: shown.append(str(err)))
    before = sync.row_counts(demo_ctx.db, ["deputies", "audit_log"])
    assert not page.load_package(bad)
    assert shown and "bad.zip" in shown[0] and not page.apply_button.isEnabled()
    assert sync.row_counts(demo_ctx.db, ["deputies", "audit_log"]) == before


def test_cancelled_export_leaves_no_file(qtbot, demo_ctx, tmp_path, monkeypatch):
    from desktop_app.ui.widgets.progress import Progress

    monkeypatch.setattr(Progress, "cancelled", lambda self: True)
    page = _page(qtbot, demo_ctx)
    folder = tmp_path / "out"
    folder.mkdir()
    assert page.export_to(folder / "x.zip") is None
    assert "已取消" in page.export_status.text() and list(folder.iterdir()) == []


def test_preview_filters_by_text_and_sorts(qtbot, demo_ctx, tmp_path):
    page = _page(qtbot, demo_ctx)
    page.start_edit.setDate(QDate(2025, 1, 1))
    page.end_edit.setDate(QDate(2026, 12, 31))
    path = page.export_to(tmp_path / "out.zip")
    other = open_database(tmp_path / "other.db")
    try:
        target = _page(qtbot, AppContext(db=other, db_path=tmp_path / "other.db"))
        assert target.load_package(path)
        top = target.preview_tree.topLevelItem(0)
        name = read_package(path).tables["deputies"][0]["name"]
        shown = target.filter_preview(name)
        deputies_shown = [top.child(i).text(0) for i in range(top.childCount()) if not top.child(i).isHidden()]
        assert deputies_shown and all(name in text for text in deputies_shown) and shown >= len(deputies_shown)
        assert target.filter_preview("") > top.childCount()
        assert target.preview_tree.isSortingEnabled()
    finally:
        other.close()
