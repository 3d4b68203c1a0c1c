"""Tally rules of a township congress vote: ballot validity, counts, thresholds, ties and 另行选举.

The rules are those of shared/specs/tally-rules.md (选举法 art. 44, 组织法 arts. 25–29); ``count``
returns exactly the per-item JSON object of docs/tally-workbook.md.

Marks encoding (also stored in ``ballots.marks``): one character per candidate in ballot order.
选举 / 票决 / 表决: 'Y' 同意 (赞成), 'N' 反对, '-' 弃权; 表决 has exactly one character.
测评: 'S' 满意, 'B' 基本满意, 'U' 不满意, '-' 弃权.

Decisions documented here because the law leaves them to the counting office:

* Write-in names are compared after NFKC normalisation with all whitespace removed (clerks pad
  two-character names: "张  三" is 张三). The same name written twice on one ballot counts once.
* A write-in equal to a listed candidate's name counts as 同意 for that candidate (whatever the
  mark in that candidate's own box), and only once toward the ballot's limit.
* For 测评 the uniform ``results`` entries carry agree = 满意 + 基本满意, oppose = 不满意,
  abstain = 弃权; the detailed figures are in ``satisfaction``.
* 票决 with ``project_rule='rank_only'`` has no threshold, but a project needs at least one 同意.
* When the item is invalid (returned > issued) the whole vote is held again: ``elected`` and
  ``tied`` are empty, ``further_seats`` is 0 and ``adopted`` is False for 表决.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

KINDS = ("选举", "票决", "表决", "测评")
PROJECT_RULES = ("majority", "rank_only")

AGREE, OPPOSE, ABSTAIN = "Y", "N", "-"
SATISFIED, BASICALLY_SATISFIED, UNSATISFIED = "S", "B", "U"
VOTE_MARKS = AGREE + OPPOSE + ABSTAIN
RATING_MARKS = SATISFIED + BASICALLY_SATISFIED + UNSATISFIED + ABSTAIN

# Human labels of each mark, for entry screens, read-out and reconciliation messages.
MARK_LABELS = {
    "vote": {AGREE: "同意", OPPOSE: "反对", ABSTAIN: "弃权"},
    "rating": {SATISFIED: "满意", BASICALLY_SATISFIED: "基本满意", UNSATISFIED: "不满意", ABSTAIN: "弃权"},
}

CHIEF_POSTS = ("主席", "乡长", "镇长", "乡镇长", "乡(镇)长", "乡（镇）长")


@dataclass(frozen=True)
class ItemSpec:
    """One vote item: what is voted on and the numbers every threshold is based on.

    ``seats`` is 应选人数 (选举) or projects to choose (票决), None for 表决 and 测评.
    ``candidates`` are persons (选举) or projects (票决, 测评) in ballot order; for 表决 it may be
    empty or hold the motion's name (the ballot has one mark either way).
    ``project_rule`` applies to 票决 only: 'majority' (同意 > 全体代表 / 2, then the top N) or
    'rank_only' (the top N by votes).
    """

    code: str
    name: str
    kind: str
    seats: int | None
    total_deputies: int
    issued: int
    allow_write_in: bool = False
    candidates: tuple[str, ...] = ()
    project_rule: str = "majority"
    collected: int | None = None    # 收回票数 as the scrutineers counted it (None: not typed)

    def __post_init__(self):
        # Callers often hold lists (db rows, forms); a frozen spec must hold a tuple.
        object.__setattr__(self, "candidates", tuple(self.candidates))
        object.__setattr__(self, "code", str(self.code))
        if self.kind not in KINDS:
            raise ValueError(f"未知的事项类型：{self.kind}")
        if self.project_rule not in PROJECT_RULES:
            raise ValueError(f"未知的票决规则：{self.project_rule}")
        if self.kind in ("选举", "票决") and (not isinstance(self.seats, int) or self.seats < 1):
            raise ValueError(f"{self.kind}事项的应选人数必须是正整数：{self.seats!r}")
        if not isinstance(self.total_deputies, int) or self.total_deputies < 0:
            raise ValueError(f"全体代表人数必须是非负整数：{self.total_deputies!r}")
        if not isinstance(self.issued, int) or self.issued < 0:
            raise ValueError(f"发出票数必须是非负整数：{self.issued!r}")
        if self.collected is not None and (not isinstance(self.collected, int) or self.collected < 0):
            raise ValueError(f"收回票数必须是非负整数：{self.collected!r}")
        if self.kind != "选举" and self.allow_write_in:
            raise ValueError("只有选举事项可以另选他人")
        keys = [name_key(c) for c in self.candidates]
        if len(set(keys)) != len(keys) or "" in keys:
            raise ValueError("候选人（项目）名称不能为空或重复")

    @property
    def width(self) -> int:
        """Number of mark characters on one ballot."""
        return 1 if self.kind == "表决" else len(self.candidates)

    @property
    def alphabet(self) -> str:
        """The mark characters allowed for this kind."""
        return RATING_MARKS if self.kind == "测评" else VOTE_MARKS


@dataclass(frozen=True)
class BallotEntry:
    """One ballot returned: serial number, one mark per candidate, write-in names, 作废 flag."""

    serial: int
    marks: str
    write_ins: tuple[str, ...] = ()
    void: bool = False

    def __post_init__(self):
        object.__setattr__(self, "write_ins", tuple(self.write_ins))


@dataclass(frozen=True)
class Judgement:
    """Whether one ballot counts; ``selected`` is the number of persons/projects it votes for."""

    valid: bool
    reason: str | None
    selected: int


@dataclass
class _Tally:
    """Counts accumulated over the valid ballots of one item."""

    valid_ballots: int = 0
    invalid_ballots: int = 0
    agree: list[int] = field(default_factory=list)
    oppose: list[int] = field(default_factory=list)
    abstain: list[int] = field(default_factory=list)
    ratings: dict[str, list[int]] = field(default_factory=dict)
    write_in_votes: dict[str, int] = field(default_factory=dict)
    write_in_display: dict[str, str] = field(default_factory=dict)


def name_key(name: str) -> str:
    """The form in which two written names are compared: NFKC, without any whitespace."""
    return "".join(unicodedata.normalize("NFKC", str(name)).split())


def blank_marks(spec: ItemSpec) -> str:
    """The marks of a blank ballot (all 弃权)."""
    return ABSTAIN * spec.width


def check_marks(spec: ItemSpec, entry: BallotEntry) -> None:
    """Raise ValueError when an entry cannot belong to this item (wrong length, unknown mark, write-ins not allowed).

    Void ballots are not checked: the scrutineers may declare a ballot 作废 before anything is read from it.
    """
    if entry.void:
        return
    if len(entry.marks) != spec.width:
        raise ValueError(f"第 {entry.serial} 号选票有 {len(entry.marks)} 个标记，应为 {spec.width} 个")
    bad = set(entry.marks) - set(spec.alphabet)
    if bad:
        raise ValueError(f"第 {entry.serial} 号选票含有无法识别的标记：{''.join(sorted(bad))}")
    if entry.write_ins and not spec.allow_write_in:
        raise ValueError(f"第 {entry.serial} 号选票有另选他人，但本事项不允许另选他人")


def selection(spec: ItemSpec, entry: BallotEntry) -> tuple[set[int], dict[str, str]]:
    """Candidates (by index) and other persons (key → name as written) this ballot votes 同意 for.

    A write-in naming a listed candidate counts for that candidate; a name written twice counts once.
    """
    chosen = {i for i, m in enumerate(entry.marks) if m == AGREE} if spec.kind != "测评" else set()
    others: dict[str, str] = {}
    if entry.write_ins:
        index = {name_key(c): i for i, c in enumerate(spec.candidates)}
        for written in entry.write_ins:
            key = name_key(written)
            if not key:
                continue
            if key in index:
                chosen.add(index[key])
            else:
                others.setdefault(key, "".join(str(written).split()))
    return chosen, others


def judge_ballot(spec: ItemSpec, entry: BallotEntry) -> Judgement:
    """Judge one ballot: 作废 by the scrutineers, over-marked (more 同意 than seats) → invalid.

    Only 同意 marks and write-in names count toward the limit; 反对 and 弃权 do not, and a blank
    ballot is valid. 表决 and 测评 ballots cannot be over-marked.
    """
    check_marks(spec, entry)
    if entry.void:
        return Judgement(False, "计票人员宣布作废", 0)
    if spec.kind == "测评":
        return Judgement(True, None, sum(1 for m in entry.marks if m != ABSTAIN))
    chosen, others = selection(spec, entry)
    selected = len(chosen) + len(others)
    if spec.kind == "表决":
        return Judgement(True, None, selected)
    if selected > spec.seats:
        return Judgement(False, f"所选 {selected} 人（项）多于应选 {spec.seats} 人（项），为无效票", selected)
    return Judgement(True, None, selected)


def _tally(spec: ItemSpec, ballots) -> _Tally:
    """Count marks over the valid ballots; columns are counted on joined strings for speed."""
    n = spec.width
    t = _Tally()
    plain: list[str] = []  # marks of valid ballots, counted column-wise below
    corrections: list[tuple[str, set[int]]] = []  # (marks, candidates a write-in turned into 同意)
    for entry in ballots:
        judgement = judge_ballot(spec, entry)
        if not judgement.valid:
            t.invalid_ballots += 1
            continue
        t.valid_ballots += 1
        plain.append(entry.marks)
        if entry.write_ins:
            chosen, others = selection(spec, entry)
            extra = {i for i in chosen if entry.marks[i] != AGREE}
            if extra:
                corrections.append((entry.marks, extra))
            for key, written in others.items():
                t.write_in_votes[key] = t.write_in_votes.get(key, 0) + 1
                t.write_in_display.setdefault(key, written)
    joined = "".join(plain)
    columns = [joined[j::n] for j in range(n)] if n else []
    if spec.kind == "测评":
        t.ratings = {m: [col.count(m) for col in columns] for m in RATING_MARKS}
        return t
    t.agree = [col.count(AGREE) for col in columns]
    t.oppose = [col.count(OPPOSE) for col in columns]
    t.abstain = [col.count(ABSTAIN) for col in columns]
    for marks, extra in corrections:
        for i in extra:
            t.agree[i] += 1
            (t.oppose if marks[i] == OPPOSE else t.abstain)[i] -= 1
    return t


def _results(spec: ItemSpec, t: _Tally) -> list[dict]:
    """Candidates in ballot order, then write-ins by descending votes (then by name)."""
    if spec.kind == "表决":
        return [_entry(spec.name, t.agree[0], t.oppose[0], t.abstain[0], False)]
    if spec.kind == "测评":
        r = t.ratings
        return [
            _entry(name, r[SATISFIED][i] + r[BASICALLY_SATISFIED][i], r[UNSATISFIED][i], r[ABSTAIN][i], False)
            for i, name in enumerate(spec.candidates)
        ]
    results = [_entry(name, t.agree[i], t.oppose[i], t.abstain[i], False) for i, name in enumerate(spec.candidates)]
    write_ins = sorted(t.write_in_votes.items(), key=lambda kv: (-kv[1], t.write_in_display[kv[0]]))
    results += [_entry(t.write_in_display[key], votes, 0, 0, True) for key, votes in write_ins]
    return results


def _entry(name: str, agree: int, oppose: int, abstain: int, write_in: bool) -> dict:
    return {"name": name, "agree": agree, "oppose": oppose, "abstain": abstain, "write_in": write_in}


def passes(votes: int, total_deputies: int) -> bool:
    """More than half of 全体代表 — strictly: exactly half is not enough."""
    return votes * 2 > total_deputies


def choose(results: list[dict], seats: int, qualifies) -> tuple[list[str], list[str], int]:
    """Pick the winners among ``results`` for ``seats``: returns (elected, tied, further_seats).

    Those qualified are ranked by 同意 votes (ties keep ballot order). If they fit in the seats,
    all are elected and the shortfall is ``further_seats``. Otherwise those strictly above the vote
    count of the last seat are elected; if the candidates with that count do not fit in the seats
    left, they are ``tied`` and compete again for those seats (further_seats is then 0). A tie
    that fits wholly inside the open seats needs no new vote.
    """
    ranked = sorted((r for r in results if qualifies(r["agree"])), key=lambda r: -r["agree"])
    if len(ranked) <= seats:
        return [r["name"] for r in ranked], [], seats - len(ranked)
    cutoff = ranked[seats - 1]["agree"]
    above = [r["name"] for r in ranked if r["agree"] > cutoff]
    at = [r["name"] for r in ranked if r["agree"] == cutoff]
    if len(above) + len(at) <= seats:
        return above + at, [], 0
    return above, at, 0


def count(spec: ItemSpec, ballots) -> dict:
    """Count one item; returns the per-item JSON object of docs/tally-workbook.md.

    Seats always add up: ``len(elected) + further_seats + open_tie_seats(result) == seats`` for
    选举 and 票决, where the open tie seats are those the ``tied`` candidates compete for again
    (``seats - len(elected)`` when ``tied`` is non-empty, else 0). An invalid item (more ballots
    returned than issued — entered, or counted as ``spec.collected`` before any is entered) reports its counts with nothing elected, no tie and no further seats:
    it is voted on again in full.
    """
    ballots = list(ballots)
    t = _tally(spec, ballots)
    returned = len(ballots)
    # More papers returned than issued voids the vote, whether counted by the scrutineers or by entering them.
    valid = max(returned, spec.collected or 0) <= spec.issued
    results = _results(spec, t)
    elected: list[str] = []
    tied: list[str] = []
    further_seats = 0
    adopted = None
    satisfaction = None
    if spec.kind == "选举" or spec.kind == "票决":
        if spec.kind == "票决" and spec.project_rule == "rank_only":
            qualifies = lambda votes: votes > 0  # noqa: E731 - a project nobody chose is never chosen
        else:
            qualifies = lambda votes: passes(votes, spec.total_deputies)  # noqa: E731
        if valid:
            elected, tied, further_seats = choose(results, spec.seats, qualifies)
    elif spec.kind == "表决":
        adopted = valid and passes(results[0]["agree"], spec.total_deputies)
    else:
        satisfaction = _satisfaction(spec, t)
    return {
        "id": spec.code,
        "name": spec.name,
        "type": spec.kind,
        "seats": spec.seats,
        "total_deputies": spec.total_deputies,
        "issued": spec.issued,
        "returned": returned,
        "valid": valid,
        "valid_ballots": t.valid_ballots,
        "invalid_ballots": t.invalid_ballots,
        "results": results,
        "elected": elected,
        "tied": tied,
        "further_seats": further_seats,
        "adopted": adopted,
        "satisfaction": satisfaction,
    }


def _satisfaction(spec: ItemSpec, t: _Tally) -> list[dict]:
    r = t.ratings
    out = []
    for i, name in enumerate(spec.candidates):
        good = r[SATISFIED][i] + r[BASICALLY_SATISFIED][i]
        out.append(
            {
                "name": name,
                "satisfied": r[SATISFIED][i],
                "basically_satisfied": r[BASICALLY_SATISFIED][i],
                "unsatisfied": r[UNSATISFIED][i],
                "abstain": r[ABSTAIN][i],
                "rate": round(good / t.valid_ballots, 4) if t.valid_ballots else 0.0,
            }
        )
    return out


def open_tie_seats(result: dict) -> int:
    """Seats the ``tied`` candidates of a count compete for in the new vote (0 without a tie)."""
    if not result["tied"]:
        return 0
    return result["seats"] - len(result["elected"])


def post_of(spec: ItemSpec, post: str | None = None) -> str | None:
    """The post an election fills: the one given, or one recognised in the item's name ('选举副乡长')."""
    if post:
        return post.strip()
    if spec.kind != "选举":
        return None
    for known in ("副主席", "副乡长", "副镇长", "主席", "乡长", "镇长"):
        if known in spec.name:
            return known
    return None


