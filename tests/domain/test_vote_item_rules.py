"""Vote-item shape rules: field values, which kinds take seats and write-ins, candidates, the next round."""

import json

import pytest

from desktop_app.domain.vote_items import VoteItemRuleError, candidate_rows, check_shape, clean_values, next_round


def test_clean_values_tidies_and_names_the_field():
    values = clean_values({"code": " 3 ", "name": "选举镇长", "kind": "选举", "seats": "1", "issued": 48.0,
                           "allow_write_in": "yes", "options": {"project_rule": "rank_only"}})
    assert values == {"code": "3", "name": "选举镇长", "kind": "选举", "seats": 1, "issued": 48,
                      "allow_write_in": 1, "options": json.dumps({"project_rule": "rank_only"})}
    with pytest.raises(VoteItemRuleError, match="应选人数必须是整数，当前为“两”"):
        clean_values({"seats": "两"})
    with pytest.raises(VoteItemRuleError, match="印制票数不能小于 0"):
        clean_values({"printed": -1})
    with pytest.raises(VoteItemRuleError, match="事项类型“投票”无效"):
        clean_values({"kind": "投票"})
    with pytest.raises(VoteItemRuleError, match="表决事项没有“colour”这一项"):
        clean_values({"colour": "red"})


def test_shape_seats_and_write_ins_by_kind():
    with pytest.raises(VoteItemRuleError, match="票决事项必须填写应选人数"):
        check_shape({"kind": "票决", "seats": None})
    with pytest.raises(VoteItemRuleError, match="只有选举事项可以设置“另选他人”"):
        check_shape({"kind": "票决", "seats": 3, "allow_write_in": 1})
    with pytest.raises(VoteItemRuleError, match="发出票数 50 多于印制票数 48"):
        check_shape({"kind": "表决", "issued": 50, "printed": 48})
    values = {"kind": "测评", "seats": 5}
    check_shape(values)
    assert values["seats"] is None


def test_candidates_in_ballot_order_without_repeats():
    rows = candidate_rows("选举", ["王  喆", {"name": "李堃", "deputy_id": 7}])
    assert [(r["name"], r["deputy_id"], r["sort_order"]) for r in rows] == [("王 喆", None, 1), ("李堃", 7, 2)]
    with pytest.raises(VoteItemRuleError, match="候选人（项目）“王喆”重复（第 1 个和第 3 个）"):
        candidate_rows("选举", ["王喆", "李堃", "王喆"])
    with pytest.raises(VoteItemRuleError, match="表决事项只有一项议案"):
        candidate_rows("表决", ["议案"])
    with pytest.raises(VoteItemRuleError, match="第 2 个候选人（项目）名称为空"):
        candidate_rows("票决", ["道路", " "])


def test_next_round_after_a_count():
    result = {"valid": True, "tied": [], "elected": ["王喆"], "further_seats": 1}
    plan = next_round("选举副镇长", 2, result)
    assert (plan.seats, plan.suffix, plan.name) == (1, "另选", "另行选举副镇长")
    tied = next_round("民生实事项目", 5, {"valid": True, "tied": ["甲", "乙"], "elected": ["丙"] * 4, "further_seats": 0})
    assert (tied.seats, tied.suffix, tied.name) == (1, "重投", "民生实事项目（重新投票）")
    invalid = next_round("选举镇长", 1, {"valid": False, "tied": [], "elected": [], "further_seats": 1})
    assert (invalid.seats, invalid.suffix) == (1, "重投")
    with pytest.raises(VoteItemRuleError, match="应选名额已全部产生"):
        next_round("选举镇长", 1, {"valid": True, "tied": [], "elected": ["王喆"], "further_seats": 0})


def test_item_problems_are_all_said_at_once_each_under_its_field():
    from desktop_app.domain.vote_items import item_problems

    problems = item_problems({"code": "", "name": "选举镇长", "kind": "票决", "seats": None, "allow_write_in": True,
                              "issued": 50, "printed": 48, "collected": "四十"}, ["甲", "乙", "甲"])
    assert problems.keys() == {"code", "seats", "allow_write_in", "issued", "collected", "candidates"}
    assert problems["collected"] == "收回票数必须是整数，当前为“四十”。"
    assert "重复" in problems["candidates"]
    assert item_problems({"code": "1", "name": "决议", "kind": "表决", "issued": 50, "collected": 51}) == {}
