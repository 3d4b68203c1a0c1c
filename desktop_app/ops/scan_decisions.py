"""The scrutineers' review of pending scanned ballots: answer the reader's doubts, or declare a ballot 作废."""

from __future__ import annotations

import sqlite_utils

from ..db import audit
from ..db import ballots as ballots_db
from ..db import scans as scans_db
from ..db import transaction
from ..db import vote_items as items_db
from ..domain import scan_review
from ..domain.ballots import BallotEntry
from ..errors import InputError, UserError
from .changes import Area, Changes

DECIDED = "扫描核定选票"
ANSWERED = "扫描核定待核项"
NEED_BY = "请填写核对人（监票人）姓名。"


def _pending(db: sqlite_utils.Database, scanned_id: int) -> dict:
    row = scans_db.get_scanned(db, scanned_id)
    if row["status"] != scans_db.PENDING:
        raise UserError(f"事项 {row['item_code']} 第 {row['serial']} 号扫描选票已经计入，无需再核定；"
                        "如需修改请在计票页面更正。")
    items_db.require_editable(items_db.get_item(db, row["item_id"]))
    return row


def _label(row: dict) -> str:
    return f"事项 {row['item_code']} 第 {row['serial']} 号选票"


def _where(row: dict) -> dict:
    return {"scanned_id": row["id"], "scan_file_id": row["scan_file_id"], "file_page": row["file_page"],
            "file_sha256": row["file_sha256"]}


def decide_scanned(db: sqlite_utils.Database, scanned_id: int, answers: dict[str, str], *, by: str,
                   why: str = "") -> Changes:
    """Record the scrutineers' answers (added to any given before); once every question of the ballot is
    answered it is written as the keyboard would have typed it and counts. ``Changes.value``:
    {"counted": bool, "ballot_id", "open": [question keys still unanswered]}."""
    by = (by or "").strip()
    if not by:
        raise InputError(NEED_BY)
    why = (why or "").strip()
    row = _pending(db, scanned_id)
    kind, reading, layout = row["kind"], row["reading"], row["layout"]
    asked = {q.key: q for q in scan_review.questions(kind, reading, layout)}
    rows = scan_review.layout_rows(layout)
    given: dict[str, str] = {}
    for key, answer in answers.items():
        question = asked.get(key)
        if question is None:
            raise InputError(f"{_label(row)}没有待核项“{key}”。")
        try:
            given[key] = scan_review.check_answer(question, answer, scan_review.row_words(question, rows))
        except ValueError as err:
            raise InputError(f"{_label(row)}：{err}。") from None
    earlier = (row["decisions"] or {}).get("answers") or {}
    merged = {**earlier, **given}
    open_keys = [k for k in asked if k not in merged]
    decisions = {"answers": merged, "by": by, "why": why}
    with transaction.write(db):
        if open_keys:
            scans_db.set_decisions(db, scanned_id, decisions)
            audit.append(db, ANSWERED, entity="scanned_ballot", entity_id=scanned_id, actor=by, detail={
                "item_id": row["item_id"], "team": row["team"], "serial": row["serial"], "answers": given,
                "by": by, "why": why, "open": open_keys, **_where(row)})
            return Changes(Area.BALLOTS, (row["item_id"],),
                           f"已记录{_label(row)}的核定，还有 {len(open_keys)} 处待核。",
                           {"counted": False, "ballot_id": None, "open": open_keys})
        spec = items_db.item_spec(db, row["item_id"])
        try:
            entry = scan_review.entry(spec, row["serial"], reading, merged, layout)
        except ValueError as err:
            raise InputError(f"{_label(row)}：{err}。") from None
        ballot_id = ballots_db.add_read_ballot(
            db, row["item_id"], row["team"], entry, void_reason=scan_review.void_reason(entry), action=DECIDED,
            extra={**_where(row), "answers": merged, "by": by, "why": why, "scores": reading.get("scores")})
        scans_db.set_decisions(db, scanned_id, decisions, ballot_id)
    return Changes(Area.BALLOTS | Area.VOTE_ITEMS, (row["item_id"],), f"{_label(row)}已核定并计入。",
                   {"counted": True, "ballot_id": ballot_id, "open": []})


def void_scanned(db: sqlite_utils.Database, scanned_id: int, *, reason: str, by: str) -> Changes:
    """The scrutineers declare a pending ballot 作废: it counts as an invalid ballot, with the reason."""
    by = (by or "").strip()
    if not by:
        raise InputError(NEED_BY)
    reason = (reason or "").strip()
    if not reason:
        raise InputError("宣布作废必须说明理由。")
    row = _pending(db, scanned_id)
    entry = BallotEntry(row["serial"], "", void=True)
    with transaction.write(db):
        ballot_id = ballots_db.add_read_ballot(
            db, row["item_id"], row["team"], entry, void_reason=reason, action=DECIDED,
            extra={**_where(row), "by": by, "why": reason,
                   "scores": row["reading"].get("scores")})
        scans_db.set_decisions(db, scanned_id, {"void": reason, "by": by}, ballot_id)
    return Changes(Area.BALLOTS | Area.VOTE_ITEMS, (row["item_id"],), f"{_label(row)}已宣布作废（{reason}）。",
                   {"counted": True, "ballot_id": ballot_id, "open": []})
