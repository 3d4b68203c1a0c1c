"""``scan-ballots`` without ``--dry-run``: the ballots read from scans into the session, all or nothing.

Clean ballots are written as the team's, the ones with a 待核 box are held pending the scrutineers, the files
are kept (compressed) beside the database with their hashes, and each file and ballot has its audit entry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import sqlite_utils

from ..db import ballots as ballots_db
from ..db import scans as scans_db
from ..db import transaction
from ..db import vote_items as items_db
from ..db.attachment_mirror import mirror_to_backups
from ..db.auto_backup import protective_backup
from ..db.backup import database_path
from ..db.scan_copies import KeptCopies
from ..db import audit
from ..domain import scan_review
from ..errors import InputError
from .changes import Area, Changes
from .scan_reading import Reading, read
from .session_lookup import session_for

SCANNED = "扫描录入选票"
RUN = "扫描计票"


def _taken(db: sqlite_utils.Database, item_id: int, team: int) -> set[int]:
    """Serials this team already has: typed, imported, scanned or pending."""
    return {e.serial for e in ballots_db.entries(db, item_id, team)} | scans_db.scanned_serials(db, item_id, team)


def _split(db: sqlite_utils.Database, reading: Reading, team: int) -> tuple[list, list]:
    """(ballots to write, ballots the team already has), duplicates' pages added to the report."""
    taken: dict[int, set[int]] = {}
    new, already = [], []
    for ballot in reading.ballots:
        if ballot.item_id not in taken:
            taken[ballot.item_id] = _taken(db, ballot.item_id, team)
        if ballot.serial in taken[ballot.item_id]:
            already.append(ballot)
            if ballot.entry["page"] not in reading.report["duplicate_pages"]:
                reading.report["duplicate_pages"].append(ballot.entry["page"])
        else:
            new.append(ballot)
    reading.report["duplicate_pages"].sort()
    return new, already


def _check_items(db: sqlite_utils.Database, item_ids: set[int]) -> None:
    """Refuse before the backup: a certified item takes no more ballots."""
    for item_id in sorted(item_ids):
        items_db.require_editable(items_db.get_item(db, item_id))


def _write(db: sqlite_utils.Database, reading: Reading, new: list, already: list, *, session_id: int, team: int,
           copies: KeptCopies) -> dict:
    """Inside one transaction: files, ballots, pending ones, audit entries. What came of it."""
    outcome = {"counted": 0, "pending": 0, "double_entry_switched_on": []}
    specs: dict[int, object] = {}
    for item_id in sorted({b.item_id for b in new}):
        if team == 2 and items_db.enable_double_entry(db, item_id, "扫描计票（第二组）"):
            outcome["double_entry_switched_on"].append(items_db.get_item(db, item_id)["code"])
        specs[item_id] = items_db.item_spec(db, item_id)
    used = sorted({b.file_index for b in new})
    file_ids: dict[int, int] = {}
    for index in used:
        scanned = reading.files[index]
        stored, stored_sha256 = copies.keep(scanned.path, scanned.sha256)
        file_ids[index] = scans_db.add_scan_file(db, session_id, team, scanned.path.name, scanned.sha256,
                                                 scanned.pages, scanned.render_dpi, stored, stored_sha256)
    per_file = {i: {"counted": [], "pending": [], "duplicates": []} for i in range(len(reading.files))}
    for ballot in new:
        file_id = file_ids[ballot.file_index]
        entry = ballot.entry
        where = {"scan_file_id": file_id, "file_page": ballot.file_page, "file_sha256":
                 reading.files[ballot.file_index].sha256}
        label = f"{entry['item']}-{ballot.serial}"
        if entry["review"]:
            scans_db.add_scanned(db, ballot.item_id, team, ballot.serial, file_id, ballot.file_page,
                                 ballot.homography, ballot.layout, entry, scans_db.PENDING, None)
            outcome["pending"] += 1
            per_file[ballot.file_index]["pending"].append(label)
            continue
        spec = specs[ballot.item_id]
        typed = scan_review.entry(spec, ballot.serial, entry, {}, ballot.layout)
        ballot_id = ballots_db.add_read_ballot(db, ballot.item_id, team, typed, action=SCANNED,
                                               void_reason=scan_review.void_reason(typed), extra=where)
        scans_db.add_scanned(db, ballot.item_id, team, ballot.serial, file_id, ballot.file_page,
                             ballot.homography, ballot.layout, entry, scans_db.COUNTED, ballot_id)
        outcome["counted"] += 1
        per_file[ballot.file_index]["counted"].append(label)
    for ballot in already:
        per_file[ballot.file_index]["duplicates"].append(f"{ballot.entry['item']}-{ballot.serial}")
    first_page = 1
    for index, scanned in enumerate(reading.files):
        pages = range(first_page, first_page + scanned.pages)
        first_page += scanned.pages
        report = reading.report
        audit.append(db, RUN, entity="scan_file", entity_id=file_ids.get(index), detail={
            "session_id": session_id, "team": team, "name": scanned.path.name, "sha256": scanned.sha256,
            "pages": scanned.pages, "render_dpi": scanned.render_dpi, **per_file[index],
            **{key: [p for p in report[key] if p in pages] for key in
               ("blank_pages", "unreadable_pages", "foreign_pages", "duplicate_pages")}})
    return outcome


