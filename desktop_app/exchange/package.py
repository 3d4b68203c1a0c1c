"""The county exchange package: one .zip of Excel workbooks, PDF reports and a manifest with checksums.

``build_package`` writes it (to a temporary name, renamed when complete) and signs its manifest with the
office's Ed25519 key (``signing.py``); ``read_package`` verifies the signature, the manifest and every file's
SHA-256 before parsing anything, and refuses an unsigned, damaged or altered package with a Chinese message
naming the file. Whose key signed it is for the reader's registry to judge (``keyring.py``).
Layouts: docs/exchange-layout.md and ``layouts.py``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import io
import json
import re
import logging
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import sqlite_utils

from .. import __version__
from ..db import migrations, settings, sync
from ..domain.id_digest import ALGORITHM as ID_KEY_ALGORITHM
from ..domain.id_digest import county_code_check, id_key, normalize_county_code  # noqa: F401 - the package's digest
from ..domain.roster import mask_birth_date, mask_id_number, mask_phone
from ..errors import InputError, UserError
from ..fileio import atomic_path
from ..reports.excel.sheet_style import list_row, text_cell, text_columns, text_indexes
from ..reports.excel.workbook_limits import PACKAGE_LIMITS, checked_workbook, is_reader_failure
from . import seals as sealed_results
from .layouts import ALL_PARTS, BY_NAME, PARTS, TABLES, TableLayout, files_of
from .signing import FIELD as SIGNATURE, office_key, sign, verify

log = logging.getLogger(__name__)

FORMAT = "xzrd-exchange"
# 2: signed manifests, ID digests keyed with the county code, birth years in masked packages.
FORMAT_VERSION = 2
MANIFEST = "manifest.json"
# The PDF reports each part carries: (export kind in ops/exports.EXPORTERS, path in the zip).
REPORTS: dict[str, tuple[tuple[str, str], ...]] = {
    "roster": (("roster", "reports/代表名册.pdf"), ("statistics", "reports/代表结构统计.pdf")),
    "activities": (("activities", "reports/活动登记.pdf"),),
    "suggestions": (("suggestion-statistics", "reports/意见建议统计.pdf"),),
    "sessions": (),
    "scores": (("scores", "reports/履职积分.pdf"),),
}
_CANCEL_CHECK_ROWS = 500
_MAX_FILES = 200
# A package of a township's years is tens of megabytes; anything claiming far more is refused unread.
_MAX_MANIFEST_BYTES = 5 * 1024 * 1024
_MAX_FILE_BYTES = 500 * 1024 * 1024
_MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")

Progress = Callable[..., None] | None
Cancel = Callable[[], bool] | None


class ExportCancelled(UserError):
    """The user cancelled; no package file was left behind."""

    def __init__(self) -> None:
        super().__init__("已取消导出，没有生成数据交换包。")


@dataclass
class Package:
    """A verified package: its manifest, its tables (rows keyed as in layouts.py) and its files' bytes."""

    path: Path
    manifest: dict
    tables: dict[str, list[dict]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def township(self) -> str:
        return self.manifest.get("township") or ""

    @property
    def county(self) -> str:
        return self.manifest.get("county") or ""

    @property
    def period(self) -> tuple[str, str]:
        period = self.manifest.get("period") or {}
        return period.get("start") or "", period.get("end") or ""

    @property
    def parts(self) -> list[str]:
        return list(self.manifest.get("parts") or [])

    @property
    def masked(self) -> bool:
        return bool(self.manifest.get("masked"))

    @property
    def created_at(self) -> str:
        return self.manifest.get("created_at") or ""

    @property
    def signer(self) -> str:
        """The public key (base64) whose signature verified when the package was read."""
        return (self.manifest.get(SIGNATURE) or {}).get("public_key") or ""

    @property
    def id_key_check(self) -> str | None:
        """The check value of the county code the package's ID digests were keyed with; None: no digests."""
        info = self.manifest.get("id_key")
        return info.get("code_check") if isinstance(info, dict) else None


# ------------------------------------------------------------------------------------------ helpers


def default_file_name(township: str, day: dt.date | None = None) -> str:
    """示范镇_数据交换_2026-11-23.zip"""
    day = day or dt.date.today()
    safe = "".join(ch for ch in (township or "乡镇") if ch not in '\\/:*?"<>|').strip() or "乡镇"
    return f"{safe}_数据交换_{day.isoformat()}.zip"


def _iso(value: Any, what: str) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise InputError(f"{what}“{value}”不是有效日期，请写成 2026-01-31 的形式。") from None


def default_period(today: dt.date | None = None) -> tuple[str, str]:
    """This year up to today."""
    today = today or dt.date.today()
    return dt.date(today.year, 1, 1).isoformat(), today.isoformat()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def manifest_checksum(manifest: dict) -> str:
    """SHA-256 of the manifest without its own checksum and signature, so an edited manifest shows."""
    body = {k: v for k, v in manifest.items() if k not in ("manifest_sha256", SIGNATURE)}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


class _Steps:
    """Progress over a known number of steps, with the cancel check every caller needs."""

    def __init__(self, total: int, progress: Progress, cancel: Cancel) -> None:
        self.total, self.done, self.progress, self.cancel = total, 0, progress, cancel

    def check(self) -> None:
        if self.cancel is not None and self.cancel():
            raise ExportCancelled()

    def step(self, text: str) -> None:
        self.check()
        if self.progress is not None:
            self.progress(self.done, self.total, text)
        self.done += 1


# ------------------------------------------------------------------------------------------ table rows


def _county_code(db) -> str:
    return normalize_county_code(settings.get(db, "county_code"))


def _deputies(db, start, end, mask: bool) -> list[dict]:
    rows = []
    code = _county_code(db)
    for row in sync.deputy_rows(db):
        row["id_key"] = id_key(row["id_number"], code)
        row["reelected"] = "是" if row["reelected"] else "否"
        if mask:
            row["id_number"] = mask_id_number(row["id_number"]) or None
            row["phone"] = mask_phone(row["phone"]) or None
            # The year alone: with the full date the last four characters would give the number back.
            row["birth_date"] = mask_birth_date(row["birth_date"]) or None
        rows.append(row)
    return rows


def _id_keys(db) -> Callable[[Any], str | None]:
    """:func:`id_key` with this office's county code, remembering its answers for one export: attendance and
    submitters repeat the same few hundred deputies tens of thousands of times, and validating is not cheap."""
    known: dict[Any, str | None] = {}
    code = _county_code(db)

    def key(id_number: Any) -> str | None:
        try:
            return known[id_number]
        except KeyError:
            known[id_number] = found = id_key(id_number, code)
            return found
        except TypeError:          # an unhashable value cannot be remembered (the database gives none)
            return id_key(id_number, code)
    return key


def _attendance(db, start, end, mask: bool) -> Iterable[dict]:
    key = _id_keys(db)
    for row in sync.attendance_rows(db, start, end):
        row["uid"] = f"{row['activity_uid']}/{row['deputy_uid']}"
        row["deputy_id_key"] = key(row.pop("id_number"))
        yield row


def _suggestions(db, start, end, mask: bool) -> list[dict]:
    rows = sync.suggestion_rows(db, start, end)
    key = _id_keys(db)
    for row in rows:
        people = row.pop("submitters_raw")
        row["submitter_uids"] = ";".join(p[0] for p in people)
        row["submitter_id_keys"] = ";".join(key(p[1]) or "" for p in people) if people else None
        row["submitters"] = "、".join(p[2] for p in people)
        row["lead_uid"] = next((p[0] for p in people if p[3]), None)
        if mask and row.get("voter_contact"):
            row["voter_contact"] = mask_phone(row["voter_contact"])
    return rows


def _outcome(result: dict, line: dict) -> str | None:
    kind = result.get("type")
    if not result.get("valid"):
        return "无效"
    if kind == "表决":
        return "通过" if result.get("adopted") else "未通过"
    if kind in ("选举", "票决"):
        word = "当选" if kind == "选举" else "入选"
        if line["name"] in result.get("elected", []):
            return word
        if line["name"] in result.get("tied", []):
            return "票数相等"
        return "未" + word
    total = line["agree"] + line["oppose"] + line["abstain"]
    return f"满意率{100 * line['agree'] / total:.1f}%" if total else None


def _session_results(db, start, end, mask: bool) -> list[dict]:
    from ..db.ballots import item_result

    rows = []
    for item in sync.certified_items(db, start, end):
        result = item_result(db, item.pop("id"))
        for position, line in enumerate(result.get("results") or [], start=1):
            rows.append({
                **item, "uid": f"{item['item_uid']}/{position}", "seats": result.get("seats"),
                "total_deputies": result.get("total_deputies"), "issued": result.get("issued"),
                "returned": result.get("returned"), "valid_ballots": result.get("valid_ballots"),
                "invalid_ballots": result.get("invalid_ballots"), "position": position, "name": line["name"],
                "write_in": "是" if line.get("write_in") else "否", "agree": line["agree"],
                "oppose": line["oppose"], "abstain": line["abstain"], "outcome": _outcome(result, line),
            })
    return rows


def _scores(db, start, end, mask: bool) -> list[dict]:
    from ..db import scoring   # helper module; its absence is handled by the caller

    keys = sync.deputy_keys(db)
    key = _id_keys(db)
    rows = []
    for year in range(int(start[:4]), int(end[:4]) + 1):
        for score in scoring.annual_scores(db, year):
            uid, number = keys.get(score["deputy_id"], (None, None))
            groups = score.get("group_names")
            rows.append({
                "uid": f"{year}/{uid}", "year": year, "deputy_uid": uid, "deputy_id_key": key(number),
                "name": score.get("name"), "group_names": "、".join(groups) if isinstance(groups, list) else groups,
                "computed": score.get("computed"), "adjusted": score.get("adjusted"), "total": score.get("total"),
                "grade": score.get("grade"), "rank": score.get("rank"),
            })
    return rows


_ROWS: dict[str, Callable] = {
    "deputies": _deputies,
    "groups": lambda db, s, e, m: sync.group_rows(db),
    "stations": lambda db, s, e, m: sync.station_rows(db),
    "activities": lambda db, s, e, m: sync.activity_rows(db, s, e),
    "activity_attendance": _attendance,
    "suggestions": _suggestions,
    "suggestion_events": lambda db, s, e, m: sync.suggestion_event_rows(db, s, e),
    "session_results": _session_results,
    "scores": _scores,
}


# ------------------------------------------------------------------------------------------ writing


def _write_workbook(path: Path, sheets: list[tuple[TableLayout, Iterable[dict]]], steps: _Steps) -> dict[str, int]:
    """One write-only workbook with a sheet per table; returns rows written per table."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils.exceptions import IllegalCharacterError
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    counts: dict[str, int] = {}
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    try:
        for layout, rows in sheets:
            ws = wb.create_sheet(layout.sheet)
            ws.freeze_panes = "A2"
            for number, column in enumerate(layout.columns, start=1):
                ws.column_dimensions[get_column_letter(number)].width = column.width
            text_columns(ws, layout.headers)
            text_at = text_indexes(layout.headers)
            # 记录编号 are hex keys no clerk types: only one that Excel could read as a number needs the 文本 style
            # (a styled cell costs twice a plain one, and attendance has 150,000 of them).
            record_keys = frozenset(i for i in text_at if layout.headers[i].endswith("记录编号"))
            typed = text_at - record_keys
            header = []
            for title in layout.headers:
                cell = WriteOnlyCell(ws, value=title)
                cell.font, cell.fill = bold, fill
                header.append(cell)
            ws.append(header)
            keys = layout.keys
            count = 0
            for row in rows:
                values = [row.get(k) for k in keys]
                try:
                    ws.append(_package_row(ws, values, typed, record_keys))
                except IllegalCharacterError:
                    # Control characters pasted from elsewhere cannot live in a workbook; drop them.
                    ws.append(_package_row(ws, [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v
                                                for v in values], typed, record_keys))
                count += 1
                if count % _CANCEL_CHECK_ROWS == 0:
                    steps.check()
            counts[layout.name] = count
    except BaseException:
        # Cancelled or failed half-way: finish each sheet's temporary file now, or openpyxl's writers
        # complain about a closed file when they are collected later.
        for sheet in wb.worksheets:
            try:
                sheet.close()
            except Exception:  # noqa: BLE001 - best effort on the way out; the real error follows
                pass
        raise
    wb.save(path)
    return counts


def _render_report(db, kind: str, out: Path, mask: bool) -> str | None:
    """Render one PDF through the export registry; returns why it was skipped, or None when written."""
    from ..ops.exports import EXPORTERS

    exporter = EXPORTERS.get(kind)
    if exporter is None:
        return f"本版本没有“{kind}”报表"
    options = {"mask": mask} if "mask" in inspect.signature(exporter).parameters else {}
    try:
        exporter(db, out, **options)
    except UserError as err:
        return str(err)
    except Exception:   # one broken report must not cost the clerk the whole package
        log.exception("report %s failed in the exchange package", kind)
        return "生成报表时出错（详见日志）"
    return None if out.exists() else "报表未生成"


def _scoring_available() -> bool:
    try:
        from ..db import scoring  # noqa: F401
    except ImportError:
        return False
    return hasattr(scoring, "annual_scores")


def _clean_parts(parts) -> list[str]:
    parts = [p.strip() for p in (parts.split(",") if isinstance(parts, str) else parts or ()) if p.strip()]
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        raise InputError(f"不认识的导出内容“{'、'.join(unknown)}”，可选：{','.join(PARTS)}。")
    if not parts:
        raise InputError("请至少选择一项导出内容。")
    return [p for p in ALL_PARTS if p in parts]


def build_package(db: sqlite_utils.Database, out_path: str | Path, *, start: Any = None, end: Any = None,
                  parts: Iterable[str] | str = ALL_PARTS, mask: bool = True, progress: Progress = None,
                  cancel: Cancel = None, today: dt.date | None = None) -> Path:
    """Write the package; ``out_path`` may be a folder (the default file name is used there).

    ``progress(done, total, text)`` is called per step; ``cancel()`` returning True stops the export
    and leaves no file (ExportCancelled). Returns the path written.
    """
    today = today or dt.date.today()
    default_start, default_end = default_period(today)
    start = _iso(start, "开始日期") if start not in (None, "") else default_start
    end = _iso(end, "结束日期") if end not in (None, "") else default_end
    if start > end:
        raise InputError(f"开始日期 {start} 晚于结束日期 {end}，请检查导出期间。")
    parts = _clean_parts(parts)
    township = settings.get(db, "township_name") or ""
    key = office_key(db)   # made on first need, before any work, so a key problem stops the export at once
    out_path = Path(out_path)
    if out_path.is_dir() or not out_path.suffix:
        # A folder (existing, or a name without an extension) gets the default file name.
        out_path = out_path / default_file_name(township, today)
    if out_path.suffix.lower() != ".zip":
        raise InputError(f"数据交换包应保存为 .zip 文件，而不是“{out_path.name}”。")

    skipped: list[dict] = []
    if "scores" in parts and not _scoring_available():
        skipped.append({"part": "scores", "reason": "本版本没有履职积分功能，未导出积分"})
        parts = [p for p in parts if p != "scores"]
    workbooks = files_of(parts)
    reports = [r for p in parts for r in REPORTS[p]]
    steps = _Steps(len(workbooks) + len(reports) + 1, progress, cancel)
    table_info: dict[str, dict] = {}
    files: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="xzrd-exchange-") as tmp:
        tmp_dir = Path(tmp)
        written: list[tuple[str, Path]] = []
        for name in workbooks:
            steps.step(f"正在写入 {Path(name).name}…")
            layouts = [t for t in TABLES if t.file == name and t.part in parts]
            sheets = [(t, _ROWS[t.name](db, start, end, mask)) for t in layouts]
            local = tmp_dir / f"data{len(written)}.xlsx"
            counts = _write_workbook(local, sheets, steps)
            for t in layouts:
                table_info[t.name] = {"file": name, "sheet": t.sheet, "rows": counts[t.name]}
            written.append((name, local))
        if "sessions" in parts:
            # Each certified item's anonymous ballots and seal, so the county can count them again.
            local = tmp_dir / "sealed-results.json"
            sealed_results.write_member(db, start, end, local)
            written.append((sealed_results.MEMBER, local))
        for kind, name in reports:
            steps.step(f"正在生成 {Path(name).name}…")
            local = tmp_dir / f"report{len(written)}.pdf"
            reason = _render_report(db, kind, local, mask)
            if reason:
                skipped.append({"file": name, "reason": reason})
            else:
                written.append((name, local))
        steps.step("正在打包…")
        for name, local in written:
            files.append({"path": name, "sha256": _sha256(local), "size": local.stat().st_size})
        manifest = {
            "format": FORMAT, "format_version": FORMAT_VERSION,
            "township": township, "county": settings.get(db, "county_name") or "",
            "period": {"start": start, "end": end}, "parts": parts, "masked": bool(mask),
            "app_version": __version__, "schema_version": migrations.schema_version(db),
            "created_at": dt.datetime.now().isoformat(timespec="seconds"),
            "tables": table_info, "skipped": skipped, "files": files,
        }
        code_check = county_code_check(settings.get(db, "county_code"))
        if code_check:
            manifest["id_key"] = {"algorithm": ID_KEY_ALGORITHM, "code_check": code_check}
        manifest["manifest_sha256"] = manifest_checksum(manifest)
        manifest[SIGNATURE] = sign(manifest, key)
        with atomic_path(out_path) as tmp_zip:
            with zipfile.ZipFile(tmp_zip, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
                for name, local in written:
                    steps.check()
                    # xlsx and pdf are compressed already; storing them saves time and nothing else.
                    zf.write(local, name, compress_type=zipfile.ZIP_STORED)
            steps.check()
    if progress is not None:
        progress(steps.total, steps.total, "完成")
    return out_path


# ------------------------------------------------------------------------------------------ reading


def _refuse(path: Path, problem: str) -> InputError:
    return InputError(f"数据交换包“{path.name}”{problem}，已拒绝导入，数据库未作任何改动。")


def _load_manifest(path: Path, zf: zipfile.ZipFile) -> dict:
    names = zf.namelist()
    if len(names) > _MAX_FILES + 1:
        raise _refuse(path, f"中有 {len(names)} 个文件，超过 {_MAX_FILES} 个的上限，不是本软件导出的数据交换包")
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        # Readers disagree which copy counts (zipfile takes the last): a package with two is never genuine.
        raise _refuse(path, f"中有两个同名文件“{twice[0]}”，包在导出后被改动过")
    if MANIFEST not in names:
        raise InputError(
            f"“{path.name}”中没有 manifest.json，不是本软件导出的数据交换包。"
            "如果这是县里下发的代表名册 Excel，请在“代表名册”页使用“导入名册”（命令行 import-roster）。")
    if zf.getinfo(MANIFEST).file_size > _MAX_MANIFEST_BYTES:
        raise _refuse(path, "的清单文件 manifest.json 大得不正常，不是本软件导出的清单")
    try:
        manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, zipfile.BadZipFile, OSError):
        raise _refuse(path, "的清单文件 manifest.json 已损坏，无法读取") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse(path, "的清单文件 manifest.json 不是本软件的格式")
    wrong = _misshapen_field(manifest)
    if wrong:
        raise _refuse(path, f"的清单文件 manifest.json 中“{wrong}”的内容不符合格式")
    if int(manifest.get("format_version") or 0) > FORMAT_VERSION:
        raise InputError(f"数据交换包“{path.name}”由更新版本的软件导出（格式版本 {manifest.get('format_version')}），"
                         "请升级乡镇人大工作台后再导入。")
    if manifest.get("manifest_sha256") != manifest_checksum(manifest):
        raise _refuse(path, "的清单文件 manifest.json 在导出后被修改过")
    entries = manifest.get("files")
    if not isinstance(entries, list) or len(entries) > _MAX_FILES or not all(
            isinstance(e, dict) and isinstance(e.get("path"), str) and isinstance(e.get("sha256"), str)
            and isinstance(e.get("size"), int) for e in entries):
        raise _refuse(path, "的清单文件 manifest.json 中的文件列表不完整")
    for entry in entries:
        if not _safe_member_name(entry["path"]):
            raise _refuse(path, f"的清单列出了不安全的文件名“{entry['path']}”（指向包外的位置）")
    return manifest


# The manifest's fields and the JSON type each must have when present (a forger may re-sign anything).
_MANIFEST_TYPES: dict[str, type | tuple[type, ...]] = {
    "format_version": int, "township": str, "county": str, "period": dict, "parts": list, "masked": bool,
    "app_version": str, "schema_version": int, "created_at": str, "tables": dict, "skipped": list, "files": list,
    "id_key": dict, SIGNATURE: dict,
}


def _misshapen_field(manifest: dict) -> str | None:
    """The name of the first manifest field whose value has the wrong shape, None when all are sound."""
    for key, kind in _MANIFEST_TYPES.items():
        value = manifest.get(key)
        if value is not None and (not isinstance(value, kind) or (kind is int and isinstance(value, bool))):
            return key
    if not all(isinstance(v, str) for v in (manifest.get("period") or {}).values()):
        return "period"
    if not all(isinstance(p, str) for p in manifest.get("parts") or ()):
        return "parts"
    for name, info in (manifest.get("tables") or {}).items():
        rows = info.get("rows") if isinstance(info, dict) else None
        if not isinstance(info, dict) or not isinstance(info.get("file"), str) \
                or (rows is not None and (not isinstance(rows, int) or isinstance(rows, bool) or rows < 0)):
            return f"tables.{name}"
    if not all(isinstance(item, dict) for item in manifest.get("skipped") or ()):
        return "skipped"
    return None


def _safe_member_name(name: str) -> bool:
    """A plain relative path inside the package: no '..', no leading slash, no drive letter, no backslash."""
    return bool(name) and "\\" not in name and not name.startswith("/") and not _DRIVE.match(name) \
        and ".." not in name.split("/")


def _verified_files(path: Path, zf: zipfile.ZipFile, manifest: dict) -> dict[str, bytes]:
    """Every listed file present, of the listed size and SHA-256; nothing unlisted."""
    listed = {e["path"]: e for e in manifest["files"]}
    present = {info.filename: info for info in zf.infolist() if not info.is_dir()}
    extra = sorted(set(present) - set(listed) - {MANIFEST})
    if extra:
        raise _refuse(path, f"中有清单未列出的文件“{extra[0]}”，包在导出后被改动过")
    for name, entry in listed.items():
        if entry["size"] > _MAX_FILE_BYTES or (present.get(name) and present[name].file_size > _MAX_FILE_BYTES):
            raise _refuse(path, f"中的文件“{name}”大得不正常（超过 {_MAX_FILE_BYTES // 1024 // 1024} MB），不是本软件导出的数据")
    if sum(e["size"] for e in listed.values()) > _MAX_TOTAL_BYTES:
        raise _refuse(path, "中的文件总大小超过 2 GB，不是本软件导出的数据交换包")
    out: dict[str, bytes] = {}
    for name, entry in listed.items():
        info = present.get(name)
        if info is None:
            raise _refuse(path, f"缺少清单中列出的文件“{name}”")
        if info.file_size != entry["size"]:
            raise _refuse(path, f"中的文件“{name}”大小与清单不符（文件已损坏或被修改）")
        try:
            data = zf.read(name)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            raise _refuse(path, f"中的文件“{name}”已损坏，无法读取") from None
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise _refuse(path, f"中的文件“{name}”校验值（SHA-256）与清单不符，文件已损坏或在导出后被修改")
        out[name] = data
    return out


def _convert(value: Any, kind: str) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if kind == "int":
        try:
            return int(float(value))
        except (TypeError, ValueError):
            return value
    if kind == "float":
        try:
            return float(value)
        except (TypeError, ValueError):
            return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value) if not isinstance(value, str) else value


def _open_book(path: Path, name: str, data: bytes):
    from python_calamine import CalamineWorkbook

    try:
        data = checked_workbook(data, f"{path.name}”中的“{name}", PACKAGE_LIMITS)
    except InputError as err:
        raise InputError(f"{err}数据交换包已拒绝导入，数据库未作任何改动。") from None
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except BaseException as err:
        if not is_reader_failure(err):
            raise
        raise _refuse(path, f"中的工作簿“{name}”无法读取") from None


def _parse_table(path: Path, book, layout: TableLayout, declared_rows: int | None) -> list[dict]:
    where = f"“{layout.file}”工作表“{layout.sheet}”"
    try:
        if layout.sheet not in book.sheet_names:
            raise _refuse(path, f"的{where}不存在")
        cells = book.get_sheet_by_name(layout.sheet).to_python(skip_empty_area=False)
    except BaseException as err:
        if not is_reader_failure(err):
            raise
        raise _refuse(path, f"的{where}无法读取") from None
    header = [str(v).strip() if v is not None else "" for v in (cells[0] if cells else [])]
    positions = {}
    for column in layout.columns:
        if column.header not in header:
            raise _refuse(path, f"的{where}缺少“{column.header}”列")
        positions[column.key] = (header.index(column.header), column.kind)
    rows = []
    for raw in cells[1:]:
        if all(v in (None, "") for v in raw):
            continue
        rows.append({key: _convert(raw[i] if i < len(raw) else None, kind) for key, (i, kind) in positions.items()})
    if declared_rows is not None and declared_rows != len(rows):
        raise _refuse(path, f"的{where}有 {len(rows)} 行数据，清单记录为 {declared_rows} 行")
    return rows


def read_package(path: str | Path) -> Package:
    """Verify and read a package; raises InputError (naming the file) when damaged or altered."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"找不到文件“{path}”。")
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = _load_manifest(path, zf)
            files = _verified_files(path, zf, manifest)
            # The manifest holds every file's SHA-256, so its signature covers the whole package. Checked after
            # the files (whose refusals name the member) and before any workbook is parsed.
            verify(manifest, path.name)
    except zipfile.BadZipFile:
        raise InputError(f"“{path.name}”不是有效的数据交换包（无法作为 zip 文件打开），文件可能已损坏或不是本软件导出的。") from None
    except OSError as err:
        raise InputError(f"无法读取“{path.name}”：{err.strerror or err}。") from None
    tables: dict[str, list[dict]] = {}
    books: dict[str, Any] = {}
    declared = manifest.get("tables") or {}
    if not isinstance(declared, dict):
        raise _refuse(path, "的清单文件 manifest.json 中的数据表列表不完整")
    for name, info in declared.items():
        layout = BY_NAME.get(name)
        if layout is None:
            continue   # a table of a newer format version; nothing here knows what to do with it
        if not isinstance(info, dict) or info.get("file") not in files:
            raise _refuse(path, f"的清单中数据表“{layout.sheet}”所在文件未列出")
        if info["file"] not in books:
            books[info["file"]] = _open_book(path, info["file"], files[info["file"]])
        tables[name] = _parse_table(path, books[info["file"]], layout, info.get("rows"))
    return Package(path=path, manifest=manifest, tables=tables, files=files)


_NUMBER_LIKE = re.compile(r"[0-9.eE+-]+")


def _package_row(ws, values: list, typed: frozenset[int], record_keys: frozenset[int]) -> list:
    """A data row: the typed text columns (ID, phone…) as 文本 cells, a 记录编号 only when it looks like a number."""
    cells = list_row(ws, values, typed)
    for index in record_keys:
        value = values[index]
        if isinstance(value, str) and _NUMBER_LIKE.fullmatch(value):
            cells[index] = text_cell(ws, value)
    return cells
