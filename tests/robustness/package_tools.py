"""Tools of the robustness tests: forge exchange packages (edited workbooks, re-signed manifests) and dump databases.

A forger can recompute every checksum and sign the result, but only with a key of their own: ``write_package``
signs with ``FORGER_KEY`` unless told another key (``key=None`` keeps the old signature, not redone).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import sqlite3
import struct
import zipfile
from pathlib import Path
from typing import Callable

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop_app.exchange.package import MANIFEST, manifest_checksum
from desktop_app.exchange.signing import FIELD as SIGNATURE, sign

TODAY = dt.date(2026, 11, 23)
PERIOD = {"start": "2025-01-01", "end": "2026-12-31"}
FORGER_KEY = Ed25519PrivateKey.generate()
COUNTY_CODE = "SFX-2026-COUNTY"   # the 县级匹配码 of the demo county in these tests
_KEEP = object()


def is_chinese(message: object) -> bool:
    """A message a clerk can read: it holds Chinese words (not only an English exception text)."""
    return any("\u4e00" <= ch <= "\u9fa5" for ch in str(message))


def table_dump(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, read through a separate connection: the 'database unchanged' yardstick."""
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr) for name in names}
    finally:
        conn.close()


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info.filename) for info in zf.infolist()}


def write_package(path: Path, files: dict[str, bytes], manifest: dict, *, resign: bool = True,
                  key: Ed25519PrivateKey | None = FORGER_KEY) -> Path:
    """A zip of ``files`` with ``manifest`` whose file list, sizes, SHA-256 and own checksum match them,
    signed with ``key`` (None: the manifest keeps the signature it had, which no longer fits)."""
    if resign:
        manifest = dict(manifest)
        manifest["files"] = [{"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                             for name, data in files.items()]
        manifest["manifest_sha256"] = manifest_checksum(manifest)
        if key is not None:
            manifest.pop(SIGNATURE, None)
            manifest[SIGNATURE] = sign(manifest, key)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False))
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def edit_workbook(src: Path, dst: Path, file: str, sheet: str, edit: Callable[[list[list]], list[list]],
                  table: str, *, key: Ed25519PrivateKey | None = FORGER_KEY) -> Path:
    """Copy a package with one sheet's rows (header first) passed through ``edit``, re-signed like a
    county tool that edits a workbook and rebuilds the manifest properly (signed with ``key``)."""
    from openpyxl import Workbook, load_workbook

    files = members(src)
    manifest = json.loads(files.pop(MANIFEST))
    book = load_workbook(io.BytesIO(files[file]))
    out = Workbook()
    out.remove(out.active)
    for ws in book.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        if ws.title == sheet:
            rows = edit(rows)
            manifest["tables"][table]["rows"] = sum(1 for r in rows[1:] if any(v not in (None, "") for v in r))
        target = out.create_sheet(ws.title)
        for r in rows:
            target.append(r)
    buffer = io.BytesIO()
    out.save(buffer)
    files[file] = buffer.getvalue()
    return write_package(dst, files, manifest, key=key)


def resigned(src: Path, dst: Path, key: Ed25519PrivateKey, **changes) -> Path:
    """A copy of a package with manifest fields changed (``created_at=…``) and signed again with ``key``."""
    files = members(src)
    manifest = json.loads(files.pop(MANIFEST))
    manifest.update(changes)
    return write_package(dst, files, manifest, key=key)


def claim_size(path: Path, name: str, size: int) -> Path:
    """Patch the zip's central directory so ``name`` claims ``size`` uncompressed bytes (a bomb's header)."""
    data = bytearray(path.read_bytes())
    encoded = name.encode("utf-8")
    start = 0
    while True:
        at = data.find(b"PK\x01\x02", start)
        if at < 0:
            raise ValueError(f"{name} not in the central directory")
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46:at + 46 + name_len]) == encoded:
            struct.pack_into("<I", data, at + 24, size)
            break
        start = at + 4
    path.write_bytes(bytes(data))
    return path
