"""Tools of the robustness tests: forge exchange packages (edited workbooks, re-signed manifests) and dump databases."""

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

from desktop_app.exchange.package import MANIFEST, manifest_checksum

TODAY = dt.date(2026, 11, 23)
PERIOD = {"start": "2025-01-01", "end": "2026-12-31"}


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


def write_package(path: Path, files: dict[str, bytes], manifest: dict, *, resign: bool = True) -> Path:
    """A zip of ``files`` with ``manifest`` whose file list, sizes, SHA-256 and own checksum match them."""
    if resign:
        manifest = dict(manifest)
        manifest["files"] = [{"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                             for name, data in files.items()]
        manifest["manifest_sha256"] = manifest_checksum(manifest)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False))
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def edit_workbook(src: Path, dst: Path, file: str, sheet: str, edit: Callable[[list[list]], list[list]],
                  table: str) -> Path:
    """Copy a package with one sheet's rows (header first) passed through ``edit``, re-signed like a
    county tool that edits a workbook and rebuilds the manifest properly."""
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
    return write_package(dst, files, manifest)


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
