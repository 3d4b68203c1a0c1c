"""The tally workbook of a session (docs/tally-workbook.md): write it blank or with a team's ballots, read one back in.

The 计票 page's 导出/导入计票数据表 and the commands ``export tally-workbook`` and ``import-tally`` call these.
An import is all or nothing: one 导入前 backup, then one transaction for every item of the workbook.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ..db import ballots as ballots_db
from ..db import transaction
from ..db import vote_items as items_db
from ..db.auto_backup import protective_backup
from ..domain.ballots import ItemSpec, name_key
from ..errors import InputError
from ..reports.excel.tally_workbook import read_workbook, write_workbook
from .changes import Area, Changes


def write_items(db: sqlite_utils.Database, item_ids: list[int], out_path: str | Path, *,
                team: int | None = None) -> Path:
    """The items in the documented layout: headers only, or with the ballots ``team`` entered."""
    if not item_ids:
        raise InputError("没有可导出的事项。")
    pairs = [(items_db.item_spec(db, i), ballots_db.entries(db, i, team) if team else []) for i in item_ids]
    write_workbook(out_path, pairs)
    return Path(out_path)


@dataclass
class ImportedItem:
    code: str
    name: str
    imported: int
    double_entry_switched_on: bool = False


@dataclass
class TallyImport:
    """What an import did (or, on a dry run, would do)."""

    team: int
    items: list[ImportedItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    backup: str | None = None
    dry_run: bool = False

    @property
    def imported(self) -> int:
        return sum(i.imported for i in self.items)

    def lines(self) -> list[str]:
        verb = "将导入" if self.dry_run else "已导入"
        out = [f"{verb}{ballots_db.team_name(self.team)}的选票 {self.imported} 张："]
        for item in self.items:
            out.append(f"  事项 {item.code} {item.name}：{item.imported} 张")
            if item.double_entry_switched_on:
                out.append(f"  事项 {item.code} 原未设置双人录入，{'将' if self.dry_run else '已'}开启双人录入。")
        out += [f"  注意：{w}" for w in self.warnings]
        if self.backup:
            out.append(f"导入前的备份：{self.backup}")
        if self.dry_run:
            out.append("（试运行，未写入数据库）")
        return out

    def as_json(self) -> dict:
        return {"team": self.team, "dry_run": self.dry_run, "imported": self.imported, "backup": self.backup,
                "warnings": self.warnings,
                "items": [{"code": i.code, "name": i.name, "imported": i.imported,
                           "double_entry_switched_on": i.double_entry_switched_on} for i in self.items]}


class _DryRun(Exception):
    """Raised inside the transaction of a dry run so that everything it wrote rolls back."""


def _match_by_code(db: sqlite_utils.Database, session_id: int, specs: list[ItemSpec],
                   rehearsal: bool) -> list[dict]:
    items = items_db.list_items(db, session_id, rehearsal=rehearsal)
    by_code = {i["code"]: i for i in items}
    missing = [s.code for s in specs if s.code not in by_code]
    if missing:
        known = "、".join(by_code) or "（无）"
        raise InputError(f"计票数据表中的事项编号 {'、'.join(missing)} 在本次会议中不存在；本次会议的事项编号为：{known}。"
                         "未导入任何选票。")
    return [by_code[s.code] for s in specs]


def _import(db: sqlite_utils.Database, pairs: list[tuple[dict, ItemSpec, list]], team: int,
            report: TallyImport) -> None:
    for item, spec, entries in pairs:
        switched = False
        if team == 2 and not item["double_entry"]:
            switched = items_db.enable_double_entry(db, item["id"], "导入第二组计票数据表")
        outcome = ballots_db.import_workbook_ballots(db, item["id"], entries, team, spec=spec)
        report.items.append(ImportedItem(item["code"], item["name"], outcome["imported"], switched))
        report.warnings += [f"事项 {item['code']}：{w}" for w in outcome["warnings"]]


def _attempt(db: sqlite_utils.Database, pairs, team: int, *, keep: bool, dry_run: bool) -> TallyImport:
    report = TallyImport(team=team, dry_run=dry_run)
    try:
        with transaction.write(db):
            _import(db, pairs, team, report)
            if not keep:
                raise _DryRun()
    except _DryRun:
        pass
    return report


def _run(db: sqlite_utils.Database, pairs, team: int, dry_run: bool) -> TallyImport:
    if team not in (1, 2):
        raise InputError(f"计票组只能是 1 或 2，当前为 {team}。")
    # A refused workbook must not leave a backup behind: check it all first, inside a rolled-back transaction.
    checked = _attempt(db, pairs, team, keep=False, dry_run=True)
    if dry_run:
        return checked
    if not checked.imported:
        raise InputError("计票数据表中没有选票，未导入任何内容。")
    backup = protective_backup(db, "导入前")
    report = _attempt(db, pairs, team, keep=True, dry_run=False)
    report.backup = str(backup.path)
    return report


def _changes(report: TallyImport, ids: list[int]) -> Changes:
    areas = Area.NONE if report.dry_run else Area.BALLOTS | Area.VOTE_ITEMS
    return Changes(areas, tuple(ids), "\n".join(report.lines()), report)


def import_session_workbook(db: sqlite_utils.Database, path: str | Path, session_id: int, *, team: int = 1,
                            rehearsal: bool = False, dry_run: bool = False) -> Changes:
    """``import-tally``: every item of the workbook into the session's item with the same 事项编号."""
    read = read_workbook(path)
    items = _match_by_code(db, session_id, [spec for spec, _ in read], rehearsal)
    pairs = [(item, spec, entries) for item, (spec, entries) in zip(items, read)]
    report = _run(db, pairs, team, dry_run)
    return _changes(report, [i["id"] for i in items])


def import_item_workbook(db: sqlite_utils.Database, item_id: int, path: str | Path, *, team: int) -> Changes:
    """The 计票 page's 导入: the workbook item matching this item by 事项编号, else by name, else the only one."""
    own = items_db.get_item(db, item_id)
    read = read_workbook(path)
    match = ([pair for pair in read if pair[0].code == own["code"]]
             or [pair for pair in read if name_key(pair[0].name) == name_key(own["name"])]
             or (read if len(read) == 1 else []))
    if not match:
        codes = "、".join(spec.code for spec, _ in read)
        raise InputError(f"数据表中没有与本事项（编号 {own['code']}，{own['name']}）对应的事项；表中的事项编号为：{codes}。")
    spec, entries = match[0]
    report = _run(db, [(own, spec, entries)], team, dry_run=False)
    return _changes(report, [item_id])
