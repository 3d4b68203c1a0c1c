"""Undo/redo of every edit on the groups, stations, districts, archive and scoring pages, refused undos, and
the standard shortcuts pressed on the focused table."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from desktop_app.db import deputy_notes, districts as districts_db, groups as groups_db, honors, report_backs
from desktop_app.db import scoring, stations as stations_db, terms as terms_db
from desktop_app.errors import UserError
from desktop_app.ui.archive.page import ArchivePage
from desktop_app.ui.districts.page import DistrictsPage
from desktop_app.ui.groups.page import GroupsPage
from desktop_app.ui.scoring.page import RECORD_ROLE, ScoringPage
from desktop_app.ui.stations.page import StationsPage

pytestmark = pytest.mark.gui
TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def _drop_commands(ctx):
    """Clear the undo stack before the test database closes: its commands refer back to ``ctx``, and the
    garbage collector deleting that cycle later (stack and commands at once) crashes PySide."""
    yield
    ctx.undo_stack.clear()


@pytest.fixture
def answers(monkeypatch):
    """Every confirmation answered 是; warnings collected instead of shown."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    return shown


def _show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1200, 750)
    widget.show()
    return widget


def save(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.Save).click()
    assert not dialog.isVisible(), dialog.form.shown_errors() if hasattr(dialog.form, "shown_errors") else ""


def _names(model) -> list[str]:
    return sorted(r["name"] for r in model.rows())


def _undo_redo(ctx, check_done, check_undone) -> None:
    """Done → undo → undone → redo → done again."""
    check_done()
    ctx.undo_stack.undo()
    check_undone()
    ctx.undo_stack.redo()
    check_done()


# Groups -----------------------------------------------------------------------------------------
def test_group_add_edit_delete_and_members_undo_and_redo(ctx, roster, qtbot, answers):
    page = _show(qtbot, GroupsPage(ctx))
    dialog = page.new_group()
    dialog.name_edit.setText("农业专业代表小组")
    save(dialog)
    new_id = dialog.result_value
    live = lambda: [g["name"] for g in groups_db.list_groups(ctx.db)]   # noqa: E731
    _undo_redo(ctx, lambda: (live() == ["第一代表小组", "农业专业代表小组"]
                             and _names(page.model) == ["农业专业代表小组", "第一代表小组"]) or pytest.fail("add"),
               lambda: (live() == ["第一代表小组"] and _names(page.model) == ["第一代表小组"]) or pytest.fail("undo add"))

    page.table.select_ids([new_id])
    dialog = page.edit_current()
    dialog.name_edit.setText("农业农村专业代表小组")
    save(dialog)
    assert "农业农村专业代表小组" in _names(page.model)
    ctx.undo_stack.undo()
    assert groups_db.get_group(ctx.db, new_id)["name"] == "农业专业代表小组"
    assert "农业专业代表小组" in _names(page.model)
    ctx.undo_stack.redo()
    assert groups_db.get_group(ctx.db, new_id)["name"] == "农业农村专业代表小组"

    first = next(g["id"] for g in groups_db.list_groups(ctx.db) if g["name"] == "第一代表小组")
    page.table.select_ids([first])
    members = page.edit_members()
    members.set_checked([roster["李四"]])           # the convener 张三 is left out
    members.accept()
    assert groups_db.member_ids(ctx.db, first) == [roster["李四"]]
    assert groups_db.get_group(ctx.db, first)["convener_id"] is None
    ctx.undo_stack.undo()
    assert groups_db.member_ids(ctx.db, first) == sorted([roster["张三"], roster["王五"]])
    assert groups_db.get_group(ctx.db, first)["convener_name"] == "张三"
    assert "召集人：张三" in page.members_title.text()
    ctx.undo_stack.redo()
    assert groups_db.member_ids(ctx.db, first) == [roster["李四"]]

    page.table.select_ids([new_id])
    assert page.delete_current()
    assert live() == ["第一代表小组"]
    ctx.undo_stack.undo()
    assert "农业农村专业代表小组" in live() and "农业农村专业代表小组" in _names(page.model)
    ctx.undo_stack.redo()
    assert live() == ["第一代表小组"] and _names(page.model) == ["第一代表小组"]
    assert answers == []


