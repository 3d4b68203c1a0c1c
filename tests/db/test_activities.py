"""活动登记 in the database: types, activities with attendance, bad input, receptions, and compliance counts."""

import datetime as dt

import pytest

from activity_samples import build
from desktop_app.db import activities, audit, compliance, receptions
from desktop_app.errors import InputError

D = dt.date


@pytest.fixture
def town(db):
    return build(db)


def _activity(db, town, date, type_name="小组活动", group="group_a", station=None, attendance=None, **extra):
    values = {"type_id": activities.type_id_by_name(db, type_name), "date": date, "theme": f"{type_name}{date}",
              "group_id": town[group] if group else None, "station_id": town[station] if station else None, **extra}
    return activities.create_activity(db, values, attendance)


def test_record_activity_with_whole_group_attendance(db, town):
    attendance = activities.group_attendance(db, town["group_a"])
    assert sorted(attendance) == town["deputies"][:4] and set(attendance.values()) == {"出席"}
    attendance[town["deputies"][1]] = ("请假", "外出务工")
    attendance[town["deputies"][2]] = "缺席"
    activity_id = _activity(db, town, "2026-03-09", "接待选民日", station="station_a", attendance=attendance,
                            start_time="9:00", end_time="11:30", place="东山村村委会二楼", problems_solved="2")
    got = activities.get_activity(db, activity_id)
    assert got["type_name"] == "接待选民日" and got["station_name"] == "东山片区代表联络站"
    assert (got["start_time"], got["end_time"], got["problems_solved"], got["present_count"]) == ("09:00", "11:30", 2, 2)
    statuses = {r["name"]: (r["status"], r["reason"]) for r in got["attendance"]}
    assert statuses == {"王喆": ("出席", None), "刘芳": ("出席", None), "李堃": ("请假", "外出务工"), "张伟": ("缺席", None)}
    assert [e["action"] for e in audit.entries(db, entity="activity", entity_id=activity_id)] == ["新增活动", "登记活动出勤"]


def test_attendance_can_be_replaced_and_undone(db, town):
    activity_id = _activity(db, town, "2026-03-10", attendance={town["deputies"][0]: "出席"})
    before = activities.set_attendance(db, activity_id, {town["deputies"][1]: "出席", town["deputies"][2]: "出席"})
    assert before == {town["deputies"][0]: ("出席", None)}
    assert activities.get_activity(db, activity_id)["present_count"] == 2
    activities.set_attendance(db, activity_id, before)
    assert [r["deputy_id"] for r in activities.attendance_of(db, activity_id)] == [town["deputies"][0]]


@pytest.mark.parametrize("change, message", [
    ({"date": "2026-02-30"}, "活动日期“2026-02-30”无效"),
    ({"theme": "  "}, "请填写活动主题"),
    ({"start_time": "10:00", "end_time": "9:00"}, "结束时间 09:00 早于开始时间 10:00"),
    ({"start_time": "25:00"}, "开始时间“25:00”无效"),
    ({"problems_solved": "-1"}, "不能为负数"),
])
def test_bad_activity_is_refused_and_nothing_saved(db, town, change, message):
    values = {"type_id": activities.type_id_by_name(db, "视察"), "date": "2026-03-01", "theme": "视察农贸市场", **change}
    audit_before = len(audit.entries(db))
    with pytest.raises(InputError, match=message):
        activities.create_activity(db, values)
    assert activities.count_activities(db) == 0 and len(audit.entries(db)) == audit_before


def test_unknown_attendance_rolls_back_the_activity(db, town):
    with pytest.raises(InputError, match="编号为 999 的代表不存在"):
        _activity(db, town, "2026-03-01", attendance={999: "出席"})
    with pytest.raises(InputError, match="出勤情况“迟到”不对"):
        _activity(db, town, "2026-03-01", attendance={town["deputies"][0]: "迟到"})
    assert activities.count_activities(db) == 0