def _lines(report: dict, team: int) -> list[str]:
    lines = [f"扫描计票（{ballots_db.team_name(team)}）：计入 {report['counted']} 张，待核 {report['pending']} 张。"]
    if report["already_entered"]:
        shown = "、".join(f"事项 {b['item']} 第 {b['serial']} 号" for b in report["already_entered"][:10])
        more = "等" if len(report["already_entered"]) > 10 else ""
        lines.append(f"已录入过、未重复写入的选票 {len(report['already_entered'])} 张：{shown}{more}。")
    for code in report["double_entry_switched_on"]:
        lines.append(f"事项 {code} 原未设置双人录入，已开启双人录入。")
    if not report["counted"] and not report["pending"]:
        lines.append("没有新的选票，未写入任何内容。")
    if report["backup"]:
        lines.append(f"写入前的备份：{report['backup']}")
    return lines


def import_scan(db: sqlite_utils.Database, files: list[Path], *, session: int | None = None, team: int = 1,
                rehearsal: bool = False, progress: Callable[[int], None] | None = None) -> Changes:
    """Read the files, then in one transaction write the clean ballots as ``team``'s and hold the 待核 ones
    pending (after a 扫描计票前 backup). ``Changes.value`` is the dry run's report with ``counted``,
    ``pending``, ``backup``, ``already_entered`` (ballots the team had: not written) and
    ``double_entry_switched_on`` (item codes)."""
    if team not in (1, 2):
        raise InputError(f"计票组只能是 1 或 2，当前为 {team}。")
    session_id = session_for(db, session)["id"]
    reading = read(db, files, session=session_id, rehearsal=rehearsal, progress=progress)
    new, already = _split(db, reading, team)
    report = reading.report
    report["ballots"] = [b.entry for b in new]
    report.update(counted=0, pending=0, backup=None, double_entry_switched_on=[],
                  already_entered=[{"item": b.entry["item"], "serial": b.serial, "page": b.entry["page"]}
                                   for b in already])
    if new:
        _check_items(db, {b.item_id for b in new})
        backup = protective_backup(db, "扫描计票前")
        copies = KeptCopies(db, session_id)
        try:
            with transaction.write(db):
                report.update(_write(db, reading, new, already, session_id=session_id, team=team, copies=copies))
        except BaseException:
            copies.discard()      # all or nothing: no kept copy without its record
            raise
        report["backup"] = str(backup.path)
        mirror_to_backups(database_path(db), backup.path.parent)
    areas = Area.BALLOTS | Area.VOTE_ITEMS if new else Area.NONE
    ids = tuple(sorted({b.item_id for b in new}))
    return Changes(areas, ids, "\n".join(_lines(report, team)), report)