def test_undo_of_a_record_changed_elsewhere_is_refused_and_changes_nothing(ctx, roster, qtbot, answers):
    page = _show(qtbot, GroupsPage(ctx))
    group = groups_db.list_groups(ctx.db)[0]
    dialog = page.edit_current()
    dialog.notes_edit.setPlainText("每季度活动一次")
    save(dialog)
    groups_db.update_group(ctx.db, group["id"], notes="由县人大指导")    # another page, the command line…
    ctx.undo_stack.undo()
    assert "已在别处被修改" in answers[-1]
    assert groups_db.get_group(ctx.db, group["id"])["notes"] == "由县人大指导"
    assert ctx.undo_stack.count() == 0 or not ctx.undo_stack.canRedo()

    # A deleted group whose name was taken again meanwhile cannot come back.
    page.table.select_ids([group["id"]])
    assert page.delete_current()
    groups_db.create_group(ctx.db, "第一代表小组")
    before = [g["id"] for g in groups_db.list_groups(ctx.db)]
    ctx.undo_stack.undo()
    assert "已有名为“第一代表小组”的小组" in answers[-1]
    assert [g["id"] for g in groups_db.list_groups(ctx.db)] == before
    assert groups_db.get_group(ctx.db, group["id"])["deleted_at"] is not None


# Stations ---------------------------------------------------------------------------------------
def test_station_add_edit_delete_and_served_groups_undo_and_redo(ctx, roster, qtbot, answers):
    home = stations_db.create_station(ctx.db, "示范镇人大代表之家", "代表之家")
    page = _show(qtbot, StationsPage(ctx))
    dialog = page.new_station()
    dialog.name_edit.setText("东山村联络站")
    save(dialog)
    station = dialog.result_value
    names = lambda: [s["name"] for s in stations_db.list_stations(ctx.db)]   # noqa: E731
    shown = lambda: [t[0] for t in page.item_texts()]                          # noqa: E731
    assert names() == shown() == ["示范镇人大代表之家", "东山村联络站"]
    ctx.undo_stack.undo()
    assert names() == shown() == ["示范镇人大代表之家"]
    ctx.undo_stack.redo()
    assert names() == shown() == ["示范镇人大代表之家", "东山村联络站"]

    page.select_station(station)
    dialog = page.edit_current()
    dialog.open_days_edit.setText("每月9日")
    save(dialog)
    assert page.item_texts()[1][3] == "每月9日"
    ctx.undo_stack.undo()
    assert stations_db.get_station(ctx.db, station)["open_days"] is None and page.item_texts()[1][3] == ""
    ctx.undo_stack.redo()
    assert page.item_texts()[1][3] == "每月9日"

    group = groups_db.list_groups(ctx.db)[0]["id"]
    page.select_station(station)
    served = page.edit_groups()
    served.set_checked([group])
    served.accept()
    assert page.item_texts()[1][6] == "第一代表小组"
    ctx.undo_stack.undo()
    assert stations_db.served_group_ids(ctx.db, station) == [] and page.item_texts()[1][6] == ""
    ctx.undo_stack.redo()
    assert stations_db.served_group_ids(ctx.db, station) == [group]

    # A home with stations below it cannot be deleted: the refusal is shown, nothing is pushed.
    page.select_station(home)
    steps = ctx.undo_stack.count()
    assert not page.delete_current() and "下还有 1 个站点" in answers[-1]
    assert ctx.undo_stack.count() == steps
    page.select_station(station)
    assert page.delete_current()
    assert names() == shown() == ["示范镇人大代表之家"]
    ctx.undo_stack.undo()
    assert names() == shown() == ["示范镇人大代表之家", "东山村联络站"]
    assert page.item_texts()[1][6] == "第一代表小组"