def test_type_list_is_editable(db):
    names = [t["name"] for t in activities.list_types(db)]
    assert names[:3] == ["接待选民日", "小组活动", "视察"] and names[-1] == "其他" and len(names) == 12
    new = activities.add_type(db, "议政会", collective=True)
    with pytest.raises(InputError, match="已有活动类型“议政会”"):
        activities.add_type(db, "议政会")
    activities.delete_type(db, new)
    assert "议政会" not in [t["name"] for t in activities.list_types(db)]
    assert activities.add_type(db, "议政会") == new     # comes back rather than duplicating


def test_list_filters_and_soft_delete(db, town):
    first = _activity(db, town, "2026-01-05", attendance={town["deputies"][0]: "出席"})
    _activity(db, town, "2026-02-05", group="group_b")
    third = _activity(db, town, "2026-03-05", "视察", group=None, station="station_a")
    assert [a["id"] for a in activities.list_activities(db)][0] == third        # newest first
    assert len(activities.list_activities(db, group_id=town["group_b"])) == 1
    assert [a["id"] for a in activities.list_activities(db, deputy_id=town["deputies"][0])] == [first]
    assert activities.count_activities(db, start="2026-02-01", end="2026-03-31") == 2
    activities.delete_activity(db, third)
    assert activities.count_activities(db) == 2
    activities.restore_activity(db, third)
    assert activities.count_activities(db) == 3


def test_compliance_against_hand_counted_dataset(db, town):
    a0, a1, a2, a3, b0, *_ = town["deputies"]
    # Group A: Q1 twice, Q2 once. Group B: Q1 only.
    _activity(db, town, "2026-01-09", "接待选民日", station="station_a", attendance={a0: "出席", a1: "出席"})
    _activity(db, town, "2026-02-09", "调研", attendance={a0: "出席", a2: ("请假", "病假")})
    _activity(db, town, "2026-04-19", "接待选民日", station="station_a", attendance={a0: "出席", a3: "缺席"})
    _activity(db, town, "2026-03-02", "小组活动", group="group_b", station="station_b", attendance={b0: "出席"})
    # 走访选民 is not a collective activity: it does not count for the station, but is a contact with voters.
    _activity(db, town, "2026-02-20", "走访选民", group=None, station="station_b", attendance={b0: "出席"})
    deleted = _activity(db, town, "2026-05-06", "视察", group="group_b", station="station_b")
    activities.delete_activity(db, deleted)

    result = compliance.compliance(db, "2026-01-01", "2026-06-30", as_of=D(2026, 6, 30))
    groups = {r.name: r for r in result["groups"]}
    assert (groups["第一代表小组"].count, groups["第一代表小组"].required, groups["第一代表小组"].behind) == (3, 2, False)
    assert (groups["第二代表小组"].count, groups["第二代表小组"].behind) == (1, True)
    stations = {r.name: r for r in result["stations"]}
    assert [c for _, c, _ in stations["东山片区代表联络站"].per_period] == [1, 0, 0, 1, 0, 0]
    assert [c for _, c, _ in stations["桃园片区代表联络站"].per_period] == [0, 0, 1, 0, 0, 0]
    assert stations["东山片区代表联络站"].required == 6 and stations["东山片区代表联络站"].behind
    visits = {r.unit_id: r.count for r in result["deputies"]}
    contacts = {r.unit_id: r.count for r in result["contacts"]}
    # a0 attended two station activities (both 接待选民日 = contacts) and one without a station.
    assert (visits[a0], contacts[a0]) == (2, 2)
    assert (visits[a1], contacts[a1]) == (1, 1)
    assert (visits[a2], visits[a3]) == (0, 0)          # 请假 and 缺席 do not count
    assert (visits[b0], contacts[b0]) == (2, 1)
    # the year 2026 still runs on 30 June: short of the 2 contacts a year so far is 进行中, not 未达标
    assert not any(r.behind for r in result["contacts"])
    running = {r.unit_id for r in result["contacts"] if r.in_progress}
    assert a0 not in running and a1 in running         # default: 2 contacts a year

    compliance.set_thresholds(db, {"deputy_contacts_per_year": 1})
    result = compliance.compliance(db, "2026-01-01", "2026-06-30", as_of=D(2026, 6, 30))
    assert {r.unit_id for r in result["contacts"] if r.in_progress} == {a2, a3, *town["deputies"][5:]}
    year_end = compliance.compliance(db, "2026-01-01", "2026-12-31", as_of=D(2027, 1, 5))
    assert {r.unit_id for r in year_end["contacts"] if r.behind} == {a2, a3, *town["deputies"][5:]}
    with pytest.raises(InputError, match="应为整数"):
        compliance.set_thresholds(db, {"group_per_quarter": "一次"})


