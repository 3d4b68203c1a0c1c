"""Undo of 选区, 代表小组, 站点 and 届次 steps over ops keeps the "changed elsewhere" guard: a record changed
through ``ops`` after the step (another page, the command line) is not overwritten by Ctrl+Z."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop_app.db import districts as districts_db
from desktop_app.db import groups as groups_db
from desktop_app.db import stations as stations_db
from desktop_app.db import terms as terms_db
from desktop_app.ops import districts as districts_ops
from desktop_app.ops import groups as groups_ops
from desktop_app.ops import stations as stations_ops
from desktop_app.ui.districts.commands import DISTRICT, AddTerm, SetCurrentTerm
from desktop_app.ui.groups.commands import GROUP, MEMBERS
from desktop_app.ui.stations.commands import STATION
from desktop_app.ui.widgets.record_commands import AddRecord, EditRecord, SetLinks

pytestmark = pytest.mark.gui
REFUSED = "已在别处被修改，无法撤销这一步；数据未作改动。"


@pytest.fixture
def warnings(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: shown.append(text))
    return shown


def test_district_edit_undo_refused_after_a_change_elsewhere(ctx, roster, warnings):
    district = districts_db.list_districts(ctx.db)[0]
    EditRecord.run(ctx, DISTRICT, district["id"], {"seats": 5})
    districts_ops.edit(ctx.db, district["id"], {"seats": 6})          # elsewhere
    ctx.undo_stack.undo()
    assert warnings and warnings[-1].endswith(REFUSED)
    assert districts_db.get_district(ctx.db, district["id"])["seats"] == 6


def test_group_members_undo_refused_after_a_change_elsewhere_and_works_without(ctx, roster, warnings):
    group = groups_db.list_groups(ctx.db)[0]
    SetLinks.run(ctx, MEMBERS, group["id"], [roster["王五"]], group["name"])
    assert groups_db.get_group(ctx.db, group["id"])["convener_id"] is None   # 张三 left: no longer convener
    ctx.undo_stack.undo()
    assert groups_db.member_ids(ctx.db, group["id"]) == sorted([roster["张三"], roster["王五"]])
    assert groups_db.get_group(ctx.db, group["id"])["convener_id"] == roster["张三"]
    ctx.undo_stack.redo()
    groups_ops.set_members(ctx.db, group["id"], [roster["王五"], roster["李四"]])   # elsewhere
    ctx.undo_stack.undo()
    assert warnings and "名单已在别处被修改" in warnings[-1]
    assert groups_db.member_ids(ctx.db, group["id"]) == sorted([roster["王五"], roster["李四"]])


def test_station_add_undone_and_redone(ctx, roster, warnings):
    command = AddRecord.run(ctx, STATION, lambda: stations_ops.add(ctx.db, {"name": "东山联络站"}))
    ctx.undo_stack.undo()
    assert stations_db.list_stations(ctx.db) == []
    ctx.undo_stack.redo()
    assert [s["id"] for s in stations_db.list_stations(ctx.db)] == [command.record_id]
    stations_ops.edit(ctx.db, command.record_id, {"address": "东山村"})
    EditRecord.run(ctx, GROUP, groups_db.list_groups(ctx.db)[0]["id"], {"notes": "每月一次"})
    ctx.undo_stack.undo()
    assert groups_db.list_groups(ctx.db)[0]["notes"] is None and not warnings


def test_term_add_and_current_mark_come_back_on_undo(ctx, roster, warnings):
    first = terms_db.flagged_term_id(ctx.db)
    AddTerm.run(ctx, {"name": "第十九届", "number": 19})
    assert terms_db.flagged_term_id(ctx.db) != first
    ctx.undo_stack.undo()
    assert terms_db.flagged_term_id(ctx.db) == first and len(terms_db.list_terms(ctx.db)) == 1
    ctx.undo_stack.redo()
    newest = terms_db.flagged_term_id(ctx.db)
    assert SetCurrentTerm.run(ctx, terms_db.get_term(ctx.db, first)) is not None
    ctx.undo_stack.undo()
    assert terms_db.flagged_term_id(ctx.db) == newest and not warnings
