"""``restore FILE``: verify a backup, back up the current database (恢复前), then put the backup in its place.

Refused (exit 2, nothing replaced) while the GUI or a writing command holds the database's lock file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..cli import db_path
from ..db import migrations
from ..ops.restore import restore
from .database_access import unlock_file


def add_arguments(parser) -> None:
    parser.add_argument("file", type=Path, help="要恢复的备份文件（.db）")
    parser.add_argument("--yes", action="store_true", help="不再询问，直接恢复")


def _confirmed(source: Path, target: Path) -> bool:
    print(f"将用备份文件 {source} 替换当前数据库 {target}。\n当前数据库会先自动备份（恢复前）。")
    try:
        answer = input("确定恢复吗？输入 y 确认：")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes", "是")


def run(args) -> int:
    target = db_path(args)
    unlock_file(target, args)      # the start-up password of the database being replaced
    if not args.yes and not _confirmed(args.file, target):
        print("已取消，未作任何改动。", file=sys.stderr)
        return 1
    report = restore(args.file, target).value
    print(f"备份文件校验通过：{report.source}（数据版本 {report.version}，完整性正常）")
    if report.safety_backup is None:
        print("原位置没有数据库，无需安全备份。")
    elif report.safety_raw:
        print(f"当前数据库无法正常读取，已原样复制保存到：{report.safety_backup}")
    else:
        print(f"已为当前数据库做安全备份：{report.safety_backup}")
    print(f"已恢复数据库：{report.target}")
    if report.version < migrations.LATEST:
        print("该备份来自较早版本，下次打开时会自动升级数据格式（升级前会再备份一次）。")
    return 0
