"""Vote items of a session (选举/票决/表决/测评) with their candidates, certification and 另行选举."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlite_utils

from ..domain.ballots import KINDS, PROJECT_RULES, ItemSpec, further_election_candidates, name_key
from ..errors import InputError, UserError
from . import audit
from .sessions import get_session
from . import transaction

CERTIFIED, DRAFT = "正式", "草稿"

LOCKED_MESSAGE = "该事项结果已确认，如需更正请先解锁并说明理由"

_EDITABLE = ("code", "name", "kind", "seats", "post", "allow_write_in", "issued", "printed", "double_entry",
             "options", "sort_order")
# Changing these once ballots are entered would change what the stored marks mean.
_SHAPE = ("kind", "allow_write_in", "double_entry")


def _int_or_none(value: Any, field: str, *, minimum: int = 0) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InputError(f"{field}必须是整数，当前为“{value}”。") from None
    if isinstance(value, float) and value != number:
        raise InputError(f"{field}必须是整数，当前为“{value}”。")
    if number < minimum:
        raise InputError(f"{field}不能小于 {minimum}，当前为 {number}。")
    return number


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Validated column values (only the keys given)."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in _EDITABLE:
            raise InputError(f"表决事项没有“{key}”这一项。")
        if key in ("code", "name"):
            text = (value or "").strip() if isinstance(value, str) else str(value or "").strip()
            if not text:
                raise InputError("事项编号不能为空。" if key == "code" else "事项名称不能为空。")
            out[key] = text
        elif key == "kind":
            if value not in KINDS:
                raise InputError(f"事项类型“{value}”无效，应为选举、票决、表决或测评。")
            out[key] = value
        elif key == "seats":
            out[key] = _int_or_none(value, "应选人数", minimum=1)
        elif key in ("issued", "printed"):
            out[key] = _int_or_none(value, "发出票数" if key == "issued" else "印制票数")
        elif key == "sort_order":
            out[key] = _int_or_none(value, "排序") or 0
        elif key in ("allow_write_in", "double_entry"):
            out[key] = 1 if value else 0
        elif key == "options":
            options = value or {}
            if not isinstance(options, dict):
                raise InputError("事项选项必须是字典。")
            if options.get("project_rule", "majority") not in PROJECT_RULES:
                raise InputError(f"票决规则“{options.get('project_rule')}”无效。")
            out[key] = json.dumps(options, ensure_ascii=False, sort_keys=True) if options else None
        else:
            out[key] = (str(value).strip() or None) if value is not None else None
    return out


def _check_shape(values: dict[str, Any]) -> None:
    """Seats belong to 选举 and 票决; write-ins to 选举 only."""
    kind = values["kind"]
    if kind in ("选举", "票决") and not values.get("seats"):
        raise InputError(f"{kind}事项必须填写应选人数（正整数）。")
    if kind in ("表决", "测评"):
        values["seats"] = None
    if kind != "选举" and values.get("allow_write_in"):
        raise InputError("只有选举事项可以设置“另选他人”。")
    issued, printed = values.get("issued"), values.get("printed")
    if issued is not None and printed is not None and issued > printed:
        raise InputError(f"发出票数 {issued} 多于印制票数 {printed}。")


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


def _code_taken(db: sqlite_utils.Database, session_id: int, rehearsal: int, code: str,
                except_id: int | None = None) -> bool:
    row = db.execute(
        "SELECT id FROM vote_items WHERE session_id = ? AND rehearsal = ? AND code = ? AND id IS NOT ?",
        [session_id, rehearsal, code, except_id],
    ).fetchone()
    return row is not None


def create_item(db: sqlite_utils.Database, session_id: int, *, code: str, name: str, kind: str,
                seats: int | None = None, post: str | None = None, allow_write_in: bool = False,
                issued: int | None = None, printed: int | None = None, double_entry: bool = False,
                rehearsal: bool = False, options: dict | None = None, parent_item_id: int | None = None) -> int:
    """A new vote item at the end of the session's list; rehearsal items live apart from real ones."""
    get_session(db, session_id)
    values = _clean({"code": code, "name": name, "kind": kind, "seats": seats, "post": post,
                     "allow_write_in": allow_write_in, "issued": issued, "printed": printed,
                     "double_entry": double_entry, "options": options})
    _check_shape(values)
    values["rehearsal"] = 1 if rehearsal else 0
    values["session_id"] = session_id
    if parent_item_id is not None:
        parent = _row(db, parent_item_id)
        if parent["rehearsal"] != values["rehearsal"]:
            raise UserError("演练事项与正式事项不能相互关联。")
        values["parent_item_id"] = parent_item_id
    with transaction.write(db):
        if _code_taken(db, session_id, values["rehearsal"], values["code"]):
            raise UserError(f"本次会议已有编号为“{values['code']}”的事项，请换一个编号。")
        values["sort_order"] = db.execute(
            "SELECT COALESCE(MAX(sort_order), 0) + 1 FROM vote_items WHERE session_id = ?", [session_id]
        ).fetchone()[0]
        columns = ", ".join(values)
        item_id = db.execute(
            f"INSERT INTO vote_items({columns}) VALUES ({', '.join('?' for _ in values)})", list(values.values())
        ).lastrowid
        audit.append(db, "新增表决事项", entity="vote_item", entity_id=item_id, detail=values)
    return item_id


