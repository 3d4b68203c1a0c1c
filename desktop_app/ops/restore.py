"""恢复备份: put a verified backup in place of the (closed) database file, after a safety backup of it.

The file is replaced, not written to, so there is no transaction: the whole file is the change. A backup
that fails its check is refused (InputError) and the current file stays as it was.
"""

from __future__ import annotations

from pathlib import Path

from ..db.restore import restore_database
from .changes import Area, Changes


def restore(source: str | Path, target: str | Path) -> Changes:
    """Replace ``target`` by the backup ``source``; ``value`` is db.restore's RestoreReport (safety copy, version)."""
    report = restore_database(source, target)
    return Changes(Area.EVERYTHING, (), f"已恢复数据库：{report.target}", report)
