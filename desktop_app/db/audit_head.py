"""The audit chain's head kept in a small file beside the database (``<db>.audit-head``).

The chain in the database shows an edited entry; it cannot show its own tail cut off, or the whole chain
recomputed, by someone who also edits the head stored with it. A copy of the head outside the file does:
it is rewritten after every commit that added an audit entry (one small write and an atomic rename), by
restore and by 清空数据, and ``check`` compares it with the chain.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

GENESIS = "0" * 64
SUFFIX = ".audit-head"

log = logging.getLogger(__name__)

# Connections (by id) whose open transaction added an audit entry: the head file follows their commit.
_pending: set[int] = set()


@dataclass(frozen=True)
class Head:
    """The newest audit entry: its id (0 for an empty log) and its hash."""

    id: int
    hash: str


def head_path(db_path: str | os.PathLike) -> Path:
    path = Path(db_path)
    return path.with_name(path.name + SUFFIX)


def chain_head(conn: sqlite3.Connection | sqlite_utils.Database) -> Head:
    """The newest entry of the audit log in the database (GENESIS when the log is empty)."""
    row = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return Head(row[0], row[1]) if row else Head(0, GENESIS)


def write(db_path: str | os.PathLike, head: Head) -> None:
    """Replace the head file atomically; a failure (read-only folder, full disk) is logged, never raised:
    the data is committed already, and ``check`` reports the file as missing or behind."""
    target = head_path(db_path)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps({"id": head.id, "hash": head.hash}), encoding="utf-8")
        os.replace(tmp, target)
    except OSError as err:
        log.warning("审计链尾记录文件 %s 未能写入：%s", target, err)
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def read(db_path: str | os.PathLike) -> Head | None:
    """The head recorded beside the database; None when there is no file. ValueError when it is garbled."""
    target = head_path(db_path)
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    data = json.loads(text)
    if not isinstance(data, dict) or not isinstance(data.get("id"), int) or not isinstance(data.get("hash"), str):
        raise ValueError(text[:80])
    return Head(data["id"], data["hash"])


def _main_file(db: sqlite_utils.Database) -> str | None:
    for _seq, name, file in db.conn.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return file or None     # '' for an in-memory database
    return None


def mark(db: sqlite_utils.Database) -> None:
    """The open transaction added an audit entry (called by ``audit.append``)."""
    _pending.add(id(db.conn))


def after_commit(db: sqlite_utils.Database) -> None:
    """Write the head file when the transaction just committed added an audit entry."""
    if id(db.conn) not in _pending:
        return
    _pending.discard(id(db.conn))
    path = _main_file(db)
    if path:
        write(path, chain_head(db.conn))


def after_rollback(db: sqlite_utils.Database) -> None:
    _pending.discard(id(db.conn))


def write_for_file(db_path: str | os.PathLike) -> None:
    """Record the chain head of the database file at ``db_path`` (after a restore replaced it)."""
    conn = sqlite3.connect(str(db_path), timeout=10)
    try:
        head = chain_head(conn)
    finally:
        conn.close()
    write(db_path, head)
