"""ops of the 人代会 and 计票 pages headless: sessions and 签到, items with candidates in one transaction,
ballots, double-entry decisions, certification, 收回票数, 一键另行选举 and the rehearsal copy."""

from __future__ import annotations

import pytest

from desktop_app.db import audit
from desktop_app.db import ballots as ballots_db
from desktop_app.db import sessions as sessions_db
from desktop_app.db import vote_items as items_db
from desktop_app.db.terms import create_term
from desktop_app.errors import UserError
from desktop_app.ops import ballots, deputies, rehearsal, sessions, vote_items
from desktop_app.ops.changes import Area

ELECTION = {"code": "1", "name": "选举副镇长", "kind": "选举", "seats": 2, "issued": 9, "printed": 9}


@pytest.fixture
def session_id(db):
    return sessions.create(db, {"term_id": None, "number": 1, "name": "第三次会议", "total_deputies": 9}).value


def _item(db, session_id, candidates=("张三", "李四", "王五"), **values):
    return vote_items.save(db, session_id, None, {**ELECTION, **values}, list(candidates)).value


def _audit_count(db) -> int:
    return len(audit.entries(db))


def test_session_create_update_delete_and_attendance(db, session_id):
    assert sessions_db.get_session(db, session_id)["name"] == "第三次会议"
    changes = sessions.update(db, session_id, {"place": "镇政府三楼会议室"})
    assert changes.touches(Area.SESSIONS) and changes.value == {"place": None}
    assert sessions.update(db, session_id, {"place": "镇政府三楼会议室"}).areas == Area.NONE
    create_term(db, "第十八届", 18, "2021-10-01", "2026-09-30")
    deputy = deputies.add(db, {"name": "张三", "gender": "男"}).value
    changes = sessions.set_attendance(db, session_id, {deputy: "出席"})
    assert changes.touches(Area.ATTENDANCE)
    assert sessions_db.attendance_counts(db, session_id)["present"] == 1
    with pytest.raises(UserError):
        sessions.set_attendance(db, session_id, {deputy: "请假", 999999: "出席"})   # an unknown deputy: all or none
    assert sessions_db.attendance_counts(db, session_id)["present"] == 1
    assert sessions.delete(db, session_id).touches(Area.SESSIONS)
    assert sessions_db.list_sessions(db) == []


def test_item_with_candidates_is_one_transaction(db, session_id):
    before = _audit_count(db)
    with pytest.raises(UserError, match="重复"):
        vote_items.save(db, session_id, None, ELECTION, ["张三", "李四", "张三"])
    assert items_db.list_items(db, session_id) == []          # the item is not left behind without candidates
    assert _audit_count(db) == before
    item_id = _item(db, session_id)
    assert [c["name"] for c in items_db.candidates(db, item_id)] == ["张三", "李四", "王五"]
    with pytest.raises(UserError):
        vote_items.save(db, session_id, item_id, {**ELECTION, "name": "选举副镇长（改）"}, ["张三", ""])
    assert items_db.get_item(db, item_id)["name"] == "选举副镇长"   # the edit rolled back with the bad candidate
    changes = vote_items.save(db, session_id, item_id, {**ELECTION, "seats": 1}, ["张三", "李四"])
    assert changes.touches(Area.VOTE_ITEMS) and changes.value == item_id
    assert items_db.get_item(db, item_id)["seats"] == 1
    assert vote_items.delete(db, item_id).touches(Area.VOTE_ITEMS)
    assert items_db.list_items(db, session_id) == []


def test_ballots_add_correct_void_delete(db, session_id):
    item_id = _item(db, session_id)
    first = ballots.add(db, item_id, serial=1, marks="YY-").value
    ballots.add(db, item_id, serial=2, marks="Y--")
    with pytest.raises(UserError, match="已录入"):
        ballots.add(db, item_id, serial=2, marks="-Y-")
    assert ballots.correct(db, first, marks="Y-Y", reason="唱错").value == {"marks": "YY-"}
    ballots.void(db, first, "字迹无法辨认")
    row = ballots_db.find_ballot(db, item_id, 1)
    assert row["void"] and row["void_reason"] == "字迹无法辨认"
    ballots.delete(db, first, "误录")
    assert [b["serial"] for b in ballots_db.list_ballots(db, item_id)] == [2]


