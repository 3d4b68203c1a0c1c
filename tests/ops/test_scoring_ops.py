"""ops of 履职积分 headless: reading a year's scores writes nothing, opening it makes its rules (audited), and
adjustments, rules and bands are written with their audit entries — refused in Chinese for a frozen year."""

from __future__ import annotations

import pytest

from desktop_app.db import audit
from desktop_app.db import scoring as scoring_db
from desktop_app.db.terms import create_term
from desktop_app.errors import InputError, UserError
from desktop_app.ops import deputies, scoring
from desktop_app.ops.changes import Area

YEAR = 2026


@pytest.fixture
def people(db):
    create_term(db, "第十八届", 18, "2021-10-01", "2026-09-30")
    return [deputies.add(db, {"name": name, "gender": "男"}).value for name in ("张三", "李四")]


def _actions(db) -> list[str]:
    return [entry["action"] for entry in audit.entries(db)]


def _file_state(db) -> tuple:
    return (len(audit.entries(db)), db.execute("SELECT COUNT(*) FROM score_rules").fetchone()[0])


def test_reading_a_new_year_writes_nothing_and_shows_the_scores_it_will_have(db, people):
    before = _file_state(db)
    rows = scoring_db.annual_scores(db, YEAR)
    details = scoring_db.score_details(db, YEAR, people[0])
    assert _file_state(db) == before                           # no rules made, no audit entry
    opened = scoring.open_year(db, YEAR)
    assert opened.touches(Area.SCORES) and _actions(db)[-1] == "生成积分规则"
    assert scoring_db.annual_scores(db, YEAR) == rows          # the same totals once the rules are saved
    after = scoring_db.score_details(db, YEAR, people[0])
    assert [(d["item"], d["points"]) for d in after] == [(d["item"], d["points"]) for d in details]
    assert all(d["rule_id"] < 0 for d in details) and all(d["rule_id"] > 0 for d in after)
    assert scoring.open_year(db, YEAR).areas == Area.NONE      # a second opening makes nothing


def test_adjustment_written_remembered_and_undone(db, people):
    changes = scoring.add_adjustment(db, YEAR, people[0], 5, "获县级表彰", "人大办 陈主任")
    assert scoring_db.annual_scores(db, YEAR, deputy_ids=[people[0]])[0]["adjusted"] == 5
    assert scoring.last_operator(db) == "人大办 陈主任" and _actions(db)[-1] == "手工加减分"
    scoring.remove_adjustment(db, changes.value)
    assert scoring_db.annual_scores(db, YEAR, deputy_ids=[people[0]])[0]["adjusted"] == 0
    scoring.restore_adjustment(db, changes.value)
    assert _actions(db)[-2:] == ["删除加减分", "恢复加减分"]
    with pytest.raises(InputError, match="请填写加减分的理由"):
        scoring.add_adjustment(db, YEAR, people[1], 3, " ", "人大办 陈主任")


def test_frozen_year_refuses_an_adjustment_and_changes_nothing(db, people):
    done = scoring.freeze_year(db, YEAR, "主席 王")
    assert done.value == 2 and _actions(db)[-1] == "审核冻结积分"
    before = _file_state(db)
    with pytest.raises(UserError, match="2026年度积分已于.*审核冻结，不能再加减分"):
        scoring.add_adjustment(db, YEAR, people[0], 5, "获县级表彰", "人大办 陈主任")
    assert _file_state(db) == before and scoring.last_operator(db) == "主席 王"
    with pytest.raises(InputError, match="解除冻结必须说明理由"):
        scoring.unfreeze_year(db, YEAR, "")
    scoring.unfreeze_year(db, YEAR, "补录一次活动", by="人大办 陈主任")
    assert not scoring_db.is_frozen(db, YEAR) and _actions(db)[-1] == "解除积分冻结"


def test_rules_and_bands(db, people):
    rules = scoring.open_year(db, YEAR).value
    rule_id = scoring.save_rule(db, YEAR, {"item": "参加调研", "source": "manual", "points": 2}).value
    scoring.move_rule(db, rule_id, -1)
    ids = [r["id"] for r in scoring_db.rules_for(db, YEAR)]
    assert ids.index(rule_id) == len(rules) - 1
    scoring.delete_rule(db, rule_id)
    assert rule_id not in [r["id"] for r in scoring_db.rules_for(db, YEAR)]
    assert scoring.copy_rules(db, YEAR, YEAR + 1).value == len(rules)
    with pytest.raises(InputError, match="2027年度已有"):
        scoring.copy_rules(db, YEAR, YEAR + 1)
    bands = scoring.set_grade_bands(db, [("优秀", "90"), ("称职", "60"), ("不称职", "0")]).value
    assert bands == scoring_db.grade_bands(db)
    with pytest.raises(InputError):
        scoring.set_grade_bands(db, [("优秀", "很多")])
    assert scoring_db.grade_bands(db) == bands
    assert {"新增积分规则", "调整积分规则顺序", "删除积分规则", "复制积分规则", "设置积分等次"} <= set(_actions(db))
