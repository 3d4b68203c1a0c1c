"""Reading vote items: the stored row with its options, its candidates, and the domain spec built from them."""

from __future__ import annotations

import json

import sqlite_utils

from ..domain.ballots import ItemSpec
from ..errors import InputError, UserError
from .sessions import get_session

CERTIFIED, DRAFT = "正式", "草稿"

LOCKED_MESSAGE = "该事项结果已确认，如需更正请先解锁并说明理由"


def _row(db: sqlite_utils.Database, item_id: int) -> dict:
    rows = list(db.query("SELECT * FROM vote_items WHERE id = ? AND deleted_at IS NULL", [item_id]))
    if not rows:
        raise UserError(f"找不到编号为 {item_id} 的表决事项。")
    return rows[0]


def _decode(row: dict) -> dict:
    row = dict(row)
    row["options"] = json.loads(row["options"]) if row.get("options") else {}
    return row


def get_item(db: sqlite_utils.Database, item_id: int) -> dict:
    """The item's row, ``options`` decoded to a dict."""
    return _decode(_row(db, item_id))


def require_editable(item: dict) -> None:
    """Raise when the item's result is certified (status 正式)."""
    if item["status"] == CERTIFIED:
        raise UserError(LOCKED_MESSAGE)


def code_taken(db: sqlite_utils.Database, session_id: int, rehearsal: int, code: str,
                except_id: int | None = None) -> bool:
    row = db.execute(
        "SELECT id FROM vote_items WHERE session_id = ? AND rehearsal = ? AND code = ? AND id IS NOT ?",
        [session_id, rehearsal, code, except_id],
    ).fetchone()
    return row is not None


def ballot_count(db: sqlite_utils.Database, item_id: int, team: int | None = None) -> int:
    if team is None:
        return db.execute("SELECT COUNT(*) FROM ballots WHERE item_id = ?", [item_id]).fetchone()[0]
    return db.execute("SELECT COUNT(*) FROM ballots WHERE item_id = ? AND team = ?", [item_id, team]).fetchone()[0]


def list_candidates(db: sqlite_utils.Database, item_id: int) -> list[dict]:
    return list(db.query("SELECT * FROM candidates WHERE item_id = ? ORDER BY sort_order, id", [item_id]))


def candidates(db: sqlite_utils.Database, item_id: int) -> list[dict]:
    """Candidates in ballot order (id, name, deputy_id, description, sort_order)."""
    return list_candidates(db, item_id)


def list_items(db: sqlite_utils.Database, session_id: int, *, rehearsal: bool = False) -> list[dict]:
    """Items of the session in order; real and rehearsal items are never listed together."""
    rows = db.query(
        """
        SELECT v.*, (SELECT COUNT(*) FROM ballots b WHERE b.item_id = v.id AND b.team = 1) AS ballots_entered
        FROM vote_items v
        WHERE v.session_id = ? AND v.rehearsal = ? AND v.deleted_at IS NULL
        ORDER BY v.sort_order, v.id
        """,
        [session_id, 1 if rehearsal else 0],
    )
    return [_decode(r) for r in rows]


def find_item(db: sqlite_utils.Database, session_id: int, code: str, *, rehearsal: bool = False) -> dict:
    """The item with 事项编号 ``code`` in the session (its rehearsal copy with ``rehearsal``), or InputError."""
    code = str(code).strip()
    items = list_items(db, session_id, rehearsal=rehearsal)
    for item in items:
        if item["code"] == code:
            return item
    where = "演练事项" if rehearsal else "事项"
    known = "、".join(i["code"] for i in items) or "（无）"
    raise InputError(f"本次会议没有编号为“{code}”的{where}；现有{where}编号：{known}。")


def item_spec(db: sqlite_utils.Database, item_id: int) -> ItemSpec:
    """The domain description of the item; 全体代表人数 comes from its session.

    Until 发出票数 is filled in, the ballots entered so far (or the 收回票数 typed) stand in for it, so a live
    count does not show the vote as invalid; certification requires the real figure.
    """
    item = get_item(db, item_id)
    session = get_session(db, item["session_id"])
    issued = item["issued"]
    collected = item.get("collected")
    if issued is None:
        issued = max(ballot_count(db, item_id, team=1), collected or 0)
    names = () if item["kind"] == "表决" else tuple(c["name"] for c in list_candidates(db, item_id))
    return ItemSpec(
        code=item["code"], name=item["name"], kind=item["kind"], seats=item["seats"],
        total_deputies=session["total_deputies"], issued=issued, allow_write_in=bool(item["allow_write_in"]),
        candidates=names, project_rule=item["options"].get("project_rule", "majority"), collected=collected,
    )
