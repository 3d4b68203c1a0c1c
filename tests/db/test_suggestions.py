"""意见建议 in the database: the dated loop with timeline and audit, refusals, bulk actions, search, statistics."""

import datetime as dt

import pytest

from activity_samples import build
from desktop_app.db import audit, calendar, home, receptions, settings, suggestion_stats, suggestions as sg
from desktop_app.errors import InputError, UserError

D = dt.date


@pytest.fixture
def town(db):
    ids = build(db)
    ids["roads"] = sg.add_unit(db, "镇村建设办公室", "镇直部门")
    ids["farm"] = sg.add_unit(db, "镇农业农村办公室", "镇直部门")
    ids["village"] = sg.add_unit(db, "东山村村民委员会", "村(居)委会")
    return ids


def _new(db, town, title="东山村至西山村道路硬化", date="2026-03-02", source="代表建议", content=None, **extra):
    submitters = [town["deputies"][0]] if source == "代表建议" else []
    values = {"title": title, "content": content or f"{title}，群众出行不便。", "source": source, "date": date,
              "field_id": sg.field_id_by_name(db, "城乡建设"), **extra}
    return sg.create_suggestion(db, values, submitters)["id"]


def test_walk_from_collection_to_evaluation(db, town):
    created = sg.create_suggestion(db, {"title": "东山村至西山村道路硬化", "content": "道路坑洼", "source": "代表建议",
                                        "date": "2026-03-02"}, [(town["deputies"][1], False), (town["deputies"][0], True)])
    sid = created["id"]
    assert created["deadline"] == "2026-03-23"       # 15 working days from Monday 2026-03-02
    sg.classify(db, sid, "镇人大主席团", on="2026-03-05")
    result = sg.assign(db, sid, town["roads"], co_unit_ids=[town["village"]], on="2026-03-06")
    assert result["state"] == "交办" and result["deadline"] == "2026-06-03"   # 60 working days, 清明/劳动节 skipped
    assert sg.start_handling(db, sid, on="2026-03-10")["deadline"] == "2026-06-03"
    sg.reply(db, sid, "已列入2026年村道提升工程，计划5月完工。", "C", on="2026-04-20")
    sg.evaluate(db, sid, "基本满意", on="2026-04-25")
    got = sg.get_suggestion(db, sid)
    assert (got["state"], got["deadline"], got["evaluation"], got["result_class"]) == ("评价", None, "基本满意", "C")
    assert [s["name"] for s in got["submitters"]] == ["王喆", "李堃"] and got["submitters"][0]["is_lead"]
    assert [u["name"] for u in got["co_units"]] == ["东山村村民委员会"]
    assert [(e["action"], e["from_state"], e["to_state"], e["date"]) for e in got["events"]] == [
        ("收集", None, "收集", "2026-03-02"), ("分类", "收集", "分类", "2026-03-05"),
        ("交办", "分类", "交办", "2026-03-06"), ("办理", "交办", "办理", "2026-03-10"),
        ("答复", "办理", "答复", "2026-04-20"), ("评价", "答复", "评价", "2026-04-25")]
    assert got["events"][2]["unit_name"] == "镇村建设办公室"
    assert got["events"][4]["note"].startswith("C类 列入计划逐步解决")
    actions = [e["action"] for e in audit.entries(db, entity="suggestion", entity_id=sid)]
    assert actions == ["新增意见建议", "意见建议分类", "意见建议交办", "意见建议办理", "意见建议答复", "意见建议评价"]


