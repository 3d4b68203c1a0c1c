"""The append-only audit log whose entries are chained by SHA-256 (hash of previous hash + entry)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from . import audit_head, transaction
from .writes import writes

GENESIS = audit_head.GENESIS
HEAD_KEY = "audit_head"


def _entry_hash(prev_hash: str, at: str, actor: str | None, action: str, entity: str | None,
                entity_id: int | None, detail: str | None) -> str:
    payload = json.dumps([prev_hash, at, actor, action, entity, entity_id, detail], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@writes
def append(db: sqlite_utils.Database, action: str, *, entity: str | None = None, entity_id: int | None = None,
           detail: Any = None, actor: str | None = None) -> int:
    """Add one entry; call inside the transaction of the change it records."""
    with transaction.write(db):
        row = db.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        prev = row[0] if row else GENESIS
        at = dt.datetime.now().isoformat(timespec="seconds")
        detail_text = None if detail is None else json.dumps(detail, ensure_ascii=False, sort_keys=True)
        digest = _entry_hash(prev, at, actor, action, entity, entity_id, detail_text)
        cursor = db.execute(
            "INSERT INTO audit_log(at, actor, action, entity, entity_id, detail, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [at, actor, action, entity, entity_id, detail_text, prev, digest],
        )
        # The head is kept apart from the log so that removing the newest entries shows too.
        db.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [HEAD_KEY, json.dumps({"id": cursor.lastrowid, "hash": digest})],
        )
        audit_head.mark(db)
        return cursor.lastrowid


@dataclass
class ChainBreak:
    entry_id: int
    reason: str

    def message(self) -> str:
        return f"审计日志第 {self.entry_id} 条{self.reason}：数据库可能在本程序之外被修改过。"


def verify_chain(db: sqlite_utils.Database) -> ChainBreak | None:
    """The first entry whose hash or link does not match, or None when the chain is whole."""
    prev = GENESIS
    expected_id = None
    for row in db.execute(
        "SELECT id, at, actor, action, entity, entity_id, detail, prev_hash, hash FROM audit_log ORDER BY id"
    ):
        entry_id, at, actor, action, entity, entity_id, detail, prev_hash, digest = row
        if expected_id is not None and entry_id != expected_id:
            return ChainBreak(expected_id, "缺失（条目被删除）")
        if prev_hash != prev:
            return ChainBreak(entry_id, "与前一条的链接不符")
        if _entry_hash(prev_hash, at, actor, action, entity, entity_id, detail) != digest:
            return ChainBreak(entry_id, "内容与校验值不符")
        prev = digest
        expected_id = entry_id + 1
    head_row = db.execute("SELECT value FROM settings WHERE key = ?", [HEAD_KEY]).fetchone()
    if head_row:
        head = json.loads(head_row[0])
        if expected_id is None or expected_id - 1 < head["id"]:
            return ChainBreak((expected_id or 1), "及其后的条目缺失（末尾条目被删除）")
        if expected_id - 1 == head["id"] and prev != head["hash"]:
            return ChainBreak(head["id"], "与记录的链尾不符")
    return None


def entries(db: sqlite_utils.Database, *, entity: str | None = None, entity_id: int | None = None) -> list[dict]:
    sql = "SELECT * FROM audit_log"
    where, params = [], []
    if entity is not None:
        where.append("entity = ?")
        params.append(entity)
    if entity_id is not None:
        where.append("entity_id = ?")
        params.append(entity_id)
    if where:
        sql += " WHERE " + " AND ".join(where)
    return list(db.query(sql + " ORDER BY id", params))
