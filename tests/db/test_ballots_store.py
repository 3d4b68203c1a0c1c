"""The ballot store: entry with audit trail, duplicates, corrections, double entry and workbook merge."""

import json

import pytest

from desktop_app.db import audit, ballots, sessions, vote_items
from desktop_app.domain.ballots import BallotEntry, ItemSpec
from desktop_app.errors import InputError, UserError


@pytest.fixture
def session(db):
    return sessions.create_session(db, term_id=None, number=1, name="测试会议", total_deputies=9)


@pytest.fixture
def item(db, session):
    item = vote_items.create_item(db, session, code="4", name="选举副镇长", kind="选举", seats=2, post="副镇长",
                                  issued=9, printed=12, allow_write_in=True)
    vote_items.set_candidates(db, item, ["甲", "乙", "丙"])
    return item


@pytest.fixture
def double(db, session):
    item = vote_items.create_item(db, session, code="2", name="选举副主席", kind="选举", seats=1, post="副主席",
                                  issued=9, printed=9, double_entry=True)
    vote_items.set_candidates(db, item, ["赵", "钱"])
    return item


def state(db):
    """Everything a refused write must leave untouched."""
    return (db.execute("SELECT * FROM ballots ORDER BY id").fetchall(),
            db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0],
            db.execute("SELECT * FROM reconciliation_decisions").fetchall())


def test_ballots_table_never_references_a_deputy(db):
    columns = [r[1] for r in db.execute("PRAGMA table_info(ballots)").fetchall()]
    assert columns and not [c for c in columns if "deputy" in c.lower() or "voter" in c.lower()]
    assert [fk for fk in db.execute("PRAGMA foreign_key_list(ballots)").fetchall() if fk[2] != "vote_items"] == []


def test_add_ballot_is_logged_and_listed(db, item):
    bid = ballots.add_ballot(db, item, serial=3, marks="yn-", write_ins=[" 丁  一 ", ""])
    row = ballots.list_ballots(db, item)[0]
    assert (row["id"], row["serial"], row["marks"], row["write_ins"], row["void"]) == (bid, 3, "YN-", ["丁 一"], False)
    entry = audit.entries(db, entity="ballot", entity_id=bid)[0]
    assert entry["action"] == "录入选票"
    assert json.loads(entry["detail"])["marks"] == "YN-"
    assert ballots.entries(db, item) == [BallotEntry(3, "YN-", ("丁 一",))]
    ballots.add_ballot(db, item, serial=4, marks="---", write_ins="丁一、 戊二，")
    assert ballots.find_ballot(db, item, 4)["write_ins"] == ["丁一", "戊二"]


def test_duplicate_serial_refused_with_clear_message_and_db_unchanged(db, item):
    ballots.add_ballot(db, item, serial=12, marks="YY-")
    before = state(db)
    with pytest.raises(UserError) as err:
        ballots.add_ballot(db, item, serial=12, marks="Y--")
    assert str(err.value) == "第 12 号选票已录入（一组），不能重复录入；如需修改请用更正"
    assert state(db) == before


@pytest.mark.parametrize("kwargs, message", [
    (dict(marks="YY"), "2 个标记，应为 3 个"),
    (dict(marks="YQ-"), "无法识别"),
    (dict(marks="YY-", serial=0), "正整数"),
    (dict(marks="YY-", serial="十二"), "不是整数"),
    (dict(marks="YY-", team=2), "双人录入"),
    (dict(marks="YY-", team=3), "计票组"),
])
def test_malformed_ballots_refused(db, item, kwargs, message):
    kwargs.setdefault("serial", 5)
    before = state(db)
    with pytest.raises(UserError, match=message):
        ballots.add_ballot(db, item, **kwargs)
    assert state(db) == before


def test_write_in_refused_where_not_allowed(db, double):
    with pytest.raises(InputError, match="不允许另选他人"):
        ballots.add_ballot(db, double, serial=1, marks="--", write_ins=["孙"])


def test_serial_outside_printed_range_is_accepted_but_flagged(db, item):
    ballots.add_ballot(db, item, serial=13, marks="Y--")
    assert "1–12" in ballots.serial_warning(db, item, 13)
    assert ballots.serial_warning(db, item, 12) is None
    assert ballots.serial_warning(db, item, 1) is None


def test_void_ballot_counts_as_returned_but_invalid(db, item):
    ballots.add_ballot(db, item, serial=1, marks="", void=True, void_reason="撕破无法辨认")
    ballots.add_ballot(db, item, serial=2, marks="YY-")
    row = ballots.list_ballots(db, item)[0]
    assert (row["void"], row["void_reason"]) == (True, "撕破无法辨认")
    result = ballots.item_result(db, item)
    assert (result["returned"], result["valid_ballots"], result["invalid_ballots"]) == (2, 1, 1)


