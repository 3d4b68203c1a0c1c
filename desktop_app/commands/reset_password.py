"""``reset-password --yes``: remove a forgotten start-up password (for the office's maintainer).

The start-up password keeps casual users out of the program; it is not encryption. A clerk who forgot it
asks whoever maintains the laptop to run this; the audit log keeps a record.
"""

from ..cli import db_path
from ..db.connection import open_database
from ..ops.password import reset_forgotten
from ..errors import InputError


def add_arguments(parser) -> None:
    parser.add_argument("--yes", action="store_true", help="确认取消启动密码（防止误操作，必须写明）")


def run(args) -> int:
    if not args.yes:
        raise InputError("这会取消本数据库的启动密码。确认要这样做，请加上 --yes 再运行。")
    db = open_database(db_path(args))
    try:
        changes = reset_forgotten(db)
    finally:
        db.close()
    print(changes.message)
    return 0
