"""``backup``: a verified copy of the database in the backup folder (a manual backup: it prunes nothing).

Manual backups are tagged 手动; automatic rotation keeps them at least 30 days (domain/backup_policy).
"""

from pathlib import Path

from ..db.auto_backup import auto_backup
from .database_access import opened


def add_arguments(parser) -> None:
    parser.add_argument("--to", type=Path,
                        help="备份到此文件夹（默认：设置中的备份文件夹，未设置时为数据库旁的 backups 文件夹）")


def run(args) -> int:
    with opened(args, writes=False) as db:
        result = auto_backup(db, "手动", folder=args.to, rotate=False)
    print(result.message)
    return 0