def candidate_warnings(spec: ItemSpec, post: str | None = None) -> list[str]:
    """Warnings about the number of candidates (组织法 art. 27; the local 票决办法).

    主席 and 乡(镇)长: one more candidate than seats, or a single candidate (等额).
    副主席 and 副乡(镇)长: one to three more candidates than seats.
    票决: 10%–20% more projects than N, i.e. between max(1, ⌈N/10⌉) and max(that, ⌊N/5⌋) extra
    (so small N are not impossible to satisfy: 4 of 3 and 6 of 5 are accepted).
    """
    n = len(spec.candidates)
    warnings: list[str] = []
    if spec.kind == "选举":
        if n < spec.seats:
            warnings.append(f"候选人 {n} 名少于应选人数 {spec.seats} 名")
        post = post_of(spec, post)
        if post in CHIEF_POSTS:
            if not (n == spec.seats + 1 or (n == 1 and spec.seats == 1)):
                warnings.append(
                    f"{post}候选人应比应选人数多一人（差额），只提名一人时可等额选举；"
                    f"现有候选人 {n} 名，应选 {spec.seats} 名"
                )
        elif post and post.startswith("副") and post[1:] in CHIEF_POSTS:
            if not (spec.seats + 1 <= n <= spec.seats + 3):
                warnings.append(
                    f"{post}候选人应比应选人数多一至三人（差额）；现有候选人 {n} 名，应选 {spec.seats} 名"
                )
    elif spec.kind == "票决":
        low = max(1, -(-spec.seats // 10))
        high = max(low, spec.seats // 5)
        extra = n - spec.seats
        if not (low <= extra <= high):
            warnings.append(
                f"票决候选项目一般应比应选项目多 10%–20%（应选 {spec.seats} 项时为 "
                f"{spec.seats + low}–{spec.seats + high} 项）；现有 {n} 项"
            )
    return warnings


def further_election_candidates(spec: ItemSpec, result: dict, *, extra: int = 1) -> list[str]:
    """Suggested candidates for the next vote after ``result``, highest first-round votes first.

    * Item invalid (returned > issued): the vote is held again in full with all candidates.
    * A tie across the last seat(s): the tied candidates, for the seats left open.
    * Fewer elected than seats (另行选举, art. 29 ¶2): the highest of those not elected by
      first-round 同意 votes, ``further_seats + extra`` of them (差额 by ``extra``), widened to
      include everyone level with the last one; fewer when fewer remain.
    * Otherwise: nothing.
    """
    if not result["valid"]:
        return list(spec.candidates)
    if result["tied"]:
        return list(result["tied"])
    wanted = result["further_seats"]
    if wanted <= 0:
        return []
    elected = set(result["elected"])
    rest = sorted((r for r in result["results"] if r["name"] not in elected), key=lambda r: -r["agree"])
    take = wanted + extra
    if len(rest) <= take:
        return [r["name"] for r in rest]
    last = rest[take - 1]["agree"]
    return [r["name"] for r in rest if r["agree"] >= last]