def test_certify_then_ballot_add_is_refused_until_unlocked(db, session_id):
    item_id = _item(db, session_id)
    vote_items.set_collected(db, item_id, 2)
    ballots.add(db, item_id, serial=1, marks="YY-")
    with pytest.raises(UserError, match="计票中（已录入 1 / 收回 2）"):
        vote_items.certify(db, item_id, "孙八")             # a count in progress is not a result
    ballots.add(db, item_id, serial=2, marks="YY-")
    assert vote_items.certify(db, item_id, "孙八").value["returned"] == 2
    with pytest.raises(UserError, match="已确认"):
        ballots.add(db, item_id, serial=3, marks="YY-")
    assert len(ballots_db.list_ballots(db, item_id)) == 2
    vote_items.unlock(db, item_id, "唱票有误，重新核对")
    ballots.add(db, item_id, serial=3, marks="YY-")
    assert len(ballots_db.list_ballots(db, item_id)) == 3


def test_double_entry_decision(db, session_id):
    item_id = _item(db, session_id, double_entry=True)
    ballots.add(db, item_id, serial=1, marks="YY-", team=1)
    ballots.add(db, item_id, serial=1, marks="Y-Y", team=2)
    assert len(ballots_db.undecided(db, item_id)) == 1
    assert "以二组为准" in ballots.decide(db, item_id, 1, 2).message
    assert ballots_db.undecided(db, item_id) == []
    assert ballots_db.item_result(db, item_id)["results"][2]["agree"] == 1


def test_further_election_waits_for_the_count_then_creates_the_next_item(db, session_id):
    item_id = _item(db, session_id)
    for serial in range(1, 6):
        ballots.add(db, item_id, serial=serial, marks="Y--")      # 张三 5 of 9: elected; one seat open
    with pytest.raises(UserError, match="计票尚未完成"):
        vote_items.further_election(db, item_id)                  # 收回票数 not typed: counting goes on
    vote_items.set_collected(db, item_id, 6)
    with pytest.raises(UserError, match="已录入 5 / 收回 6"):
        vote_items.further_election(db, item_id)
    ballots.add(db, item_id, serial=6, marks="---")
    plan = vote_items.further_election_plan(db, item_id)
    assert vote_items.plan_text(plan) == "将新建另行选举事项“另行选举副镇长”（编号 1-另选），应选 1 名，候选人：李四、王五。"
    assert len(items_db.list_items(db, session_id)) == 1          # a plan writes nothing
    changes = vote_items.further_election(db, item_id)
    new = items_db.get_item(db, changes.value)
    assert new["name"] == "另行选举副镇长" and new["seats"] == 1 and new["parent_item_id"] == item_id
    assert [c["name"] for c in items_db.candidates(db, changes.value)] == ["李四", "王五"]
    assert changes.touches(Area.VOTE_ITEMS)


def test_more_returned_than_issued_voids_the_vote_before_any_ballot(db, session_id):
    item_id = _item(db, session_id)
    vote_items.set_collected(db, item_id, 10)                     # 9 issued
    result = ballots_db.item_result(db, item_id)
    assert result["valid"] is False and result["returned"] == 0
    state = vote_items.counting(db, item_id)
    assert state.void and state.complete
    plan = vote_items.further_election_plan(db, item_id)
    assert plan["kind"] == "重投" and plan["seats"] == 2 and plan["candidates"] == ["张三", "李四", "王五"]
    assert "重新投票" in vote_items.plan_text(plan)


def test_rehearsal_copy_made_renewed_and_cleared(db, session_id):
    item_id = _item(db, session_id)
    copy_id = rehearsal.make_copy(db, item_id, seed=7).value
    copy = items_db.get_item(db, copy_id)
    assert copy["rehearsal"] == 1 and copy["name"] == "选举副镇长（演练）"
    deck, expected = rehearsal.deck_of(db, copy_id)
    ballots.add(db, copy_id, serial=deck[0].serial, marks=deck[0].marks, write_ins=deck[0].write_ins,
                void=deck[0].void)
    assert rehearsal.make_copy(db, item_id, seed=8).value == copy_id     # renewed: same copy, ballots gone
    assert ballots_db.list_ballots(db, copy_id) == []
    assert rehearsal.deck_of(db, item_id) is None                        # a real item has no deck
    assert rehearsal.clear(db, session_id).value == 1
    assert items_db.list_items(db, session_id, rehearsal=True) == []
    assert [i["id"] for i in items_db.list_items(db, session_id)] == [item_id]