def ballot_count(db: sqlite_utils.Database, item_id: int, team: int | None = None) -> int:
    if team is None:
        return db.execute("SELECT COUNT(*) FROM ballots WHERE item_id = ?", [item_id]).fetchone()[0]
    return db.execute("SELECT COUNT(*) FROM ballots WHERE item_id = ? AND team = ?", [item_id, team]).fetchone()[0]


def update_item(db: sqlite_utils.Database, item_id: int, **changes: Any) -> dict:
    """Change fields of a draft item; returns the old values of the changed fields."""
    item = get_item(db, item_id)
    require_editable(item)
    values = _clean(changes)
    stored = {**item, "options": json.dumps(item["options"], ensure_ascii=False, sort_keys=True)
              if item["options"] else None}
    merged = {**stored, **values}
    _check_shape(merged)  # may clear seats when the kind becomes 表决/测评
    changed = {k: merged[k] for k in _EDITABLE if merged[k] != stored[k]}
    if not changed:
        return {}
    shape = [k for k in _SHAPE if k in changed]
    if shape and ballot_count(db, item_id):
        raise UserError("本事项已录入选票，不能再修改类型、另选他人或双人录入设置；如确需修改，请先删除已录入的选票。")
    if "code" in changed and _code_taken(db, item["session_id"], item["rehearsal"], changed["code"], item_id):
        raise UserError(f"本次会议已有编号为“{changed['code']}”的事项，请换一个编号。")
    old = {k: stored[k] for k in changed}
    with transaction.write(db):
        db["vote_items"].update(item_id, changed)
        audit.append(db, "修改表决事项", entity="vote_item", entity_id=item_id, detail={"old": old, "new": changed})
    return old


def enable_double_entry(db: sqlite_utils.Database, item_id: int, reason: str) -> bool:
    """Switch on 双人录入 (a second team enters the same ballots); False when it was on already.

    Unlike other shape changes this is allowed after ballots are entered: they stay the first team's.
    """
    item = get_item(db, item_id)
    require_editable(item)
    if item["double_entry"]:
        return False
    with transaction.write(db):
        db.execute("UPDATE vote_items SET double_entry = 1 WHERE id = ?", [item_id])
        audit.append(db, "开启双人录入", entity="vote_item", entity_id=item_id,
                     detail={"code": item["code"], "name": item["name"], "reason": reason})
    return True


def delete_item(db: sqlite_utils.Database, item_id: int) -> None:
    """Soft delete a draft item (its ballots stay in the file, out of sight); its code becomes free again."""
    item = get_item(db, item_id)
    require_editable(item)
    with transaction.write(db):
        db.execute("UPDATE vote_items SET deleted_at = datetime('now', 'localtime'), code = ? WHERE id = ?",
                   [f"{item['code']}（已删除{item_id}）", item_id])
        audit.append(db, "删除表决事项", entity="vote_item", entity_id=item_id,
                     detail={"code": item["code"], "name": item["name"], "ballots": ballot_count(db, item_id)})


def _candidate_values(entry: str | dict, position: int) -> dict:
    if isinstance(entry, str):
        entry = {"name": entry}
    name = " ".join(str(entry.get("name") or "").split())
    if not name:
        raise InputError(f"第 {position} 个候选人（项目）名称为空。")
    return {"name": name, "deputy_id": entry.get("deputy_id"), "description": entry.get("description"),
            "sort_order": position}


