"""Recount of an item with 1,000 ballots × 30 candidates: ≤ 50 ms (issue 7, Speed)."""

from __future__ import annotations

import random
import time

from desktop_app.domain.ballots import BallotEntry, ItemSpec, count

LIMIT_S = 0.050


def _deck(seed=7):
    rng = random.Random(seed)
    spec = ItemSpec("1", "选举代表", "选举", 10, 1200, 1000, True, tuple(f"候选人{i:02d}" for i in range(30)))
    ballots = []
    for serial in range(1, 1001):
        chosen = set(rng.sample(range(30), rng.choice((9, 10, 10, 10, 11))))  # some over-marked
        marks = "".join("Y" if i in chosen else rng.choice("N--") for i in range(30))
        write_ins = ("王五",) if serial % 37 == 0 else ()
        ballots.append(BallotEntry(serial, marks, write_ins, void=serial % 101 == 0))
    return spec, ballots


def _best(fn, repeat=15):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _bare(marks_list):
    counts = [0] * 30
    for marks in marks_list:
        for j, c in enumerate(marks):
            if c == "Y":
                counts[j] += 1
    return counts


def test_recount_1000_ballots_30_candidates():
    spec, ballots = _deck()
    marks_list = [b.marks for b in ballots]
    result = count(spec, ballots)
    assert result["valid_ballots"] + result["invalid_ballots"] == 1000
    ours = _best(lambda: count(spec, ballots))
    bare = _best(lambda: _bare(marks_list))
    print(f"\ncount(): 1000 ballots x 30 candidates in {ours * 1000:.2f} ms; "
          f"bare per-column 'Y' loop {bare * 1000:.2f} ms; ratio {ours / bare:.2f}x")
    assert ours <= LIMIT_S
