"""Rehearsal decks cover every option and come with the result they must give."""

from __future__ import annotations

import pytest

from desktop_app.domain.ballots import ItemSpec, count, judge_ballot
from desktop_app.domain.rehearsal import make_deck, over_marked_count

SPECS = {
    "副乡长 差额 with write-ins": ItemSpec("1", "选举副乡长", "选举", 2, 45, 43, True, ("张三", "李四", "王五")),
    "乡长 等额": ItemSpec("2", "选举乡长", "选举", 1, 45, 43, False, ("张三",)),
    "主席 差额": ItemSpec("3", "选举主席", "选举", 1, 45, 40, True, ("张三", "李四")),
    "票决 10 of 12": ItemSpec("4", "民生实事票决", "票决", 10, 45, 43, False, tuple(f"项目{i}" for i in range(1, 13))),
    "票决 rank only": ItemSpec("5", "票决", "票决", 3, 45, 43, False, ("甲", "乙", "丙", "丁"), "rank_only"),
    "表决": ItemSpec("6", "关于政府工作报告的决议", "表决", None, 45, 43),
    "测评": ItemSpec("7", "满意度测评", "测评", None, 45, 40, False, ("道路硬化", "饮水工程", "路灯")),
}


@pytest.mark.parametrize("name", SPECS)
@pytest.mark.parametrize("seed", [1, 2, 3, 2026])
def test_deck_counts_to_its_expected_result(name, seed):
    spec = SPECS[name]
    entries, expected = make_deck(spec, seed=seed)
    assert count(spec, entries) == expected
    assert sorted(e.serial for e in entries) == list(range(1, len(entries) + 1))
    assert expected["returned"] == len(entries) == spec.issued
    assert expected["valid"] is True


@pytest.mark.parametrize("name", SPECS)
def test_deck_covers_every_option(name):
    spec = SPECS[name]
    entries, expected = make_deck(spec, seed=7)
    valid = [e for e in entries if judge_ballot(spec, e).valid]
    options = "SBU-" if spec.kind == "测评" else "YN-"
    for column in range(spec.width):
        assert {e.marks[column] for e in valid} >= set(options), column
    assert any(set(e.marks) == {"-"} and not e.write_ins for e in valid), "a blank ballot"
    assert sum(1 for e in entries if e.void) == 1
    over = over_marked_count(expected, entries)
    if spec.kind in ("选举", "票决") and (spec.width > spec.seats or spec.allow_write_in):
        assert over >= 1
        assert over == sum(1 for e in entries if not e.void and not judge_ballot(spec, e).valid)
    else:
        assert over == 0
    if spec.allow_write_in:
        written = [e for e in valid if e.write_ins]
        assert any(len(e.write_ins) == 2 and e.write_ins[0] == e.write_ins[1] for e in written), "same name twice"
        assert any(set(e.write_ins) & set(spec.candidates) for e in written), "a listed candidate written in"
        assert any(r["write_in"] for r in expected["results"])


def test_deck_is_reproducible_and_seed_dependent():
    spec = SPECS["副乡长 差额 with write-ins"]
    assert make_deck(spec, seed=5) == make_deck(spec, seed=5)
    assert make_deck(spec, seed=5)[0] != make_deck(spec, seed=6)[0]


def test_deck_larger_than_issued_is_an_invalid_vote():
    spec = SPECS["乡长 等额"]
    entries, expected = make_deck(spec, seed=1, size=spec.issued + 2)
    assert expected["valid"] is False and expected["elected"] == []
    assert count(spec, entries) == expected