def test_correction_keeps_old_new_and_reason(db, item):
    bid = ballots.add_ballot(db, item, serial=4, marks="YY-")
    with pytest.raises(InputError, match="理由"):
        ballots.correct_ballot(db, bid, marks="Y--", reason=" ")
    old = ballots.correct_ballot(db, bid, marks="Y-Y", write_ins=["丁"], reason="复核时发现看错一栏")
    assert old == {"marks": "YY-", "write_ins": []}
    entry = audit.entries(db, entity="ballot", entity_id=bid)[-1]
    detail = json.loads(entry["detail"])
    assert entry["action"] == "更正选票"
    assert detail["old"] == {"marks": "YY-", "write_ins": []}
    assert detail["new"] == {"marks": "Y-Y", "write_ins": ["丁"]}
    assert detail["reason"] == "复核时发现看错一栏"
    # the corrected ballot is over-marked now (3 selected for 2 seats) and counts as invalid
    assert ballots.item_result(db, item)["invalid_ballots"] == 1
    # nothing changed: nothing logged
    count = len(audit.entries(db))
    assert ballots.correct_ballot(db, bid, marks="Y-Y", reason="再看一遍") == {}
    assert len(audit.entries(db)) == count


def test_correct_serial_and_void(db, item):
    bid = ballots.add_ballot(db, item, serial=4, marks="YY-")
    ballots.add_ballot(db, item, serial=5, marks="YY-")
    before = state(db)
    with pytest.raises(UserError, match="第 5 号选票已录入"):
        ballots.correct_ballot(db, bid, serial=5, reason="编号看错")
    assert state(db) == before
    ballots.correct_ballot(db, bid, serial=6, void=True, void_reason="无法辨认", reason="监票人宣布作废")
    row = ballots.find_ballot(db, item, 6)
    assert (row["id"], row["void"], row["void_reason"]) == (bid, True, "无法辨认")
    ballots.correct_ballot(db, bid, void=False, reason="恢复有效")
    assert ballots.find_ballot(db, item, 6)["void_reason"] is None


def test_delete_keeps_the_ballot_in_the_audit_log(db, item):
    bid = ballots.add_ballot(db, item, serial=7, marks="-Y-")
    with pytest.raises(InputError):
        ballots.delete_ballot(db, bid, reason="")
    ballots.delete_ballot(db, bid, reason="重复录入")
    assert ballots.list_ballots(db, item) == []
    entry = audit.entries(db, entity="ballot", entity_id=bid)[-1]
    detail = json.loads(entry["detail"])
    assert (entry["action"], detail["reason"], detail["old"]["marks"], detail["old"]["serial"]) == \
        ("删除选票", "重复录入", "-Y-", 7)
    # the serial can be entered again
    ballots.add_ballot(db, item, serial=7, marks="Y--")


def test_motion_and_rating_results(db, session):
    motion = vote_items.create_item(db, session, code="5", name="关于政府工作报告的决议", kind="表决", issued=9)
    for serial, mark in enumerate("YYYYYN-Y", start=1):
        ballots.add_ballot(db, motion, serial=serial, marks=mark)
    result = ballots.item_result(db, motion)
    assert result["results"] == [{"name": "关于政府工作报告的决议", "agree": 6, "oppose": 1, "abstain": 1,
                                  "write_in": False}]
    assert result["adopted"] is True
    rating = vote_items.create_item(db, session, code="7", name="满意度测评", kind="测评", issued=9)
    vote_items.set_candidates(db, rating, ["项目一", "项目二"])
    for serial, marks in enumerate(["SB", "SU", "B-", "SS"], start=1):
        ballots.add_ballot(db, rating, serial=serial, marks=marks.lower())
    sat = ballots.item_result(db, rating)["satisfaction"]
    assert [(s["name"], s["satisfied"], s["basically_satisfied"], s["unsatisfied"], s["rate"]) for s in sat] == [
        ("项目一", 3, 1, 0, 1.0), ("项目二", 1, 1, 1, 0.5)]


def test_double_entry_identical_readings_reconcile(db, double):
    for team in (1, 2):
        for serial, marks in enumerate(["Y-", "-Y", "YN"], start=1):
            ballots.add_ballot(db, double, serial=serial, marks=marks, team=team)
    assert ballots.disagreements(db, double) == []
    assert vote_items.certify(db, double, "总监票人")["results"][0]["agree"] == 2