def test_behind_this_quarter_for_home_screen(db, town):
    _activity(db, town, "2026-04-03", "小组活动", station="station_a")
    behind = compliance.behind_this_quarter(db, D(2026, 5, 20))
    assert behind["groups"] == []                     # the second quarter runs until 30 June: 进行中
    # Station A met April and May is still running; station B had nothing in April.
    assert [r.name for r in behind["stations"]] == ["桃园片区代表联络站"]
    quarter = compliance.this_quarter(db, D(2026, 5, 20))
    assert [r.name for r in quarter["groups"] if r.in_progress] == ["第二代表小组"]
    assert [r.name for r in quarter["stations"] if r.in_progress] == ["东山片区代表联络站"]


def test_reception_schedule_and_visits(db, town):
    # The migration does not run for a new file's stations: schedules are added here.
    receptions.add_schedule(db, town["station_a"], "每月9日、19日")
    receptions.add_schedule(db, town["station_b"], "weekly:1")
    with pytest.raises(InputError, match="无法识别"):
        receptions.add_schedule(db, town["station_b"], "隔周")
    assert [s["description"] for s in receptions.list_schedules(db)] == ["每月9日、19日", "每周一"]
    days = receptions.next_reception_days(db, D(2026, 3, 8), count=3)
    assert [(d["date"], d["station_name"]) for d in days] == [
        ("2026-03-09", "东山片区代表联络站"), ("2026-03-09", "桃园片区代表联络站"), ("2026-03-16", "桃园片区代表联络站")]
    activity_id = _activity(db, town, "2026-03-09", "接待选民日", station="station_a",
                            attendance={town["deputies"][0]: "出席"})
    visit_id = receptions.add_visit(db, {"activity_id": activity_id, "voter_name": "周大爷", "contact": "13900001111",
                                         "matter": "村口路灯坏了三个月没人修"})
    visit = receptions.get_visit(db, visit_id)
    assert (visit["date"], visit["station_id"]) == ("2026-03-09", town["station_a"])
    with pytest.raises(InputError, match="请填写反映的事项"):
        receptions.add_visit(db, {"station_id": town["station_a"], "date": "2026-03-09", "voter_name": "钱", "matter": ""})


def test_demo_activities_fill_a_plausible_year(db):
    from desktop_app.db import suggestion_stats
    from desktop_app.ops.demo import fill_demo
    from desktop_app.ops.demo import fill_demo_activities

    fill_demo(db, seed=3, today=D(2026, 11, 20), with_activities=False)
    counts = fill_demo_activities(db, seed=3, today=D(2026, 11, 20))
    assert counts["activities"] > 50 and counts["visits"] > 20 and counts["suggestions"] == 40
    stats = suggestion_stats.statistics(db, "2025-01-01", "2026-12-31")
    assert stats["total"] == 40 and stats["by_state"]["评价"] > 5 and stats["by_state"]["收集"] > 0
    assert fill_demo_activities(db, seed=3) == {"activities": 0, "visits": 0, "suggestions": 0}
