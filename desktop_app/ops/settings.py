"""Office settings a clerk changes in 设置 and elsewhere: the unit names, masking, the backup folder, the county folder."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from ..db import audit, auto_backup
from ..db import settings as store
from ..db import transaction
from ..domain.id_digest import normalize_county_code
from ..domain.text import name_problem, normalize_text
from ..errors import InputError
from ..private_files import unprotected_drive_warning
from .changes import Area, Changes


def set_unit_names(db: sqlite_utils.Database, township: str, county: str) -> Changes:
    """The names that head every report, notice and package; both required (InputError, nothing saved)."""
    township, county = normalize_text(township or ""), normalize_text(county or "")
    if not township:
        raise InputError("请填写乡镇（街道）名称，单位名称未改变。")
    if not county:
        raise InputError("请填写县（市、区）名称，单位名称未改变。")
    old = {"township_name": store.get(db, "township_name"), "county_name": store.get(db, "county_name")}
    new = {"township_name": township, "county_name": county}
    if old == new:
        return Changes(Area.NONE, (), "已保存。", new)
    with transaction.write(db):
        for key, value in new.items():
            store.put(db, key, value)
        audit.append(db, "修改单位名称", entity="settings",
                     detail={key: [old[key], value] for key, value in new.items() if old[key] != value})
    return Changes(Area.SETTINGS, (), "已保存。", new)


def set_masking(db: sqlite_utils.Database, on: bool) -> Changes:
    """Hide (True) or show the middle digits of 身份证号 and phone numbers in lists and exports."""
    on = bool(on)
    if bool(store.get(db, "mask_personal_data")) == on:
        return Changes()
    with transaction.write(db):
        store.put(db, "mask_personal_data", on)
        audit.append(db, "开启个人信息隐藏" if on else "关闭个人信息隐藏", entity="settings")
    return Changes(Area.SETTINGS, (), "", on)


COUNTY_CODE_MIN = 8


def set_county_code(db: sqlite_utils.Database, code: str | None) -> Changes:
    """The 县级匹配码 the county gives its townships: the key of the ID digests in exchange packages.

    Typed once; empty removes it (packages then carry no digest). Spaces are dropped and letters upper-cased,
    as every office must hold the same code; shorter than 8 characters is refused (a short code is guessed).
    The audit entry names the change, never the code.
    """
    value = normalize_county_code(code)
    if value and len(value) < COUNTY_CODE_MIN:
        raise InputError(f"县级匹配码至少 {COUNTY_CODE_MIN} 个字符（请照县里的通知完整输入），未保存。")
    if value and name_problem(value, "县级匹配码"):
        raise InputError(name_problem(value, "县级匹配码") + "，未保存。")
    old = store.get(db, "county_code") or ""
    if old == value:
        return Changes(Area.NONE, (), "县级匹配码未改变。", value)
    with transaction.write(db):
        store.put(db, "county_code", value or None)
        audit.append(db, "设置县级匹配码" if value else "清除县级匹配码", entity="settings",
                     detail={"had_code": bool(old)})
    return Changes(Area.SETTINGS, (), "已保存县级匹配码。" if value else "已清除县级匹配码。", value)


def set_backup_folder(db: sqlite_utils.Database, folder: str | Path | None) -> Changes:
    """Back up into ``folder`` (None: the default) once a file can be written there; ``value`` is the folder.

    A folder that cannot be written (an unplugged USB stick) is refused with a message; the setting stays.
    """
    before = auto_backup.backup_folder(db)
    with transaction.write(db):
        chosen = auto_backup.set_backup_folder(db, folder)
        audit.append(db, "更改备份文件夹", entity="settings",
                     detail={"原文件夹": str(before), "新文件夹": str(chosen) if folder else "默认文件夹"})
    # A USB stick formatted FAT/exFAT keeps no permissions: the clerk should know before the first backup.
    warning = unprotected_drive_warning(chosen)
    return Changes(Area.SETTINGS, (), f"备份文件夹：{chosen}" + (f"。{warning}" if warning else ""), chosen)


def remember_county_keys(db: sqlite_utils.Database, registry: dict) -> Changes:
    """县级汇总 registered a township's signing key (first package seen): kept for the next loads, audited."""
    before = set((store.get(db, "county_keys") or {}).get("townships") or {})
    with transaction.write(db):
        store.put(db, "county_keys", registry)
        audit.append(db, "登记乡镇签名密钥", entity="settings",
                     detail={name: entry.get("fingerprint") for name, entry in (registry.get("townships") or {}).items()
                             if name not in before})
    return Changes(Area.NONE, (), "", registry)


def remember_county_folder(db: sqlite_utils.Database, folder: str | Path) -> Changes:
    """县级汇总 opens the folder of township packages it last loaded (a convenience: no audit entry)."""
    with transaction.write(db):
        store.put(db, "county_folder", str(Path(folder)))
    return Changes(Area.NONE, (), "", str(Path(folder)))
