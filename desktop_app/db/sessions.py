"""Congress sessions (人代会会议) and their attendance (签到), with the quorum counts."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from ..domain import sessions as session_rules
from ..domain.quorum import quorum_met, quorum_needed
from ..errors import InputError, UserError
from . import audit, records
from . import transaction
from .field_errors import as_input_errors
from .writes import writes

ATTENDANCE_STATUSES = ("出席", "请假", "缺席")


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 19 → 十九, 23 → 二十三 (numbers as written in session titles)."""
    if n < 0 or n >= 100:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + ("" if ones == 0 else _DIGITS[ones])


def default_session_name(term_name: str, number: int) -> str:
    """第十八届 + 3 → 第十八届人民代表大会第三次会议."""
    return f"{term_name}人民代表大会第{chinese_number(number)}次会议"


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    with as_input_errors():
        return session_rules.clean_session(values)


def serving_deputy_count(db: sqlite_utils.Database, term_id: int | None) -> int:
    """Serving township (乡) deputies of the term: the default 全体代表人数."""
    row = db.execute(
        "SELECT COUNT(*) FROM deputies WHERE level = '乡' AND status = '在任' AND deleted_at IS NULL "
        "AND (? IS NULL OR term_id = ?)",
        [term_id, term_id],
    ).fetchone()
    return row[0]


def _check_total_reason(db: sqlite_utils.Database, term_id: int | None, total: int, reason: str | None) -> None:
    """A total that differs from the roster must say why (e.g. a deputy's seat vacant since last month)."""
    problem = session_rules.total_reason_problem(total, serving_deputy_count(db, term_id), reason)
    if problem:
        raise InputError(problem)


@writes
def create_session(db: sqlite_utils.Database, *, term_id: int | None, number: int, name: str | None = None,
                   start_date=None, end_date=None, place: str | None = None, total_deputies: int | None = None,
                   total_reason: str | None = None, agenda: str | None = None) -> int:
    """A new session; ``total_deputies`` defaults to the serving township deputies of the term."""
    if total_deputies is None:
        total_deputies = serving_deputy_count(db, term_id)
        if not total_deputies:
            raise InputError("名册中没有在任的乡镇代表，请填写全体代表人数。")
    if not name and term_id is not None:
        term = db.execute("SELECT name FROM terms WHERE id = ?", [term_id]).fetchone()
        if term:
            name = default_session_name(term[0], int(number))
    values = _clean({"term_id": term_id, "number": number, "name": name, "start_date": start_date,
                     "end_date": end_date, "place": place, "total_deputies": total_deputies,
                     "total_reason": total_reason, "agenda": agenda})
    _check_total_reason(db, values["term_id"], values["total_deputies"], values["total_reason"])
    with transaction.write(db):
        duplicate = db.execute(
            "SELECT id FROM sessions WHERE deleted_at IS NULL AND name = ?", [values["name"]]
        ).fetchone()
        if duplicate:
            raise UserError(f"会议“{values['name']}”已经存在。")
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        session_id = db.execute(f"INSERT INTO sessions({columns}) VALUES ({marks})", list(values.values())).lastrowid
        audit.append(db, "新增会议", entity="session", entity_id=session_id, detail=values)
    return session_id


def get_session(db: sqlite_utils.Database, session_id: int) -> dict:
    rows = list(db.query("SELECT * FROM sessions WHERE id = ?", [session_id]))
    if not rows:
        raise UserError(f"找不到编号为 {session_id} 的会议。")
    return rows[0]


def list_sessions(db: sqlite_utils.Database, *, term_id: int | None = None,
                  include_deleted: bool = False) -> list[dict]:
    """Sessions, newest term and number first."""
    sql = "SELECT s.*, t.name AS term_name FROM sessions s LEFT JOIN terms t ON t.id = s.term_id WHERE 1 = 1"
    params: list[Any] = []
    if term_id is not None:
        sql += " AND s.term_id = ?"
        params.append(term_id)
    if not include_deleted:
        sql += " AND s.deleted_at IS NULL"
    return list(db.query(sql + " ORDER BY COALESCE(t.number, 0) DESC, s.number DESC, s.id DESC", params))


def latest_session(db: sqlite_utils.Database) -> dict | None:
    """The session a command means when none is named: the latest by start date, then by id."""
    rows = list(db.query(
        "SELECT * FROM sessions WHERE deleted_at IS NULL "
        "ORDER BY start_date IS NULL, start_date DESC, id DESC LIMIT 1"))
    return rows[0] if rows else None


def _certified_items(db: sqlite_utils.Database, session_id: int) -> int:
    return db.execute(
        "SELECT COUNT(*) FROM vote_items WHERE session_id = ? AND status = '正式' AND deleted_at IS NULL",
        [session_id],
    ).fetchone()[0]


