"""Benchmark: the full scanning test deck on the kept-back seed (docs/ballot-layout.md, issue 14's numbers).

No box read confidently is wrong; at most 2 % of the boxes of ordinary ballots go to 待核; every blank,
unreadable, foreign and duplicate page and never-printed serial is reported; a ballot that cannot be read is
reported as an unreadable page (at most 1 % of them); at least 120 ballots a minute. The deck's pages (grey,
1-bit and colour image files, and colour "scan to PDF" files) are written first; the bare cost of decoding
the same pages (cv2.imdecode for an image, pypdfium2 rasterising a PDF page at the reader's resolution, in
colour as the reader does) is printed beside the reader's time, with the ratio of the two.
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


def decode_bare(files: list[Path], dpi: int) -> int:
    """What the bare libraries take to decode the pages: the number of pages decoded."""
    import pypdfium2 as pdfium

    pages = 0
    for path in files:
        if path.suffix.lower() == ".pdf":
            document = pdfium.PdfDocument(str(path))
            try:
                for page in document:
                    page.render(scale=dpi / 72).to_numpy()
                    pages += 1
            finally:
                document.close()
        else:
            cv2.imdecode(np.fromfile(str(path), dtype=np.uint8), cv2.IMREAD_UNCHANGED)
            pages += 1
    return pages


def run_deck(db, folder: Path, seed: int, size: deck_module.DeckSize = deck_module.FULL) -> None:
    """Make the deck of ``seed``, read it, print the figures and assert the issue's numbers."""
    from desktop_app.db import sessions as sessions_db
    from desktop_app.db import transaction
    from desktop_app.db import vote_items as items_db
    from desktop_app.ops.scan_ballots import scan_ballots
    from desktop_app.reports.scan.images import PDF_DPI

    session = make_session(db)
    with transaction.write(db):
        sid = sessions_db.create_session(db, term_id=None, number=2, name="第二次会议", start_date="2026-06-10",
                                         total_deputies=40)
        other = items_db.create_item(db, sid, code="1", name="补选副镇长", kind="选举", seats=1)
        items_db.set_candidates(db, other, ["孙明"])
    session["other"] = {"id": sid, "选举": other}
    deck = deck_module.make_deck(db, session, folder, seed=seed, size=size)

    start = time.perf_counter()
    decoded = decode_bare(deck.files, PDF_DPI)
    bare = time.perf_counter() - start
    start = time.perf_counter()
    report = scan_ballots(db, deck.files, session=session["id"])
    ours = time.perf_counter() - start
    verdict = deck_module.judge(deck, report)
    per_minute = len(report["ballots"]) / ours * 60
    print(f"\nscan deck seed {seed}: {report['pages']} pages in {len(deck.files)} files ({len(deck.colour_pages)} "
          f"in colour, {len(deck.pdf_pages)} of them in scan-to-PDF files), {len(report['ballots'])} ballots, "
          f"{verdict.boxes} boxes; wrong {len(verdict.wrong)}; 待核 on ordinary ballots {verdict.review_ordinary}/"
          f"{verdict.boxes_ordinary} = {verdict.review_rate:.1%}; ours {ours:.1f} s ({per_minute:.0f} ballots a "
          f"minute), bare decoding of the same pages {bare:.1f} s; ratio ours/bare {ours / bare:.1f}×")
    for line in verdict.wrong[:20]:
        print("  ", line)
    for line in verdict.missing:
        print("   not read (reported as unreadable):", line)
    assert decoded == report["pages"] == len(deck.page_names)
    assert deck.colour_pages and deck.pdf_pages
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


def test_full_deck_on_the_kept_back_seed(db, tmp_path):
    run_deck(db, tmp_path / "deck", deck_module.KEPT_BACK_SEED)
