"""The kept copies of scanned files: ``attachments/scans/<session id>/`` beside the database, owner-only.

A PDF or JPEG is kept as it is (already compressed); PNG, TIFF and BMP are kept gzip-compressed (``.gz``)
unless that saves less than 10 %. The attachment mirror copies them beside the backups like any attachment.
"""

from __future__ import annotations

import gzip
import re
import shutil
import uuid
from pathlib import Path

import sqlite_utils

from ..errors import UserError
from ..private_files import create_private_file, private_folder
from .attachments import file_sha256, folder
from .scans import SCANS_FOLDER

COMPRESSED_SUFFIXES = (".png", ".tif", ".tiff", ".bmp")
MIN_SAVING = 0.10
_CHUNK = 1024 * 1024


def _safe_name(name: str) -> str:
    """The scanner's own name, without characters Windows refuses in file names."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name).strip(" .")
    return cleaned[-80:] or "扫描"


def session_folder(db: sqlite_utils.Database, session_id: int) -> Path:
    return folder(db) / SCANS_FOLDER / str(session_id)


def open_kept(path: Path):
    """The kept copy's bytes as the scanner wrote them (a ``.gz`` copy is decompressed while read)."""
    return gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")


class KeptCopies:
    """Copies written during one import; ``discard`` removes them when the import fails (all or nothing)."""

    def __init__(self, db: sqlite_utils.Database, session_id: int):
        self.base = folder(db)
        self.target = session_folder(db, session_id)
        self.written: list[Path] = []

    def keep(self, source: Path, sha256: str) -> tuple[str, str]:
        """Copy ``source`` (compressed when that pays); (path relative to the attachments folder, its SHA-256).

        ``sha256`` is the hash of the source as read; a source changed since is refused (the copy would not
        be the file that was counted)."""
        private_folder(self.target)
        stem = f"{uuid.uuid4().hex[:12]}_{_safe_name(source.name)}"
        plain = self.target / stem
        tmp = self.target / f"{stem}.tmp"
        create_private_file(tmp)
        self.written.append(tmp)
        shutil.copyfile(source, tmp)
        if file_sha256(tmp) != sha256:
            raise UserError(f"扫描文件“{source.name}”在读取后被改动过，请重新扫描读取。")
        kept = plain
        if source.suffix.lower() in COMPRESSED_SUFFIXES:
            packed = self.target / f"{stem}.gz.tmp"
            create_private_file(packed)
            self.written.append(packed)
            with open(tmp, "rb") as raw, gzip.open(packed, "wb", compresslevel=6) as out:
                shutil.copyfileobj(raw, out, _CHUNK)
            if packed.stat().st_size <= (1 - MIN_SAVING) * tmp.stat().st_size:
                tmp.unlink()
                tmp, kept = packed, self.target / f"{stem}.gz"
            else:
                packed.unlink()
        tmp.replace(kept)
        self.written.append(kept)
        return kept.relative_to(self.base).as_posix(), file_sha256(kept)

    def discard(self) -> None:
        for path in self.written:
            path.unlink(missing_ok=True)
        self.written.clear()


def remove_kept(db: sqlite_utils.Database, stored: list[str]) -> list[Path]:
    """Delete kept copies (paths relative to the attachments folder) beside the database and from the
    attachment mirror in the backup folders (the chosen one and the default one); the files removed."""
    from .attachment_mirror import FOLDER as MIRROR
    from .auto_backup import backup_folder, default_folder

    bases = [folder(db)]
    for backups in {backup_folder(db), default_folder(db)}:
        bases.append(Path(backups) / MIRROR)
    removed = []
    for relative in stored:
        for base in bases:
            path = base / relative
            if path.is_file():
                path.unlink()
                removed.append(path)
            try:
                path.parent.rmdir()          # the session's folder, once empty
            except OSError:
                pass
    return removed