def test_stations_filter_and_sort(ctx, roster, qtbot):
    home = stations_db.create_station(ctx.db, "示范镇人大代表之家", "代表之家")
    stations_db.create_station(ctx.db, "西山村联络站", parent_id=home, contact="王芳")
    stations_db.create_station(ctx.db, "东山村联络站", parent_id=home, contact="李明")
    page = _show(qtbot, StationsPage(ctx))
    page.search.setText("dsc")                       # pinyin initials of 东山村
    assert [t[0] for t in page.item_texts(shown_only=True)] == ["示范镇人大代表之家", "东山村联络站"]
    assert "显示 1 / 共 3 个" in page.count_label.text()
    page.search.setText("王芳")
    assert [t[0] for t in page.item_texts(shown_only=True)] == ["示范镇人大代表之家", "西山村联络站"]
    page.search.clear()
    page.kind_combo.set_value("代表之家")
    assert [t[0] for t in page.item_texts(shown_only=True)] == ["示范镇人大代表之家"]
    page.kind_combo.set_value(None)
    page.tree.sortByColumn(0, Qt.DescendingOrder)      # what a click on the 名称 header does
    home_item = page.tree.topLevelItem(0)
    assert [home_item.child(i).text(0) for i in range(2)] == ["西山村联络站", "东山村联络站"]
    page.tree.sortByColumn(0, Qt.AscendingOrder)
    assert [home_item.child(i).text(0) for i in range(2)] == ["东山村联络站", "西山村联络站"]


# Districts and terms ----------------------------------------------------------------------------
def test_district_add_edit_delete_undo_and_redo(ctx, roster, qtbot, answers):
    page = _show(qtbot, DistrictsPage(ctx))
    term = terms_db.current_term(ctx.db)["id"]
    dialog = page.new_district()
    dialog.name_edit.setText("第三选区")
    save(dialog)
    district = dialog.result_value
    live = lambda: sorted(d["name"] for d in districts_db.list_districts(ctx.db, term))   # noqa: E731
    _undo_redo(ctx, lambda: (live() == _names(page.districts_model) == ["第一选区", "第三选区", "第二选区"])
               or pytest.fail("add"),
               lambda: (live() == _names(page.districts_model) == ["第一选区", "第二选区"]) or pytest.fail("undo"))

    page.districts_table.select_ids([district])
    dialog = page.edit_district()
    dialog.seats_spin.setValue(4)
    save(dialog)
    ctx.undo_stack.undo()
    assert districts_db.get_district(ctx.db, district)["seats"] is None
    ctx.undo_stack.redo()
    assert districts_db.get_district(ctx.db, district)["seats"] == 4

    page.districts_table.select_ids([district])
    assert page.delete_district()
    assert "第三选区" not in _names(page.districts_model)
    ctx.undo_stack.undo()
    assert "第三选区" in live() and "第三选区" in _names(page.districts_model)
    ctx.undo_stack.redo()
    assert "第三选区" not in live()


def test_term_add_edit_current_and_delete_undo_and_redo(ctx, roster, qtbot, answers):
    page = _show(qtbot, DistrictsPage(ctx))
    old = terms_db.current_term(ctx.db)["id"]
    dialog = page.new_term()
    dialog.name_edit.setText("第十九届")
    dialog.number_spin.setValue(19)
    save(dialog)                                        # 设为当前届次 is ticked for a new term
    new = dialog.result_value
    assert terms_db.flagged_term_id(ctx.db) == new
    ctx.undo_stack.undo()
    assert [t["name"] for t in terms_db.list_terms(ctx.db)] == _names(page.terms_model) == ["第十八届"]
    assert terms_db.flagged_term_id(ctx.db) == old
    ctx.undo_stack.redo()
    assert terms_db.flagged_term_id(ctx.db) == new and _names(page.terms_model) == sorted(["第十八届", "第十九届"])

    page.terms_table.select_ids([old])
    page.make_current()
    assert terms_db.flagged_term_id(ctx.db) == old
    ctx.undo_stack.undo()
    assert terms_db.flagged_term_id(ctx.db) == new
    ctx.undo_stack.redo()
    assert terms_db.flagged_term_id(ctx.db) == old

    page.terms_table.select_ids([new])
    dialog = page.edit_term()
    dialog.end_edit.setText("2031-09-30")
    dialog.current_check.setChecked(True)
    save(dialog)
    assert terms_db.get_term(ctx.db, new)["end_date"] == "2031-09-30" and terms_db.flagged_term_id(ctx.db) == new
    ctx.undo_stack.undo()
    assert terms_db.get_term(ctx.db, new)["end_date"] is None and terms_db.flagged_term_id(ctx.db) == old
    ctx.undo_stack.redo()
    assert terms_db.flagged_term_id(ctx.db) == new

    # A term in use cannot be deleted; an unused one can, and comes back with its id.
    page.terms_table.select_ids([old])
    assert not page.delete_term() and "不能删除" in answers[-1]
    page.terms_table.select_ids([new])
    assert page.delete_term()
    assert [t["name"] for t in terms_db.list_terms(ctx.db)] == ["第十八届"]
    ctx.undo_stack.undo()
    assert terms_db.get_term(ctx.db, new)["name"] == "第十九届" and terms_db.flagged_term_id(ctx.db) == new
    assert _names(page.terms_model) == sorted(["第十八届", "第十九届"])
    ctx.undo_stack.redo()
    assert [t["name"] for t in terms_db.list_terms(ctx.db)] == _names(page.terms_model) == ["第十八届"]


