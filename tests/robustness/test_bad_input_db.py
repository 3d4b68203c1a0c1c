"""Bad input through the db layer: a clear Chinese message naming the field, and the database unchanged.

Each case is what a form or a hand-edited setting can really send: a date that does not exist, a text
where a number belongs, a deputy deleted meanwhile, a folder chosen instead of a photo.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from desktop_app.db import activities, attachments, calendar, deputies, scoring, suggestions
from desktop_app.domain.suggestions import EVALUATIONS, LEVELS, RESULT_CLASSES
from desktop_app.errors import InputError, UserError
from desktop_app.ui.settings.calendar import DaysInputError, parse_days
from package_tools import is_chinese, table_dump


def refused(town, town_path, call, *words, error=UserError):
    """Run ``call``; it must raise ``error`` whose Chinese message holds ``words``; no table may change."""
    before = table_dump(town_path)
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    assert is_chinese(message), message
    for word in words:
        assert word in message, message
    assert table_dump(town_path) == before
    return message


def first(town, sql):
    return town.execute(sql).fetchone()[0]


# ---------------------------------------------------------------------------------------------- activities

def test_activity_with_a_day_that_does_not_exist(town, town_path):
    type_id = activities.list_types(town)[0]["id"]
    refused(town, town_path, lambda: activities.create_activity(
        town, {"type_id": type_id, "date": "2026-02-30", "theme": "二月视察"}), "2026-02-30", "日期", error=InputError)
    act = first(town, "SELECT id FROM activities WHERE deleted_at IS NULL LIMIT 1")
    refused(town, town_path, lambda: activities.update_activity(town, act, {"date": "2026-13-01"}), "2026-13-01",
            error=InputError)


@pytest.mark.parametrize("field, value, word", [
    ("type_id", "视察", "活动类型"), ("station_id", "一号站", "联络站"), ("group_id", "第一组", "代表小组"),
    ("problems_solved", "三个", "现场解决问题数"), ("start_time", "25:00", "开始时间"),
])
def test_activity_field_of_the_wrong_kind(town, town_path, field, value, word):
    values = {"type_id": activities.list_types(town)[0]["id"], "date": "2026-03-05", "theme": "三月活动", field: value}
    refused(town, town_path, lambda: activities.create_activity(town, values), word, error=InputError)


def test_attendance_for_a_deleted_deputy_is_refused_but_old_records_stay_editable(town, town_path):
    act = first(town, "SELECT a.id FROM activities a WHERE a.deleted_at IS NULL AND EXISTS "
                      "(SELECT 1 FROM activity_attendance aa WHERE aa.activity_id = a.id) LIMIT 1")
    recorded = {r["deputy_id"]: r["status"] for r in activities.attendance_of(town, act)}
    outsider = first(town, f"SELECT id FROM deputies WHERE deleted_at IS NULL AND id NOT IN "
                           f"({', '.join(map(str, recorded))}) LIMIT 1")
    deputies.soft_delete_deputy(town, outsider)
    refused(town, town_path, lambda: activities.set_attendance(town, act, {**recorded, outsider: "出席"}),
            str(outsider), "已被删除", error=InputError)
    # A deputy who attended and was deleted later does not lock the old activity's attendance.
    insider = next(iter(recorded))
    deputies.soft_delete_deputy(town, insider)
    activities.set_attendance(town, act, {**recorded, insider: ("请假", "外出")})
    assert {r["deputy_id"]: r["status"] for r in activities.attendance_of(town, act)}[insider] == "请假"


@pytest.mark.parametrize("attendance, word", [
    ({999999: "出席"}, "999999"), ({"张三": "出席"}, "张三"), ({1: ()}, "出勤情况"), ({1: "迟到"}, "迟到"),
])
def test_attendance_of_the_wrong_kind(town, town_path, attendance, word):
    act = first(town, "SELECT id FROM activities WHERE deleted_at IS NULL LIMIT 1")
    refused(town, town_path, lambda: activities.set_attendance(town, act, attendance), word, error=InputError)


# ---------------------------------------------------------------------------------------------- suggestions

@pytest.mark.parametrize("values, words", [
    ({"title": "   ", "source": "选民意见", "date": "2026-03-05"}, ("标题",)),
    ({"title": None, "source": "选民意见", "date": "2026-03-05"}, ("标题",)),
    ({"title": "修路", "source": "选民意见", "date": "2026-02-30"}, ("2026-02-30",)),
    ({"title": "修路", "source": "网上", "date": "2026-03-05"}, ("来源",)),
    ({"title": "修路", "source": "选民意见", "date": "2026-03-05", "field_id": "交通"}, ("领域", "交通")),
    ({"title": "修路", "source": "选民意见", "date": "2026-03-05", "activity_id": 999999}, ("所属活动", "999999")),
    ({"title": "修路", "source": "选民意见", "date": "2026-03-05", "visit_id": 999999}, ("来访登记", "999999")),
    ({"title": "路" * 300, "source": "选民意见", "date": "2026-03-05"}, ("过长",)),
])
def test_suggestion_form_mistakes(town, town_path, values, words):
    message = refused(town, town_path, lambda: suggestions.create_suggestion(town, values), *words, error=InputError)
    assert len(message) < 200   # a 300-character title is not repeated in full


@pytest.mark.parametrize("submitters, word", [(["张三"], "提出代表"), ([(None, True)], "没有选择"),
                                              ([999999], "999999")])
def test_suggestion_submitters_of_the_wrong_kind(town, town_path, submitters, word):
    values = {"title": "修路", "source": "代表建议", "date": "2026-03-05"}
    refused(town, town_path, lambda: suggestions.create_suggestion(town, values, submitters), word, error=InputError)


@pytest.fixture
def fresh_suggestion(town):
    return suggestions.create_suggestion(town, {"title": "村道破损", "source": "选民意见",
                                                "date": dt.date.today().isoformat()})["id"]


def test_workflow_values_of_the_wrong_kind(town, town_path, fresh_suggestion):
    sid = fresh_suggestion
    refused(town, town_path, lambda: suggestions.classify(town, sid, LEVELS[1], field_id="交通"), "领域",
            error=InputError)
    refused(town, town_path, lambda: suggestions.classify(town, sid, LEVELS[1], field_id=999999), "999999",
            error=InputError)
    refused(town, town_path, lambda: suggestions.classify(town, sid, LEVELS[1], on="2026-02-30"), "2026-02-30",
            error=InputError)
    suggestions.classify(town, sid, LEVELS[1])
    refused(town, town_path, lambda: suggestions.assign(town, sid, "镇政府"), "主办单位", error=InputError)
    unit = suggestions.list_units(town)[0]["id"]
    refused(town, town_path, lambda: suggestions.assign(town, sid, unit, co_unit_ids=["民政办"]), "协办单位",
            error=InputError)
    refused(town, town_path, lambda: suggestions.bulk_assign(town, [sid, 999999], unit), "999999")


@st.composite
def actions(draw):
    name = draw(st.sampled_from(["classify", "assign", "start", "reply", "evaluate", "return"]))
    args = {
        "classify": lambda: {"level": draw(st.sampled_from(LEVELS + ("乡里",)))},
        "assign": lambda: {"unit": draw(st.sampled_from(["ok", "missing"]))},
        "start": lambda: {},
        "reply": lambda: {"text": draw(st.sampled_from(["已修复", "  "])),
                          "result_class": draw(st.sampled_from(sorted(RESULT_CLASSES) + ["E"]))},
        "evaluate": lambda: {"evaluation": draw(st.sampled_from(EVALUATIONS + ("还行",)))},
        "return": lambda: {"reason": draw(st.sampled_from(["不属本单位职责", ""]))},
    }[name]()
    return name, args


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(steps=st.lists(actions(), min_size=1, max_size=12))
def test_random_workflow_through_the_database(town, steps):
    """Random actions on a real suggestion: each either moves it on or is refused with nothing written."""
    unit = suggestions.list_units(town)[0]["id"]
    sid = suggestions.create_suggestion(town, {"title": "路灯不亮", "source": "选民意见",
                                               "date": dt.date.today().isoformat()})["id"]
    for name, args in steps:
        before = (town.execute("SELECT * FROM suggestions WHERE id = ?", [sid]).fetchone(),
                  town.execute("SELECT COUNT(*) FROM suggestion_events WHERE suggestion_id = ?", [sid]).fetchone(),
                  town.execute("SELECT COUNT(*) FROM audit_log").fetchone())
        call = {
            "classify": lambda: suggestions.classify(town, sid, args["level"]),
            "assign": lambda: suggestions.assign(town, sid, unit if args["unit"] == "ok" else 999999),
            "start": lambda: suggestions.start_handling(town, sid),
            "reply": lambda: suggestions.reply(town, sid, args["text"], args["result_class"]),
            "evaluate": lambda: suggestions.evaluate(town, sid, args["evaluation"]),
            "return": lambda: suggestions.return_to_classify(town, sid, args["reason"]),
        }[name]
        try:
            result = call()
        except UserError as err:
            assert is_chinese(err)
            after = (town.execute("SELECT * FROM suggestions WHERE id = ?", [sid]).fetchone(),
                     town.execute("SELECT COUNT(*) FROM suggestion_events WHERE suggestion_id = ?", [sid]).fetchone(),
                     town.execute("SELECT COUNT(*) FROM audit_log").fetchone())
            assert after == before, f"{name} {args} refused but wrote something"
            continue
        row = suggestions.get_suggestion(town, sid)
        assert row["state"] == result["state"]
        assert row["events"][-1]["to_state"] == result["state"]


# ---------------------------------------------------------------------------------------------- attachments

def test_attachment_path_missing_or_a_folder(town, town_path, tmp_path):
    act = first(town, "SELECT id FROM activities LIMIT 1")
    refused(town, town_path, lambda: attachments.add_attachment(town, "activities", act, tmp_path / "照片.jpg"),
            "照片.jpg", "不存在", error=InputError)
    refused(town, town_path, lambda: attachments.add_attachment(town, "activities", act, tmp_path), "不是普通文件",
            error=InputError)
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"0" * 100)
    refused(town, town_path, lambda: attachments.add_attachment(town, "activities", 999999, photo), "999999")
    # Nothing was copied into the attachments folder by the refused tries.
    folder = attachments.folder(town)
    assert not folder.exists() or not [p for p in folder.rglob("*") if p.is_file() and "现场" in p.name]


# ---------------------------------------------------------------------------------------------- holidays

@pytest.mark.parametrize("text, word", [
    ("2027-10-07 至 2027-10-01", "结束日期早于开始日期"), ("2027-10-01 至", "看不懂"), ("2027-02-30", "没有这一天"),
    ("2027-01-01 至 2027-03-01", "超过"), ("国庆节", "国庆节"),
])
def test_holiday_typing_mistakes_name_the_piece(text, word):
    with pytest.raises(DaysInputError) as info:
        parse_days(text, "放假日期")
    assert word in str(info.value) and "放假日期" in str(info.value)


@pytest.mark.parametrize("year, off, work, word", [
    (2027, ["2027-02-30"], [], "2027-02-30"), (2027, ["2028-01-01"], [], "不在 2027 年内"),
    ("二〇二七", ["2027-01-01"], [], "年份"), (1999, ["1999-01-01"], [], "1999"),
    (2027, ["2027-01-04"], ["2027-01-04"], "同时"), (2027, [], [], "至少"),
    (2027, ["2027-01-01"], ["2027-01-05"], "只需填写需要上班的周末"),
])
def test_holiday_year_refused_and_nothing_saved(town, town_path, year, off, work, word):
    refused(town, town_path, lambda: calendar.set_year(town, year, off, work), word, error=InputError)


# ---------------------------------------------------------------------------------------------- scoring

@pytest.mark.parametrize("values, word", [
    ({"item": "参加活动", "source": "activity", "points": 2, "cap": "十分"}, "十分"),
    ({"item": "参加活动", "source": "activity", "points": 2, "cap": "inf"}, "inf"),
    ({"item": "参加活动", "source": "activity", "points": 2, "cap": "nan"}, "nan"),
    ({"item": "参加活动", "source": "activity", "points": "1e400"}, "1e400"),
    ({"item": "参加活动", "source": "activity", "points": "-inf"}, "-inf"),
    ({"item": "参加活动", "source": "activity", "points": 1e200}, "过大"),
    ({"item": "参加活动", "source": "activity", "points": 0.001}, "不能为 0"),
    ({"item": "参加活动", "source": "activity", "points": 2, "activity_type_id": "视察"}, "视察"),
    ({"item": "参加活动", "source": "activity", "points": 2, "activity_type_id": 999999}, "活动类型"),
    ({"item": "", "source": "activity", "points": 2}, "名称"),
])
def test_score_rule_typing_mistakes(town, town_path, values, word):
    refused(town, town_path, lambda: scoring.save_rule(town, 2026, values), word, error=InputError)


@pytest.mark.parametrize("points, date, word", [
    ("nan", None, "nan"), ("inf", None, "inf"), ("十", None, "十"), (5000, None, "过大"),
    (3, "2026-02-30", "2026-02-30"),
])
def test_manual_adjustment_mistakes(town, town_path, points, date, word):
    deputy = first(town, "SELECT id FROM deputies WHERE deleted_at IS NULL LIMIT 1")
    refused(town, town_path, lambda: scoring.add_adjustment(town, 2026, deputy, points, "表彰", "王秘书", date=date),
            word, error=InputError)


@pytest.mark.parametrize("bands, word", [([("优秀", "inf"), ("合格", 0)], "inf"),
                                         ([("优秀", "九十"), ("合格", 0)], "九十"), ([], "至少")])
def test_grade_band_mistakes(town, town_path, bands, word):
    refused(town, town_path, lambda: scoring.set_grade_bands(town, bands), word, error=InputError)
