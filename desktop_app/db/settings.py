"""Office-wide settings stored in the database (they travel with the file): township name, masking…"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from . import transaction
from .writes import writes

DEFAULTS: dict[str, Any] = {
    "township_name": "示范镇",
    "county_name": "示范县",
    "mask_personal_data": True,   # 身份证号、电话 masked in lists and exports
    "demo_offered": False,
    "startup_password": None,            # PBKDF2 record (db/password.py); None: no password asked
    "startup_password_failures": None,   # {"count", "last"} of wrong tries in a row
    "county_folder": None,               # 县级汇总: the folder of township packages last opened
    "county_code": None,                 # 县级匹配码: keys the ID digests of exchange packages (ops/settings.py)
    "exchange_keys": None,
    "county_keys": None,                 # 县级汇总 in the app: the townships' signing keys (keys.json's content)               # signing keys of packages imported here (exchange/keyring.py)
    "exchange_applied": {},              # township → export time of the newest package imported here
    "print_offsets": {},                 # {printer: {template: {"x", "y"}}} in mm (db/print_offsets.py)
    "print_printer": "默认打印机",         # printer chosen in 设置 → 打印校准
}


def get(db: sqlite_utils.Database, key: str) -> Any:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    if row is None:
        return DEFAULTS.get(key)
    return json.loads(row[0])


@writes
def put(db: sqlite_utils.Database, key: str, value: Any) -> None:
    with transaction.write(db):
        db.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, json.dumps(value, ensure_ascii=False)],
        )
