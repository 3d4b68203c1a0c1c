"""Writing vote items of a session (选举/票决/表决/测评): fields, candidates, certification and 另行选举.

The shape rules are ``domain.vote_items``; reading an item is ``vote_item_rows`` (its names are re-exported here).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlite_utils

from ..domain import vote_items as rules
from ..domain.ballots import further_election_candidates
from ..errors import InputError, UserError
from . import audit, scans, seals
from . import transaction
from .ballots import item_result, undecided
from .sessions import get_session
from .vote_item_rows import (  # noqa: F401  (re-exported: callers read and write items through this module)
    CERTIFIED, DRAFT, LOCKED_MESSAGE, ballot_count, candidates, code_taken, find_item, get_item, item_spec,
    list_candidates,
    list_items, require_editable, _row,
)
from .writes import writes


def _clean(values: dict) -> dict:
    try:
        return rules.clean_values(values)
    except rules.VoteItemRuleError as err:
        raise InputError(str(err)) from None


def _check_shape(values: dict) -> None:
    try:
        rules.check_shape(values)
    except rules.VoteItemRuleError as err:
        raise InputError(str(err)) from None


@writes
def create_item(db: sqlite_utils.Database, session_id: int, *, code: str, name: str, kind: str,
                seats: int | None = None, post: str | None = None, allow_write_in: bool = False,
                issued: int | None = None, printed: int | None = None, double_entry: bool = False,
                rehearsal: bool = False, options: dict | None = None, parent_item_id: int | None = None,
                collected: int | None = None) -> int:
    """A new vote item at the end of the session's list; rehearsal items live apart from real ones."""
    get_session(db, session_id)
    values = _clean({"code": code, "name": name, "kind": kind, "seats": seats, "post": post,
                     "allow_write_in": allow_write_in, "issued": issued, "printed": printed,
                     "double_entry": double_entry, "options": options,
                     # named only when typed: the migration tests build items on schemas before 收回票数
                     **({} if collected is None else {"collected": collected})})
    _check_shape(values)
    values["rehearsal"] = 1 if rehearsal else 0
    values["session_id"] = session_id
    if parent_item_id is not None:
        parent = _row(db, parent_item_id)
        if parent["rehearsal"] != values["rehearsal"]:
            raise UserError("演练事项与正式事项不能相互关联。")
        values["parent_item_id"] = parent_item_id
    with transaction.write(db):
        if code_taken(db, session_id, values["rehearsal"], values["code"]):
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


@writes
def update_item(db: sqlite_utils.Database, item_id: int, **changes: Any) -> dict:
    """Change fields of a draft item; returns the old values of the changed fields."""
    item = get_item(db, item_id)
    require_editable(item)
    values = _clean(changes)
    stored = {**item, "options": json.dumps(item["options"], ensure_ascii=False, sort_keys=True)
              if item["options"] else None}
    merged = {**stored, **values}
    _check_shape(merged)  # may clear seats when the kind becomes 表决/测评
    changed = {k: merged[k] for k in rules.EDITABLE if merged[k] != stored[k]}
    if not changed:
        return {}
    shape = [k for k in rules.SHAPE if k in changed]
    if shape and ballot_count(db, item_id):
        raise UserError("本事项已录入选票，不能再修改类型、另选他人或双人录入设置；如确需修改，请先删除已录入的选票。")
    if "code" in changed and code_taken(db, item["session_id"], item["rehearsal"], changed["code"], item_id):
        raise UserError(f"本次会议已有编号为“{changed['code']}”的事项，请换一个编号。")
    old = {k: stored[k] for k in changed}
    with transaction.write(db):
        db["vote_items"].update(item_id, changed)
        audit.append(db, "修改表决事项", entity="vote_item", entity_id=item_id, detail={"old": old, "new": changed})
    return old


@writes
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


@writes
def delete_item(db: sqlite_utils.Database, item_id: int) -> None:
    """Soft delete a draft item (its ballots stay in the file, out of sight); its code becomes free again."""
    item = get_item(db, item_id)
    require_editable(item)
    with transaction.write(db):
        db.execute("UPDATE vote_items SET deleted_at = datetime('now', 'localtime'), code = ? WHERE id = ?",
                   [f"{item['code']}（已删除{item_id}）", item_id])
        audit.append(db, "删除表决事项", entity="vote_item", entity_id=item_id,
                     detail={"code": item["code"], "name": item["name"], "ballots": ballot_count(db, item_id)})


@writes
def set_candidates(db: sqlite_utils.Database, item_id: int, candidates: list[str | dict]) -> None:
    """Replace the candidates (persons or projects) in ballot order."""
    item = get_item(db, item_id)
    require_editable(item)
    try:
        rows = rules.candidate_rows(item["kind"], candidates)
    except rules.VoteItemRuleError as err:
        raise InputError(str(err)) from None
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


