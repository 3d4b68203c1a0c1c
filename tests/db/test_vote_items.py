"""Vote items: validation, candidates, certification lock, rehearsal isolation, 另行选举 and 重新投票."""

import pytest

from desktop_app.db import audit, ballots, sessions, vote_items
from desktop_app.db.vote_items import LOCKED_MESSAGE
from desktop_app.errors import InputError, UserError


@pytest.fixture
def session(db):
    return sessions.create_session(db, term_id=None, number=1, name="测试会议", total_deputies=9)


def election(db, session, *, code="4", seats=2, names=("甲", "乙", "丙"), issued=9, **kw):
    item = vote_items.create_item(db, session, code=code, name="选举副镇长", kind="选举", seats=seats, post="副镇长",
                                  issued=issued, printed=12, **kw)
    vote_items.set_candidates(db, item, list(names))
    return item


def enter(db, item, marks, team=1):
    for serial, m in enumerate(marks, start=1):
        ballots.add_ballot(db, item, serial=serial, marks=m, team=team)


@pytest.mark.parametrize("kwargs, message", [
    (dict(kind="选举"), "应选人数"),
    (dict(kind="票决", seats=0), "不能小于 1"),
    (dict(kind="表决", allow_write_in=True), "另选他人"),
    (dict(kind="投票"), "类型"),
    (dict(kind="选举", seats=1, issued=20, printed=10), "多于印制票数"),
    (dict(kind="选举", seats="两"), "整数"),
])
def test_create_item_validation(db, session, kwargs, message):
    with pytest.raises(InputError, match=message):
        vote_items.create_item(db, session, code="1", name="事项", **kwargs)
    assert vote_items.list_items(db, session) == []


def test_seats_dropped_for_motion_and_code_unique(db, session):
    item = vote_items.create_item(db, session, code="1", name="关于政府工作报告的决议", kind="表决", seats=3)
    assert vote_items.get_item(db, item)["seats"] is None
    with pytest.raises(UserError, match="编号为“1”"):
        vote_items.create_item(db, session, code="1", name="另一事项", kind="表决")
    # a rehearsal item may reuse the code: the two worlds never meet
    vote_items.create_item(db, session, code="1", name="演练", kind="表决", rehearsal=True)


def test_candidates_in_order_with_duplicates_refused(db, session):
    item = election(db, session, names=("张三", {"name": "李  四", "deputy_id": None}, "王五"))
    assert [c["name"] for c in vote_items.candidates(db, item)] == ["张三", "李 四", "王五"]
    with pytest.raises(InputError, match="重复"):
        vote_items.set_candidates(db, item, ["张三", "王五", "张 三"])
    with pytest.raises(InputError, match="为空"):
        vote_items.set_candidates(db, item, ["张三", "  "])
    assert [c["name"] for c in vote_items.candidates(db, item)] == ["张三", "李 四", "王五"]
    motion = vote_items.create_item(db, session, code="5", name="决议", kind="表决")
    with pytest.raises(InputError, match="不需要候选人"):
        vote_items.set_candidates(db, motion, ["甲"])


def test_candidates_and_shape_frozen_once_ballots_exist(db, session):
    item = election(db, session)
    ballots.add_ballot(db, item, serial=1, marks="YY-")
    with pytest.raises(UserError, match="已录入选票"):
        vote_items.set_candidates(db, item, ["甲", "丙", "乙"])
    with pytest.raises(UserError, match="已录入选票"):
        vote_items.update_item(db, item, double_entry=True)
    # issued and name can still change
    assert vote_items.update_item(db, item, issued=8, name="选举副镇长（二）") == {"issued": 9, "name": "选举副镇长"}


def test_item_spec_takes_total_from_session(db, session):
    item = election(db, session, issued=None)
    spec = vote_items.item_spec(db, item)
    assert (spec.total_deputies, spec.seats, spec.candidates, spec.kind) == (9, 2, ("甲", "乙", "丙"), "选举")
    # until 发出票数 is known, the ballots entered stand in for it (no spurious 'invalid')
    enter(db, item, ["YY-", "Y-Y"])
    assert vote_items.item_spec(db, item).issued == 2
    assert ballots.item_result(db, item)["valid"] is True
    with pytest.raises(UserError, match="发出票数"):
        vote_items.certify(db, item, "总监票人")


def test_certify_locks_and_unlock_needs_a_reason(db, session):
    item = election(db, session)
    enter(db, item, ["YY-"] * 6 + ["Y-Y"] * 3)
    result = vote_items.certify(db, item, "王总监")
    assert result["elected"] == ["甲", "乙"]
    row = vote_items.get_item(db, item)
    assert (row["status"], row["certified_by"]) == ("正式", "王总监")
    ballot_id = ballots.list_ballots(db, item)[0]["id"]
    for attempt in (
        lambda: ballots.add_ballot(db, item, serial=10, marks="YY-"),
        lambda: ballots.correct_ballot(db, ballot_id, marks="Y--", reason="看错"),
        lambda: ballots.delete_ballot(db, ballot_id, reason="多录"),
        lambda: vote_items.update_item(db, item, issued=10),
        lambda: vote_items.set_candidates(db, item, ["甲"]),
        lambda: vote_items.certify(db, item, "王总监"),
    ):
        with pytest.raises(UserError, match=LOCKED_MESSAGE):
            attempt()
    assert len(ballots.list_ballots(db, item)) == 9
    with pytest.raises(InputError, match="理由"):
        vote_items.unlock(db, item, "   ")
    assert vote_items.get_item(db, item)["status"] == "正式"
    vote_items.unlock(db, item, "第 3 号选票唱票有误")
    assert vote_items.get_item(db, item)["status"] == "草稿"
    actions = [(e["action"], e["detail"]) for e in audit.entries(db, entity="vote_item", entity_id=item)]
    assert actions[-2][0] == "确认结果" and '"elected": ["甲", "乙"]' in actions[-2][1]
    assert actions[-1][0] == "解锁结果" and "第 3 号选票唱票有误" in actions[-1][1]
    ballots.correct_ballot(db, ballot_id, marks="Y--", reason="唱票有误")
    with pytest.raises(UserError, match="无需解锁"):
        vote_items.unlock(db, item, "再解锁")