def test_delete_term_refuses_a_used_term_and_restore_keeps_the_id(db):
    used = terms_db.create_term(db, "第十八届", 18)
    districts_db.create_district(db, used, "第一选区")
    with pytest.raises(UserError, match="选区 1 条"):
        terms_db.delete_term(db, used)
    spare = terms_db.create_term(db, "第十九届", 19, is_current=True)
    row = terms_db.delete_term(db, spare)
    assert terms_db.flagged_term_id(db) is None
    assert terms_db.restore_term(db, row) == spare
    assert terms_db.flagged_term_id(db) == spare
    with pytest.raises(UserError, match="已经存在"):
        terms_db.restore_term(db, row)


# Archive ----------------------------------------------------------------------------------------
@pytest.fixture
def archive(ctx, roster, qtbot):
    page = _show(qtbot, ArchivePage(ctx))
    page.focus_record(roster["张三"])
    page.set_year(TODAY.year)
    return page


def _tab_count(tab) -> int:
    return tab.model.rowCount()


@pytest.mark.parametrize("kind", ["honor", "report_back", "note"])
def test_archive_records_add_edit_delete_undo_and_redo(archive, ctx, roster, answers, kind):
    zs = roster["张三"]
    day = TODAY.replace(day=1).isoformat()
    if kind == "honor":
        tab, listing = archive.honors_tab, lambda: honors.list_honors(ctx.db, zs)
        dialog = archive.add_honor("荣誉")
        dialog.title_edit.setText("优秀人大代表")
        dialog.date_edit.setText(day)
    elif kind == "report_back":
        tab, listing = archive.report_backs_tab, lambda: report_backs.list_report_backs(ctx.db, zs)
        dialog = archive.add_report_back()
        dialog.date_edit.setText(day)
        dialog.count_edits["voters_present"].setText("30")
        dialog.count_edits["satisfied"].setText("20")
    else:
        tab, listing = archive.notes_tab, lambda: deputy_notes.list_notes(ctx.db, zs)
        dialog = archive.add_note()
        dialog.date_edit.setText(day)
        dialog.text_edit.setPlainText("调任村支部书记")
    save(dialog)
    record_id = dialog.result_value
    _undo_redo(ctx, lambda: (len(listing()) == _tab_count(tab) == 1) or pytest.fail("add"),
               lambda: (listing() == [] and _tab_count(tab) == 0) or pytest.fail("undo add"))

    tab.select_id(record_id)
    if kind == "honor":
        dialog = archive.edit_honor()
        dialog.title_edit.setText("优秀市人大代表")
        field, before, after = "title", "优秀人大代表", "优秀市人大代表"
    elif kind == "report_back":
        dialog = archive.edit_report_back()
        dialog.count_edits["voters_present"].setText("40")
        field, before, after = "voters_present", 30, 40
    else:
        dialog = archive.edit_note()
        dialog.text_edit.setPlainText("调任村委会主任")
        field, before, after = "text", "调任村支部书记", "调任村委会主任"
    save(dialog)
    column = tab.model.column_of(field) if field != "text" else tab.model.column_of("text")
    shown = lambda: tab.model.display_text(0, column)   # noqa: E731
    assert listing()[0][field] == after and shown() == str(after)
    ctx.undo_stack.undo()
    assert listing()[0][field] == before and shown() == str(before)
    ctx.undo_stack.redo()
    assert listing()[0][field] == after

    tab.select_id(record_id)
    assert {"honor": archive.delete_honor, "report_back": archive.delete_report_back,
            "note": archive.delete_note}[kind]()
    assert listing() == [] and _tab_count(tab) == 0
    ctx.undo_stack.undo()
    assert len(listing()) == _tab_count(tab) == 1 and listing()[0][field] == after
    ctx.undo_stack.redo()
    assert listing() == [] and _tab_count(tab) == 0
    assert answers == []


