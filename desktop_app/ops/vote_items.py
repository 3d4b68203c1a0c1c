"""表决事项 actions: save an item with its candidates, delete it, certify, unlock, and 一键另行选举/重新投票.

Each is one transaction: an item and its candidates are written together, so a bad candidate leaves nothing.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import sqlite_utils

from ..db import transaction
from ..db.ballots import item_result
from ..db import vote_items as store
from ..domain.counting import counting_of
from ..domain.seal import short_form
from ..errors import UserError
from .changes import Area, Changes


def save(db: sqlite_utils.Database, session_id: int, item_id: int | None, values: Mapping[str, Any],
         candidates: Sequence[str | Mapping[str, Any]] | None = None) -> Changes:
    """Create (``item_id`` None) or update an item and, unless it is a 表决, set its candidates in ballot order.

    All or nothing: a refused field or candidate leaves the database as it was. ``value`` is the item's id.
    """
    values = dict(values)
    with transaction.write(db):
        if item_id is None:
            item_id = store.create_item(db, session_id, **values)
            verb = "已新建"
        else:
            store.update_item(db, item_id, **values)
            verb = "已保存"
        if values.get("kind", store.get_item(db, item_id)["kind"]) != "表决" and candidates is not None:
            store.set_candidates(db, item_id, [dict(c) if isinstance(c, Mapping) else c for c in candidates])
    name = store.get_item(db, item_id)["name"]
    return Changes(Area.VOTE_ITEMS, (item_id,), f"{verb}表决事项“{name}”。", item_id)


def delete(db: sqlite_utils.Database, item_id: int) -> Changes:
    """Soft delete a draft item; its ballots stay in the file, out of sight."""
    with transaction.write(db):
        name = store.get_item(db, item_id)["name"]
        store.delete_item(db, item_id)
    return Changes(Area.VOTE_ITEMS, (item_id,), f"已删除表决事项“{name}”。")


def set_collected(db: sqlite_utils.Database, item_id: int, collected: int | None) -> Changes:
    """收回票数 as the scrutineers counted it before opening the ballots (None clears it)."""
    with transaction.write(db):
        old = store.update_item(db, item_id, collected=collected)
    text = "已清除收回票数。" if collected is None else f"已登记收回票数 {collected} 张。"
    return Changes(Area.VOTE_ITEMS if old else Area.NONE, (item_id,), text if old else "", old)


def certify(db: sqlite_utils.Database, item_id: int, by: str) -> Changes:
    """Lock the result as 正式 under its seal (the message gives the seal's short form); ``value`` is the result.

    Refused while undecided double-entry disagreements remain, and while fewer (or more) ballots are entered
    than the 收回票数 typed: a count in progress is not a result.
    """
    with transaction.write(db):
        state = counting(db, item_id)
        if not state.may_certify:
            raise UserError(f"{state.progress_text}，请录入全部收回的选票（或核对收回票数）后再确认结果。")
        result = store.certify(db, item_id, by)
        code = short_form(store.get_item(db, item_id)["seal"])
    return Changes(Area.VOTE_ITEMS, (item_id,), f"结果已确认，结果封存码 {code}（印在报告单和公告上）。", result)


def unlock(db: sqlite_utils.Database, item_id: int, reason: str, by: str | None = None) -> Changes:
    """Back to 草稿 for corrections; the reason goes into the audit log."""
    with transaction.write(db):
        store.unlock(db, item_id, reason, by)
    return Changes(Area.VOTE_ITEMS, (item_id,), "已解锁，结果变回草稿。")


def counting(db: sqlite_utils.Database, item_id: int, result: dict | None = None):
    """Where the count of an item stands (domain.counting.Counting): 计票中, complete, or invalid by 收回 > 发出."""
    item = store.get_item(db, item_id)
    if result is None:
        result = item_result(db, item_id)
    return counting_of(issued=item["issued"], collected=item["collected"], entered=result["returned"],
                       certified=item["status"] == store.CERTIFIED)


def further_election_plan(db: sqlite_utils.Database, item_id: int) -> dict:
    """What 另行选举/重新投票 would create (code, name, kind, seats, candidates); UserError when it cannot.

    Refused while the count is incomplete: a shortfall after 3 of 57 ballots says nothing about the result.
    """
    state = counting(db, item_id)
    if not state.complete:
        raise UserError(f"计票尚未完成（{state.progress_text}），完成后才能另行选举或重新投票。")
    return store.further_election_plan(db, item_id)


def plan_text(plan: dict) -> str:
    """The sentence a confirmation shows: what will be created."""
    what = "重新投票" if plan["kind"] == "重投" else "另行选举"
    return (f"将新建{what}事项“{plan['name']}”（编号 {plan['code']}），应选 {plan['seats']} 名，"
            f"候选人：{'、'.join(plan['candidates'])}。")


def further_election(db: sqlite_utils.Database, item_id: int) -> Changes:
    """一键另行选举/重新投票: the next item with its seats and candidates; ``value`` is its id."""
    with transaction.write(db):
        plan = further_election_plan(db, item_id)
        new_id = store.create_further_election(db, item_id)
    return Changes(Area.VOTE_ITEMS, (new_id,), plan_text(plan).replace("将新建", "已新建"), new_id)