def test_rehearsal_items_never_listed_with_real_ones(db, session):
    real = election(db, session)
    drill = election(db, session, rehearsal=True)
    assert [i["id"] for i in vote_items.list_items(db, session)] == [real]
    assert [i["id"] for i in vote_items.list_items(db, session, rehearsal=True)] == [drill]
    enter(db, drill, ["YYY"] * 3)   # over-marked drill ballots
    enter(db, real, ["YY-"] * 5)
    assert ballots.item_result(db, real)["invalid_ballots"] == 0
    assert ballots.item_result(db, drill)["invalid_ballots"] == 3
    assert vote_items.list_items(db, session)[0]["ballots_entered"] == 5
    with pytest.raises(UserError, match="演练"):
        vote_items.create_item(db, session, code="9", name="x", kind="选举", seats=1, parent_item_id=drill)
    assert vote_items.clear_rehearsal(db, session) == 1
    assert vote_items.list_items(db, session, rehearsal=True) == []
    assert db.execute("SELECT COUNT(*) FROM ballots").fetchone()[0] == 5
    assert [i["id"] for i in vote_items.list_items(db, session)] == [real]
    cleared = [e for e in audit.entries(db) if e["action"] == "清除演练"]
    assert len(cleared) == 1 and '"ballots": 3' in cleared[0]["detail"]
    assert vote_items.clear_rehearsal(db, session) == 0


def test_further_election_when_fewer_qualified(db, session):
    item = election(db, session)
    # 9 deputies: more than half = 5. 甲 7 elected; 乙 4 and 丙 3 not → one seat to 另行选举
    enter(db, item, ["YY-"] * 4 + ["Y-Y"] * 3 + ["---"] * 2)
    result = ballots.item_result(db, item)
    assert (result["elected"], result["further_seats"]) == (["甲"], 1)
    new = vote_items.create_further_election(db, item)
    row = vote_items.get_item(db, new)
    assert (row["code"], row["name"], row["seats"], row["parent_item_id"]) == ("4-另选", "另行选举副镇长", 1, item)
    assert (row["kind"], row["post"], row["status"], row["issued"]) == ("选举", "副镇长", "草稿", None)
    assert [c["name"] for c in vote_items.candidates(db, new)] == ["乙", "丙"]
    assert [e["action"] for e in audit.entries(db, entity="vote_item", entity_id=new)][-1] == "设置另行选举"
    # a second one gets its own code
    again = vote_items.create_further_election(db, item)
    assert vote_items.get_item(db, again)["code"] == "4-另选2"


def test_tie_at_last_seat_creates_a_revote_of_the_tied(db, session):
    item = election(db, session)
    # 甲 8; 乙 5 and 丙 5 both qualify and tie for the one remaining seat
    enter(db, item, ["YY-"] * 4 + ["Y-Y"] * 4 + ["-YY"])
    result = ballots.item_result(db, item)
    assert (result["elected"], result["tied"]) == (["甲"], ["乙", "丙"])
    new = vote_items.create_further_election(db, item)
    row = vote_items.get_item(db, new)
    assert (row["code"], row["seats"], row["name"]) == ("4-重投", 1, "选举副镇长（重新投票）")
    assert sorted(c["name"] for c in vote_items.candidates(db, new)) == ["丙", "乙"]


def test_invalid_vote_is_held_again_in_full(db, session):
    item = election(db, session, issued=3)
    enter(db, item, ["YY-"] * 4)   # 4 returned, 3 issued
    new = vote_items.create_further_election(db, item)
    row = vote_items.get_item(db, new)
    assert (row["seats"], row["code"]) == (2, "4-重投")
    assert [c["name"] for c in vote_items.candidates(db, new)] == ["甲", "乙", "丙"]


def test_no_further_election_when_all_seats_filled(db, session):
    item = election(db, session)
    enter(db, item, ["YY-"] * 9)
    with pytest.raises(UserError, match="全部产生"):
        vote_items.create_further_election(db, item)
    motion = vote_items.create_item(db, session, code="5", name="决议", kind="表决")
    with pytest.raises(UserError):
        vote_items.create_further_election(db, motion)


def test_further_election_of_rehearsal_stays_rehearsal(db, session):
    item = election(db, session, rehearsal=True)
    enter(db, item, ["Y--"] * 9)
    new = vote_items.create_further_election(db, item)
    assert vote_items.get_item(db, new)["rehearsal"] == 1
    assert vote_items.list_items(db, session) == []
    assert vote_items.clear_rehearsal(db, session) == 2


def test_delete_item_is_soft_and_refused_when_certified(db, session):
    item = election(db, session)
    vote_items.delete_item(db, item)
    assert vote_items.list_items(db, session) == []
    with pytest.raises(UserError):
        vote_items.get_item(db, item)
    assert db.execute("SELECT COUNT(*) FROM vote_items").fetchone()[0] == 1
    assert election(db, session) != item   # the code is free again