def test_double_entry_disagreements_gate_certification_until_decided(db, double):
    for serial, marks in enumerate(["Y-", "-Y", "YN", "Y-"], start=1):
        ballots.add_ballot(db, double, serial=serial, marks=marks, team=1)
    for serial, marks in enumerate(["Y-", "YN", "YN"], start=1):  # 2 read differently, 4 missing
        ballots.add_ballot(db, double, serial=serial, marks=marks, team=2)
    ballots.add_ballot(db, double, serial=5, marks="-Y", team=2)  # only team 2
    found = ballots.disagreements(db, double)
    assert [(d["serial"], d["kind"], d["decided_team"]) for d in found] == [
        (2, "different", None), (4, "only_team1", None), (5, "only_team2", None)]
    assert "赵" in found[0]["detail"]
    with pytest.raises(UserError, match="3 张选票不一致"):
        vote_items.certify(db, double, "总监票人")
    with pytest.raises(UserError, match="无需裁决"):
        ballots.decide(db, double, 1, 2, "一致")
    ballots.decide(db, double, 2, 2, "核对原票，二组正确")
    ballots.decide(db, double, 4, 1, "原票在")
    with pytest.raises(UserError, match="1 张"):
        vote_items.certify(db, double, "总监票人")
    ballots.decide(db, double, 5, 1, "无此票：二组多录")   # team 1 has no serial 5 → the ballot does not exist
    counted = ballots.counted_entries(db, double)
    assert [(e.serial, e.marks) for e in counted] == [(1, "Y-"), (2, "YN"), (3, "YN"), (4, "Y-")]
    result = vote_items.certify(db, double, "总监票人")
    assert [(r["name"], r["agree"]) for r in result["results"]] == [("赵", 4), ("钱", 0)]
    decided = [json.loads(e["detail"]) for e in audit.entries(db) if e["action"] == "裁决双人录入"]
    assert [(d["serial"], d["decided_team"]) for d in decided] == [(2, 2), (4, 1), (5, 1)]
    assert decided[0]["team2"]["marks"] == "YN" and decided[0]["team1"]["marks"] == "-Y"


def test_changed_reading_reopens_a_decision(db, double):
    ballots.add_ballot(db, double, serial=1, marks="Y-", team=1)
    bid = ballots.add_ballot(db, double, serial=1, marks="-Y", team=2)
    ballots.decide(db, double, 1, 2, "二组正确")
    assert ballots.disagreements(db, double)[0]["decided_team"] == 2
    ballots.correct_ballot(db, bid, marks="YN", reason="二组也看错了")
    assert ballots.undecided(db, double)[0]["serial"] == 1
    assert [e.marks for e in ballots.counted_entries(db, double)] == ["Y-"]


def spec_like(db, item, **changes):
    spec = vote_items.item_spec(db, item)
    values = {f: getattr(spec, f) for f in ("code", "name", "kind", "seats", "total_deputies", "issued",
                                            "allow_write_in", "candidates")}
    return ItemSpec(**{**values, **changes})


def test_import_workbook_ballots_all_or_nothing(db, double):
    ballots.add_ballot(db, double, serial=2, marks="Y-", team=2)
    ballots.add_ballot(db, double, serial=4, marks="Y-", team=2)
    incoming = [BallotEntry(s, "-Y") for s in range(1, 7)]
    before = state(db)
    with pytest.raises(UserError) as err:
        ballots.import_workbook_ballots(db, double, incoming, team=2)
    assert "第 2、4 号" in str(err.value) and "未导入任何选票" in str(err.value)
    assert state(db) == before
    with pytest.raises(InputError, match="第 3 号"):
        ballots.import_workbook_ballots(db, double, [BallotEntry(3, "Y-"), BallotEntry(3, "-Y")], team=1)
    with pytest.raises(InputError, match="不一致"):
        ballots.import_workbook_ballots(db, double, incoming, team=1,
                                        spec=spec_like(db, double, candidates=("钱", "赵")))
    with pytest.raises(InputError, match="第 6 号选票有 3 个标记"):
        ballots.import_workbook_ballots(db, double, incoming[:5] + [BallotEntry(6, "YYY")], team=1)
    assert state(db) == before
    incoming.append(BallotEntry(10, "", void=True))
    summary = ballots.import_workbook_ballots(db, double, incoming, team=1, spec=spec_like(db, double))
    assert summary["imported"] == 7
    assert len(summary["warnings"]) == 1 and "第 10 号" in summary["warnings"][0]
    assert [e.serial for e in ballots.entries(db, double, 1)] == [1, 2, 3, 4, 5, 6, 10]
    assert sum(1 for e in audit.entries(db) if e["action"] == "导入选票") == 7