def test_illegal_step_is_refused_and_nothing_changes(db, town):
    sid = _new(db, town)
    events = len(sg.timeline(db, sid))
    with pytest.raises(InputError, match="意见建议“东山村至西山村道路硬化”：意见建议尚未交办，不能答复。"):
        sg.reply(db, sid, "好", "A", on="2026-03-05")
    with pytest.raises(InputError, match="尚未分类，不能交办"):
        sg.assign(db, sid, town["roads"], on="2026-03-05")
    with pytest.raises(InputError, match="请选择分类层级"):
        sg.classify(db, sid, "乡政府", on="2026-03-05")
    with pytest.raises(InputError, match="早于上一步的日期 2026-03-02"):
        sg.classify(db, sid, "村(居)委会", on="2026-03-01")
    with pytest.raises(InputError, match="晚于今天"):
        sg.classify(db, sid, "村(居)委会", on=dt.date.today() + dt.timedelta(days=1))
    got = sg.get_suggestion(db, sid)
    assert got["state"] == "收集" and got["level"] is None and len(got["events"]) == events


def test_return_and_reopen(db, town):
    sid = _new(db, town)
    sg.classify(db, sid, "村(居)委会", on="2026-03-03")
    sg.assign(db, sid, town["farm"], on="2026-03-04")
    sg.return_to_classify(db, sid, "道路不属于农业办职责", on="2026-03-06")
    got = sg.get_suggestion(db, sid)
    assert (got["state"], got["main_unit_id"], got["deadline"]) == ("分类", None, "2026-03-13")   # 交办 within 5
    assert got["events"][-1]["note"] == "道路不属于农业办职责" and got["events"][-1]["unit_name"] == "镇农业农村办公室"
    sg.assign(db, sid, town["roads"], on="2026-03-09")
    sg.reply(db, sid, "已安排测量", "B", on="2026-03-20")
    result = sg.evaluate(db, sid, "不满意", on="2026-03-25", note="进度太慢")
    assert result["state"] == "办理"
    got = sg.get_suggestion(db, sid)
    assert got["reopen_count"] == 1 and got["events"][-1]["action"] == "重新办理"
    # A fresh 60 working days from 03-25: 4 in March, 21 in April (清明 04-06 off), 19 in May, June 1-23.
    assert got["deadline"] == got["handling_deadline"] == "2026-06-23"


def test_bulk_assign_is_all_or_nothing(db, town):
    first, second, third = (_new(db, town, f"建议{i}") for i in range(3))
    for sid in (first, second):
        sg.classify(db, sid, "镇人大主席团", on="2026-03-03")
    with pytest.raises(InputError, match="意见建议“建议2”：意见建议尚未分类，不能交办"):
        sg.bulk_assign(db, [first, second, third], town["roads"], on="2026-03-04")
    assert {sg.get_suggestion(db, i)["state"] for i in (first, second)} == {"分类"}
    results = sg.bulk_assign(db, [first, second], town["roads"], on="2026-03-04")
    assert [r["state"] for r in results] == ["交办", "交办"]
    sg.bulk_reply(db, [first, second], "关于“{标题}”，我办已研究落实。", "A", on="2026-03-10")
    assert sg.get_suggestion(db, second)["reply_text"] == "关于“建议1”，我办已研究落实。"


def test_bad_suggestion_is_refused(db, town):
    with pytest.raises(InputError, match="标题：标题不能为空；来源：来源应为"):
        sg.create_suggestion(db, {"title": "", "source": "网络", "date": "2026-03-01"})
    with pytest.raises(InputError, match="请选择提出的代表"):
        sg.create_suggestion(db, {"title": "修桥", "source": "代表建议", "date": "2026-03-01"})
    with pytest.raises(InputError, match="只能指定一位领衔代表"):
        sg.create_suggestion(db, {"title": "修桥", "source": "代表建议", "date": "2026-03-01"},
                             [(town["deputies"][0], True), (town["deputies"][1], True)])
    assert sg.count_suggestions(db) == 0


def test_visit_becomes_suggestion_in_one_step(db, town):
    visit = receptions.add_visit(db, {"station_id": town["station_a"], "date": "2026-03-09", "voter_name": "周大爷",
                                      "matter": "村口路灯坏了"})
    sid = sg.visit_to_suggestion(db, visit)["id"]
    got = sg.get_suggestion(db, sid)
    assert (got["source"], got["title"], got["voter_name"], got["visit_id"]) == ("选民意见", "村口路灯坏了", "周大爷", visit)
    assert receptions.get_visit(db, visit)["suggestion_id"] == sid
    with pytest.raises(InputError, match="已转为意见建议"):
        sg.visit_to_suggestion(db, visit)


