"""一人一档 records (荣誉/处分, 述职, notes) and the gathered archive of one deputy."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.db import (
    activities, archive, attachments, audit, deputies, deputy_notes, honors, report_backs, sessions, suggestions,
    terms,
)
from desktop_app.errors import InputError

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def people(db):
    term = terms.create_term(db, "第十九届", 19, "2026-01-01", "2030-12-31", is_current=True)
    ids = {name: deputies.insert_deputy(db, {"name": name, "gender": "男", "term_id": term})
           for name in ("张三", "李四")}
    return term, ids


def _count(db, table):
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_honor_add_edit_delete_and_audit(db, people):
    _, ids = people
    honor_id = honors.add_honor(db, ids["张三"], "荣誉", " 优秀人大代表 ", "2026年1月15日", "示范镇人大主席团")
    rows = honors.list_honors(db, ids["张三"])
    assert [(r["title"], r["date"], r["deputy_name"]) for r in rows] == [("优秀人大代表", "2026-01-15", "张三")]
    old = honors.update_honor(db, honor_id, {"title": "县级优秀人大代表"})
    assert old == {"title": "优秀人大代表"}
    assert honors.list_honors(db, kind="荣誉", year=2026)[0]["title"] == "县级优秀人大代表"
    assert honors.list_honors(db, year=2025) == []
    honors.delete_honor(db, honor_id)
    assert honors.list_honors(db) == []
    honors.restore_honor(db, honor_id)
    assert len(honors.list_honors(db)) == 1
    actions = [e["action"] for e in audit.entries(db, entity="deputy", entity_id=ids["张三"])]
    assert {"新增荣誉", "修改荣誉处分记录", "删除荣誉处分记录", "恢复荣誉处分记录"} <= set(actions)
    assert audit.verify_chain(db) is None


@pytest.mark.parametrize("kind, title, date, message", [
    ("奖励", "优秀代表", "2026-01-01", "类别"),
    ("荣誉", "  ", "2026-01-01", "名称"),
    ("荣誉", "优秀代表", "2026-13-01", "日期"),
    ("荣誉", "优秀代表", "", "请填写日期"),
])
def test_bad_honor_is_refused_with_a_chinese_message(db, people, kind, title, date, message):
    _, ids = people
    with pytest.raises(InputError, match=message):
        honors.add_honor(db, ids["张三"], kind, title, date)
    assert _count(db, "honors") == 0


def test_honor_for_a_missing_or_deleted_deputy_is_refused(db, people):
    _, ids = people
    deputies.soft_delete_deputy(db, ids["李四"])
    for deputy_id in (ids["李四"], 999):
        with pytest.raises(InputError, match="不存在或已被删除"):
            honors.add_honor(db, deputy_id, "荣誉", "优秀代表", "2026-01-01")
    assert _count(db, "honors") == 0


@pytest.mark.parametrize("votes, expected", [
    ((30, 5, 5), "满意"), ((15, 10, 5), "基本满意"), ((20, 20, 0), "基本满意"), ((5, 5, 20), "不满意"),
    ((10, 5, 15), "不满意"), ((0, 0, 0), None),
])
def test_overall_evaluation_follows_the_votes(votes, expected):
    assert report_backs.overall_evaluation(*votes) == expected


def test_report_back_counts_rate_and_evaluation(db, people):
    _, ids = people
    rid = report_backs.add_report_back(db, ids["张三"], "2026-06-01", place="东山村", voters_present="40",
                                       satisfied=30, basically_satisfied=6, unsatisfied=4)
    row = report_backs.list_report_backs(db, ids["张三"])[0]
    assert (row["satisfied"], row["evaluation"], row["rate"]) == (30, "满意", pytest.approx(0.9))
    # Changing the votes re-evaluates unless an evaluation is given.
    report_backs.update_report_back(db, rid, {"satisfied": 10, "basically_satisfied": 6, "unsatisfied": 20,
                                              "voters_present": 40})
    assert report_backs.get_report_back(db, rid)["evaluation"] == "不满意"
    report_backs.update_report_back(db, rid, {"evaluation": "基本满意"})
    assert report_backs.get_report_back(db, rid)["evaluation"] == "基本满意"
    report_backs.delete_report_back(db, rid)
    assert report_backs.list_report_backs(db) == []


@pytest.mark.parametrize("values, message", [
    ({"voters_present": 10, "satisfied": 8, "basically_satisfied": 3}, "多于到会选民人数"),
    ({"satisfied": -1}, "不能为负数"),
    ({"satisfied": "很多"}, "应为整数"),
    ({"evaluation": "很好"}, "总体评价"),
    ({"activity_id": 12345}, "活动不存在"),
])
def test_bad_report_back_is_refused(db, people, values, message):
    _, ids = people
    with pytest.raises(InputError, match=message):
        report_backs.add_report_back(db, ids["张三"], "2026-06-01", **values)
    assert _count(db, "report_backs") == 0


def test_report_back_in_the_future_is_refused(db, people):
    _, ids = people
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(InputError, match="晚于今天"):
        report_backs.add_report_back(db, ids["张三"], tomorrow)


def test_notes(db, people):
    _, ids = people
    note_id = deputy_notes.add_note(db, ids["李四"], "2026-03-05", "  外出务工，\n下半年参加活动  ")
    assert deputy_notes.list_notes(db, ids["李四"])[0]["text"] == "外出务工，\n下半年参加活动"
    with pytest.raises(InputError, match="不能为空"):
        deputy_notes.update_note(db, note_id, {"text": " "})
    deputy_notes.update_note(db, note_id, {"date": "2026-04-01"})
    assert deputy_notes.get_note(db, note_id)["date"] == "2026-04-01"
    deputy_notes.delete_note(db, note_id)
    assert deputy_notes.list_notes(db) == []


@pytest.fixture
def history(db, people, tmp_path):
    """A year of records for 张三: a session, activities of three types, suggestions, 述职, honours, notes."""
    term, ids = people
    zs = ids["张三"]
    session = sessions.create_session(db, term_id=term, number=1, start_date="2026-01-10", total_deputies=2)
    sessions.set_attendance(db, session, zs, "出席")
    types = {t["name"]: t["id"] for t in activities.list_types(db)}
    made = {}
    for day, kind, status in (("2026-02-09", "接待选民日", "出席"), ("2026-03-09", "接待选民日", "出席"),
                              ("2026-04-01", "培训学习", "出席"), ("2026-05-06", "视察", "请假"),
                              ("2025-12-01", "视察", "出席"), ("2026-06-06", "视察", "缺席")):
        made[day] = activities.create_activity(db, {"type_id": types[kind], "date": day, "theme": f"{kind}{day}"},
                                               {zs: status})
    from desktop_app.db import receptions
    receptions.add_visit(db, {"activity_id": made["2026-02-09"], "voter_name": "周秀英", "matter": "修路"})
    receptions.add_visit(db, {"activity_id": made["2026-03-09"], "voter_name": "吴国平", "matter": "路灯"})
    unit = suggestions.add_unit(db, "镇村建设办公室")
    lead = suggestions.create_suggestion(db, {"title": "道路硬化", "source": "代表建议", "date": "2026-02-10"},
                                         [(zs, True)])["id"]
    suggestions.create_suggestion(db, {"title": "安装路灯", "source": "代表建议", "date": "2026-03-10"},
                                  [(ids["李四"], True), (zs, False)])
    suggestions.classify(db, lead, "镇人大主席团", on="2026-02-11")
    suggestions.assign(db, lead, unit, on="2026-02-12")
    suggestions.reply(db, lead, "已硬化", "A", on="2026-03-01")
    suggestions.evaluate(db, lead, "满意", on="2026-03-05")
    report_backs.add_report_back(db, zs, "2026-07-01", voters_present=40, satisfied=30, basically_satisfied=6,
                                 unsatisfied=4)
    honors.add_honor(db, zs, "荣誉", "优秀人大代表", "2026-01-20", "示范镇人大主席团")
    honors.add_honor(db, zs, "处分", "诫勉谈话", "2026-08-01")
    deputy_notes.add_note(db, zs, "2026-05-01", "积极履职")
    document = tmp_path / "述职报告.txt"
    document.write_text("述职报告全文", encoding="utf-8")
    attachments.add_attachment(db, "deputies", zs, document)
    return zs, made


def test_gather_year_matches_the_records(db, history):
    zs, made = history
    a = archive.gather(db, zs, year=2026, today=TODAY)
    assert a["deputy"]["name"] == "张三" and a["period"] == ("2026-01-01", "2026-12-31")
    assert a["sessions"]["counts"] == {"出席": 1, "请假": 0, "缺席": 0}
    assert a["activities"]["counts"] == {"出席": 3, "请假": 1, "缺席": 1}   # the 2025 visit is outside
    by_type = {t["type_name"]: t for t in a["activities"]["by_type"]}
    assert by_type["视察"]["请假"] == 1 and by_type["视察"]["缺席"] == 1 and by_type["接待选民日"]["出席"] == 2
    assert a["receptions"]["count"] == 2 and a["receptions"]["visits"] == 2
    assert a["trainings"]["count"] == 1
    counts = a["suggestions"]["counts"]
    assert (counts["total"], counts["lead"], counts["closed"], counts["evaluations"]["满意"]) == (2, 1, 1, 1)
    assert a["suggestions"]["rows"][0]["result_text"] == "已解决或基本解决"
    assert [r["evaluation"] for r in a["report_backs"]] == ["满意"]
    assert [h["title"] for h in a["honors"]] == ["优秀人大代表"]
    assert [h["title"] for h in a["discipline"]] == ["诫勉谈话"]
    assert [n["text"] for n in a["notes"]] == ["积极履职"]
    assert [d["original_name"] for d in a["documents"]] == ["述职报告.txt"]
    # Days of duty: attended activities, the session day and the 述职.
    assert set(a["calendar"]) == {"2026-02-09", "2026-03-09", "2026-04-01", "2026-01-10", "2026-07-01"}
    assert a["years"] == [2026] and a["per_year"][0]["receptions"] == 2
    assert len(a["scores"]) == 1 and a["scores"][0]["deputy_id"] == zs and a["scores"][0]["details"]


def test_gather_whole_term_uses_the_term_dates(db, history):
    zs, _ = history
    a = archive.gather(db, zs, today=TODAY)
    assert a["period"] == ("2026-01-01", "2030-12-31")
    assert a["activities"]["counts"]["出席"] == 3          # 2025-12-01 is before the term
    assert a["years"] == [2026]                            # the term's years up to this year
    assert archive.years_available(db, zs, today=TODAY) == [2026, 2025]


def test_gather_never_reads_ballots(db, history, monkeypatch):
    zs, _ = history
    seen = []
    db.conn.set_trace_callback(seen.append)
    try:
        archive.gather(db, zs, year=2026, today=TODAY)
    finally:
        db.conn.set_trace_callback(None)
    assert seen and not any("ballot" in sql.lower() for sql in seen)
