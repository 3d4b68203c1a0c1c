"""The sealed results a package carries: each certified item's anonymous ballots and seal, and their recount.

The township writes ``data/sealed-results.json`` beside the results workbook: per certified item the sealed
content (figures, candidates, the ballots' marks without serials or any deputy, the result) and the seal
stored when the scrutineers certified it. The county counts those ballots again, compares the count with
the sealed result, the seal with the content, and the results workbook with both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from ..db import seals as seals_db
from ..db import sync
from ..domain import seal as sealing

MEMBER = "data/sealed-results.json"
FORMAT = 1


def collect(db: sqlite_utils.Database, start: str, end: str) -> dict:
    """The member's content for the certified items of sessions within [start, end]."""
    items = []
    for row in sync.certified_items(db, start, end):
        content, _papers = seals_db.current(db, row["id"])
        stored = seals_db.stored_seal(db, row["id"])
        items.append({"item_uid": row["item_uid"], "session_uid": row["session_uid"], "session": row["session"],
                      "code": row["code"], "name": row["item"], "seal": stored, "sealed": content})
    return {"format": FORMAT, "items": items}


def write_member(db: sqlite_utils.Database, start: str, end: str, path: Path) -> None:
    path.write_text(json.dumps(collect(db, start, end), ensure_ascii=False, indent=1), encoding="utf-8")


@dataclass
class SealCheck:
    """What the recount of a package's sealed results found: problems refuse it, warnings are shown."""

    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    verified: int = 0
    unsealed: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _label(entry: dict) -> str:
    return f"{entry.get('session') or ''}“{entry.get('name') or entry.get('code') or '?'}”"


def _table_lines(rows: list[dict]) -> dict[str, list[dict]]:
    by_item: dict[str, list[dict]] = {}
    for row in rows:
        by_item.setdefault(str(row.get("item_uid")), []).append(row)
    return by_item


def _table_differences(rows: list[dict], result: dict) -> list[str]:
    """Where the results workbook's lines of one item differ from the recounted sealed result."""
    out = []
    lines = result.get("results") or []
    for row in rows:
        position = row.get("position")
        line = lines[position - 1] if isinstance(position, int) and 0 < position <= len(lines) else None
        if line is None or line.get("name") != row.get("name"):
            out.append(f"第 {position} 行“{row.get('name')}”不在封存的结果中")
            continue
        for key, word in (("agree", "赞成"), ("oppose", "反对"), ("abstain", "弃权")):
            if row.get(key) != line.get(key):
                out.append(f"{line['name']}的{word}票表中为 {row.get(key)}，按封存的选票为 {line.get(key)}")
    for key, word in (("issued", "发出票数"), ("returned", "收回票数")):
        values = {row.get(key) for row in rows}
        if values and values != {result.get(key)}:
            out.append(f"{word}表中为 {'、'.join(map(str, sorted(values, key=str)))}，按封存的选票为 {result.get(key)}")
    return out


def verify(files: dict[str, bytes], parts: list[str], results_rows: list[dict]) -> SealCheck:
    """Recount every sealed item of a package (its ``files`` and ``session_results`` rows)."""
    check = SealCheck()
    if "sessions" not in parts:
        return check
    data = files.get(MEMBER)
    if data is None:
        if results_rows:
            check.warnings.append("数据包没有附带计票结果的封存记录（由旧版本导出），人代会表决结果无法核对。")
        return check
    try:
        payload: Any = json.loads(data.decode("utf-8"))
        entries = payload["items"]
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise TypeError
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError):
        check.problems.append(f"封存记录 {MEMBER} 已损坏，无法读取")
        return check
    tables = _table_lines(results_rows)
    sealed_uids = set()
    for entry in entries:
        label = _label(entry)
        sealed_uids.add(str(entry.get("item_uid")))
        content, seal = entry.get("sealed"), entry.get("seal")
        try:
            again = sealing.recount(content, seal)
        except (AttributeError, IndexError, KeyError, TypeError, ValueError):
            check.problems.append(f"{label}的封存记录不完整，无法重新计票")
            continue
        if seal is None:
            check.unsealed += 1
            check.warnings.append(f"{label}：未封存（升级前），结果确认于封存功能之前")
        elif not again.seal_matches:
            check.problems.append(f"{label}的选票、票数或结果与封存码 {sealing.short_form(seal)} 不符")
            continue
        if not again.result_matches:
            check.problems.append(f"{label}按随包的选票重新计票，结果与包中记录的不符："
                                  + "；".join(again.differences or ["结果不一致"]))
            continue
        differences = _table_differences(tables.get(str(entry.get("item_uid")), []), content["result"])
        if differences:
            check.problems.append(f"{label}的表决结果表与封存的选票不符：" + "；".join(differences))
            continue
        if seal is not None:
            check.verified += 1
    for uid, rows in tables.items():
        if uid not in sealed_uids:
            check.problems.append(f"表决结果表中的事项“{rows[0].get('item')}”没有封存记录")
    return check


def verify_package(package) -> SealCheck:
    """``verify`` for a package read by ``package.read_package``."""
    return verify(package.files, package.parts, package.tables.get("session_results") or [])