def set_candidates(db: sqlite_utils.Database, item_id: int, candidates: list[str | dict]) -> None:
    """Replace the candidates (persons or projects) in ballot order."""
    item = get_item(db, item_id)
    require_editable(item)
    if item["kind"] == "表决":
        raise InputError("表决事项只有一项议案，不需要候选人；议案名称即事项名称。")
    rows = [_candidate_values(c, i) for i, c in enumerate(candidates, start=1)]
    seen: dict[str, int] = {}
    for row in rows:
        key = name_key(row["name"])
        if key in seen:
            raise InputError(f"候选人（项目）“{row['name']}”重复（第 {seen[key]} 个和第 {row['sort_order']} 个）。")
        seen[key] = row["sort_order"]
    old = [c["name"] for c in list_candidates(db, item_id)]
    new = [r["name"] for r in rows]
    if old == new and all(r["deputy_id"] is None for r in rows):
        return
    if ballot_count(db, item_id):
        raise UserError("本事项已录入选票，不能再修改候选人，否则已录入的标记会对应到别人；如确需修改，请先删除已录入的选票。")
    with transaction.write(db):
        db.execute("DELETE FROM candidates WHERE item_id = ?", [item_id])
        for row in rows:
            db.execute(
                "INSERT INTO candidates(item_id, name, deputy_id, description, sort_order) VALUES (?, ?, ?, ?, ?)",
                [item_id, row["name"], row["deputy_id"], row["description"], row["sort_order"]],
            )
        audit.append(db, "设置候选人", entity="vote_item", entity_id=item_id, detail={"old": old, "new": new})


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

    Until 发出票数 is filled in, the ballots entered so far stand in for it, so a live count does not
    show the vote as invalid; certification requires the real figure.
    """
    item = get_item(db, item_id)
    session = get_session(db, item["session_id"])
    issued = item["issued"]
    if issued is None:
        issued = ballot_count(db, item_id, team=1)
    names = () if item["kind"] == "表决" else tuple(c["name"] for c in list_candidates(db, item_id))
    return ItemSpec(
        code=item["code"], name=item["name"], kind=item["kind"], seats=item["seats"],
        total_deputies=session["total_deputies"], issued=issued, allow_write_in=bool(item["allow_write_in"]),
        candidates=names, project_rule=item["options"].get("project_rule", "majority"),
    )


def certify(db: sqlite_utils.Database, item_id: int, by: str) -> dict:
    """Lock the item's result as 正式; refused while double-entry disagreements are undecided. Returns the result."""
    from .ballots import item_result, undecided  # ballots builds on this module

    item = get_item(db, item_id)
    require_editable(item)
    by = (by or "").strip()
    if not by:
        raise InputError("请填写确认人（总监票人或主持人）姓名。")
    if item["issued"] is None:
        raise UserError("请先填写发出票数，再确认结果。")
    if item["kind"] != "表决" and not list_candidates(db, item_id):
        raise UserError("本事项还没有候选人（项目），不能确认结果。")
    open_serials = [d["serial"] for d in undecided(db, item_id)]
    if open_serials:
        listed = "、".join(str(s) for s in open_serials[:20]) + ("等" if len(open_serials) > 20 else "")
        raise UserError(f"两组录入还有 {len(open_serials)} 张选票不一致（第 {listed} 号），请监票人逐张裁决后再确认结果。")
    result = item_result(db, item_id)
    at = dt.datetime.now().isoformat(timespec="seconds")
    with transaction.write(db):
        db.execute("UPDATE vote_items SET status = ?, certified_at = ?, certified_by = ? WHERE id = ?",
                   [CERTIFIED, at, by, item_id])
        audit.append(db, "确认结果", entity="vote_item", entity_id=item_id, actor=by, detail={
            "code": item["code"], "name": item["name"], "returned": result["returned"], "valid": result["valid"],
            "valid_ballots": result["valid_ballots"], "invalid_ballots": result["invalid_ballots"],
            "elected": result["elected"], "tied": result["tied"], "further_seats": result["further_seats"],
            "adopted": result["adopted"], "results": result["results"],
        })
    return result


def unlock(db: sqlite_utils.Database, item_id: int, reason: str, by: str | None = None) -> None:
    """Reopen a certified item for corrections; the reason goes into the audit log."""
    item = get_item(db, item_id)
    reason = (reason or "").strip()
    if item["status"] != CERTIFIED:
        raise UserError("该事项结果尚未确认，无需解锁。")
    if not reason:
        raise InputError("解锁必须说明理由。")
    with transaction.write(db):
        db.execute("UPDATE vote_items SET status = ?, certified_at = NULL, certified_by = NULL WHERE id = ?",
                   [DRAFT, item_id])
        audit.append(db, "解锁结果", entity="vote_item", entity_id=item_id, actor=by, detail={
            "reason": reason, "certified_at": item["certified_at"], "certified_by": item["certified_by"],
        })


