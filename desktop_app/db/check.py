"""Health check of a database file: integrity, foreign keys, schema version, the audit chain and its head
kept beside the file, and the sealed results (every ballot and certified count against the audit log).

Each check is a function in ``CHECKS``; add one (e.g. attachments) by appending ``(name, title, function)``.
The file is only read: no migration, no journal-mode change.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import sqlite_utils

from . import audit, audit_head, migrations, seals

SQLITE_MAGIC = b"SQLite format 3\x00"

# integrity_check can list thousands of lines on a badly damaged file; the first ones say enough.
_MAX_LINES = 10
# The check name of a problem with the medium (read-only, full), not with the file: restoring does not help.
MEDIUM = "medium"
_FULL_BELOW_BYTES = 1024 * 1024


@dataclass
class Problem:
    """One thing wrong, as a plain Chinese sentence; ``entry_id`` names the audit entry when relevant.

    A ``warning`` is worth knowing but does not fail the check (an item certified before seals existed).
    """

    check: str
    message: str
    entry_id: int | None = None
    warning: bool = False


@dataclass
class CheckResult:
    """The outcome of one check; ``problems`` is empty when it passed. ``skipped`` when it could not run."""

    name: str
    title: str
    problems: list[Problem] = field(default_factory=list)
    skipped: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]

    def to_dict(self) -> dict:
        return {"name": self.name, "title": self.title, "ok": self.ok, "skipped": self.skipped,
                "problems": [asdict(p) for p in self.problems]}


@dataclass
class Target:
    """What a check looks at: the file's path and an open connection to it."""

    path: Path
    db: sqlite_utils.Database


CheckFunction = Callable[[Target], list[Problem]]


def check_integrity(target: Target) -> list[Problem]:
    """PRAGMA integrity_check: pages, indexes and records are as SQLite wrote them."""
    rows = [r[0] for r in target.db.execute(f"PRAGMA integrity_check({_MAX_LINES})").fetchall()]
    if rows == ["ok"]:
        return []
    # One row may hold several lines; the '*** in database main ***' heading says nothing to a clerk.
    lines = [line.strip() for row in rows for line in str(row).splitlines()]
    lines = [line for line in lines if line and not line.startswith("***")][:_MAX_LINES]
    return [Problem("integrity", f"数据库文件结构损坏：{line}") for line in lines or rows]


def check_foreign_keys(target: Target) -> list[Problem]:
    """PRAGMA foreign_key_check: no row points at a record that does not exist."""
    problems = []
    for table, rowid, parent, _fkid in target.db.execute("PRAGMA foreign_key_check").fetchall():
        problems.append(Problem(
            "foreign_keys", f"表 {table} 中第 {rowid} 行引用的 {parent} 记录不存在（数据之间的关联断了）。"))
    return problems


def check_schema_version(target: Target) -> list[Problem]:
    """The file's data version is one this program knows."""
    version = migrations.schema_version(target.db)
    if version > migrations.LATEST:
        return [Problem("schema", f"数据库由更新版本的程序创建（数据版本 {version}，本程序支持到 {migrations.LATEST}），"
                                  "请升级软件后再检查。")]
    if version == 0:
        return [Problem("schema", "这不是乡镇人大工作台的数据库（没有数据版本）。")]
    return []


def check_audit_chain(target: Target) -> list[Problem]:
    """The SHA-256 chain of the audit log is whole; reports the first broken entry."""
    broken = audit.verify_chain(target.db)
    if broken is None:
        return []
    return [Problem("audit_chain", broken.message(), entry_id=broken.entry_id)]


def check_audit_head(target: Target) -> list[Problem]:
    """The chain head recorded beside the file (``<db>.audit-head``) is the chain's head, or an entry of it.

    Missing, or behind the chain (the program stopped between saving and recording): a warning. Ahead of the
    chain (its tail cut, or the file swapped for an older copy outside the program) or naming an entry with
    another hash (the chain rewritten): a problem.
    """
    if "audit_log" not in target.db.table_names():
        return []
    name = audit_head.head_path(target.path).name
    try:
        recorded = audit_head.read(target.path)
    except (OSError, ValueError):
        return [Problem("audit_head", f"审计链尾记录文件 {name} 已损坏，无法核对审计日志的末尾。", warning=True)]
    if recorded is None:
        return [Problem("audit_head", f"没有找到审计链尾记录文件 {name}（升级后尚未录入，或数据库是从别处复制来的），"
                                      "暂时无法核对审计日志的末尾；下次保存任何数据后会自动生成。", warning=True)]
    head = audit_head.chain_head(target.db.conn)
    if recorded.id > head.id:
        return [Problem("audit_head", f"审计日志缺少第 {head.id + 1}–{recorded.id} 条：链尾记录文件 {name} 记录到第 "
                                      f"{recorded.id} 条，数据库只到第 {head.id} 条。日志末尾被删除，或数据库在程序之外"
                                      "被换成了较早的副本（用本程序的“恢复”功能恢复备份不会出现此问题）。",
                        entry_id=head.id + 1)]
    row = target.db.execute("SELECT hash FROM audit_log WHERE id = ?", [recorded.id]).fetchone() \
        if recorded.id else (audit_head.GENESIS,)
    if row is None or row[0] != recorded.hash:
        return [Problem("audit_head", f"审计日志第 {recorded.id} 条与链尾记录文件 {name} 不符：日志被改写或整条重新计算过。",
                        entry_id=recorded.id or None)]
    if recorded.id < head.id:
        return [Problem("audit_head", f"链尾记录文件 {name} 落后于审计日志 {head.id - recorded.id} 条（程序可能在保存后"
                                      "被中断，或数据库在别处使用过）；前面的记录核对一致。", warning=True)]
    return []


