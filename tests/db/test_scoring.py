"""Annual scores from the records against the hand-computed fixture of scoring_samples.py."""

import pytest
from scoring_samples import YEAR, build_scoring

from desktop_app.db import activities, audit, scoring
from desktop_app.errors import InputError, UserError


@pytest.fixture
def town(db):
    return build_scoring(db)


def _by_id(rows):
    return {r["deputy_id"]: r for r in rows}


def test_annual_scores_match_hand_computation(db, town):
    d = town["deputies"]
    rows = scoring.annual_scores(db, YEAR)
    got = {r["deputy_id"]: (r["computed"], r["adjusted"], r["total"], r["grade"], r["rank"]) for r in rows}
    assert got[d[0]] == (88, 0, 88, "称职", 1)
    assert got[d[3]] == (88, 0, 88, "称职", 1)          # tie shares rank 1
    assert got[d[2]] == (62, 10, 72, "基本称职", 3)     # three 表彰 of 5 capped at 10; next rank after a tie is 3
    assert got[d[1]] == (12, -5, 7, "不称职", 8)
    assert [got[i][2:] for i in d[4:]] == [(40, "不称职", 4)] * 4
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)


def test_details_trace_each_point_to_its_records(db, town):
    d = town["deputies"]
    lines = {l["item"]: l for l in scoring.score_details(db, YEAR, d[0])}
    assert (lines["参加小组活动"]["count"], lines["参加小组活动"]["points"], lines["参加小组活动"]["capped"]) == (6, 10, True)
    assert [r["id"] for r in lines["参加小组活动"]["records"]] == town["group"]
    assert {r["table"] for r in lines["参加小组活动"]["records"]} == {"activities"}
    assert [r["id"] for r in lines["接待选民日"]["records"]] == town["reception"]
    assert [r["id"] for r in lines["培训学习"]["records"]] == [town["training"]]
    assert [r["id"] for r in lines["出席乡人代会"]["records"]] == town["sessions"][:2]
    assert [r["id"] for r in lines["提出意见建议"]["records"]] == town["d0_suggestions"]
    assert [r["id"] for r in lines["建议获满意评价"]["records"]] == town["d0_suggestions"][:1]
    assert [(r["table"], r["id"]) for r in lines["向选民述职"]["records"]] == [("report_backs", town["report_back"])]
    assert sum(l["points"] for l in lines.values()) == 88
    d2 = {l["item"]: l for l in scoring.score_details(db, YEAR, d[2])}
    assert [r["id"] for r in d2["获县级以上表彰"]["records"]] == town["adjustments"][1:]
    assert d2["获县级以上表彰"]["points"] == 10 and d2["获县级以上表彰"]["capped"]
    d1 = {l["item"]: l for l in scoring.score_details(db, YEAR, d[1])}
    assert [r["id"] for r in d1["无故缺席活动"]["records"]] == town["group"]
    assert d1["无故缺席活动"]["points"] == -10
    assert [r["id"] for r in d1["手工加减分"]["records"]] == town["adjustments"][:1]


def test_adjustments_need_reason_and_person(db, town):
    d = town["deputies"]
    for args, words in (((3, "", "陈"), "理由"), ((3, "好", ""), "经办人"), ((0, "好", "陈"), "不能为 0"),
                        (("x", "好", "陈"), "不是数字")):
        with pytest.raises(InputError, match=words):
            scoring.add_adjustment(db, YEAR, d[4], *args)
    with pytest.raises(InputError, match="不是"):
        scoring.add_adjustment(db, YEAR, d[4], 3, "好", "陈", rule_id=town["rules"]["基础分"])
    adj = scoring.add_adjustment(db, YEAR, d[4], 2.5, "协助组织活动", "陈")
    assert _by_id(scoring.annual_scores(db, YEAR))[d[4]]["total"] == 42.5
    scoring.remove_adjustment(db, adj, by="陈")
    assert _by_id(scoring.annual_scores(db, YEAR))[d[4]]["total"] == 40
    assert [e["action"] for e in audit.entries(db, entity="score_adjustment", entity_id=adj)] == ["手工加减分", "删除加减分"]


def test_frozen_year_is_unchanged_by_later_edits(db, town):
    d = town["deputies"]
    before = scoring.annual_scores(db, YEAR)
    details_before = scoring.score_details(db, YEAR, d[0])
    assert scoring.freeze_year(db, YEAR, "王主席", "年终审核") == 8
    assert scoring.is_frozen(db, YEAR)
    # Records change after the freeze: a new activity for 刘芳 and a deleted one of 王喆.
    activities.create_activity(db, {"type_id": town["types"]["培训学习"], "date": "2026-11-01", "theme": "补训"},
                               {d[3]: "出席"})
    activities.delete_activity(db, town["reception"][0])
    with pytest.raises(UserError, match="冻结"):
        scoring.save_rule(db, YEAR, {"item": "基础分", "source": "base", "points": 60, "cap": 60},
                          town["rules"]["基础分"])
    with pytest.raises(UserError, match="冻结"):
        scoring.delete_rule(db, town["rules"]["接待选民日"])
    with pytest.raises(UserError, match="冻结"):
        scoring.add_adjustment(db, YEAR, d[0], 5, "迟到的表彰", "陈")
    with pytest.raises(UserError, match="冻结"):
        scoring.remove_adjustment(db, town["adjustments"][0])
    # A rule changed behind the app's back (or through an old copy) still changes nothing.
    db.execute("UPDATE score_rules SET points = 50, cap = 50 WHERE id = ?", [town["rules"]["基础分"]])
    assert scoring.annual_scores(db, YEAR) == before
    assert scoring.score_details(db, YEAR, d[0]) == details_before

    with pytest.raises(InputError, match="理由"):
        scoring.unfreeze_year(db, YEAR, " ")
    scoring.unfreeze_year(db, YEAR, "补录遗漏的培训记录", by="王主席")
    entry = audit.entries(db, entity="score_freeze", entity_id=YEAR)[-1]
    assert entry["action"] == "解除积分冻结" and "补录遗漏的培训记录" in entry["detail"]
    after = _by_id(scoring.annual_scores(db, YEAR))
    assert after[d[0]]["total"] == 88 + 10 - 3      # base now 50; one reception day fewer
    assert after[d[3]]["total"] == 88 + 10 + 1      # the training counts once live again


