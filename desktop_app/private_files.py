"""Owner-only files and folders for personal data (0600 / 0700 on POSIX), and the drives that cannot keep them.

On Windows the per-user profile (where the data folder lives) already keeps other accounts out, so nothing is
changed there. FAT and exFAT drives (most USB sticks) store no permissions at all, on any system: a backup
written there can be read by whoever holds the stick, which the clerk is told.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path

log = logging.getLogger(__name__)

FILE_MODE = 0o600
DIR_MODE = 0o700
POSIX = os.name == "posix"

# Linux names of the file systems without owners or permissions (/proc/mounts), as the clerk knows them.
_LINUX_NO_PERMISSIONS = {"vfat": "FAT", "msdos": "FAT", "exfat": "exFAT"}
_OCTAL = re.compile(r"\\([0-7]{3})")


def make_private(path: str | os.PathLike) -> None:
    """Owner-only permissions on an existing file (0600) or folder (0700); a no-op on Windows.

    A file system that ignores permissions, or a file of another account, is left as it is: the write
    that follows is what matters, and it must not fail for this.
    """
    if not POSIX:
        return
    path = Path(path)
    try:
        os.chmod(path, DIR_MODE if path.is_dir() else FILE_MODE)
    except OSError as err:
        log.info("could not make %s owner-only: %s", path, err)


def private_folder(path: str | os.PathLike) -> Path:
    """Create ``path`` (and parents) if needed and make it owner-only; returns it."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    make_private(path)
    return path


def create_private_file(path: str | os.PathLike) -> Path:
    """Create (or empty) ``path`` readable only by its owner, before a library writes into it.

    Creating it first means the content is never readable by others, not even for the moment between
    the write and a later chmod.
    """
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        if POSIX:
            try:
                os.fchmod(fd, FILE_MODE)      # an existing file keeps its old mode through O_CREAT
            except OSError as err:
                log.info("could not make %s owner-only: %s", path, err)
    finally:
        os.close(fd)
    return path


def filesystem_without_permissions(path: str | os.PathLike) -> str | None:
    """'FAT' or 'exFAT' when ``path`` lies on a drive that keeps no permissions; None otherwise or when unknown.

    Detected on Windows (GetVolumeInformationW) and Linux (/proc/mounts); elsewhere (macOS) it is not
    detected and None is returned.
    """
    try:
        if sys.platform == "win32":
            return _windows_filesystem(Path(path))
        if sys.platform.startswith("linux"):
            with open("/proc/mounts", encoding="utf-8", errors="replace") as fh:
                return linux_filesystem(Path(path), fh.read())
    except OSError:
        return None
    return None


def linux_filesystem(path: Path, mounts: str) -> str | None:
    """The permission-less file system ``path`` is on, read from the text of /proc/mounts."""
    target = str(Path(os.path.realpath(path)))
    best, kind = "", None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        # /proc/mounts escapes spaces and tabs in mount points as octal (\040).
        point = _OCTAL.sub(lambda m: chr(int(m.group(1), 8)), fields[1])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return _LINUX_NO_PERMISSIONS.get(kind or "")


def _windows_filesystem(path: Path) -> str | None:
    import ctypes

    anchor = Path(os.path.abspath(path)).anchor          # "E:\\" or "\\\\server\\share\\"
    name = ctypes.create_unicode_buffer(64)
    ok = ctypes.windll.kernel32.GetVolumeInformationW(  # type: ignore[attr-defined]
        ctypes.c_wchar_p(anchor), None, 0, None, None, None, name, len(name))
    if not ok:
        return None
    value = name.value.upper()
    if value == "EXFAT":
        return "exFAT"
    return "FAT" if value.startswith("FAT") else None


def unprotected_drive_warning(folder: str | os.PathLike) -> str | None:
    """The Chinese warning for backups written to a FAT/exFAT drive, or None."""
    kind = filesystem_without_permissions(folder)
    if kind is None:
        return None
    return (f"注意：备份所在的磁盘是 {kind} 格式，不能限制别人读取文件，备份中的代表个人信息"
            "任何拿到该U盘的人都能看到。请妥善保管这个U盘。")
