"""Photos and documents kept with a record: copied into an attachments/ folder next to the database."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import uuid
from pathlib import Path

import sqlite_utils

from ..errors import InputError, UserError
from ..fileio import atomic_path
from . import audit, records
from .backup import database_path
from . import transaction
from .writes import writes

OWNER_TABLES = ("activities", "suggestions", "reception_visits", "deputies")
FOLDER = "attachments"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp")
MAX_SIZE = 200 * 1024 * 1024
_CHUNK = 1024 * 1024


def folder(db: sqlite_utils.Database) -> Path:
    """The attachments folder of this database (it moves with the database file)."""
    return database_path(db).parent / FOLDER


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _safe_name(name: str) -> str:
    """Keep the readable (Chinese) name but drop characters Windows refuses in file names."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name).strip(" .")
    return cleaned[-80:] or "附件"


@writes
def add_attachment(db: sqlite_utils.Database, owner_table: str, owner_id: int, source: str | Path) -> int:
    """Copy ``source`` (temporary name, then rename) and record it with its SHA-256; returns the attachment id."""
    if owner_table not in OWNER_TABLES:
        raise ValueError(f"attachments cannot belong to {owner_table!r}")
    source = Path(source)
    if not source.is_file():
        raise InputError(f"文件 {source} 不存在或不是普通文件。")
    size = source.stat().st_size
    if size > MAX_SIZE:
        raise InputError(f"文件 {source.name} 超过 200 MB，请压缩后再添加。")
    if not db.execute(f"SELECT 1 FROM {owner_table} WHERE id = ?", [owner_id]).fetchone():
        raise UserError(f"要添加附件的记录（编号 {owner_id}）不存在。")
    today = dt.date.today()
    relative = Path(owner_table) / f"{today.year}" / f"{uuid.uuid4().hex[:12]}_{_safe_name(source.name)}"
    target = folder(db) / relative
    with atomic_path(target) as tmp:
        shutil.copyfile(source, tmp)
        digest = file_sha256(tmp)
        copied = tmp.stat().st_size
    if copied != size:
        target.unlink(missing_ok=True)
        raise UserError(f"复制文件 {source.name} 时大小不符，可能文件正在被修改，请重试。")
    try:
        with transaction.write(db):
            attachment_id = db.execute(
                "INSERT INTO attachments(owner_table, owner_id, original_name, stored_path, sha256, size, added_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [owner_table, owner_id, source.name, relative.as_posix(), digest, size,
                 dt.datetime.now().isoformat(timespec="seconds")]).lastrowid
            audit.append(db, "添加附件", entity=owner_table, entity_id=owner_id,
                         detail={"attachment_id": attachment_id, "name": source.name, "sha256": digest})
    except BaseException:
        # No record, no file: an orphan copy would only confuse the check.
        target.unlink(missing_ok=True)
        raise
    return attachment_id


def list_attachments(db: sqlite_utils.Database, owner_table: str, owner_id: int) -> list[dict]:
    """Attachments of one record, oldest first, with ``path`` (absolute) and ``is_image`` for thumbnails."""
    rows = list(db.query("SELECT * FROM attachments WHERE owner_table = ? AND owner_id = ? AND deleted_at IS NULL "
                         "ORDER BY id", [owner_table, owner_id]))
    base = folder(db)
    for row in rows:
        row["path"] = base / row["stored_path"]
        row["is_image"] = Path(row["original_name"]).suffix.lower() in IMAGE_SUFFIXES
    return rows


def attachment_path(db: sqlite_utils.Database, attachment_id: int) -> Path:
    row = db.execute("SELECT stored_path FROM attachments WHERE id = ?", [attachment_id]).fetchone()
    if row is None:
        raise UserError(f"找不到编号为 {attachment_id} 的附件。")
    return folder(db) / row[0]


@writes
def remove_attachment(db: sqlite_utils.Database, attachment_id: int) -> None:
    """Hide an attachment; the file stays in the folder so the removal can be undone."""
    with transaction.write(db):
        row = db.execute("SELECT owner_table, owner_id, original_name FROM attachments WHERE id = ?",
                         [attachment_id]).fetchone()
        if row is None:
            raise UserError(f"找不到编号为 {attachment_id} 的附件。")
        records.soft_delete(db, "attachments", attachment_id, action="删除附件", entity=row[0], entity_id=row[1],
                            detail={"attachment_id": attachment_id, "name": row[2]})


@writes
def restore_attachment(db: sqlite_utils.Database, attachment_id: int) -> None:
    with transaction.write(db):
        records.restore(db, "attachments", attachment_id, action="恢复附件", entity="attachments")


def verify_attachments(db: sqlite_utils.Database) -> list[str]:
    """Chinese problem lines for missing files or files whose content changed (for the check command)."""
    problems = []
    base = folder(db)
    for attachment_id, name, stored, digest, size in db.execute(
            "SELECT id, original_name, stored_path, sha256, size FROM attachments ORDER BY id"):
        path = base / stored
        if not path.is_file():
            problems.append(f"附件 {attachment_id}（{name}）的文件缺失：{path}")
        elif path.stat().st_size != size or file_sha256(path) != digest:
            problems.append(f"附件 {attachment_id}（{name}）的文件内容与登记时不一致：{path}")
    return problems
