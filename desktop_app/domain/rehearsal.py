"""Rehearsal (演练) decks: pre-marked sample ballots covering every option, with the result they must give.

The expected result is tallied while the deck is built, from what each ballot was made to be
(valid, over-marked or 作废), and decided by a formulation of the rules separate from
``ballots.count`` — so entering the deck and counting it is a real check of the entry and the count.
"""

from __future__ import annotations

import random

from .ballots import ABSTAIN, AGREE, OPPOSE, RATING_MARKS, BallotEntry, ItemSpec, name_key

# Names for write-ins; any that collide with a listed candidate are skipped.
_WRITE_IN_POOL = ("赵六", "钱七", "孙八", "周九", "吴十一", "郑晓红")


class _Deck:
    """Ballots under construction with their expected counts."""

    def __init__(self, spec: ItemSpec):
        self.spec = spec
        self.ballots: list[tuple[str, tuple[str, ...], bool]] = []  # (marks, write_ins, void)
        n = spec.width
        self.agree = [0] * n
        self.oppose = [0] * n
        self.abstain = [0] * n
        self.ratings = {m: [0] * n for m in RATING_MARKS}
        self.write_ins: dict[str, int] = {}
        self.valid_ballots = 0
        self.over_marked = 0
        self.void = 0

    def add_valid(self, marks: str, write_ins: tuple[str, ...] = (), *, counts_for: dict[int, str] | None = None):
        """A valid ballot; ``counts_for`` maps a candidate index to its write-in (counted 同意 there)."""
        counts_for = counts_for or {}
        self.ballots.append((marks, write_ins, False))
        self.valid_ballots += 1
        for i, mark in enumerate(marks):
            if self.spec.kind == "测评":
                self.ratings[mark][i] += 1
            elif mark == AGREE or i in counts_for:
                self.agree[i] += 1
            elif mark == OPPOSE:
                self.oppose[i] += 1
            else:
                self.abstain[i] += 1
        listed = {name_key(self.spec.candidates[i]) for i in counts_for}
        for name in dict.fromkeys(name_key(w) for w in write_ins):
            if name not in listed:
                self.write_ins[name] = self.write_ins.get(name, 0) + 1

    def add_over_marked(self, marks: str, write_ins: tuple[str, ...] = ()):
        self.ballots.append((marks, write_ins, False))
        self.over_marked += 1

    def add_void(self, marks: str):
        self.ballots.append((marks, (), True))
        self.void += 1


def _other_mark(rng: random.Random) -> str:
    return OPPOSE if rng.random() < 0.4 else ABSTAIN


def _coverage(deck: _Deck, rng: random.Random, write_in_names: list[str]) -> None:
    """Ballots that give every candidate every option, a blank one, write-ins, over-marked and 作废."""
    spec = deck.spec
    n = spec.width
    if spec.kind == "测评":
        for shift in range(len(RATING_MARKS)):
            deck.add_valid("".join(RATING_MARKS[(i + shift) % len(RATING_MARKS)] for i in range(n)))
        deck.add_valid(ABSTAIN * n)
        deck.add_void("".join(rng.choice(RATING_MARKS) for _ in range(n)))
        return
    if spec.kind == "表决":
        for mark in (AGREE, OPPOSE, ABSTAIN):
            deck.add_valid(mark)
        deck.add_void(AGREE)
        return
    # Each candidate once 同意 (alone), its neighbour 反对 on that ballot; the blank ballot gives 弃权.
    for i in range(n):
        marks = [ABSTAIN] * n
        marks[i] = AGREE
        if n > 1:
            marks[(i + 1) % n] = OPPOSE
        deck.add_valid("".join(marks))
    if n == 1:
        deck.add_valid(OPPOSE)
    deck.add_valid(ABSTAIN * n)
    # Exactly as many 同意 as seats: the limit itself is valid.
    if n >= spec.seats:
        deck.add_valid(AGREE * spec.seats + ABSTAIN * (n - spec.seats))
    if spec.allow_write_in and write_in_names:
        name = write_in_names[0]
        deck.add_valid(ABSTAIN * n, (name,))
        deck.add_valid(OPPOSE * n if spec.seats == 1 else ABSTAIN * n, (name, name))  # same name twice: once
        if n:
            # A write-in naming a listed candidate counts as 同意 for that candidate.
            deck.add_valid(ABSTAIN * n, (spec.candidates[0],), counts_for={0: spec.candidates[0]})
    # Over-marked: one more 同意 than seats, by marks and (when allowed) by a write-in.
    if n >= spec.seats + 1:
        deck.add_over_marked(AGREE * (spec.seats + 1) + ABSTAIN * (n - spec.seats - 1))
    if spec.allow_write_in and write_in_names and n >= spec.seats:
        deck.add_over_marked(AGREE * spec.seats + ABSTAIN * (n - spec.seats), (write_in_names[-1],))
    deck.add_void("".join(rng.choice(AGREE + OPPOSE + ABSTAIN) for _ in range(n)))