def test_archive_record_tabs_filter_and_sort(archive, ctx, roster):
    zs = roster["张三"]
    for title, day in (("优秀人大代表", "2024-01-05"), ("优秀共产党员", "2023-06-01"), ("先进个人", "2025-03-01")):
        honors.add_honor(ctx.db, zs, "荣誉", title, day)
    archive.set_year(None)
    archive.load_archive()
    tab = archive.honors_tab
    tab.table.search.setText("优秀")
    assert sorted(r["title"] for r in tab.table.visible_rows()) == ["优秀人大代表", "优秀共产党员"]
    tab.table.search.clear()
    tab.view.sortByColumn(tab.model.column_of("date"), Qt.DescendingOrder)
    assert [tab.proxy.index(r, tab.model.column_of("date")).data() for r in range(3)] == \
        ["2025-03-01", "2024-01-05", "2023-06-01"]


# Scoring ----------------------------------------------------------------------------------------
@pytest.fixture
def scoring_page(ctx, roster, qtbot):
    page = _show(qtbot, ScoringPage(ctx))
    page.set_year(TODAY.year)
    page.table.select_ids([next(r["id"] for r in page.model.rows() if r["name"] == "李四")])
    return page


def _adjusted(page) -> float:
    return next(r for r in page.model.rows() if r["name"] == "李四")["adjusted"]


def test_adjustment_add_and_remove_undo_and_redo(scoring_page, ctx, roster, answers):
    page = scoring_page
    dialog = page.add_adjustment()
    dialog.points_edit.setValue(-2)
    dialog.reason_edit.setPlainText("无故不参加代表培训")
    dialog.made_by_edit.setText("陈主任")
    save(dialog)
    live = lambda: [a["points"] for a in scoring.list_adjustments(ctx.db, TODAY.year, roster["李四"])]  # noqa: E731
    _undo_redo(ctx, lambda: (live() == [-2] and _adjusted(page) == -2) or pytest.fail("add"),
               lambda: (live() == [] and not _adjusted(page)) or pytest.fail("undo add"))

    item = next(i for i in page.record_items() if i.data(0, RECORD_ROLE)["table"] == "score_adjustments")
    page.tree.setCurrentItem(item)
    assert page.remove_adjustment()
    assert live() == [] and not _adjusted(page)
    ctx.undo_stack.undo()
    assert live() == [-2] and _adjusted(page) == -2
    ctx.undo_stack.redo()
    assert live() == []

    # Once the year is frozen, undoing the removal would change frozen scores: refused, nothing changes.
    scoring.freeze_year(ctx.db, TODAY.year, "王主席")
    ctx.undo_stack.undo()
    assert "审核冻结" in answers[-1] and live() == []


# Shortcuts --------------------------------------------------------------------------------------
def _press(qtbot, widget, key, modifier=Qt.NoModifier) -> None:
    window = widget.window()
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    widget.setFocus()
    qtbot.keyClick(widget, key, modifier)