def test_full_text_search(db, town):
    road = _new(db, town, "东山村至西山村道路硬化", content="雨天泥泞，学生上学困难")
    lamp = _new(db, town, "安装太阳能路灯", content="西山村主干道夜间无照明", source="选民意见")
    _new(db, town, "农田灌溉渠道清淤", content="春耕前需清理")
    assert [r["id"] for r in sg.search(db, "西山村")] == [lamp, road]            # title or content, newest first
    assert [r["id"] for r in sg.search(db, "学生上学")] == [road]
    assert [r["id"] for r in sg.search(db, "路灯")] == [lamp]                    # two characters: LIKE
    assert [r["id"] for r in sg.search(db, "西山村 照明")] == [lamp]             # every word must occur
    assert sg.search(db, "高速公路") == [] and sg.search(db, "  ") == []
    sg.update_suggestion(db, lamp, {"title": "安装太阳能照明设施"})
    assert sg.search(db, "太阳能路灯") == [] and [r["id"] for r in sg.search(db, "照明设施")] == [lamp]
    sg.delete_suggestion(db, road)
    assert [r["id"] for r in sg.search(db, "西山村")] == [lamp]
    assert sg.count_suggestions(db, text="西山村", source="选民意见") == 1
    # Without the FTS table (an old SQLite) the same search still answers, by LIKE.
    db.execute("DROP TABLE suggestions_fts")
    for trigger in ("insert", "delete", "update"):
        db.execute(f"DROP TRIGGER suggestions_fts_{trigger}")
    assert [r["id"] for r in sg.search(db, "西山村")] == [lamp]
    assert [r["id"] for r in sg.search(db, "100%")] == []


def _statistics_fixture(db, town):
    """Six suggestions in 2026 Q1 plus one outside the period and one deleted; numbers counted by hand below."""
    roads, farm = town["roads"], town["farm"]
    a = _new(db, town, "甲", date="2026-01-05")
    b = _new(db, town, "乙", date="2026-01-06", source="选民意见")
    c = _new(db, town, "丙", date="2026-02-02", source="选民意见")
    d = _new(db, town, "丁", date="2026-02-03", source="小组活动")
    e = _new(db, town, "戊", date="2026-03-02")
    _new(db, town, "己", date="2026-03-30")                       # stays 收集
    _new(db, town, "庚", date="2026-04-01")                       # outside the period
    sg.delete_suggestion(db, _new(db, town, "辛", date="2026-03-03"))
    for sid, level in ((a, "镇人大主席团"), (b, "村(居)委会"), (c, "镇人大主席团"), (d, "上报县(市)人大常委会"),
                       (e, "镇人大主席团")):
        sg.classify(db, sid, level, on="2026-03-04")
    for sid, unit in ((a, roads), (b, roads), (c, farm), (d, farm)):
        sg.assign(db, sid, unit, on="2026-03-05")
    sg.reply(db, a, "已修复", "A", on="2026-03-20")                 # on time
    sg.reply(db, b, "已列入计划", "C", on="2026-04-10")             # on time
    sg.reply(db, c, "正在协调", "B", on="2026-05-20")               # on time, but reopened below
    sg.evaluate(db, a, "满意", on="2026-03-25")
    sg.evaluate(db, b, "基本满意", on="2026-04-15")
    sg.evaluate(db, c, "不满意", on="2026-05-25")                   # back to 办理
    return a, b, c, d, e