@writes
def update_session(db: sqlite_utils.Database, session_id: int, **changes: Any) -> dict:
    """Change fields of a session; returns the old values of the changed fields."""
    current = get_session(db, session_id)
    values = _clean(changes)
    changed = {k: v for k, v in values.items() if current[k] != v}
    if not changed:
        return {}
    merged = {**current, **changed}
    with as_input_errors():
        session_rules.check_dates(merged)
    if "total_deputies" in changed:
        # The total is the base of every 过半数: a certified result must not move under the clerk's feet.
        if _certified_items(db, session_id):
            raise UserError("本次会议已有表决事项的结果已确认，不能修改全体代表人数；如确需修改，请先解锁相关事项并说明理由。")
        _check_total_reason(db, merged["term_id"], merged["total_deputies"], merged["total_reason"])
    old = {k: current[k] for k in changed}
    with transaction.write(db):
        records.update(db, "sessions", session_id, changed, action="修改会议", entity="session",
                       detail={"old": old, "new": changed})
    return old


@writes
def delete_session(db: sqlite_utils.Database, session_id: int) -> None:
    """Soft delete; refused once any result of the session is certified."""
    get_session(db, session_id)
    if _certified_items(db, session_id):
        raise UserError("本次会议已有确认的表决结果，不能删除。")
    with transaction.write(db):
        records.soft_delete(db, "sessions", session_id, action="删除会议", entity="session")


@writes
def set_attendance(db: sqlite_utils.Database, session_id: int, deputy_id: int, status: str | None,
                   note: str | None = None) -> None:
    """Record 出席/请假/缺席 for one deputy; ``None`` clears the entry."""
    get_session(db, session_id)
    if status is not None and status not in ATTENDANCE_STATUSES:
        raise InputError(f"签到状态“{status}”无效，应为出席、请假或缺席。")
    deputy = db.execute("SELECT name FROM deputies WHERE id = ?", [deputy_id]).fetchone()
    if deputy is None:
        raise InputError(f"找不到编号为 {deputy_id} 的代表。")
    note = (note or "").strip() or None
    with transaction.write(db):
        old = db.execute("SELECT status, note FROM session_attendance WHERE session_id = ? AND deputy_id = ?",
                         [session_id, deputy_id]).fetchone()
        if old is not None and tuple(old) == (status, note):
            return
        if status is None:
            db.execute("DELETE FROM session_attendance WHERE session_id = ? AND deputy_id = ?",
                       [session_id, deputy_id])
        else:
            db.execute(
                "INSERT INTO session_attendance(session_id, deputy_id, status, note) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(session_id, deputy_id) DO UPDATE SET status = excluded.status, note = excluded.note",
                [session_id, deputy_id, status, note],
            )
        audit.append(db, "签到", entity="session", entity_id=session_id,
                     detail={"deputy_id": deputy_id, "name": deputy[0], "old": None if old is None else old[0],
                             "new": status, "note": note})


@writes
def set_attendance_many(db: sqlite_utils.Database, session_id: int, statuses: dict[int, str | None]) -> None:
    """Several deputies at once (e.g. 全部出席) in one transaction."""
    with transaction.write(db):
        for deputy_id, status in statuses.items():
            set_attendance(db, session_id, deputy_id, status)


def attendance(db: sqlite_utils.Database, session_id: int) -> list[dict]:
    """Every serving township deputy of the session's term (plus anyone already recorded), with status."""
    session = get_session(db, session_id)
    term_id = session["term_id"]
    return list(db.query(
        """
        SELECT d.id AS deputy_id, d.name, d.gender, d.district_id, di.name AS district_name,
               a.status, a.note
        FROM deputies d
        LEFT JOIN districts di ON di.id = d.district_id
        LEFT JOIN session_attendance a ON a.session_id = :session AND a.deputy_id = d.id
        WHERE (d.level = '乡' AND d.status = '在任' AND d.deleted_at IS NULL
               AND (:term IS NULL OR d.term_id = :term))
           OR a.deputy_id IS NOT NULL
        ORDER BY COALESCE(di.code, ''), COALESCE(di.id, 1000000000), d.name_initials, d.id
        """,
        {"session": session_id, "term": term_id},
    ))


def attendance_counts(db: sqlite_utils.Database, session_id: int) -> dict:
    """应到 (全体代表人数), 实到, 请假, 缺席, 未签到, and whether two thirds or more are present."""
    session = get_session(db, session_id)
    counts = dict(db.execute(
        "SELECT status, COUNT(*) FROM session_attendance WHERE session_id = ? GROUP BY status", [session_id]
    ).fetchall())
    expected = session["total_deputies"]
    present = counts.get("出席", 0)
    recorded = sum(counts.values())
    roster = len(attendance(db, session_id))
    return {
        "expected": expected,
        "present": present,
        "leave": counts.get("请假", 0),
        "absent": counts.get("缺席", 0),
        "unset": max(roster - recorded, 0),
        "needed": quorum_needed(expected),
        "quorum_met": quorum_met(present, expected),
    }