def _free_code(db: sqlite_utils.Database, item: dict, suffix: str) -> str:
    base = f"{item['code']}-{suffix}"
    code, n = base, 1
    while _code_taken(db, item["session_id"], item["rehearsal"], code):
        n += 1
        code = f"{base}{n}"
    return code


def _base_name(item: dict) -> str:
    """'选举副镇长' → '副镇长' (the 选举 prefix is said again by 另行选举)."""
    name = item["name"]
    return name[2:] if name.startswith("选举") and len(name) > 2 else name


def create_further_election(db: sqlite_utils.Database, item_id: int) -> int:
    """Set up the next vote after this item's count: 另行选举 for missing seats, or 重新投票.

    重新投票 when the tied candidates across the last seat must vote again (seats = those still open),
    or when the whole vote was invalid (more ballots returned than issued: all candidates, all seats).
    """
    from .ballots import item_result

    item = get_item(db, item_id)
    if item["kind"] not in ("选举", "票决"):
        raise UserError("只有选举和票决事项会有另行选举或重新投票。")
    spec = item_spec(db, item_id)
    result = item_result(db, item_id)
    names = further_election_candidates(spec, result)
    if not result["valid"]:
        seats, suffix, name = spec.seats, "重投", f"{item['name']}（重新投票）"
    elif result["tied"]:
        seats, suffix, name = spec.seats - len(result["elected"]), "重投", f"{item['name']}（重新投票）"
    elif result["further_seats"] > 0:
        seats, suffix, name = result["further_seats"], "另选", f"另行{item['name']}" if item["name"].startswith(
            "选举") else f"{item['name']}（另行选举）"
    else:
        raise UserError("本事项应选名额已全部产生，不需要另行选举或重新投票。")
    if not names:
        raise UserError("没有可以列入下一轮的候选人，请由主席团重新提名后新建事项。")
    by_name = {c["name"]: c for c in list_candidates(db, item_id)}
    new_candidates = [
        {"name": n, "deputy_id": by_name.get(n, {}).get("deputy_id"), "description": by_name.get(n, {}).get("description")}
        for n in names
    ]
    with transaction.write(db):
        new_id = create_item(
            db, item["session_id"], code=_free_code(db, item, suffix), name=name, kind=item["kind"], seats=seats,
            post=item["post"], allow_write_in=bool(item["allow_write_in"]), printed=None,
            double_entry=bool(item["double_entry"]), rehearsal=bool(item["rehearsal"]),
            options=item["options"] or None, parent_item_id=item_id,
        )
        set_candidates(db, new_id, new_candidates)
        audit.append(db, "设置另行选举", entity="vote_item", entity_id=new_id, detail={
            "parent_item_id": item_id, "kind": suffix, "seats": seats, "candidates": names,
        })
    return new_id


def clear_rehearsal(db: sqlite_utils.Database, session_id: int) -> int:
    """Delete every rehearsal item of the session with its ballots (the only hard delete); returns items removed."""
    get_session(db, session_id)
    ids = [r[0] for r in db.execute(
        "SELECT id FROM vote_items WHERE session_id = ? AND rehearsal = 1", [session_id]).fetchall()]
    if not ids:
        return 0
    marks = ", ".join("?" for _ in ids)
    with transaction.write(db):
        ballots = db.execute(f"SELECT COUNT(*) FROM ballots WHERE item_id IN ({marks})", ids).fetchone()[0]
        db.execute(f"DELETE FROM ballots WHERE item_id IN ({marks})", ids)
        db.execute(f"DELETE FROM reconciliation_decisions WHERE item_id IN ({marks})", ids)
        db.execute(f"DELETE FROM candidates WHERE item_id IN ({marks})", ids)
        # Further-election items point at their parent: unlink before deleting so no key dangles mid-way.
        db.execute(f"UPDATE vote_items SET parent_item_id = NULL WHERE id IN ({marks})", ids)
        db.execute(f"DELETE FROM vote_items WHERE id IN ({marks}) AND rehearsal = 1", ids)
        audit.append(db, "清除演练", entity="session", entity_id=session_id,
                     detail={"items": ids, "ballots": ballots})
    return len(ids)