def test_statistics_match_hand_counts(db, town):
    _statistics_fixture(db, town)
    stats = suggestion_stats.statistics(db, "2026-01-01", "2026-03-31")
    assert stats["total"] == 6
    assert stats["by_source"] == {"代表建议": 3, "选民意见": 2, "小组活动": 1}
    assert stats["by_level"] == {"村(居)委会": 1, "镇人大主席团": 3, "上报县(市)人大常委会": 1, "未分类": 1}
    assert stats["by_state"] == {"收集": 1, "分类": 1, "交办": 1, "办理": 1, "答复": 0, "评价": 2}
    assert stats["by_field"] == {"城乡建设": 6}
    # 办结 = a, b (c was reopened): 2/6; both on time; evaluated a, b, c: 满意 1/3, 基本满意 1/3.
    assert (stats["done"], stats["done_rate"], stats["on_time"], stats["on_time_rate"]) == (2, 33.3, 2, 100.0)
    assert (stats["evaluated"], stats["satisfied_rate"], stats["basically_satisfied_rate"]) == (3, 33.3, 33.3)
    assert stats["classes"] == {"A": 1, "B": 0, "C": 1, "D": 0}
    assert stats["class_shares"] == {"A": 50.0, "B": 0.0, "C": 50.0, "D": 0.0}
    units = {u["unit_name"]: u for u in stats["units"]}
    assert (units["镇村建设办公室"]["assigned"], units["镇村建设办公室"]["done"], units["镇村建设办公室"]["satisfied_rate"]) == (2, 2, 50.0)
    assert (units["镇农业农村办公室"]["assigned"], units["镇农业农村办公室"]["done"], units["镇农业农村办公室"]["unsatisfied"]) == (2, 0, 1)
    assert units["镇农业农村办公室"]["done_rate"] == 0.0 and units["镇农业农村办公室"]["on_time_rate"] is None


def test_late_reply_is_not_on_time(db, town):
    a, b, c, d, e = _statistics_fixture(db, town)
    # d was assigned 2026-03-05: 60 working days end 2026-06-02 (18 in March, 21 in April, 19 in May, June 1-2).
    assert sg.get_suggestion(db, d)["handling_deadline"] == "2026-06-02"
    sg.reply(db, d, "已向县交通局反映", "D", on="2026-06-03")
    stats = suggestion_stats.statistics(db, "2026-01-01", "2026-03-31")
    assert (stats["done"], stats["on_time"], stats["on_time_rate"]) == (3, 2, 66.7)


def test_home_screen_counts_overdue_and_due_soon(db, town):
    overdue = _new(db, town, "逾期", date="2026-03-02")            # 分类 deadline 2026-03-23
    soon = _new(db, town, "临期", date="2026-03-16")               # 分类 deadline 2026-04-07 (清明 4-4..6 off)
    _new(db, town, "未到期", date="2026-03-25")
    page = home.attention(db, D(2026, 4, 2))
    assert [r["id"] for r in page["overdue"]] == [overdue] and page["overdue_count"] == 1
    assert [r["id"] for r in page["due_soon"]] == [soon] and page["due_soon"][0]["flag"] == "due_soon"
    assert [r["id"] for r in sg.list_suggestions(db, flag="overdue", today=D(2026, 4, 2))] == [overdue]
    assert page["next_session"] is None and page["units_in_progress"]     # 2 April: the quarter has just begun


def test_holiday_year_added_in_settings_changes_deadlines(db, town):
    created = sg.create_suggestion(db, {"title": "年底", "source": "选民意见", "date": "2026-12-31"})
    assert "尚未录入2027年节假日安排" in created["warning"]
    with pytest.raises(InputError, match="不在 2027 年内"):
        calendar.set_year(db, 2027, ["2026-12-31"], [])
    calendar.set_year(db, 2027, ["2027-01-01", "2027-02-10", "2027-02-11"], ["2027-02-06"])
    assert calendar.covered_years(db) == [2025, 2026, 2027]
    created = sg.create_suggestion(db, {"title": "年底", "source": "选民意见", "date": "2026-12-31"})
    assert created["warning"] is None and created["deadline"] == "2027-01-22"
    calendar.remove_year(db, 2027)
    assert calendar.covered_years(db) == [2025, 2026]


def test_deadline_settings_override(db, town):
    settings.put(db, sg.DEADLINE_SETTING, {"分类": 5})
    assert sg.create_suggestion(db, {"title": "x", "source": "选民意见", "date": "2026-03-02"})["deadline"] == "2026-03-09"


