"""Double entry: the two teams' readings are compared ballot by ballot."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.ballots import BallotEntry, ItemSpec
from desktop_app.domain.reconcile import reconcile

SPEC = ItemSpec("1", "选举副乡长", "选举", 2, 45, 45, True, ("张三", "李四", "王五"))
RATING = ItemSpec("2", "满意度测评", "测评", None, 45, 45, False, ("道路硬化", "饮水工程"))


def test_identical_entries_agree():
    team = [BallotEntry(1, "YN-"), BallotEntry(2, "---", ("赵六",)), BallotEntry(3, "YYY", void=True)]
    assert reconcile(team, list(reversed(team)), SPEC) == []


def test_a_mark_read_differently_names_the_candidate_and_both_readings():
    [d] = reconcile([BallotEntry(12, "YN-")], [BallotEntry(12, "NN-")], SPEC)
    assert (d.serial, d.kind) == (12, "different")
    assert d.detail == "第 12 号选票：张三 一组记为同意，二组记为反对"
    assert d.team1.marks == "YN-" and d.team2.marks == "NN-"


def test_several_differences_on_one_ballot_are_listed_together():
    [d] = reconcile([BallotEntry(3, "YN-", ("赵六",))], [BallotEntry(3, "Y-Y")], SPEC)
    assert d.detail == (
        "第 3 号选票：李四 一组记为反对，二组记为弃权；王五 一组记为弃权，二组记为同意；"
        "另选他人 一组为“赵六”，二组为（无）"
    )


def test_ballots_entered_by_one_team_only():
    found = reconcile([BallotEntry(1, "---"), BallotEntry(5, "---")], [BallotEntry(1, "---"), BallotEntry(7, "---")], SPEC)
    assert [(d.serial, d.kind) for d in found] == [(5, "only_team1"), (7, "only_team2")]
    assert found[0].team2 is None and found[1].team1 is None
    assert "只有一组录入" in found[0].detail and "只有二组录入" in found[1].detail


def test_void_disagreement_and_void_on_both_sides():
    [d] = reconcile([BallotEntry(4, "---")], [BallotEntry(4, "---", void=True)], SPEC)
    assert d.detail == "第 4 号选票：一组未作废，二组记为作废"
    # Both declared it void: its marks are not counted, so the readings agree.
    assert reconcile([BallotEntry(4, "YYY", void=True)], [BallotEntry(4, "", void=True)], SPEC) == []


def test_write_ins_compare_as_names_not_as_typing():
    one = [BallotEntry(8, "---", ("赵六", "钱七"))]
    two = [BallotEntry(8, "---", ("钱七", "赵 六", "赵六"))]
    assert reconcile(one, two, SPEC) == []


def test_rating_labels_and_without_spec():
    [d] = reconcile([BallotEntry(2, "SB")], [BallotEntry(2, "SU")], RATING)
    assert d.detail == "第 2 号选票：饮水工程 一组记为基本满意，二组记为不满意"
    [d] = reconcile([BallotEntry(2, "Y-")], [BallotEntry(2, "--")])
    assert d.detail == "第 2 号选票：第 1 栏 一组记为同意，二组记为弃权"


def test_duplicate_serial_in_one_team_is_refused():
    with pytest.raises(ValueError, match="两张第 1 号"):
        reconcile([BallotEntry(1, "---"), BallotEntry(1, "Y--")], [], SPEC)


entries = st.lists(
    st.tuples(st.text("YN-", min_size=3, max_size=3), st.lists(st.sampled_from(("赵六", "钱七")), max_size=2), st.booleans()),
    max_size=30,
).map(lambda rows: [BallotEntry(i + 1, m, tuple(w), v) for i, (m, w, v) in enumerate(rows)])


@settings(max_examples=100, deadline=None)
@given(entries, st.randoms(use_true_random=False))
def test_identical_double_entry_has_no_disagreement(team, rnd):
    other = list(team)
    rnd.shuffle(other)
    assert reconcile(team, other, SPEC) == []


@settings(max_examples=100, deadline=None)
@given(entries, st.data())
def test_one_changed_mark_is_exactly_one_disagreement(team, data):
    if not team:
        return
    i = data.draw(st.integers(0, len(team) - 1))
    e = team[i]
    j = data.draw(st.integers(0, 2))
    new = "N" if e.marks[j] != "N" else "Y"
    changed = list(team)
    changed[i] = BallotEntry(e.serial, e.marks[:j] + new + e.marks[j + 1 :], e.write_ins, e.void)
    found = reconcile(team, changed, SPEC)
    assert [d.serial for d in found] == ([] if e.void else [e.serial])
