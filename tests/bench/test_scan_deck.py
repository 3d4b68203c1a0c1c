"""Benchmark: the full scanning test deck on the kept-back seed (docs/ballot-layout.md, issue 14's numbers).

No box read confidently is wrong; at most 2 % of the boxes of ordinary ballots go to 待核; every blank,
unreadable, foreign and duplicate page and never-printed serial is reported; a ballot that cannot be read is
reported as an unreadable page (at most 1 % of them); at least 120 ballots a minute.
The deck's pages are written as files first; the bare cost of decoding them (reading the image files) is
printed beside the reader's time.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scan"))

import deck as deck_module  # noqa: E402 - after the path insert
from scan_fixtures import make_session  # noqa: E402


def test_full_deck_on_the_kept_back_seed(db, tmp_path):
    from desktop_app.db import sessions as sessions_db
    from desktop_app.db import transaction
    from desktop_app.db import vote_items as items_db
    from desktop_app.ops.scan_ballots import scan_ballots

    session = make_session(db)
    with transaction.write(db):
        sid = sessions_db.create_session(db, term_id=None, number=2, name="第二次会议", start_date="2026-06-10",
                                         total_deputies=40)
        other = items_db.create_item(db, sid, code="1", name="补选副镇长", kind="选举", seats=1)
        items_db.set_candidates(db, other, ["孙明"])
    session["other"] = {"id": sid, "选举": other}
    deck = deck_module.make_deck(db, session, tmp_path / "deck", seed=deck_module.KEPT_BACK_SEED,
                                 size=deck_module.FULL)

    start = time.perf_counter()
    for path in deck.files:
        cv2.imdecode(np.fromfile(str(path), dtype=np.uint8), cv2.IMREAD_UNCHANGED)
    bare = time.perf_counter() - start
    start = time.perf_counter()
    report = scan_ballots(db, deck.files, session=session["id"])
    ours = time.perf_counter() - start
    verdict = deck_module.judge(deck, report)
    per_minute = len(report["ballots"]) / ours * 60
    print(f"\nscan deck seed {deck_module.KEPT_BACK_SEED}: {len(deck.files)} pages, {len(report['ballots'])} ballots, "
          f"{verdict.boxes} boxes; wrong {len(verdict.wrong)}; 待核 on ordinary ballots {verdict.review_ordinary}/"
          f"{verdict.boxes_ordinary} = {verdict.review_rate:.1%}; {ours:.1f} s ({per_minute:.0f} ballots a minute), "
          f"of which decoding the files alone {bare:.1f} s")
    for line in verdict.wrong[:20]:
        print("  ", line)
    for line in verdict.missing:
        print("   not read (reported as unreadable):", line)
    assert verdict.wrong == []
    assert verdict.review_rate <= 0.02
    assert report["blank_pages"] == deck.blank_pages
    assert report["foreign_pages"] == deck.foreign_pages
    assert report["duplicate_pages"] == deck.duplicate_pages
    assert report["not_printed_serials"] == deck.not_printed_serials
    # a ballot the reader cannot read is never guessed: its page is reported unreadable, for a person to see;
    # on this deck that is at most 1 % of the ballots (codes of heavily blurred 150 dpi scans)
    missed_pages = [e.page for e in deck.ballots if (e.item, e.serial) not in
                    {(b["item"], b["serial"]) for b in report["ballots"]}]
    assert sorted(report["unreadable_pages"]) == sorted(deck.unreadable_pages + missed_pages)
    assert len(missed_pages) <= 0.01 * len(deck.ballots)
    assert per_minute >= 120