def test_rules_copy_from_previous_year_and_edits_are_checked(db, town):
    rid = scoring.save_rule(db, YEAR, {"item": "视察", "source": "activity", "activity_type_id": town["types"]["视察"],
                                       "points": 1, "cap": 3})
    assert _by_id(scoring.annual_scores(db, YEAR))[town["deputies"][0]]["total"] == 89
    next_year = scoring.rules_for(db, YEAR + 1)          # created from 2026's rules
    assert [r["item"] for r in next_year] == [r["item"] for r in scoring.rules_for(db, YEAR)]
    assert next_year[-1]["cap"] == 3 and next_year[-1]["id"] != rid
    with pytest.raises(InputError, match="已有"):
        scoring.copy_rules(db, YEAR, YEAR + 1)
    scoring.delete_rule(db, next_year[-1]["id"])
    assert scoring.copy_rules(db, YEAR, YEAR + 1, replace=True) == len(next_year)
    assert len(scoring.rules_for(db, YEAR + 1)) == len(next_year)
    with pytest.raises(InputError, match="年度上限"):
        scoring.save_rule(db, YEAR, {"item": "视察", "source": "activity", "points": 1, "cap": "很多"}, rid)
    assert scoring.get_rule(db, rid)["cap"] == 3
    actions = [e["action"] for e in audit.entries(db) if e["entity"] in ("score_rule", "score_rules")]
    assert {"新增积分规则", "生成积分规则", "复制积分规则", "删除积分规则"} <= set(actions)


def test_grade_bands_in_settings(db, town):
    scoring.set_grade_bands(db, [("合格", 60), ("优秀", 85)])
    grades = {r["deputy_id"]: r["grade"] for r in scoring.annual_scores(db, YEAR)}
    assert grades[town["deputies"][0]] == "优秀" and grades[town["deputies"][2]] == "合格"
    with pytest.raises(InputError, match="重复"):
        scoring.set_grade_bands(db, [("优秀", 90), ("优秀", 80)])
    assert scoring.grade_bands(db) == [("优秀", 85), ("合格", 60)]


def test_lists_below_groups_interim_and_term(db, town):
    d = town["deputies"]
    below = scoring.below_threshold(db, YEAR)             # below 基本称职's 60
    assert [r["deputy_id"] for r in below][0] == d[1] and {r["total"] for r in below} == {7, 40}
    assert [r["deputy_id"] for r in scoring.below_threshold(db, YEAR, 80)][-1] == d[2]
    groups = {g["name"]: g for g in scoring.group_summary(db, YEAR)}
    assert groups["第一代表小组"]["members"] == 4
    assert groups["第一代表小组"]["average"] == (88 + 7 + 72 + 88) / 4
    assert groups["第一代表小组"]["grades"] == {"优秀": 0, "称职": 2, "基本称职": 1, "不称职": 1}
    q1 = _by_id(scoring.interim_scores(db, YEAR, 1))
    # 王喆 by 31 March: 40 + 10 + 3 group (6) + 2 receptions (6) + training 1 + suggestions 1–3 (6) = 69
    assert q1[d[0]]["total"] == 69 and q1[d[0]]["gained"] == 69
    q2 = _by_id(scoring.interim_scores(db, YEAR, 2))
    assert q2[d[0]]["total"] == 69 + 10 + 4 - 0 and q2[d[0]]["gained"] == 14 - 0
    summary = scoring.term_summary(db, town["term"])
    assert summary["years"][0] == 2026
    row = next(r for r in summary["rows"] if r["deputy_id"] == d[0])
    assert row["years"][2026]["total"] == 88 and row["advice"] == "建议推荐"
    assert next(r for r in summary["rows"] if r["deputy_id"] == d[1])["advice"] == "不建议推荐"


def test_no_adjustment_for_a_deputy_deleted_from_the_roster(db):
    from desktop_app.db import deputies
    from desktop_app.errors import InputError

    deputy = deputies.insert_deputy(db, {"name": "钱七", "level": "乡"})
    deputies.soft_delete_deputy(db, deputy)
    with pytest.raises(InputError, match="已从名册中删除"):
        scoring.add_adjustment(db, 2026, deputy, 2, "获县级表彰", "主席团")
    assert scoring.list_adjustments(db, 2026) == []
