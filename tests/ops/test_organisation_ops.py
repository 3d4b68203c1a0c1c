"""ops for 届次, 选区, 代表小组 and 站点 headless: each write with its audit entry, the refusals with their Chinese
message leaving the database as it was, and what an undo needs back (old values, the 当前 mark, member ids)."""

from __future__ import annotations

import pytest

from desktop_app.db import audit
from desktop_app.db import districts as districts_db
from desktop_app.db import groups as groups_db
from desktop_app.db import stations as stations_db
from desktop_app.db import terms as terms_db
from desktop_app.errors import InputError, UserError
from desktop_app.ops import deputies, districts, groups, stations, terms
from desktop_app.ops.changes import Area


def _actions(db) -> list[str]:
    return [entry["action"] for entry in audit.entries(db)]


def test_term_add_marks_it_current_and_returns_the_earlier_mark(db):
    first = terms.add(db, {"name": "第十七届", "number": 17, "start_date": "2016-10-01"}).value
    second = terms.add(db, {"name": "第十八届", "number": 18, "start_date": "2021-10-01"})
    assert second.touches(Area.TERMS) and second.message == "已新建届次 第十八届。"
    assert second.value["flags"] == (first["row"]["id"], second.value["row"]["id"])
    assert terms_db.flagged_term_id(db) == second.value["row"]["id"]
    assert _actions(db).count("新增届次") == 2
    assert terms.set_current(db, first["row"]["id"]).value == second.value["row"]["id"]
    assert terms.set_current(db, first["row"]["id"]).areas == Area.NONE        # already current
    terms.flag(db, None)
    assert terms_db.flagged_term_id(db) is None


def test_term_in_use_is_not_deleted_and_nothing_changes(db):
    term = terms.add(db, {"name": "第十八届", "number": 18}).value["row"]
    districts.add(db, term["id"], {"name": "第一选区"})
    entries = len(audit.entries(db))
    with pytest.raises(UserError, match="届次“第十八届”下还有选区 1 条记录"):
        terms.delete(db, term["id"])
    assert terms_db.get_term(db, term["id"])["name"] == "第十八届"
    assert len(audit.entries(db)) == entries


def test_unused_term_deleted_and_restored_with_its_id(db):
    term = terms.add(db, {"name": "第十九届", "number": 19}).value["row"]
    done = terms.delete(db, term["id"]).value
    assert terms_db.list_terms(db) == [] and done["flags"] == (term["id"], None)
    terms.restore(db, done["row"])
    assert terms_db.get_term(db, term["id"])["name"] == "第十九届"
    assert _actions(db)[-2:] == ["删除届次", "恢复届次"]


def test_district_with_deputies_refuses_delete(db):
    term = terms.add(db, {"name": "第十八届", "number": 18}).value["row"]
    district = districts.add(db, term["id"], {"name": "第一选区", "seats": 3}).value
    assert districts.edit(db, district, {"seats": 4}).value == {"seats": 3}
    deputies.add(db, {"name": "张三", "gender": "男", "district_id": district})
    with pytest.raises(UserError, match="选区“第一选区”还有 1 名代表，不能删除"):
        districts.delete(db, [district])
    assert districts_db.get_district(db, district)["deleted_at"] is None
    with pytest.raises(InputError, match="本届已有名为“第一选区”的选区"):
        districts.add(db, term["id"], {"name": "第一选区"})
    assert len(districts_db.list_districts(db, term["id"])) == 1


def test_group_members_and_convener(db):
    terms.add(db, {"name": "第十八届", "number": 18})
    a, b = (deputies.add(db, {"name": n, "gender": "女"}).value for n in ("甲", "乙"))
    group = groups.add(db, {"name": "东山小组", "convener_id": a}).value
    assert groups_db.member_ids(db, group) == [a]                              # the convener is a member
    changes = groups.set_members(db, group, [b])
    assert changes.value == [a] and changes.touches(Area.GROUPS)
    assert groups_db.get_group(db, group)["convener_id"] is None              # left out → no longer convener
    assert "设置小组成员" in _actions(db)
    with pytest.raises(InputError, match="编号为 999 的代表不存在"):
        groups.set_members(db, group, [a, 999])
    assert groups_db.member_ids(db, group) == [b]
    groups.delete(db, [group])
    assert groups_db.list_groups(db) == []
    groups.restore(db, [group])
    assert groups_db.member_ids(db, group) == [b]


def test_station_refuses_delete_while_a_child_remains(db):
    home = stations.add(db, {"name": "示范镇代表之家", "kind": "代表之家"}).value
    child = stations.add(db, {"name": "东山联络站", "parent_id": home}).value
    with pytest.raises(UserError, match="“示范镇代表之家”下还有 1 个站点"):
        stations.delete(db, [home])
    assert stations_db.get_station(db, home)["deleted_at"] is None
    assert stations.edit(db, child, {"address": "东山村"}).value == {"address": None}
    terms.add(db, {"name": "第十八届", "number": 18})
    group = groups.add(db, {"name": "东山小组"}).value
    assert stations.set_groups(db, child, [group]).value == []
    assert stations_db.served_group_ids(db, child) == [group]
    assert _actions(db).count("新增联络站") == 2 and "设置联络站小组" in _actions(db)


def test_edits_return_old_values_and_deleted_records_come_back(db):
    term = terms.add(db, {"name": "第十八届", "number": 18}).value["row"]
    assert terms.edit(db, term["id"], {"end_date": "2026-09-30"}).value == {"end_date": None}
    with pytest.raises(InputError, match="已有名为“第十八届”的届次"):
        terms.add(db, {"name": "第十八届", "number": 19})
    district = districts.add(db, term["id"], {"name": "第二选区"}).value
    districts.delete(db, [district])
    assert districts_db.list_districts(db, term["id"]) == []
    districts.restore(db, [district])
    assert [d["name"] for d in districts_db.list_districts(db, term["id"])] == ["第二选区"]
    group = groups.add(db, {"name": "西山小组"}).value
    assert groups.edit(db, group, {"notes": "每季度一次"}).value == {"notes": None}
    assert groups.edit(db, group, {"notes": "每季度一次"}).areas == Area.NONE
    station = stations.add(db, {"name": "西山联络站"}).value
    stations.delete(db, [station])
    assert stations_db.list_stations(db) == []
    stations.restore(db, [station])
    assert [s["name"] for s in stations_db.list_stations(db)] == ["西山联络站"]
    assert {"修改届次", "恢复选区", "修改代表小组", "删除联络站", "恢复联络站"} <= set(_actions(db))
