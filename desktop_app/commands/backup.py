"""``backup``: a verified copy of the database in the backup folder."""

from pathlib import Path

from ..cli import db_path
from ..db import open_database
from ..db.backup import backup_database


def add_arguments(parser) -> None:
    parser.add_argument("--to", type=Path, help="备份到此文件夹（默认：数据库旁的 backups 文件夹）")


def run(args) -> int:
    db = open_database(db_path(args))
    try:
        target = backup_database(db, reason="手动", folder=args.to)
    finally:
        db.close()
    print(f"已备份到 {target}")
    return 0