def check_seals(target: Target) -> list[Problem]:
    """Every ballot as its audit entries say, every certified item's recount as its seal says."""
    return [Problem("seals", f.message, warning=f.warning) for f in seals.verify(target.db)]


def check_attachments(target: Target) -> list[Problem]:
    """Every attached photo or document is present in the attachments folder with the content it was filed with."""
    if "attachments" not in target.db.table_names():
        return []
    from . import attachments

    return [Problem("attachments", line) for line in attachments.verify_attachments(target.db)]


def check_scans(target: Target) -> list[Problem]:
    """Every kept copy of a scanned file is present with the content it was kept with (a copy deleted after
    certification, and recorded so, is no problem)."""
    from . import scans

    return [Problem("scans", line) for line in scans.verify_scan_files(target.db)]


CHECKS: list[tuple[str, str, CheckFunction]] = [
    ("integrity", "数据库完整性", check_integrity),
    ("foreign_keys", "数据关联（外键）", check_foreign_keys),
    ("schema", "数据版本", check_schema_version),
    ("audit_chain", "审计日志链", check_audit_chain),
    ("audit_head", "审计链尾记录", check_audit_head),
    ("seals", "选票与计票结果封存", check_seals),
    ("attachments", "附件文件", check_attachments),
    ("scans", "扫描选票图像", check_scans),
]


def _open(path: Path) -> tuple[sqlite_utils.Database | None, Problem | None]:
    """A plain connection (no pragmas that write), or the problem that prevents opening the file."""
    if not path.exists():
        return None, Problem("open", f"数据库文件 {path} 不存在。")
    if not path.is_file():
        return None, Problem("open", f"{path} 不是文件。")
    with open(path, "rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head != SQLITE_MAGIC:
        return None, Problem("open", f"{path.name} 不是 SQLite 数据库文件（文件头不符），可能已损坏或不是本程序的数据库。")
    try:
        conn = sqlite3.connect(str(path), timeout=10)
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as err:
        medium = medium_problem(path)
        if medium is None:
            return None, Problem("open", f"无法打开数据库文件 {path.name}：{err}")
        # A WAL database cannot be opened normally where its -shm file cannot be made: read it as it lies
        # on the medium, so the clerk learns whether the file itself is sound.
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, timeout=10)
            conn.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError:
            return None, Problem("open", f"无法打开数据库文件 {path.name}：{err}")
        return sqlite_utils.Database(conn), medium
    return sqlite_utils.Database(conn), None


def medium_problem(path: Path) -> Problem | None:
    """A full disk or a read-only medium/folder/file where the database lies (not damage), else None."""
    folder = path.parent
    try:
        stats = os.statvfs(folder) if hasattr(os, "statvfs") else None
    except OSError:
        stats = None
    if stats is not None and stats.f_flag & getattr(os, "ST_RDONLY", 1):
        what = "所在的磁盘是只读的（如 U 盘的写保护开关已打开，或光盘）"
    elif not os.access(folder, os.W_OK) or not os.access(path, os.W_OK):
        what = "或它所在的文件夹是只读的（没有写入权限）"
    elif stats is not None and stats.f_bavail * stats.f_frsize < _FULL_BELOW_BYTES:
        what = "所在的磁盘已满"
    else:
        return None
    return Problem(MEDIUM, f"数据库文件 {path.name} {what}，程序无法在此保存数据。这不是文件损坏，不需要从备份恢复："
                           "请把数据库复制到可写、有空间的位置，或解除只读/清理磁盘后再打开。")


def check_report(db_path: str | Path) -> list[CheckResult]:
    """Run every check on the file; a check that cannot run because the file is unreadable is a problem too."""
    path = Path(db_path)
    db, problem = _open(path)
    if db is None:
        return [CheckResult("open", "打开数据库", [problem])] + [
            CheckResult(name, title, skipped=True) for name, title, _ in CHECKS]
    results = [CheckResult(MEDIUM, "存储位置", [problem])] if problem is not None else []
    try:
        target = Target(path, db)
        for name, title, function in CHECKS:
            try:
                problems = function(target)
            except sqlite3.DatabaseError as err:
                problems = [Problem(name, f"检查时读取数据库出错：{err}（文件可能已损坏）。")]
            results.append(CheckResult(name, title, problems))
    finally:
        db.close()
    return results


def data_notices(db_path: str | Path) -> list[str]:
    """Data a clerk should complete, though nothing is damaged: deputies with no 届次 (missing from sign-in and
    全体代表人数). Empty when the file cannot be opened (``check_report`` says why)."""
    path = Path(db_path)
    db, _problem = _open(path)
    if db is None:
        return []
    try:
        if "deputies" not in db.table_names():
            return []
        names = [row[0] for row in db.execute(
            "SELECT name FROM deputies WHERE term_id IS NULL AND deleted_at IS NULL ORDER BY id").fetchall()]
    except sqlite3.DatabaseError:
        return []
    finally:
        db.close()
    if not names:
        return []
    shown = "、".join(names[:10]) + (f" 等 {len(names)} 人" if len(names) > 10 else "")
    return [f"有 {len(names)} 名代表没有届次：{shown}。他们不会出现在签到表和全体代表人数中，"
            "请在“代表名册 → 补登届次…”中补登。"]


def run_checks(db_path: str | Path) -> list[Problem]:
    """Every problem found in the file (empty when all is well); warnings are left out."""
    return [p for result in check_report(db_path) for p in result.errors]
