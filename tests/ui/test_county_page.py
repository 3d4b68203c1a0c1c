"""县级汇总 page: load a folder of packages, refused ones in red with the reason, consolidated tables, export."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from desktop_app.db import settings
from desktop_app.db.connection import open_database
from desktop_app.ops.demo import fill_demo
from desktop_app.exchange.package import build_package
from desktop_app.ui.county.page import CountyPage

pytestmark = pytest.mark.gui

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    base = tmp_path_factory.mktemp("county_page")
    folder = base / "packages"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XZRD_DATA_DIR", str(base / "userdata"))
        for seed, name in ((4, "东湖镇"), (5, "西岭乡")):
            db = open_database(base / f"{seed}.db")
            fill_demo(db, seed=seed, today=TODAY)
            settings.put(db, "township_name", name)
            build_package(db, folder / f"{name}.zip", start="2026-01-01", end="2026-12-31", today=TODAY)
            db.close()
    (folder / "损坏的包.zip").write_bytes(b"PK\x03\x04 broken")
    return folder


def test_page_lists_packages_and_shows_consolidated_tables(ctx, qtbot, packages, tmp_path):
    page = CountyPage(ctx)
    qtbot.addWidget(page)
    assert not page.export_button.isEnabled()
    page.load(packages)
    assert settings.get(ctx.db, "county_folder") == str(packages)
    files = [[page.files.item(r, c).text() for c in range(6)] for r in range(page.files.rowCount())]
    assert [(f[0], f[4]) for f in files] == [("东湖镇", "已载入"), ("西岭乡", "已载入"), ("—", "已拒绝")]
    assert "损坏的包.zip" in files[2][5] and files[2][3] == ""
    assert page.files.item(2, 0).foreground().color().name() == "#c0392b"
    assert "已汇总 2 个乡镇" in page.summary.text() and "1 个数据包校验未通过" in page.summary.text()

    assert page.tab_titles()[:2] == ["代表结构", "代表结构明细"]
    rows = page.tab_rows("意见建议")
    assert [r[0] for r in rows] == ["东湖镇", "西岭乡", "合计"]
    assert int(rows[2][1]) == int(rows[0][1]) + int(rows[1][1])
    roster = page.tab_rows("代表结构")
    assert int(roster[2][1]) == int(roster[0][1]) + int(roster[1][1]) > 0
    assert page.year_combo.currentText() == "2026年" and page.export_button.isEnabled()

    out = page.export(tmp_path / "汇总.xlsx")
    wb = openpyxl.load_workbook(out)
    assert [r[0] for r in wb["意见建议"].iter_rows(min_row=2, values_only=True)] == ["东湖镇", "西岭乡", "合计"]

    # The folder is remembered: a new page (next start) loads it again.
    again = CountyPage(ctx)
    qtbot.addWidget(again)
    assert again.view is not None and again.view.townships == ["东湖镇", "西岭乡"]


def test_a_missing_folder_is_a_message_not_a_crash(ctx, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    page = CountyPage(ctx)
    qtbot.addWidget(page)
    assert page.load(tmp_path / "不存在") is None
    assert shown and "找不到文件夹" in shown[0] and page.view is None


def test_tables_sort_by_header_with_the_total_last_and_filter_by_township(ctx, qtbot, packages):
    from PySide6.QtCore import Qt

    page = CountyPage(ctx)
    qtbot.addWidget(page)
    page.load(packages)
    table = page.tabs.widget(page.tab_titles().index("意见建议"))
    counts = {r[0]: int(r[1]) for r in page.tab_rows("意见建议")}
    for order in (Qt.DescendingOrder, Qt.AscendingOrder):
        table.sortItems(1, order)
        rows = page.tab_rows("意见建议")
        assert rows[-1][0] == "合计"
        numbers = [int(r[1]) for r in rows[:-1]]
        assert numbers == sorted(numbers, reverse=order == Qt.DescendingOrder)
        assert {r[0]: int(r[1]) for r in rows} == counts

    page.search.setText("西岭")
    visible = [r for r in range(table.rowCount()) if not table.isRowHidden(r)]
    assert sorted(table.item(r, 0).text() for r in visible) == ["合计", "西岭乡"]
    assert [page.files.item(r, 0).text() for r in range(page.files.rowCount()) if not page.files.isRowHidden(r)] \
        == ["西岭乡"]
    page.search.clear()
    assert not any(table.isRowHidden(r) for r in range(table.rowCount()))
    assert page.files.isSortingEnabled()


def _signed_by_new_key(src, dst):
    """The township's package as its new laptop (a new key, set up without the backup) would sign it, a day later."""
    import json
    import zipfile

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from desktop_app.exchange.package import MANIFEST, manifest_checksum
    from desktop_app.exchange.signing import FIELD, sign

    with zipfile.ZipFile(src) as zf:
        files = {name: zf.read(name) for name in zf.namelist()}
    manifest = json.loads(files.pop(MANIFEST))
    manifest.pop(FIELD)
    manifest["created_at"] = dt.datetime.now().replace(microsecond=0).isoformat()
    manifest["manifest_sha256"] = manifest_checksum(manifest)
    manifest[FIELD] = sign(manifest, Ed25519PrivateKey.generate())
    with zipfile.ZipFile(dst, "w") as zf:
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False))
        for name, data in files.items():
            zf.writestr(name, data)
    return dst


def test_a_package_with_a_new_key_is_refused_until_the_clerk_accepts_it(ctx, qtbot, packages, tmp_path, monkeypatch):
    import shutil

    from desktop_app.ui.widgets import messages

    folder = tmp_path / "packages"
    shutil.copytree(packages, folder)
    page = CountyPage(ctx)
    qtbot.addWidget(page)
    page.load(folder)   # registers 东湖镇 and 西岭乡 from their packages
    assert not page.accept_key_button.isEnabled()
    renewed = _signed_by_new_key(folder / "东湖镇.zip", folder / "东湖镇_新电脑.zip")
    page.load(folder)
    status = {f.path.name: f for f in page.view.files}
    assert status[renewed.name].status_text == "已拒绝" and "不是东湖镇登记的密钥" in status[renewed.name].message
    assert page.accept_key_button.isEnabled()

    asked = []
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text: asked.append(text) or False)
    assert page.accept_new_key() is None and "指纹" in asked[0]   # declined: nothing changes
    assert {f.path.name: f.status for f in page.view.files}[renewed.name] == "refused"

    monkeypatch.setattr(messages, "confirm", lambda parent, title, text: True)
    view = page.accept_new_key()
    status = {f.path.name: f.status_text for f in view.files}
    assert status[renewed.name] == "已载入" and status["东湖镇.zip"] == "已被更新的包替代"
    registered = settings.get(ctx.db, "county_keys")["townships"]["东湖镇"]["public_key"]
    from desktop_app.exchange.package import read_package

    assert registered == read_package(renewed).signer
    assert not page.accept_key_button.isEnabled()
