"""Export an item to the tally workbook (docs/tally-workbook.md) and import another team's workbook."""

from __future__ import annotations

from pathlib import Path

from ...db import ballots as ballots_db
from ...db import vote_items as items_db
from ...domain.ballots import name_key
from ...errors import InputError
from ...reports.excel.tally_workbook import read_workbook, write_workbook


def export_item(db, item_id: int, path: str | Path, *, team: int = 1) -> Path:
    """Write the item and the ballots of ``team`` in the documented layout."""
    spec = items_db.item_spec(db, item_id)
    write_workbook(path, [(spec, ballots_db.entries(db, item_id, team))])
    return Path(path)


def import_into_item(db, item_id: int, path: str | Path, *, team: int) -> dict:
    """Merge the ballots of the workbook's matching item into ``team``'s entries (all or nothing).

    The workbook item is found by 事项编号, else by name, else when the workbook holds only one item.
    """
    own = items_db.get_item(db, item_id)
    items = read_workbook(path)
    match = ([pair for pair in items if pair[0].code == own["code"]]
             or [pair for pair in items if name_key(pair[0].name) == name_key(own["name"])]
             or (items if len(items) == 1 else []))
    if not match:
        codes = "、".join(spec.code for spec, _ in items)
        raise InputError(f"数据表中没有与本事项（编号 {own['code']}，{own['name']}）对应的事项；表中的事项编号为：{codes}。")
    spec, entries = match[0]
    return ballots_db.import_workbook_ballots(db, item_id, entries, team, spec=spec)
