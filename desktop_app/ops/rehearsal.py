"""演练 (rehearsal) actions: make or renew the rehearsal copy of a real item, and clear a session's rehearsal.

Rehearsal copies are separate vote items (``rehearsal = 1``), so their ballots can never mix with the real
ones; the deck is rebuilt from the seed kept in the copy's options, so nothing else is stored.
"""

from __future__ import annotations

import random

import sqlite_utils

from ..db import ballots as ballots_db
from ..db import transaction
from ..db import vote_items as items_db
from ..domain.ballots import BallotEntry
from ..domain.rehearsal import make_deck
from .changes import Area, Changes

REHEARSAL_SUFFIX = "（演练）"


def make_copy(db: sqlite_utils.Database, item_id: int, *, seed: int | None = None) -> Changes:
    """Create (or renew) the rehearsal copy of a real item with a fresh deck seed; ``value`` is its id.

    Renewing removes the ballots typed in the previous rehearsal (each removal is audit-logged), all in one
    transaction with the copy's fields and candidates.
    """
    item = items_db.get_item(db, item_id)
    if item["rehearsal"]:
        item_id = item["options"].get("rehearsal_of") or item_id
        item = items_db.get_item(db, item_id)
    seed = seed if seed is not None else random.SystemRandom().randrange(1, 10**6)
    options = {**(item["options"] or {}), "rehearsal_of": item_id, "rehearsal_seed": seed}
    names = [{"name": c["name"]} for c in items_db.candidates(db, item_id)]
    with transaction.write(db):
        existing = [i for i in items_db.list_items(db, item["session_id"], rehearsal=True) if i["code"] == item["code"]]
        if existing:
            copy_id = existing[0]["id"]
            if existing[0]["status"] == items_db.CERTIFIED:
                items_db.unlock(db, copy_id, "重新生成演练票")
            for team in (1, 2):
                for ballot in ballots_db.list_ballots(db, copy_id, team):
                    ballots_db.delete_ballot(db, ballot["id"], "重新生成演练票")
            items_db.update_item(db, copy_id, name=item["name"] + REHEARSAL_SUFFIX, seats=item["seats"],
                                 issued=item["issued"], printed=item["printed"], collected=None, options=options)
        else:
            copy_id = items_db.create_item(
                db, item["session_id"], code=item["code"], name=item["name"] + REHEARSAL_SUFFIX, kind=item["kind"],
                seats=item["seats"], post=item["post"], allow_write_in=bool(item["allow_write_in"]),
                issued=item["issued"], printed=item["printed"], double_entry=bool(item["double_entry"]),
                rehearsal=True, options=options)
        if item["kind"] != "表决":
            items_db.set_candidates(db, copy_id, names)
    return Changes(Area.VOTE_ITEMS | Area.BALLOTS, (copy_id,), f"已生成“{item['name']}”的演练票。", copy_id)


def clear(db: sqlite_utils.Database, session_id: int) -> Changes:
    """Delete every rehearsal item of the session with its ballots; ``value`` is the number of items removed."""
    with transaction.write(db):
        removed = items_db.clear_rehearsal(db, session_id)
    return Changes(Area.VOTE_ITEMS | Area.BALLOTS if removed else Area.NONE, (session_id,),
                   f"已清除 {removed} 个演练事项。" if removed else "", removed)


def deck_of(db: sqlite_utils.Database, rehearsal_item_id: int) -> tuple[list[BallotEntry], dict] | None:
    """The deck and expected result of a rehearsal copy (None for a real item)."""
    item = items_db.get_item(db, rehearsal_item_id)
    seed = (item["options"] or {}).get("rehearsal_seed")
    if not item["rehearsal"] or seed is None:
        return None
    return make_deck(items_db.item_spec(db, rehearsal_item_id), seed=int(seed))
