"""Errors a user can fix (shown as a Chinese message) versus bugs (logged with a traceback)."""

from __future__ import annotations

import errno
import os
import sys


class UserError(Exception):
    """A problem the clerk can fix; ``str(err)`` is a complete Chinese sentence saying what to do."""


class InputError(UserError):
    """Bad input from a file or a form: names the file/sheet/row/column or the field. CLI exit status 2."""


class DatabaseBusyError(UserError):
    """Another window or command holds the database file: the clerk waits or closes it. CLI exit status 2."""


# The words every "someone else has the file" message starts with, so the clerk recognises the situation.
BUSY = "数据库正由另一个窗口使用"


_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DENIED = {errno.EACCES, errno.EPERM}


def environment_message(err: BaseException) -> str | None:
    """A Chinese sentence for a full disk, a read-only medium or a file another program holds; None otherwise.

    These are the machine's state, not bugs: the clerk can free space, choose another folder or close Excel.
    """
    if isinstance(err, OSError):
        name = os.path.basename(os.fsdecode(err.filename)) if err.filename else "文件"
        if err.errno in _FULL:
            return f"磁盘空间不足，无法写入“{name}”。请清理磁盘空间或换一个保存位置后重试；原有文件没有改动。"
        if err.errno == errno.EROFS:
            return f"“{name}”所在的磁盘是只读的，无法写入。请换一个保存位置，或检查 U 盘的写保护开关。"
        if err.errno in _DENIED:
            return (f"没有权限写入“{name}”：文件是只读的、正被其他程序（如 Excel、WPS）打开，或所在文件夹不允许写入。"
                    "请关闭该文件或换一个保存位置后重试。")
        return None
    # An sqlite3 error comes from a loaded sqlite3: not importing it here keeps it (and datetime) off the
    # path to the first window, which imports this module.
    sqlite3 = sys.modules.get("sqlite3")
    if sqlite3 is not None and isinstance(err, sqlite3.OperationalError):
        text = str(err).lower()
        if "disk is full" in text or "disk i/o error" in text:
            return "数据库无法写入磁盘（磁盘已满或存储设备出错），本次操作未保存。请清理磁盘空间后重试，然后运行 check 检查数据库。"
        if "readonly database" in text or "read-only" in text:
            return "数据库文件是只读的（或所在磁盘只读），无法保存。请检查文件属性或把数据库放到可写的位置。"
        if "database is locked" in text or "database table is locked" in text:
            # Another connection kept its write lock past the busy timeout (a SQLite tool, a stuck program).
            return (f"{BUSY}（另一个程序正在写入同一个数据库文件），等待后仍无法写入；本次操作没有保存。"
                    "请等它完成，或关闭正在使用该数据库的其他程序后重试。")
    return None
