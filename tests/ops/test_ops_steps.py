"""ops for deputies, activities, receptions and suggestions headless, as a command or a script would call them:
what each returns, that a refused call writes nothing, and that a step's undo puts the record back."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.db import activities as activities_db
from desktop_app.db import audit, receptions, stations
from desktop_app.db import deputies as deputies_db
from desktop_app.db import suggestions as suggestions_db
from desktop_app.db.terms import create_term
from desktop_app.errors import InputError, UserError
from desktop_app.ops import activities, deputies, suggestions
from desktop_app.ops import receptions as receptions_ops
from desktop_app.ops.changes import Area

TODAY = dt.date.today().isoformat()


@pytest.fixture
def people(db):
    create_term(db, "第十八届", 18, "2021-10-01", "2026-09-30")
    return [deputies.add(db, {"name": name, "gender": "男"}).value for name in ("张三", "李四", "王五")]


def test_deputy_add_edit_status_delete_restore(db, people):
    changes = deputies.edit(db, people[0], {"work_unit": "东山村村委会"})
    assert changes.touches(Area.DEPUTIES) and changes.value == {"work_unit": None}
    assert deputies.edit(db, people[0], {"work_unit": "东山村村委会"}).areas == Area.NONE   # nothing changed
    olds = deputies.change_status(db, people[:2], "调离", TODAY, "工作调动").value
    assert olds == {people[0]: {"status": "在任", "status_date": None, "status_reason": None},
                    people[1]: {"status": "在任", "status_date": None, "status_reason": None}}
    deputies.put_status(db, olds)
    assert [deputies_db.get_deputy(db, i)["status"] for i in people[:2]] == ["在任", "在任"]
    assert "张三 等 2 名" in deputies.delete(db, people[:2]).message
    assert deputies_db.count_deputies(db) == 1
    deputies.restore(db, people[:2])
    assert deputies_db.count_deputies(db) == 3
    assert audit.verify_chain(db) is None


def test_a_refused_status_change_of_several_writes_nothing(db, people):
    deputies.change_status(db, [people[1]], "去世", TODAY, None)
    entries = len(audit.entries(db))
    with pytest.raises(UserError):
        deputies.change_status(db, [people[0], 99], "辞职", TODAY, "本人申请")     # the second does not exist
    assert deputies_db.get_deputy(db, people[0])["status"] == "在任"
    assert len(audit.entries(db)) == entries


def test_activity_edit_returns_what_undo_needs(db, people):
    type_id = activities_db.type_id_by_name(db, "视察")
    activity = activities.add(db, {"type_id": type_id, "date": TODAY, "theme": "视察道路"},
                              {people[0]: "出席"}).value
    done = activities.edit(db, activity, {"place": "东山村"}, {people[0]: "出席", people[1]: ("请假", "外出")}).value
    assert done == {"fields": {"place": None}, "attendance": {people[0]: ("出席", None)}}
    assert activities.attendance_map(db, activity) == {people[0]: ("出席", None), people[1]: ("请假", "外出")}
    unchanged = activities.edit(db, activity, {}, {people[0]: "出席", people[1]: ("请假", "外出")})
    assert unchanged.areas == Area.NONE and unchanged.value["attendance"] is None


def test_reception_visit_to_suggestion_and_its_undo(db, people):
    station = stations.create_station(db, "东山村联络站")
    visit = receptions_ops.add_visit(db, {"station_id": station, "date": TODAY, "voter_name": "刘大爷",
                                          "matter": "村口路灯不亮"}).value
    suggestion = receptions_ops.visit_to_suggestion(db, visit).value
    assert receptions.get_visit(db, visit)["suggestion_id"] == suggestion
    suggestions.classify(db, suggestion, "镇人大主席团", on=TODAY)
    with pytest.raises(UserError, match="已有办理步骤"):
        receptions_ops.undo_visit_to_suggestion(db, visit, suggestion)
    assert receptions.get_visit(db, visit)["suggestion_id"] == suggestion


def test_every_step_and_its_undo(db, people):
    unit = suggestions_db.add_unit(db, "镇建设办")
    new = suggestions.add(db, {"title": "修路", "content": "", "source": "代表建议", "date": TODAY},
                          [(people[0], True)]).value["id"]
    steps = [("classify", ("镇人大主席团",)), ("assign", (unit,)), ("start", ()), ("reply", ("已修复。", "A")),
             ("evaluate", ("不满意",))]                 # 不满意 reopens it: back to 办理
    taken = []
    for action, args in steps:
        changes = suggestions.take_step(db, action, [new], *args, on=TODAY)
        taken.append(changes.value[1])
    assert suggestions_db.get_suggestion(db, new)["state"] == "办理"
    assert suggestions_db.get_suggestion(db, new)["reopen_count"] == 1
    with pytest.raises(UserError, match="不能再撤销交办"):
        suggestions.undo_step(db, taken[1])             # a later step is in the way
    for done in reversed(taken):
        suggestions.undo_step(db, done)
    row = suggestions_db.get_suggestion(db, new)
    assert row["state"] == "收集" and row["reopen_count"] == 0 and row["main_unit_id"] is None
    assert [e["action"] for e in suggestions_db.timeline(db, new)] == ["收集"]


def test_bulk_assign_is_all_or_nothing(db, people):
    unit = suggestions_db.add_unit(db, "镇农业办")
    ids = [suggestions.add(db, {"title": f"建议{n}", "content": "", "source": "选民意见", "date": TODAY}).value["id"]
           for n in range(3)]
    for suggestion_id in ids[:2]:
        suggestions.classify(db, suggestion_id, "镇人大主席团", on=TODAY)
    with pytest.raises(InputError, match="建议2"):
        suggestions.bulk_assign(db, ids, unit, on=TODAY)          # the third is not classified yet
    assert [suggestions_db.get_suggestion(db, i)["state"] for i in ids] == ["分类", "分类", "收集"]
    results, done = suggestions.bulk_assign(db, ids[:2], unit, on=TODAY).value
    assert [r["state"] for r in results] == ["交办", "交办"] and len(done) == 2
    suggestions.undo_step(db, done)
    assert [suggestions_db.get_suggestion(db, i)["state"] for i in ids[:2]] == ["分类", "分类"]