@writes
def certify(db: sqlite_utils.Database, item_id: int, by: str) -> dict:
    """Lock the item's result as 正式; refused while double-entry disagreements are undecided. Returns the result."""
    item = get_item(db, item_id)
    require_editable(item)
    by = (by or "").strip()
    if not by:
        raise InputError("请填写确认人（总监票人或主持人）姓名。")
    if item["issued"] is None:
        raise UserError("请先填写发出票数，再确认结果。")
    if item["kind"] != "表决" and not list_candidates(db, item_id):
        raise UserError("本事项还没有候选人（项目），不能确认结果。")
    waiting = scans.pending_message(db, item_id)
    if waiting:
        raise UserError(waiting)
    open_serials = [d["serial"] for d in undecided(db, item_id)]
    if open_serials:
        listed = "、".join(str(s) for s in open_serials[:20]) + ("等" if len(open_serials) > 20 else "")
        raise UserError(f"两组录入还有 {len(open_serials)} 张选票不一致（第 {listed} 号），请监票人逐张裁决后再确认结果。")
    result = item_result(db, item_id)
    at = dt.datetime.now().isoformat(timespec="seconds")
    with transaction.write(db):
        sealed = seals.seal_record(db, item_id)
        db.execute("UPDATE vote_items SET status = ?, certified_at = ?, certified_by = ?, seal = ? WHERE id = ?",
                   [CERTIFIED, at, by, sealed["seal"], item_id])
        # The entry keeps what was sealed (the ballots by serial too), so check can name what changed since.
        audit.append(db, "确认结果", entity="vote_item", entity_id=item_id, actor=by, detail={
            "code": item["code"], "name": item["name"], "returned": result["returned"], "valid": result["valid"],
            "valid_ballots": result["valid_ballots"], "invalid_ballots": result["invalid_ballots"],
            "elected": result["elected"], "tied": result["tied"], "further_seats": result["further_seats"],
            "adopted": result["adopted"], "results": result["results"], **sealed,
        })
    return result


@writes
def unlock(db: sqlite_utils.Database, item_id: int, reason: str, by: str | None = None) -> None:
    """Reopen a certified item for corrections; the reason goes into the audit log."""
    item = get_item(db, item_id)
    reason = (reason or "").strip()
    if item["status"] != CERTIFIED:
        raise UserError("该事项结果尚未确认，无需解锁。")
    if not reason:
        raise InputError("解锁必须说明理由。")
    with transaction.write(db):
        db.execute("UPDATE vote_items SET status = ?, certified_at = NULL, certified_by = NULL, seal = NULL "
                   "WHERE id = ?", [DRAFT, item_id])
        # The seal the unlocked result had stays in the log: the paper signed with it is no longer the result.
        audit.append(db, "解锁结果", entity="vote_item", entity_id=item_id, actor=by, detail={
            "reason": reason, "certified_at": item["certified_at"], "certified_by": item["certified_by"],
            "seal": item.get("seal"),
        })


def _free_code(db: sqlite_utils.Database, item: dict, suffix: str) -> str:
    base = f"{item['code']}-{suffix}"
    code, n = base, 1
    while code_taken(db, item["session_id"], item["rehearsal"], code):
        n += 1
        code = f"{base}{n}"
    return code


def further_election_plan(db: sqlite_utils.Database, item_id: int) -> dict:
    """What 另行选举 or 重新投票 after this item's count would create, without writing anything.

    {code, name, kind ('另选' | '重投'), seats, candidates (names), candidate_rows}; UserError when there is
    no next round (every seat filled, not a 选举/票决 item, no candidate left).
    """
    item = get_item(db, item_id)
    if item["kind"] not in ("选举", "票决"):
        raise UserError("只有选举和票决事项会有另行选举或重新投票。")
    spec = item_spec(db, item_id)
    result = item_result(db, item_id)
    names = further_election_candidates(spec, result)
    try:
        plan = rules.next_round(item["name"], spec.seats, result)
    except rules.VoteItemRuleError as err:
        raise UserError(str(err)) from None
    if not names:
        raise UserError("没有可以列入下一轮的候选人，请由主席团重新提名后新建事项。")
    by_name = {c["name"]: c for c in list_candidates(db, item_id)}
    rows = [{"name": n, "deputy_id": by_name.get(n, {}).get("deputy_id"),
             "description": by_name.get(n, {}).get("description")} for n in names]
    return {"code": _free_code(db, item, plan.suffix), "name": plan.name, "kind": plan.suffix, "seats": plan.seats,
            "candidates": names, "candidate_rows": rows}


@writes
def create_further_election(db: sqlite_utils.Database, item_id: int) -> int:
    """Set up the next vote after this item's count: 另行选举 for missing seats, or 重新投票.

    重新投票 when the tied candidates across the last seat must vote again (seats = those still open),
    or when the whole vote was invalid (more ballots returned than issued: all candidates, all seats).
    """
    item = get_item(db, item_id)
    plan = further_election_plan(db, item_id)
    with transaction.write(db):
        new_id = create_item(
            db, item["session_id"], code=plan["code"], name=plan["name"], kind=item["kind"], seats=plan["seats"],
            post=item["post"], allow_write_in=bool(item["allow_write_in"]), printed=None,
            double_entry=bool(item["double_entry"]), rehearsal=bool(item["rehearsal"]),
            options=item["options"] or None, parent_item_id=item_id,
        )
        set_candidates(db, new_id, plan["candidate_rows"])
        audit.append(db, "设置另行选举", entity="vote_item", entity_id=new_id, detail={
            "parent_item_id": item_id, "kind": plan["kind"], "seats": plan["seats"], "candidates": plan["candidates"],
        })
    return new_id


@writes
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
        scans.forget_items(db, ids)
        db.execute(f"DELETE FROM ballots WHERE item_id IN ({marks})", ids)
        db.execute(f"DELETE FROM reconciliation_decisions WHERE item_id IN ({marks})", ids)
        db.execute(f"DELETE FROM candidates WHERE item_id IN ({marks})", ids)
        # Further-election items point at their parent: unlink before deleting so no key dangles mid-way.
        db.execute(f"UPDATE vote_items SET parent_item_id = NULL WHERE id IN ({marks})", ids)
        db.execute(f"DELETE FROM vote_items WHERE id IN ({marks}) AND rehearsal = 1", ids)
        audit.append(db, "清除演练", entity="session", entity_id=session_id,
                     detail={"items": ids, "ballots": ballots})
    return len(ids)