def _filler(deck: _Deck, rng: random.Random, count: int) -> None:
    """Ordinary valid ballots: each candidate has a popularity; no ballot exceeds the seats."""
    spec = deck.spec
    n = spec.width
    popularity = [rng.uniform(0.45, 1.0) for _ in range(n)]
    for _ in range(count):
        if spec.kind == "测评":
            marks = "".join(rng.choices(RATING_MARKS, weights=(5, 3, 1, 1))[0] for _ in range(n))
            deck.add_valid(marks)
            continue
        wanted = [i for i in range(n) if rng.random() < popularity[i]]
        if spec.kind != "表决":
            wanted = sorted(wanted, key=lambda i: -popularity[i])[: spec.seats]
        marks = "".join(AGREE if i in wanted else _other_mark(rng) for i in range(n))
        deck.add_valid(marks)


def _decide(named_votes: list[tuple[str, int]], seats: int, qualifies) -> tuple[list[str], list[str], int]:
    """Elected/tied/further seats, judging each candidate by how many are above and level with them."""
    qualified = [(name, v) for name, v in named_votes if qualifies(v)]
    elected, tied = [], []
    for name, v in qualified:
        above = sum(1 for _, w in qualified if w > v)
        level = sum(1 for _, w in qualified if w == v)
        if above + level <= seats:
            elected.append((name, v))
        elif above < seats:
            tied.append((name, v))
    elected.sort(key=lambda nv: -nv[1])
    tied.sort(key=lambda nv: -nv[1])
    further = 0 if tied else seats - len(elected)
    return [n for n, _ in elected], [n for n, _ in tied], further


def _expected(deck: _Deck) -> dict:
    spec = deck.spec
    returned = len(deck.ballots)
    valid = returned <= spec.issued
    if spec.kind == "测评":
        r = deck.ratings
        results = [
            {"name": c, "agree": r["S"][i] + r["B"][i], "oppose": r["U"][i], "abstain": r["-"][i], "write_in": False}
            for i, c in enumerate(spec.candidates)
        ]
    else:
        names = [spec.name] if spec.kind == "表决" else list(spec.candidates)
        results = [
            {"name": c, "agree": deck.agree[i], "oppose": deck.oppose[i], "abstain": deck.abstain[i], "write_in": False}
            for i, c in enumerate(names)
        ]
        for name, votes in sorted(deck.write_ins.items(), key=lambda kv: (-kv[1], kv[0])):
            results.append({"name": name, "agree": votes, "oppose": 0, "abstain": 0, "write_in": True})
    elected, tied, further = [], [], 0
    adopted = satisfaction = None
    if spec.kind in ("选举", "票决"):
        if spec.kind == "票决" and spec.project_rule == "rank_only":
            qualifies = lambda v: v >= 1  # noqa: E731
        else:
            qualifies = lambda v: v > spec.total_deputies / 2  # noqa: E731
        if valid:
            elected, tied, further = _decide([(r["name"], r["agree"]) for r in results], spec.seats, qualifies)
    elif spec.kind == "表决":
        adopted = valid and results[0]["agree"] > spec.total_deputies / 2
    else:
        satisfaction = []
        for i, c in enumerate(spec.candidates):
            r = deck.ratings
            good = r["S"][i] + r["B"][i]
            satisfaction.append(
                {
                    "name": c,
                    "satisfied": r["S"][i],
                    "basically_satisfied": r["B"][i],
                    "unsatisfied": r["U"][i],
                    "abstain": r["-"][i],
                    "rate": round(good / deck.valid_ballots, 4) if deck.valid_ballots else 0.0,
                }
            )
    return {
        "id": spec.code,
        "name": spec.name,
        "type": spec.kind,
        "seats": spec.seats,
        "total_deputies": spec.total_deputies,
        "issued": spec.issued,
        "returned": returned,
        "valid": valid,
        "valid_ballots": deck.valid_ballots,
        "invalid_ballots": deck.over_marked + deck.void,
        "results": results,
        "elected": elected,
        "tied": tied,
        "further_seats": further,
        "adopted": adopted,
        "satisfaction": satisfaction,
    }


def make_deck(spec: ItemSpec, *, seed: int, size: int | None = None) -> tuple[list[BallotEntry], dict]:
    """A shuffled rehearsal deck with serials 1..N and the count it must give.

    The deck has ``size`` ballots (default: as many as were issued, at least enough to cover every
    option): every candidate 同意/反对/弃权 (测评: each rating), a blank ballot, a ballot at exactly
    the limit, write-ins when allowed (a new name, the same name twice, a listed candidate's name),
    over-marked ballots and one 作废; the rest are ordinary valid ballots.
    """
    rng = random.Random(seed)
    deck = _Deck(spec)
    taken = {name_key(c) for c in spec.candidates}
    write_in_names = [w for w in _WRITE_IN_POOL if name_key(w) not in taken]
    _coverage(deck, rng, write_in_names)
    target = spec.issued if size is None else size
    _filler(deck, rng, max(0, target - len(deck.ballots)))
    order = list(range(len(deck.ballots)))
    rng.shuffle(order)
    entries = [
        BallotEntry(serial, *deck.ballots[index][:2], void=deck.ballots[index][2])
        for serial, index in enumerate(order, start=1)
    ]
    return entries, _expected(deck)


def over_marked_count(expected: dict, entries: list[BallotEntry]) -> int:
    """Over-marked ballots in a deck: invalid ballots that were not declared 作废."""
    return expected["invalid_ballots"] - sum(1 for e in entries if e.void)
