"""Benchmark: recount of a stored item (1,000 ballots × 30 candidates) from the database ≤ 50 ms."""

import json
import random
import sqlite3
import time

from desktop_app.db import ballots, sessions, vote_items
from desktop_app.db.connection import open_database
from desktop_app.domain.ballots import BallotEntry, count

LIMIT_SECONDS = 0.050


def best_of(runs, fn):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def test_recount_from_database(tmp_path):
    db = open_database(tmp_path / "bench.db")
    sid = sessions.create_session(db, term_id=None, number=1, name="基准", total_deputies=1000)
    item = vote_items.create_item(db, sid, code="1", name="票决", kind="票决", seats=25, issued=1000)
    vote_items.set_candidates(db, item, [f"项目{k:02d}" for k in range(30)])
    rng = random.Random(7)
    deck = [BallotEntry(n, "".join(rng.choice("YN-") for _ in range(30))) for n in range(1, 1001)]
    ballots.import_workbook_ballots(db, item, deck, team=1)
    spec = vote_items.item_spec(db, item)

    app = best_of(5, lambda: ballots.item_result(db, item))

    # The same work with the bare libraries: one SELECT through sqlite3, then the domain count.
    conn = sqlite3.connect(tmp_path / "bench.db")

    def bare():
        rows = conn.execute("SELECT serial, marks, write_ins, void FROM ballots WHERE item_id = ? AND team = 1 "
                            "ORDER BY serial", [item]).fetchall()
        count(spec, [BallotEntry(r[0], r[1], tuple(json.loads(r[2])), bool(r[3])) for r in rows])

    base = best_of(5, bare)
    conn.close()
    db.close()
    print(f"\nitem_result 1000×30: {app * 1000:.1f} ms; bare sqlite3 + count: {base * 1000:.1f} ms; "
          f"ratio {app / base:.2f}")
    assert app <= LIMIT_SECONDS
