"""The images behind scanned ballots: a ballot or one box's row shown from its kept scan, and deleting the
kept scans of a session once its results are certified."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import sqlite_utils

from ..db import audit
from ..db import scans as scans_db
from ..db import transaction
from ..db import vote_items as items_db
from ..db.attachments import folder
from ..db.scan_copies import open_kept, remove_kept
from ..domain.scan_review import WRITE_IN_KEY, WRITE_IN_OPTION, box_key, rect_union
from ..errors import InputError, UserError
from .changes import Area, Changes

IMAGES_DELETED = "扫描图像已删除（确认结果后按规定删除），无法显示；选票的读数和核定记录仍在。"
_SAME_ROW_MM = 1.0


def _grown(rect: dict, mm: float) -> dict:
    return {"x_mm": rect["x_mm"] - mm, "y_mm": rect["y_mm"] - mm, "w_mm": rect["w_mm"] + 2 * mm,
            "h_mm": rect["h_mm"] + 2 * mm}


def _target(layout: dict, key: str) -> tuple[dict, dict]:
    """(the rect to highlight, the rect of its row) for a question key, a box's key or a row's option."""
    boxes = layout["boxes"]
    if key.startswith(WRITE_IN_KEY):
        number = key[len(WRITE_IN_KEY):]
        fields = layout.get("write_ins") or []
        if not number.isdigit() or not 1 <= int(number) <= len(fields):
            raise UserError(f"这张选票没有另选人姓名栏 {number}。")
        field = fields[int(number) - 1]
        under = [b for b in boxes if b["option"] == f"{WRITE_IN_OPTION}{number}"]
        return field, rect_union([field, *under])
    for box in boxes:
        if box_key(box) == key:
            if box["choice"] is not None:
                row = [b for b in boxes if b["option"] == box["option"]]
            else:
                row = [b for b in boxes if abs(b["y_mm"] - box["y_mm"]) < _SAME_ROW_MM]
                # a 选举 box's candidate name is printed above it: show it too
                row = row + [{**box, "y_mm": box["y_mm"] - box["h_mm"]}]
            return box, rect_union(row)
    row = [b for b in boxes if b["option"] == key and b["choice"] is not None]
    if row:
        rect = rect_union(row)
        return rect, rect
    raise UserError(f"这张选票上没有“{key}”这一栏。")


@lru_cache(maxsize=4)
def _page(path: str, stored_sha256: str, suffix: str, page: int, dpi: int | None):
    """A page of a kept copy, decoded once for the several crops the review shows from it."""
    from ..reports.scan.images import page_from_bytes

    with open_kept(Path(path)) as fh:
        data = fh.read()
    return page_from_bytes(data, suffix, page, dpi)


def _scanned_page(db: sqlite_utils.Database, row: dict):
    if row["file_stored"] is None:
        raise UserError(IMAGES_DELETED)
    path = folder(db) / row["file_stored"]
    if not path.is_file():
        raise UserError(f"扫描图像文件缺失：{path}。请运行“检查数据库”，或从备份恢复附件。")
    stored = scans_db.get_scan_file(db, row["scan_file_id"])["stored_sha256"]
    return _page(str(path), stored, Path(row["file_name"]).suffix, row["file_page"], row["render_dpi"])


def _require_scanning():
    try:
        from ..reports.scan import ballot_view
    except ImportError:
        raise UserError("显示扫描的选票需要 OpenCV 和 NumPy：程序安装不完整，请重新安装本程序"
                        "（开发环境：make run 或 pip install -e .）。") from None
    return ballot_view


def ballot_image(db: sqlite_utils.Database, scanned_id: int, *, highlight: str | None = None, margin_mm: float = 3):
    """The ballot warped upright from its kept page (NumPy BGR), every box outlined thin, the box, row or
    write-in field ``highlight`` (a question key, a box's key or a row's option) thick in red."""
    ballot_view = _require_scanning()
    row = scans_db.get_scanned(db, scanned_id)
    layout = row["layout"]
    rect = None
    if highlight is not None:
        rect, _row = _target(layout, highlight)
    grey = _scanned_page(db, row)
    return ballot_view.view(grey, row["homography"], _grown(layout["ballot"], margin_mm),
                            [*layout["boxes"], *(layout.get("write_ins") or [])], highlight=rect)


def box_crop(db: sqlite_utils.Database, scanned_id: int, key: str, *, margin_mm: float = 3,
             above_below_mm: float = 10):
    """The same image cut to the row of ``key`` (across the ballot, so the name or project shows) or to the
    write-in field and the box under it, ``above_below_mm`` taller on each side: enough to show a mark that
    strays out of the box (strokes that only touch a box are what make it doubtful)."""
    ballot_view = _require_scanning()
    row = scans_db.get_scanned(db, scanned_id)
    layout = row["layout"]
    rect, extent = _target(layout, key)
    ballot = layout["ballot"]
    area = _grown({"x_mm": ballot["x_mm"], "y_mm": extent["y_mm"] - above_below_mm + margin_mm,
                   "w_mm": ballot["w_mm"], "h_mm": extent["h_mm"] + 2 * (above_below_mm - margin_mm)}, margin_mm)
    grey = _scanned_page(db, row)
    return ballot_view.view(grey, row["homography"], area, [*layout["boxes"], *(layout.get("write_ins") or [])],
                            highlight=rect)


def delete_scan_images(db: sqlite_utils.Database, session_id: int, *, by: str, reason: str) -> Changes:
    """Delete the kept scans of the session (beside the database and in the backup folders' mirror), as an
    office may require once the results stand; refused while any item with scanned ballots is not certified.
    The rows, readings and decisions stay; the audit entry names every file with its hash."""
    by, reason = (by or "").strip(), (reason or "").strip()
    if not by:
        raise InputError("请填写删除人姓名。")
    if not reason:
        raise InputError("删除扫描图像必须说明理由（如依照的规定）。")
    open_items = [items_db.get_item(db, i) for i in scans_db.scanned_item_ids(db, session_id)]
    open_items = [i for i in open_items if i["status"] != items_db.CERTIFIED]
    if open_items:
        listed = "、".join(f"{i['code']} {i['name']}" for i in open_items)
        raise UserError(f"以下事项有扫描选票、结果尚未确认：{listed}。确认结果后才能删除扫描图像。")
    files = [f for f in scans_db.scan_files(db, session_id) if f["stored"] is not None]
    if not files:
        raise UserError("本次会议没有保存的扫描图像。")
    with transaction.write(db):
        for file in files:
            scans_db.mark_deleted(db, file["id"])
        audit.append(db, "删除扫描图像", entity="session", entity_id=session_id, actor=by, detail={
            "by": by, "reason": reason,
            "files": [{"id": f["id"], "name": f["name"], "sha256": f["sha256"], "stored": f["stored"],
                       "stored_sha256": f["stored_sha256"]} for f in files]})
    # the records say the copies are gone before they go: a copy left by a failed delete is only untidy,
    # a record naming a copy that is gone would fail the check
    removed = remove_kept(db, [f["stored"] for f in files])
    _page.cache_clear()
    return Changes(Area.BALLOTS, (session_id,), f"已删除本次会议的扫描图像 {len(files)} 个文件"
                   f"（含备份文件夹中的副本，共删除 {len(removed)} 个文件）。",
                   {"files": len(files), "removed": [str(p) for p in removed]})
