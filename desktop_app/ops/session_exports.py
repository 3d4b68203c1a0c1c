"""The session-day export kinds: ballots, sign-in, tally-workbook, tally-report, announcement, vote-result,
election-certificates. Each takes ``session`` (an id; the latest when None) and, where it concerns one
item, ``item`` (事项编号) and ``rehearsal``, and goes through the functions the pages call.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from ..errors import InputError
from .file_kinds import suffix_of
from .session_lookup import item_for, items_of, session_for


def _one_item(db: sqlite_utils.Database, session: int | None, item: str | None, rehearsal: bool) -> dict:
    """The item ``--item`` names in the ``--session`` (the latest when None)."""
    return item_for(db, session_for(db, session)["id"], item, rehearsal=rehearsal)


def export_ballots(db: sqlite_utils.Database, out_path: Path, *, session: int | None = None, item: str | None = None,
                   rehearsal: bool = False, paper: str | None = None, stub: str | None = None,
                   count: int | None = None, first: int | None = None, layout_out: Path | None = None) -> Path:
    """选票 of one item, numbered; paper, wording and count default to the item's last print run; with
    ``layout_out`` also their layout as JSON (docs/ballot-layout.md)."""
    from . import ballot_papers

    suffix_of(out_path, (".pdf",))
    row = _one_item(db, session, item, rehearsal)
    choices = ballot_papers.saved_choices(db, row["id"])
    if paper is not None:
        choices.paper, choices.orientation = ballot_papers.paper_choice(paper)
    if stub is not None:
        choices.stub = stub
    if count is not None:
        choices.copies = count
    if first is not None:
        choices.first = first
    if choices.copies < 1 or choices.first < 1:
        raise InputError("--count 和 --first 应为正整数。")
    if layout_out is not None:
        suffix_of(Path(layout_out), (".json",), "选票版式")
    return ballot_papers.render_ballots(db, row["id"], out_path, choices, layout_out=layout_out)


def export_sign_in(db: sqlite_utils.Database, out_path: Path, *, session: int | None = None) -> Path:
    """签到表 of the session."""
    from . import ballot_papers

    suffix_of(out_path, (".pdf",))
    return ballot_papers.render_sign_in(db, session_for(db, session)["id"], out_path)


def export_tally_workbook(db: sqlite_utils.Database, out_path: Path, *, session: int | None = None,
                          item: str | None = None, rehearsal: bool = False, team: int | None = None) -> Path:
    """The tally workbook of ``item`` (all items of the session without it): blank, or ``team``'s ballots."""
    from . import tally_workbook

    suffix_of(out_path, (".xlsx",), "计票数据表")
    session_id = session_for(db, session)["id"]
    if item is None:
        ids = [i["id"] for i in items_of(db, session_id, rehearsal=rehearsal)]
    else:
        ids = [item_for(db, session_id, item, rehearsal=rehearsal)["id"]]
    return tally_workbook.write_items(db, ids, out_path, team=team)


def export_tally_report(db: sqlite_utils.Database, out_path: Path, *, session: int | None = None,
                        item: str | None = None, rehearsal: bool = False) -> Path:
    """计票结果报告单 of one item."""
    from . import session_documents

    suffix_of(out_path, (".pdf",))
    row = _one_item(db, session, item, rehearsal)
    return session_documents.render_tally_report(db, row["id"], out_path)


def export_announcement(db: sqlite_utils.Database, out_path: Path, *, session: int | None = None,
                        item: str | None = None, rehearsal: bool = False, number: int | None = None) -> Path:
    """选举结果公告 of the session's 选举 items, or of ``item``."""
    from . import session_documents

    suffix_of(out_path, (".pdf",))
    session_id = session_for(db, session)["id"]
    if item is None:
        ids = session_documents.election_item_ids(db, session_id, rehearsal=rehearsal)
    else:
        ids = [item_for(db, session_id, item, rehearsal=rehearsal)["id"]]
    return session_documents.render_announcement(db, ids, out_path, number=number)


def export_vote_result(db: sqlite_utils.Database, out_path: Path, *, session: int | None = None,
                       item: str | None = None, rehearsal: bool = False) -> Path:
    """表决结果, 票决结果 or 测评结果 of one item."""
    from . import session_documents

    suffix_of(out_path, (".pdf",))
    row = _one_item(db, session, item, rehearsal)
    return session_documents.render_vote_result(db, row["id"], out_path)


def export_election_certificates(db: sqlite_utils.Database, out_path: Path, *, session: int | None = None,
                                 item: str | None = None, rehearsal: bool = False) -> Path:
    """当选证书 of one 选举 item's elected, at the calibrated offset."""
    from . import session_documents

    suffix_of(out_path, (".pdf",))
    row = _one_item(db, session, item, rehearsal)
    return session_documents.render_election_certificates(db, row["id"], out_path)


SESSION_EXPORTERS = {
    "ballots": export_ballots,
    "sign-in": export_sign_in,
    "tally-workbook": export_tally_workbook,
    "tally-report": export_tally_report,
    "announcement": export_announcement,
    "vote-result": export_vote_result,
    "election-certificates": export_election_certificates,
}
