"""Sessions, attendance counts and the two-thirds quorum."""

import pytest

from desktop_app.db import audit, sessions, vote_items
from desktop_app.errors import InputError, UserError


def make_roster(db, serving=9):
    """A term with ``serving`` township deputies in two districts, plus people who must not count."""
    with db.atomic():
        term = db.execute("INSERT INTO terms(name, number, is_current) VALUES ('第十八届', 18, 1)").lastrowid
        d1 = db.execute("INSERT INTO districts(term_id, name, code) VALUES (?, '第一选区', '01')", [term]).lastrowid
        d2 = db.execute("INSERT INTO districts(term_id, name, code) VALUES (?, '第二选区', '02')", [term]).lastrowid
        ids = []
        for i in range(serving):
            ids.append(db.execute(
                "INSERT INTO deputies(term_id, name, name_initials, level, district_id) VALUES (?, ?, ?, '乡', ?)",
                [term, f"代表{i:02d}", f"db{i:02d}", d1 if i % 2 else d2]).lastrowid)
        db.execute("INSERT INTO deputies(term_id, name, level) VALUES (?, '县代表', '县')", [term])
        db.execute("INSERT INTO deputies(term_id, name, level, status) VALUES (?, '已辞职', '乡', '辞职')", [term])
        db.execute("INSERT INTO deputies(term_id, name, level, deleted_at) VALUES (?, '已删除', '乡', '2026-01-01')",
                   [term])
    return term, ids


