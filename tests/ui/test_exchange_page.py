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


def _two_databases(qtbot, demo_ctx, tmp_path):
    """The demo township's page (exporting roster packages) and the page of a second database of the same township."""
    page = _page(qtbot, demo_ctx)
    page.start_edit.setDate(QDate(2025, 1, 1))
    page.end_edit.setDate(QDate(2026, 12, 31))
    for key, box in page.part_boxes.items():
        box.setChecked(key == "roster")
    other = open_database(tmp_path / "other.db")
    return page, other, _page(qtbot, AppContext(db=other, db_path=tmp_path / "other.db"))


def test_a_package_with_nothing_new_is_recorded_as_applied_so_an_older_one_is_refused_after_it(
        qtbot, demo_ctx, tmp_path, monkeypatch):
    import time

    page, other, target = _two_databases(qtbot, demo_ctx, tmp_path)
    shown = []
    monkeypatch.setattr("desktop_app.ui.exchange.page.show_error", lambda parent, err, title: shown.append(str(err)))
    try:
        older = page.export_to(tmp_path / "older.zip")
        time.sleep(1.1)                       # export times are kept to the second
        newer = page.export_to(tmp_path / "newer.zip")
        monkeypatch.setattr("desktop_app.ui.exchange.page.confirm", lambda *a: True)
        assert target.load_package(older) and target.apply_with_confirmation()
        # The newer package brings nothing new: applying it only records it, without a question.
        monkeypatch.setattr("desktop_app.ui.exchange.page.confirm", lambda *a: pytest.fail("nothing to confirm"))
        assert target.load_package(newer) and not target.plan.has_work
        assert target.apply_button.isEnabled() and "记下它已导入" in target.package_label.text()
        assert target.apply_with_confirmation() is not None
        assert "已记下这个数据包" in target.package_label.text() and not target.apply_button.isEnabled()
        assert not target.load_package(older)
        assert "比本库已导入的数据包" in shown[-1] and "旧" in shown[-1]
        assert not target.apply_button.isEnabled()
    finally:
        other.close()


def test_a_new_signing_key_is_accepted_only_after_the_fingerprint_is_confirmed(qtbot, demo_ctx, tmp_path, monkeypatch):
    import time

    from desktop_app.db import settings
    from desktop_app.db.signing_key_file import key_file
    from desktop_app.exchange.signing import fingerprint

    page, other, target = _two_databases(qtbot, demo_ctx, tmp_path)
    shown, asked = [], []
    monkeypatch.setattr("desktop_app.ui.exchange.page.show_error", lambda parent, err, title: shown.append(str(err)))
    try:
        first = page.export_to(tmp_path / "first.zip")
        monkeypatch.setattr("desktop_app.ui.exchange.page.confirm", lambda *a: True)
        assert target.load_package(first) and target.apply_with_confirmation()
        old_key = settings.get(other, "exchange_keys")["townships"]
        assert not target.accept_key_button.isVisible() and target.accept_new_key() is False
        key_file(demo_ctx.db_path).unlink()        # the laptop was replaced and the backup not restored
        time.sleep(1.1)
        second = page.export_to(tmp_path / "second.zip")
        new_key = read_package(second).signer
        assert not target.load_package(second)
        assert "登记的密钥" in shown[-1] and "接受新密钥" in shown[-1] and target.plan is None
        assert not target.accept_key_button.isHidden() and not target.apply_button.isEnabled()
        # Declined: nothing changes.
        monkeypatch.setattr("desktop_app.ui.exchange.page.confirm", lambda parent, title, text: asked.append(text))
        assert target.accept_new_key() is False
        assert fingerprint(new_key) in asked[0] and target.plan is None
        # Confirmed: the preview takes the new key, and applying it registers the key.
        monkeypatch.setattr("desktop_app.ui.exchange.page.confirm", lambda *a: True)
        assert target.accept_new_key()
        assert "已按要求改用" in target.package_label.text() and target.apply_button.isEnabled()
        assert settings.get(other, "exchange_keys")["townships"] == old_key     # not before the import
        assert target.apply_with_confirmation() is not None
        registered = settings.get(other, "exchange_keys")["townships"]
        assert [entry["public_key"] for entry in registered.values()] == [new_key]
        assert target.accept_key_button.isHidden()
    finally:
        other.close()
