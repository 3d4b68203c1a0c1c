"""The counting rules of shared/specs/tally-rules.md, one table row per rule."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.ballots import (
    BallotEntry,
    ItemSpec,
    candidate_warnings,
    count,
    further_election_candidates,
    judge_ballot,
    name_key,
    open_tie_seats,
)


def spec(kind="选举", seats=1, total=45, issued=45, cands=("张三", "李四"), write_in=False, rule="majority", name="选举乡长"):
    return ItemSpec("1", name, kind, seats, total, issued, write_in, tuple(cands), rule)


def deck(*groups):
    """Ballots from (count, marks[, write_ins[, void]]) groups, numbered 1..N."""
    out = []
    for group in groups:
        times, marks, *rest = group
        write_ins = rest[0] if rest else ()
        void = rest[1] if len(rest) > 1 else False
        for _ in range(times):
            out.append(BallotEntry(len(out) + 1, marks, tuple(write_ins), void))
    return out


def votes(result):
    return {r["name"]: r["agree"] for r in result["results"]}


# (id, spec, ballots, expected subset of the result)
ELECTION_CASES = [
    (
        "returned more than issued: item invalid, counts kept, nobody elected",
        spec(issued=10, cands=("张三",)),
        deck((11, "Y")),
        {"valid": False, "returned": 11, "valid_ballots": 11, "elected": [], "tied": [], "further_seats": 0},
    ),
    (
        "returned equal to issued: valid",
        spec(issued=24, total=45, cands=("张三",)),
        deck((23, "Y"), (1, "N")),
        {"valid": True, "elected": ["张三"], "further_seats": 0},
    ),
    (
        "exactly half of all deputies is not elected",
        spec(total=44, cands=("张三",)),
        deck((22, "Y"), (10, "N")),
        {"elected": [], "further_seats": 1},
    ),
    (
        "one more than half is elected",
        spec(total=44, cands=("张三",)),
        deck((23, "Y"), (9, "N")),
        {"elected": ["张三"], "further_seats": 0},
    ),
    (
        "half of those present is not enough: the base is all deputies",
        spec(total=60, issued=30, cands=("张三",)),
        deck((29, "Y"), (1, "N")),
        {"elected": [], "further_seats": 1, "valid_ballots": 30},
    ),
    (
        "tie at the last seat: tied vote again, the one above is elected",
        spec(seats=2, cands=("甲", "乙", "丙")),
        deck((15, "YY-"), (10, "Y-Y"), (5, "Y--"), (10, "-YY"), (5, "--Y")),
        {"elected": ["甲"], "tied": ["乙", "丙"], "further_seats": 0},
    ),
    (
        "tie wholly inside the seats needs no new vote",
        spec(seats=3, cands=("甲", "乙", "丙", "丁")),
        deck((30, "YYY-"), (15, "---Y")),
        {"elected": ["甲", "乙", "丙"], "tied": [], "further_seats": 0},
    ),
    (
        "one seat: over half of 46 is 24",
        spec(seats=1, issued=46, total=46, cands=("甲", "乙")),
        deck((24, "Y-"), (22, "-Y")),
        {"elected": ["甲"], "tied": [], "further_seats": 0},
    ),
    (
        "write-in elected",
        spec(cands=("张三",), write_in=True),
        deck((25, "-", ("王五",)), (20, "Y")),
        {"elected": ["王五"], "further_seats": 0},
    ),
    (
        "all-blank ballots are valid and count as abstentions",
        spec(cands=("张三", "李四")),
        deck((5, "--")),
        {"valid_ballots": 5, "invalid_ballots": 0, "elected": [], "further_seats": 1},
    ),
    (
        "over-marked ballot invalid and none of its marks count",
        spec(seats=1, cands=("张三", "李四")),
        deck((3, "YY"), (2, "YN")),
        {"valid_ballots": 2, "invalid_ballots": 3},
    ),
    (
        "over-marked by a write-in",
        spec(seats=1, cands=("张三",), write_in=True),
        deck((1, "Y", ("王五",)), (1, "-", ("王五",))),
        {"valid_ballots": 1, "invalid_ballots": 1},
    ),
    (
        "反对 marks do not count toward the limit",
        spec(seats=1, cands=("张三", "李四", "王五")),
        deck((1, "YNN")),
        {"valid_ballots": 1, "invalid_ballots": 0},
    ),
    (
        "作废 counts as returned and invalid",
        spec(issued=3, cands=("张三",)),
        deck((2, "Y"), (1, "Y", (), True)),
        {"returned": 3, "valid_ballots": 2, "invalid_ballots": 1},
    ),
    (
        "fewer elected than seats: the shortfall goes to a further election",
        spec(seats=3, cands=("甲", "乙", "丙", "丁")),
        deck((30, "Y-Y-"), (15, "-Y-Y")),
        {"elected": ["甲", "丙"], "further_seats": 1, "tied": []},
    ),
    (
        "等额 single candidate elected",
        spec(seats=1, cands=("张三",)),
        deck((40, "Y"), (3, "N"), (2, "-")),
        {"elected": ["张三"], "further_seats": 0},
    ),
    (
        "等额 single candidate not elected",
        spec(seats=1, cands=("张三",)),
        deck((20, "Y"), (20, "N"), (5, "-")),
        {"elected": [], "further_seats": 1},
    ),
    (
        "more qualified than seats: the most votes win, in descending order",
        spec(seats=2, cands=("甲", "乙", "丙")),
        deck((25, "-YY"), (15, "YY-"), (5, "Y-Y")),
        {"elected": ["乙", "丙"], "tied": []},
    ),
]


@pytest.mark.parametrize("case", ELECTION_CASES, ids=[c[0] for c in ELECTION_CASES])
def test_election_rules(case):
    _, item, ballots, expected = case
    result = count(item, ballots)
    assert {k: result[k] for k in expected} == expected


def test_tie_for_a_single_seat_between_qualified():
    item = spec(seats=1, total=40, issued=46, cands=("甲", "乙", "丙"))
    result = count(item, deck((21, "Y--"), (21, "-Y-"), (4, "--Y")))
    assert result["elected"] == [] and result["tied"] == ["甲", "乙"]
    assert open_tie_seats(result) == 1 and result["further_seats"] == 0


def test_tie_across_the_last_two_seats():
    item = spec(seats=3, total=40, issued=93, cands=("甲", "乙", "丙", "丁"))
    result = count(item, deck((30, "Y---"), (21, "-Y--"), (21, "--Y-"), (21, "---Y")))
    assert result["elected"] == ["甲"]
    assert result["tied"] == ["乙", "丙", "丁"]
    assert open_tie_seats(result) == 2


def test_counts_per_candidate_and_over_marked_not_counted():
    item = spec(seats=1, cands=("张三", "李四"))
    result = count(item, deck((3, "YN"), (2, "-Y"), (4, "YY"), (1, "--")))
    assert result["results"] == [
        {"name": "张三", "agree": 3, "oppose": 0, "abstain": 3, "write_in": False},
        {"name": "李四", "agree": 2, "oppose": 3, "abstain": 1, "write_in": False},
    ]
    assert result["valid_ballots"] == 6 and result["invalid_ballots"] == 4


def test_write_in_rules():
    item = spec(seats=2, cands=("张三", "李四"), write_in=True)
    ballots = [
        BallotEntry(1, "--", ("王五", "王 五")),  # the same name twice counts once
        BallotEntry(2, "N-", ("张三",)),  # a listed candidate written in: 同意 for him, not 反对
        BallotEntry(3, "Y-", ("张三", "赵六")),  # 张三 only once toward the limit of 2: valid
        BallotEntry(4, "--", ("赵六", "钱七")),
        BallotEntry(5, "--", ("钱七",)),
        BallotEntry(6, "--", ("孙八",)),
    ]
    result = count(item, ballots)
    assert result["invalid_ballots"] == 0
    assert result["results"][0] == {"name": "张三", "agree": 2, "oppose": 0, "abstain": 4, "write_in": False}
    # Write-ins by descending votes, then by name.
    assert [(r["name"], r["agree"], r["oppose"], r["abstain"], r["write_in"]) for r in result["results"][2:]] == [
        ("赵六", 2, 0, 0, True),
        ("钱七", 2, 0, 0, True),
        ("孙八", 1, 0, 0, True),
        ("王五", 1, 0, 0, True),
    ]


def test_judge_ballot_reasons():
    item = spec(seats=1, cands=("张三", "李四"), write_in=True)
    assert judge_ballot(item, BallotEntry(1, "--")) == judge_ballot(item, BallotEntry(2, "NN"))
    assert judge_ballot(item, BallotEntry(1, "--")).valid
    over = judge_ballot(item, BallotEntry(1, "Y-", ("王五",)))
    assert not over.valid and over.selected == 2 and "多于应选" in over.reason
    void = judge_ballot(item, BallotEntry(1, "Y-", void=True))
    assert not void.valid and "作废" in void.reason


@pytest.mark.parametrize(
    "entry",
    [BallotEntry(1, "Y"), BallotEntry(1, "YYY"), BallotEntry(1, "YS"), BallotEntry(1, "Y-", ("王五",))],
    ids=["too short", "too long", "unknown mark", "write-in not allowed"],
)
def test_entries_that_cannot_belong_to_the_item_are_refused(entry):
    with pytest.raises(ValueError):
        judge_ballot(spec(cands=("张三", "李四")), entry)


@pytest.mark.parametrize(
    "agree,oppose,total,adopted",
    [(23, 10, 45, True), (22, 20, 45, False), (22, 0, 44, False), (23, 0, 44, True), (30, 0, 80, False)],
)
def test_motion_adopted_with_more_than_half_of_all_deputies(agree, oppose, total, adopted):
    item = spec(kind="表决", seats=None, total=total, issued=80, cands=(), name="关于政府工作报告的决议")
    result = count(item, deck((agree, "Y"), (oppose, "N"), (2, "-")))
    assert result["adopted"] is adopted
    assert result["results"] == [
        {"name": "关于政府工作报告的决议", "agree": agree, "oppose": oppose, "abstain": 2, "write_in": False}
    ]
    assert result["elected"] == [] and result["satisfaction"] is None and result["seats"] is None


def test_invalid_motion_is_not_adopted():
    item = spec(kind="表决", seats=None, total=45, issued=40, cands=())
    assert count(item, deck((41, "Y")))["adopted"] is False


def _projects(n):
    return tuple(f"项目{i + 1:02d}" for i in range(n))


def ballots_for(targets: list[int], limit: int, extra=()) -> list[BallotEntry]:
    """Ballots giving each project exactly its target 同意 count, at most ``limit`` 同意 per ballot."""
    remaining = list(targets)
    rows = []
    while any(remaining):
        top = sorted((i for i, r in enumerate(remaining) if r), key=lambda i: -remaining[i])[:limit]
        for i in top:
            remaining[i] -= 1
        rows.append("".join("Y" if i in top else "-" for i in range(len(targets))))
    rows += list(extra)
    return [BallotEntry(i + 1, m) for i, m in enumerate(rows)]


def test_choice_ten_of_twelve():
    item = spec(kind="票决", seats=10, total=45, issued=45, cands=_projects(12), name="民生实事项目票决")
    targets = [40, 39, 38, 37, 36, 35, 34, 33, 31, 5, 30, 26]  # 11 over half (23); project 12 ranks 11th
    over_marked = "Y" * 11 + "-"
    ballots = ballots_for(targets, 10, extra=[over_marked])
    assert len(ballots) <= 45
    result = count(item, ballots)
    assert [votes(result)[p] for p in _projects(12)] == targets
    assert result["invalid_ballots"] == 1
    assert result["elected"] == [f"项目{i:02d}" for i in (1, 2, 3, 4, 5, 6, 7, 8, 9, 11)]
    assert result["further_seats"] == 0 and result["tied"] == []


def test_choice_shortfall_and_tie_at_the_nth_place():
    item = spec(kind="票决", seats=2, total=20, issued=40, cands=_projects(4), name="票决")
    shortfall = count(item, deck((11, "Y---"), (9, "-Y--")))
    assert shortfall["elected"] == ["项目01"] and shortfall["further_seats"] == 1
    tie = count(item, deck((15, "YY--"), (12, "--Y-"), (12, "---Y")))
    assert tie["elected"] == ["项目01", "项目02"] and tie["tied"] == []
    tie = count(item, deck((15, "Y---"), (12, "-YY-"), (12, "---Y")))
    assert tie["elected"] == ["项目01"] and tie["tied"] == ["项目02", "项目03", "项目04"]
    assert open_tie_seats(tie) == 1


def test_choice_rank_only_has_no_threshold():
    item = spec(kind="票决", seats=2, total=45, issued=45, cands=_projects(4), rule="rank_only", name="票决")
    result = count(item, deck((5, "YY--"), (3, "--Y-")))
    assert result["elected"] == ["项目01", "项目02"]
    nobody = count(item, deck((3, "Y---")))
    assert nobody["elected"] == ["项目01"] and nobody["further_seats"] == 1  # 0 votes is never chosen
    majority = count(spec(kind="票决", seats=2, total=45, issued=45, cands=_projects(4), name="票决"), deck((5, "YY--")))
    assert majority["elected"] == [] and majority["further_seats"] == 2


def test_rating_rates():
    item = spec(kind="测评", seats=None, total=45, issued=45, cands=("道路硬化", "饮水工程"), name="满意度测评")
    result = count(item, deck((4, "SU"), (2, "BS"), (1, "U-"), (1, "--"), (1, "SS", (), True)))
    assert result["valid_ballots"] == 8 and result["invalid_ballots"] == 1
    assert result["satisfaction"] == [
        {"name": "道路硬化", "satisfied": 4, "basically_satisfied": 2, "unsatisfied": 1, "abstain": 1, "rate": 0.75},
        {"name": "饮水工程", "satisfied": 2, "basically_satisfied": 0, "unsatisfied": 4, "abstain": 2, "rate": 0.25},
    ]
    assert result["results"][0] == {"name": "道路硬化", "agree": 6, "oppose": 1, "abstain": 1, "write_in": False}
    assert result["elected"] == [] and result["adopted"] is None


def test_rating_rate_rounded_to_four_decimals_and_zero_without_valid_ballots():
    item = spec(kind="测评", seats=None, total=45, issued=45, cands=("道路硬化",), name="满意度测评")
    assert count(item, deck((2, "S"), (1, "U")))["satisfaction"][0]["rate"] == 0.6667
    assert count(item, deck((1, "S", (), True)))["satisfaction"][0]["rate"] == 0.0
    assert count(item, [])["satisfaction"][0]["rate"] == 0.0


def test_result_has_exactly_the_spec_keys():
    result = count(spec(cands=("张三",)), deck((1, "Y")))
    assert list(result) == [
        "id", "name", "type", "seats", "total_deputies", "issued", "returned", "valid",
        "valid_ballots", "invalid_ballots", "results", "elected", "tied", "further_seats", "adopted", "satisfaction",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "post,seats,n,warns",
    [
        ("乡长", 1, 1, False),  # 等额: one nominee
        ("乡长", 1, 2, False),
        ("乡长", 1, 3, True),
        ("主席", 1, 2, False),
        ("镇长", 1, 4, True),
        ("副乡长", 2, 2, True),  # 副职 needs 差额
        ("副乡长", 2, 3, False),
        ("副乡长", 2, 5, False),
        ("副乡长", 2, 6, True),
        ("副主席", 1, 2, False),
        (None, 2, 1, True),  # fewer candidates than seats
        (None, 2, 2, False),
    ],
)
def test_candidate_warnings_for_elections(post, seats, n, warns):
    item = spec(seats=seats, cands=tuple(f"候选人{i}" for i in range(n)), name="选举")
    assert bool(candidate_warnings(item, post)) is warns


def test_candidate_warning_post_recognised_from_item_name():
    item = spec(seats=1, cands=("甲", "乙", "丙"), name="选举乡长")
    assert "乡长" in candidate_warnings(item)[0]


@pytest.mark.parametrize("seats,n,warns", [(10, 12, False), (10, 11, False), (10, 10, True), (10, 13, True), (3, 4, False), (20, 25, True)])
def test_candidate_warnings_for_choice(seats, n, warns):
    item = spec(kind="票决", seats=seats, cands=_projects(n), name="票决")
    assert bool(candidate_warnings(item)) is warns


def test_further_election_candidates():
    item = spec(seats=3, cands=("甲", "乙", "丙", "丁", "戊"))
    result = count(item, deck((30, "YY---"), (10, "--YY-"), (5, "--Y-Y")))
    assert result["elected"] == ["甲", "乙"] and result["further_seats"] == 1
    assert further_election_candidates(item, result) == ["丙", "丁"]
    tie = count(spec(seats=1, total=40, issued=46, cands=("甲", "乙")), deck((23, "Y-"), (23, "-Y")))
    assert further_election_candidates(spec(seats=1, cands=("甲", "乙")), tie) == ["甲", "乙"]
    invalid = count(spec(issued=1, cands=("甲", "乙")), deck((2, "Y-")))
    assert further_election_candidates(spec(cands=("甲", "乙")), invalid) == ["甲", "乙"]
    done = count(spec(cands=("甲", "乙")), deck((30, "Y-")))
    assert further_election_candidates(spec(cands=("甲", "乙")), done) == []


def test_further_election_candidates_include_everyone_level_with_the_last():
    item = spec(seats=2, total=45, issued=60, cands=("甲", "乙", "丙", "丁"))
    result = count(item, deck((30, "Y---"), (10, "-Y--"), (10, "--Y-"), (10, "---Y")))
    assert result["further_seats"] == 1
    assert further_election_candidates(item, result) == ["乙", "丙", "丁"]


@pytest.mark.parametrize(
    "kwargs",
    [{"kind": "投票"}, {"seats": 0}, {"seats": None}, {"cands": ("张三", "张 三")}, {"kind": "表决", "write_in": True, "seats": None}],
)
def test_bad_item_specs_are_refused(kwargs):
    with pytest.raises(ValueError):
        spec(**kwargs)


def test_name_key_ignores_padding_and_width():
    assert name_key(" 张  三 ") == name_key("张三") == name_key("张\u3000三")


# --- properties -------------------------------------------------------------------------------

CANDS = ("甲", "乙", "丙", "丁")


@st.composite
def items_and_ballots(draw):
    seats = draw(st.integers(1, 3))
    n = draw(st.integers(1, 4))
    total = draw(st.integers(1, 30))
    marks = st.text(alphabet="YN-", min_size=n, max_size=n)
    write_ins = st.lists(st.sampled_from(("王五", "赵六", "甲")), max_size=2).map(tuple)
    entries = draw(st.lists(st.tuples(marks, write_ins, st.booleans()), max_size=40))
    issued = draw(st.integers(0, 45))
    item = ItemSpec("1", "选举", "选举", seats, total, issued, True, CANDS[:n])
    ballots = [BallotEntry(i + 1, m, w, v and i % 5 == 0) for i, (m, w, v) in enumerate(entries)]
    return item, ballots


@settings(max_examples=150, deadline=None)
@given(items_and_ballots(), st.randoms(use_true_random=False))
def test_count_does_not_depend_on_ballot_order(data, rnd):
    item, ballots = data
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    assert count(item, shuffled) == count(item, ballots)


@settings(max_examples=150, deadline=None)
@given(items_and_ballots())
def test_seats_always_add_up(data):
    item, ballots = data
    result = count(item, ballots)
    assert result["valid_ballots"] + result["invalid_ballots"] == result["returned"] == len(ballots)
    if result["valid"]:
        assert len(result["elected"]) + result["further_seats"] + open_tie_seats(result) == item.seats
        assert not (result["tied"] and result["further_seats"])
        agrees = [votes(result)[name] for name in result["elected"]]
        assert agrees == sorted(agrees, reverse=True)
        assert all(a * 2 > item.total_deputies for a in agrees)
    for r in result["results"]:
        if not r["write_in"]:
            assert r["agree"] + r["oppose"] + r["abstain"] == result["valid_ballots"]