@pytest.mark.parametrize("n, text", [(1, "一"), (3, "三"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"),
                                     (23, "二十三")])
def test_chinese_number(n, text):
    assert sessions.chinese_number(n) == text


def test_total_defaults_to_serving_township_deputies_and_name_from_term(db):
    term, _ = make_roster(db)
    sid = sessions.create_session(db, term_id=term, number=3, start_date="2026-01-08", place="镇政府会议室")
    session = sessions.get_session(db, sid)
    assert session["total_deputies"] == 9
    assert session["name"] == "第十八届人民代表大会第三次会议"
    assert session["start_date"] == "2026-01-08"
    assert [s["id"] for s in sessions.list_sessions(db)] == [sid]
    assert audit.entries(db, entity="session", entity_id=sid)[0]["action"] == "新增会议"


def test_total_differing_from_roster_needs_a_reason(db):
    term, _ = make_roster(db)
    with pytest.raises(InputError, match="不一致"):
        sessions.create_session(db, term_id=term, number=1, total_deputies=10)
    assert sessions.list_sessions(db) == []
    sid = sessions.create_session(db, term_id=term, number=1, total_deputies=10, total_reason="一名代表补选未入名册")
    assert sessions.get_session(db, sid)["total_deputies"] == 10


@pytest.mark.parametrize("field, value", [("total_deputies", 0), ("total_deputies", "四十"), ("start_date", "2026/13/1"),
                                          ("number", -1)])
def test_bad_values_refused(db, field, value):
    values = {"term_id": None, "number": 1, "name": "测试会议", "total_deputies": 30, field: value}
    with pytest.raises(InputError):
        sessions.create_session(db, **values)
    assert sessions.list_sessions(db) == []


def test_end_before_start_refused(db):
    with pytest.raises(InputError, match="早于"):
        sessions.create_session(db, term_id=None, number=1, name="测试", total_deputies=30,
                                start_date="2026-01-09", end_date="2026-01-08")


def test_attendance_lists_serving_township_deputies_only(db):
    term, ids = make_roster(db)
    sid = sessions.create_session(db, term_id=term, number=1)
    rows = sessions.attendance(db, sid)
    assert sorted(r["deputy_id"] for r in rows) == sorted(ids)
    assert {r["district_name"] for r in rows} == {"第一选区", "第二选区"}
    assert all(r["status"] is None for r in rows)
    # district 01 first
    assert rows[0]["district_name"] == "第一选区"


def test_attendance_counts_and_quorum_boundary(db):
    term, ids = make_roster(db, serving=9)
    sid = sessions.create_session(db, term_id=term, number=1)
    # exactly two thirds (6 of 9) is enough: 以上 includes the number itself
    sessions.set_attendance_many(db, sid, {d: "出席" for d in ids[:6]})
    sessions.set_attendance(db, sid, ids[6], "请假", note="外出务工")
    sessions.set_attendance(db, sid, ids[7], "缺席")
    counts = sessions.attendance_counts(db, sid)
    assert counts == {"expected": 9, "present": 6, "leave": 1, "absent": 1, "unset": 1, "needed": 6,
                      "quorum_met": True}
    # one less than two thirds is not
    sessions.set_attendance(db, sid, ids[0], "请假")
    counts = sessions.attendance_counts(db, sid)
    assert (counts["present"], counts["leave"], counts["quorum_met"]) == (5, 2, False)
    by_id = {r["deputy_id"]: r for r in sessions.attendance(db, sid)}
    assert by_id[ids[6]]["note"] == "外出务工"
    # clearing an entry
    sessions.set_attendance(db, sid, ids[7], None)
    assert sessions.attendance_counts(db, sid)["absent"] == 0


def test_quorum_uses_total_not_roster(db):
    term, ids = make_roster(db, serving=9)
    sid = sessions.create_session(db, term_id=term, number=1, total_deputies=30, total_reason="测试")
    sessions.set_attendance_many(db, sid, {d: "出席" for d in ids})
    counts = sessions.attendance_counts(db, sid)
    assert (counts["expected"], counts["present"], counts["needed"], counts["quorum_met"]) == (30, 9, 20, False)


def test_bad_attendance_status_refused_and_logged_writes(db):
    term, ids = make_roster(db)
    sid = sessions.create_session(db, term_id=term, number=1)
    before = len(audit.entries(db))
    with pytest.raises(InputError, match="签到状态"):
        sessions.set_attendance(db, sid, ids[0], "迟到")
    with pytest.raises(InputError):
        sessions.set_attendance(db, sid, 99999, "出席")
    assert len(audit.entries(db)) == before
    sessions.set_attendance(db, sid, ids[0], "出席")
    sessions.set_attendance(db, sid, ids[0], "出席")   # unchanged: not logged twice
    logged = [e for e in audit.entries(db) if e["action"] == "签到"]
    assert len(logged) == 1


def test_update_session_returns_old_values_and_total_locked_after_certification(db):
    sid = sessions.create_session(db, term_id=None, number=1, name="测试会议", total_deputies=5)
    assert sessions.update_session(db, sid, place="礼堂", total_deputies=6) == {"place": None, "total_deputies": 5}
    assert sessions.update_session(db, sid, place="礼堂") == {}
    item = vote_items.create_item(db, sid, code="1", name="关于政府工作报告的决议", kind="表决", issued=1)
    from desktop_app.db import ballots
    ballots.add_ballot(db, item, serial=1, marks="Y")
    vote_items.certify(db, item, "总监票人")
    with pytest.raises(UserError, match="不能修改全体代表人数"):
        sessions.update_session(db, sid, total_deputies=7)
    assert sessions.get_session(db, sid)["total_deputies"] == 6
    with pytest.raises(UserError):
        sessions.delete_session(db, sid)


def test_duplicate_session_name_refused(db):
    sessions.create_session(db, term_id=None, number=1, name="测试会议", total_deputies=5)
    with pytest.raises(UserError, match="已经存在"):
        sessions.create_session(db, term_id=None, number=2, name="测试会议", total_deputies=5)


def test_demo_session(db):
    from desktop_app.db import ballots
    from desktop_app.demo.session import SESSION_NAME
    from desktop_app.ops.demo import fill_demo_session

    with pytest.raises(UserError):
        fill_demo_session(db)   # no roster yet
    term, ids = make_roster(db, serving=40)
    made = fill_demo_session(db)
    session = sessions.get_session(db, made["session_id"])
    assert (session["name"], session["term_id"], session["total_deputies"]) == (SESSION_NAME, term, 40)
    counts = sessions.attendance_counts(db, made["session_id"])
    assert (counts["present"], counts["leave"], counts["absent"], counts["unset"]) == (37, 2, 1, 0)
    items = vote_items.list_items(db, made["session_id"])
    assert [(i["name"], i["kind"], i["seats"], i["allow_write_in"]) for i in items] == [
        ("选举主席", "选举", 1, 0), ("选举副主席", "选举", 1, 0), ("选举镇长", "选举", 1, 0),
        ("选举副镇长", "选举", 2, 1), ("关于政府工作报告的决议", "表决", None, 0),
        ("关于2027年民生实事项目的票决", "票决", 10, 0), ("2026年民生实事项目满意度测评", "测评", None, 0)]
    sizes = [len(vote_items.candidates(db, i["id"])) for i in items]
    assert sizes == [1, 2, 1, 3, 0, 12, 8]
    people = [c for i in items[:4] for c in vote_items.candidates(db, i["id"])]
    assert all(c["deputy_id"] in ids for c in people) and len({c["deputy_id"] for c in people}) == 7
    assert all(i["issued"] == 37 and i["collected"] == 37 for i in items)
    assert db.execute("SELECT COUNT(*) FROM ballots").fetchone()[0] == 0
    # the warnings a clerk would see are about real problems only
    from desktop_app.domain.ballots import candidate_warnings
    assert [candidate_warnings(vote_items.item_spec(db, i["id"]), i["post"]) for i in items] == [[]] * 7
    again = fill_demo_session(db)
    assert (again["created"], again["session_id"]) == (False, made["session_id"])
    assert ballots.item_result(db, items[5]["id"])["returned"] == 0
    # 收回票数 is there: a clerk practising sees the count in progress, then complete once every paper is typed.
    from desktop_app.ops.vote_items import counting
    resolution = items[4]["id"]
    assert counting(db, resolution).progress_text == "计票中（已录入 0 / 收回 37）"
    for serial in range(1, 38):
        ballots.add_ballot(db, resolution, serial=serial, marks="Y")
    assert counting(db, resolution).progress_text == "计票完成（已录入 37 / 收回 37）"