def test_shortcuts_on_the_groups_table(ctx, roster, qtbot, answers):
    page = _show(qtbot, GroupsPage(ctx))
    view = page.table.view
    _press(qtbot, view, Qt.Key_N, Qt.ControlModifier)
    assert page.dialog.windowTitle() == "新建代表小组"
    page.dialog.reject()
    _press(qtbot, view, Qt.Key_F2)
    assert page.dialog.windowTitle() == "编辑小组：第一代表小组"
    page.dialog.reject()
    _press(qtbot, view, Qt.Key_Return)
    assert page.dialog.windowTitle() == "编辑小组：第一代表小组"
    page.dialog.reject()
    _press(qtbot, view, Qt.Key_F, Qt.ControlModifier)
    assert QApplication.focusWidget() is page.table.search
    qtbot.keyClick(page.table.search, Qt.Key_Delete)       # Del while typing deletes text, not the group
    assert len(groups_db.list_groups(ctx.db)) == 1
    _press(qtbot, view, Qt.Key_Delete)
    assert groups_db.list_groups(ctx.db) == []
    groups_db.create_group(ctx.db, "第二代表小组")
    _press(qtbot, view, Qt.Key_F5)
    assert _names(page.model) == ["第二代表小组"]
    assert "Ctrl+N" in page.new_action.toolTip() and "F2" in page.edit_action.toolTip()
    assert "Del" in page.delete_action.toolTip()


def test_shortcuts_on_stations_districts_archive_and_scoring(ctx, roster, qtbot, answers, tmp_path, monkeypatch):
    stations_db.create_station(ctx.db, "示范镇人大代表之家", "代表之家")
    stations = _show(qtbot, StationsPage(ctx))
    _press(qtbot, stations.tree, Qt.Key_F2)
    assert stations.dialog.windowTitle() == "编辑站点：示范镇人大代表之家"
    stations.dialog.reject()
    _press(qtbot, stations.tree, Qt.Key_Delete)
    assert stations_db.list_stations(ctx.db) == []

    districts = _show(qtbot, DistrictsPage(ctx))
    _press(qtbot, districts.districts_table.view, Qt.Key_N, Qt.ControlModifier)
    assert districts.dialog.windowTitle() == "新建选区"
    districts.dialog.reject()
    _press(qtbot, districts.terms_table.view, Qt.Key_N, Qt.ControlModifier)
    assert districts.dialog.windowTitle() == "新建届次"
    districts.dialog.reject()
    _press(qtbot, districts.districts_table.view, Qt.Key_F, Qt.ControlModifier)
    assert QApplication.focusWidget() is districts.districts_table.search

    archive = _show(qtbot, ArchivePage(ctx))
    archive.focus_record(roster["张三"])
    archive.set_year(TODAY.year)
    archive.tabs.setCurrentWidget(archive.notes_tab)
    _press(qtbot, archive.deputies.view, Qt.Key_N, Qt.ControlModifier)
    assert archive.dialog.windowTitle() == "新增备注：张三"
    archive.dialog.text_edit.setPlainText("列席县人代会")
    save(archive.dialog)
    _press(qtbot, archive.notes_tab.view, Qt.Key_Delete)
    assert deputy_notes.list_notes(ctx.db, roster["张三"]) == []
    saved = tmp_path / "张三.xlsx"
    monkeypatch.setattr("desktop_app.ui.archive.page.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(saved), ""))
    _press(qtbot, archive.deputies.view, Qt.Key_E, Qt.ControlModifier)
    assert saved.is_file()

    page = _show(qtbot, ScoringPage(ctx))
    page.table.select_ids([next(r["id"] for r in page.model.rows() if r["name"] == "李四")])
    _press(qtbot, page.table.view, Qt.Key_N, Qt.ControlModifier)
    assert page.dialog.windowTitle().startswith("手工加减分：李四")
    page.dialog.reject()
    ranking = tmp_path / "rank.xlsx"
    monkeypatch.setattr("desktop_app.ui.scoring.page.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(ranking), ""))
    _press(qtbot, page.table.view, Qt.Key_E, Qt.ControlModifier)
    assert ranking.is_file()
    scoring.add_adjustment(ctx.db, TODAY.year, roster["李四"], 1, "表扬", "陈主任")
    _press(qtbot, page.table.view, Qt.Key_F5)
    item = next(i for i in page.record_items() if i.data(0, RECORD_ROLE)["table"] == "score_adjustments")
    page.tree.setCurrentItem(item)
    _press(qtbot, page.tree, Qt.Key_Delete)
    assert scoring.list_adjustments(ctx.db, TODAY.year) == []
    assert answers == []
