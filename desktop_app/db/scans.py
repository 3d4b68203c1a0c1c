"""The scan store: the files a scanner wrote (with the kept copy and its hash) and each ballot read from them,
counted or pending the scrutineers (扫描计票, docs/ballot-layout.md)."""

from __future__ import annotations

import json

import sqlite_utils

from ..errors import UserError
from .writes import writes

COUNTED, PENDING = "counted", "pending"
SCANS_FOLDER = "scans"          # under the attachments folder: scans/<session id>/<file>
_JSON = ("homography", "layout", "reading", "decisions")


def _dump(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _decoded(row: dict) -> dict:
    for key in _JSON:
        if key in row:
            row[key] = None if row[key] is None else json.loads(row[key])
    return row


@writes
def add_scan_file(db: sqlite_utils.Database, session_id: int, team: int, name: str, sha256: str, pages: int,
                  render_dpi: int | None, stored: str | None, stored_sha256: str | None) -> int:
    """One file as scanned (its own name and hash) and where its kept copy lies; returns its id."""
    return db.execute(
        "INSERT INTO scan_files(session_id, team, name, sha256, pages, render_dpi, stored, stored_sha256) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [session_id, team, name, sha256, pages, render_dpi, stored, stored_sha256]).lastrowid


@writes
def add_scanned(db: sqlite_utils.Database, item_id: int, team: int, serial: int, scan_file_id: int, file_page: int,
                homography, layout, reading, status: str, ballot_id: int | None) -> int:
    """One ballot read from a scan (``homography``, ``layout`` and ``reading`` as plain data); returns its id."""
    if status not in (COUNTED, PENDING):
        raise ValueError(f"unknown scanned ballot status {status!r}")
    return db.execute(
        "INSERT INTO scanned_ballots(item_id, team, serial, scan_file_id, file_page, homography, layout, reading, "
        "status, ballot_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [item_id, team, serial, scan_file_id, file_page, _dump(homography), _dump(layout), _dump(reading), status,
         ballot_id]).lastrowid


_SELECT = ("SELECT s.*, f.name AS file_name, f.stored AS file_stored, f.render_dpi AS render_dpi, "
           "f.session_id AS session_id, f.sha256 AS file_sha256, i.code AS item_code, i.name AS item_name, "
           "i.kind AS kind FROM scanned_ballots s JOIN scan_files f ON f.id = s.scan_file_id "
           "JOIN vote_items i ON i.id = s.item_id")


def get_scanned(db: sqlite_utils.Database, scanned_id: int) -> dict:
    """One scanned ballot with its JSON columns decoded and its file's name, kept copy, dpi and session."""
    rows = list(db.query(f"{_SELECT} WHERE s.id = ?", [scanned_id]))
    if not rows:
        raise UserError(f"找不到编号为 {scanned_id} 的扫描选票。")
    return _decoded(rows[0])


def scanned_for_ballot(db: sqlite_utils.Database, ballot_id: int) -> dict | None:
    """The scan a counted ballot was read from, or None (typed or imported from a workbook)."""
    rows = list(db.query(f"{_SELECT} WHERE s.ballot_id = ?", [ballot_id]))
    return _decoded(rows[0]) if rows else None


def pending(db: sqlite_utils.Database, *, session_id: int | None = None, item_id: int | None = None) -> list[dict]:
    """The ballots waiting for the scrutineers, by item (as the session lists them), then serial."""
    where, params = ["s.status = ?"], [PENDING]
    if session_id is not None:
        where.append("i.session_id = ?")
        params.append(session_id)
    if item_id is not None:
        where.append("s.item_id = ?")
        params.append(item_id)
    sql = f"{_SELECT} WHERE {' AND '.join(where)} ORDER BY i.sort_order, i.id, s.serial, s.team"
    return [_decoded(r) for r in db.query(sql, params)]


def pending_count(db: sqlite_utils.Database, item_id: int) -> int:
    return db.execute("SELECT COUNT(*) FROM scanned_ballots WHERE item_id = ? AND status = ?",
                      [item_id, PENDING]).fetchone()[0]


def pending_serials(db: sqlite_utils.Database, item_id: int) -> list[int]:
    return [r[0] for r in db.execute("SELECT DISTINCT serial FROM scanned_ballots WHERE item_id = ? AND status = ? "
                                     "ORDER BY serial", [item_id, PENDING])]


def pending_message(db: sqlite_utils.Database, item_id: int) -> str | None:
    """Why the item cannot be certified while scanned ballots wait for the scrutineers (None: none wait)."""
    waiting = pending_serials(db, item_id)
    if not waiting:
        return None
    listed = "、".join(f"{s:03d}" for s in waiting[:20]) + ("等" if len(waiting) > 20 else "")
    return (f"还有 {pending_count(db, item_id)} 张扫描选票待核（第 {listed} 号），请监票人在“扫描计票”中逐张核定后"
            "再确认结果。")


def is_pending(db: sqlite_utils.Database, item_id: int, team: int, serial: int) -> bool:
    return db.execute("SELECT 1 FROM scanned_ballots WHERE item_id = ? AND team = ? AND serial = ? AND status = ?",
                      [item_id, team, serial, PENDING]).fetchone() is not None


def scanned_serials(db: sqlite_utils.Database, item_id: int, team: int) -> set[int]:
    """Serials this team already has from a scan, counted or pending."""
    return {r[0] for r in db.execute("SELECT serial FROM scanned_ballots WHERE item_id = ? AND team = ?",
                                     [item_id, team])}


def scan_files(db: sqlite_utils.Database, session_id: int) -> list[dict]:
    """The session's scan files, oldest first, with how many ballots of each are counted and pending."""
    return list(db.query(
        "SELECT f.*, (SELECT COUNT(*) FROM scanned_ballots s WHERE s.scan_file_id = f.id AND s.status = 'counted') "
        "AS counted, (SELECT COUNT(*) FROM scanned_ballots s WHERE s.scan_file_id = f.id AND s.status = 'pending') "
        "AS pending FROM scan_files f WHERE f.session_id = ? ORDER BY f.id", [session_id]))


def get_scan_file(db: sqlite_utils.Database, scan_file_id: int) -> dict:
    rows = list(db.query("SELECT * FROM scan_files WHERE id = ?", [scan_file_id]))
    if not rows:
        raise UserError(f"找不到编号为 {scan_file_id} 的扫描文件。")
    return rows[0]


def scanned_item_ids(db: sqlite_utils.Database, session_id: int) -> list[int]:
    """The items of the session that have scanned ballots."""
    return [r[0] for r in db.execute(
        "SELECT DISTINCT s.item_id FROM scanned_ballots s JOIN vote_items i ON i.id = s.item_id "
        "WHERE i.session_id = ? ORDER BY s.item_id", [session_id])]


@writes
def set_decisions(db: sqlite_utils.Database, scanned_id: int, decisions: dict,
                  ballot_id: int | None = None) -> None:
    """Record the scrutineers' answers; with ``ballot_id`` the ballot is written and now counts."""
    if ballot_id is None:
        db.execute("UPDATE scanned_ballots SET decisions = ? WHERE id = ?", [_dump(decisions), scanned_id])
    else:
        db.execute("UPDATE scanned_ballots SET decisions = ?, status = ?, ballot_id = ? WHERE id = ?",
                   [_dump(decisions), COUNTED, ballot_id, scanned_id])


@writes
def forget_ballot(db: sqlite_utils.Database, ballot_id: int) -> int | None:
    """A counted ballot deleted: its scan record goes too (the serial may be scanned again); the removed id."""
    row = db.execute("SELECT id FROM scanned_ballots WHERE ballot_id = ?", [ballot_id]).fetchone()
    if row is None:
        return None
    db.execute("DELETE FROM scanned_ballots WHERE id = ?", [row[0]])
    return row[0]


@writes
def forget_items(db: sqlite_utils.Database, item_ids: list[int]) -> int:
    """Every scan record of these items (清除演练 deletes them with their ballots); how many."""
    if not item_ids:
        return 0
    marks = ", ".join("?" for _ in item_ids)
    return db.execute(f"DELETE FROM scanned_ballots WHERE item_id IN ({marks})", item_ids).rowcount


@writes
def mark_deleted(db: sqlite_utils.Database, scan_file_id: int) -> None:
    """The kept copy of a file was deleted (after certification): the row stays, without a copy."""
    db.execute("UPDATE scan_files SET stored = NULL, stored_sha256 = NULL, "
               "deleted_at = datetime('now', 'localtime') WHERE id = ?", [scan_file_id])


def verify_scan_files(db: sqlite_utils.Database) -> list[str]:
    """Chinese problem lines for kept scan copies that are missing or changed (for ``check``); a copy deleted
    after certification (recorded as deleted) is no problem."""
    from .attachments import file_sha256, folder

    if "scan_files" not in db.table_names():
        return []
    problems = []
    base = folder(db)
    for file_id, name, stored, digest, deleted in db.execute(
            "SELECT id, name, stored, stored_sha256, deleted_at FROM scan_files ORDER BY id"):
        if stored is None:
            if deleted is None:
                problems.append(f"扫描文件 {file_id}（{name}）没有保存的副本，也没有删除记录。")
            continue
        path = base / stored
        if not path.is_file():
            problems.append(f"扫描文件 {file_id}（{name}）保存的副本缺失：{path}")
        elif file_sha256(path) != digest:
            problems.append(f"扫描文件 {file_id}（{name}）保存的副本内容与登记时不一致：{path}")
    return problems
