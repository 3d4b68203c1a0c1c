"""``reset-password --yes``: remove a forgotten start-up password (for the office's maintainer).

The start-up password keeps other people out of the program; it is access control, not encryption: whoever
can log in to the operating-system account that owns the database file can read the file anyway. So this
command asks for no password, but it runs only for that account (on POSIX the file's owner must be the
user running it; on Windows the per-user profile that holds the data folder stands for this check, which
is skipped), and the audit log records it with the account's name.
"""

from __future__ import annotations

import getpass
import os

from ..cli import db_path
from ..errors import InputError
from ..ops.password import reset_forgotten
from .database_access import opened


def add_arguments(parser) -> None:
    parser.add_argument("--yes", action="store_true", help="确认取消启动密码（防止误操作，必须写明）")


def account_name() -> str:
    """The operating-system account running the command, for the audit log."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.geteuid()}" if hasattr(os, "geteuid") else "未知账户"


def require_owner(path) -> None:
    """InputError unless the database file belongs to the account running the command (POSIX only)."""
    if not path.is_file():
        raise InputError(f"数据库文件 {path} 不存在，无需取消启动密码。")
    if not hasattr(os, "geteuid"):
        return       # Windows: the data folder lives in the owner's profile, which others cannot open
    owner = path.stat().st_uid
    if owner != os.geteuid():
        try:
            import pwd

            name = pwd.getpwuid(owner).pw_name
        except (ImportError, KeyError):
            name = f"uid {owner}"
        raise InputError(f"只有数据库文件的所有者（操作系统账户“{name}”）才能取消启动密码。"
                         f"请用该账户登录后再运行 reset-password。启动密码未改变。")


def run(args) -> int:
    if not args.yes:
        raise InputError("这会取消本数据库的启动密码。确认要这样做，请加上 --yes 再运行。")
    path = db_path(args)
    require_owner(path)
    with opened(args, writes=True, password=False) as db:
        changes = reset_forgotten(db, actor=f"维护人员（操作系统账户 {account_name()}）")
    print(changes.message)
    return 0