def test_fields_and_units_are_editable(db):
    assert [f["name"] for f in sg.list_fields(db)] == ["城乡建设", "农业农村", "教科文卫", "社会保障", "基层治理", "生态环境", "其他"]
    new = sg.add_field(db, "安全生产")
    with pytest.raises(InputError, match="已有领域"):
        sg.rename_field(db, new, "其他")
    with pytest.raises(InputError, match="单位类别“乡直”不对"):
        sg.add_unit(db, "派出所", "乡直")


def _state(db, sid):
    got = sg.get_suggestion(db, sid)
    keep = ("state", "deadline", "handling_deadline", "level", "main_unit_id", "classified_at", "assigned_at",
            "replied_at", "reply_text", "result_class", "evaluation", "reopen_count")
    return ({k: got[k] for k in keep}, [u["id"] for u in got["co_units"]],
            [(e["action"], e["date"]) for e in got["events"]])


def test_revert_step_restores_each_step_and_audits_it(db, town):
    sid = _new(db, town)
    states = [_state(db, sid)]
    steps = [
        lambda: sg.classify(db, sid, "镇人大主席团", on="2026-03-05"),
        lambda: sg.assign(db, sid, town["roads"], co_unit_ids=[town["village"]], on="2026-03-06"),
        lambda: sg.start_handling(db, sid, on="2026-03-10"),
        lambda: sg.reply(db, sid, "已列入计划。", "C", on="2026-04-20"),
        lambda: sg.evaluate(db, sid, "不满意", on="2026-04-25"),
    ]
    done = []
    for step in steps:
        before = sg.snapshot(db, sid)
        done.append((before, step()["event_id"]))
        states.append(_state(db, sid))
    assert states[-1][0]["reopen_count"] == 1 and states[-1][0]["state"] == "办理"
    for i in range(len(done) - 1, -1, -1):
        before, event_id = done[i]
        sg.revert_step(db, sid, before, event_id)
        assert _state(db, sid) == states[i]
    assert states[0][0]["state"] == "收集" and states[0][0]["deadline"] == "2026-03-23"
    actions = [e["action"] for e in audit.entries(db, entity="suggestion", entity_id=sid)]
    assert actions[-5:] == ["撤销意见建议重新办理", "撤销意见建议答复", "撤销意见建议办理", "撤销意见建议交办",
                            "撤销意见建议分类"]
    assert audit.verify_chain(db) is None


def test_revert_step_refused_after_a_later_step(db, town):
    sid = _new(db, town)
    sg.classify(db, sid, "镇人大主席团", on="2026-03-05")
    before = sg.snapshot(db, sid)
    event_id = sg.assign(db, sid, town["roads"], on="2026-03-06")["event_id"]
    sg.reply(db, sid, "已解决。", "A", on="2026-03-20")
    after = _state(db, sid)
    with pytest.raises(UserError, match="在交办之后又记录了“答复”（2026-03-20），不能再撤销交办"):
        sg.revert_step(db, sid, before, event_id)
    assert _state(db, sid) == after
    sg.delete_suggestion(db, sid)
    with pytest.raises(UserError, match="已被删除"):
        sg.revert_step(db, sid, before, event_id)
    with pytest.raises(UserError, match="已不存在"):
        sg.revert_step(db, sid, before, 999999)


def test_reverted_return_gives_the_unit_and_co_units_back(db, town):
    sid = _new(db, town)
    sg.classify(db, sid, "镇人大主席团", on="2026-03-05")
    sg.assign(db, sid, town["roads"], co_unit_ids=[town["village"], town["farm"]], on="2026-03-06")
    expected = _state(db, sid)
    before = sg.snapshot(db, sid)
    event_id = sg.return_to_classify(db, sid, "不属于本单位职责", on="2026-03-08")["event_id"]
    assert _state(db, sid)[1] == []
    sg.revert_step(db, sid, before, event_id)
    assert _state(db, sid) == expected
