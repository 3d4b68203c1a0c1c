"""The ballot store: entry, correction and deletion with an audit trail, double entry and the item's count.

A ballot row holds the serial, the marks and the write-ins of one paper as read by one counting team;
it never says which deputy held the paper (无记名投票).
"""

from __future__ import annotations

import json
from typing import Iterable

import sqlite_utils

from ..domain import ballot_entries
from ..domain.ballots import BallotEntry, ItemSpec, count
from ..domain.reconcile import reconcile
from ..domain.seal import ballot_hash
from ..errors import InputError, UserError
from . import audit, scans
from .vote_item_rows import get_item, item_spec, require_editable
from . import transaction
from .field_errors import as_input_errors
from .writes import writes

TEAMS = {1: "一组", 2: "二组"}

_NO_WRITE_INS: tuple[str, ...] = ()


def team_name(team: int) -> str:
    return TEAMS.get(team, f"{team}组")


def _check_team(item: dict, team: int) -> None:
    if team not in TEAMS:
        raise InputError(f"计票组只能是第一组或第二组，当前为 {team}。")
    if team == 2 and not item["double_entry"]:
        raise UserError("本事项未设置双人录入，只有一组录入。")


def _serial(value) -> int:
    with as_input_errors():
        return ballot_entries.serial_number(value)


def _entry(spec: ItemSpec, serial: int, marks: str, write_ins, void: bool) -> BallotEntry:
    """A checked entry for this item; InputError names the serial and what is wrong."""
    with as_input_errors():
        return ballot_entries.entry(spec, serial, marks, write_ins, void)


def serial_warning(db: sqlite_utils.Database, item_id: int, serial: int) -> str | None:
    """A warning when the serial is outside 1..printed (a ballot from another item, or a misread number)."""
    printed = get_item(db, item_id)["printed"]
    if printed and not 1 <= serial <= printed:
        return f"第 {serial} 号不在本事项印制的选票编号范围 1–{printed} 内，请核对选票。"
    return None


def _row(db: sqlite_utils.Database, ballot_id: int) -> dict:
    rows = list(db.query("SELECT * FROM ballots WHERE id = ?", [ballot_id]))
    if not rows:
        raise UserError(f"找不到编号为 {ballot_id} 的选票记录。")
    row = rows[0]
    row["write_ins"] = json.loads(row["write_ins"] or "[]")
    row["void"] = bool(row["void"])
    return row


def _snapshot(row: dict) -> dict:
    return {"serial": row["serial"], "marks": row["marks"], "write_ins": list(row["write_ins"]),
            "void": bool(row["void"]), "void_reason": row["void_reason"]}


def content_hash(item_id: int, team: int, values: dict) -> str:
    """The hash of a ballot's content (``_snapshot`` keys) that its audit entry carries."""
    return ballot_hash(item_id, team, values["serial"], values["marks"], values["write_ins"], values["void"],
                       values["void_reason"])


def _existing(db: sqlite_utils.Database, item_id: int, team: int, serial: int) -> int | None:
    row = db.execute("SELECT id FROM ballots WHERE item_id = ? AND team = ? AND serial = ?",
                     [item_id, team, serial]).fetchone()
    return row[0] if row else None


def _duplicate_message(serial: int, team: int) -> str:
    return f"第 {serial} 号选票已录入（{team_name(team)}），不能重复录入；如需修改请用更正"


@writes
def _reopen_decision(db: sqlite_utils.Database, item_id: int, serial: int) -> dict | None:
    """A changed reading makes an earlier reconciliation decision for that serial stale: drop it."""
    row = db.execute("SELECT decided_team, note FROM reconciliation_decisions WHERE item_id = ? AND serial = ?",
                     [item_id, serial]).fetchone()
    if row is None:
        return None
    db.execute("DELETE FROM reconciliation_decisions WHERE item_id = ? AND serial = ?", [item_id, serial])
    return {"decided_team": row[0], "note": row[1]}


@writes
def _insert(db: sqlite_utils.Database, item_id: int, team: int, entry: BallotEntry, void_reason: str | None,
            action: str, extra: dict | None = None) -> int:
    ballot_id = db.execute(
        "INSERT INTO ballots(item_id, team, serial, marks, write_ins, void, void_reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [item_id, team, entry.serial, entry.marks, json.dumps(list(entry.write_ins), ensure_ascii=False),
         int(entry.void), void_reason],
    ).lastrowid
    detail = {"item_id": item_id, "team": team, "serial": entry.serial, "marks": entry.marks,
              "write_ins": list(entry.write_ins), "void": entry.void, "void_reason": void_reason}
    detail["hash"] = content_hash(item_id, team, detail)
    if extra:
        detail.update(extra)
    dropped = _reopen_decision(db, item_id, entry.serial)
    if dropped:
        detail["reopened_decision"] = dropped
    audit.append(db, action, entity="ballot", entity_id=ballot_id, detail=detail)
    return ballot_id


@writes
def _record(db: sqlite_utils.Database, item_id: int, team: int, serial, marks: str, write_ins, void: bool,
            void_reason: str | None, *, action: str, extra: dict | None = None, from_its_scan: bool = False) -> int:
    """Check and record one ballot as read by ``team``; refuses a serial the team already has. A serial whose
    scan waits for the scrutineers is refused too, unless this is that scan being settled (``from_its_scan``)."""
    item = get_item(db, item_id)
    require_editable(item)
    _check_team(item, team)
    checked = _entry(item_spec(db, item_id), _serial(serial), marks, write_ins, void)
    void_reason = (void_reason or "").strip() or None if checked.void else None
    with transaction.write(db):
        if _existing(db, item_id, team, checked.serial) is not None:
            raise UserError(_duplicate_message(checked.serial, team))
        if not from_its_scan and scans.is_pending(db, item_id, team, checked.serial):
            raise UserError(f"第 {checked.serial} 号选票已扫描（{team_name(team)}），正等待监票人在“扫描计票”中核定，"
                            "不能再录入。")
        return _insert(db, item_id, team, checked, void_reason, action, extra)


@writes
def add_ballot(db: sqlite_utils.Database, item_id: int, *, serial: int, marks: str, write_ins=(), void: bool = False,
               void_reason: str | None = None, team: int = 1) -> int:
    """Record one ballot as read by ``team``; refuses a serial already entered by that team."""
    return _record(db, item_id, team, serial, marks, write_ins, void, void_reason, action="录入选票")


@writes
def add_read_ballot(db: sqlite_utils.Database, item_id: int, team: int, entry: BallotEntry, *,
                    void_reason: str | None = None, action: str, extra: dict) -> int:
    """Record one ballot read from a scan (``extra``: the scan file and page, for the audit entry); refuses a
    serial the team already has, as typing it again would be."""
    return _record(db, item_id, team, entry.serial, entry.marks, entry.write_ins, entry.void, void_reason,
                   action=action, extra=extra, from_its_scan=True)


@writes
def correct_ballot(db: sqlite_utils.Database, ballot_id: int, *, marks: str | None = None, write_ins=None,
                   void: bool | None = None, void_reason: str | None = None, serial: int | None = None,
                   reason: str) -> dict:
    """Correct a ballot already entered; the old and new values and the reason go to the audit log.

    Returns the old values of what changed (empty when nothing did, and then nothing is logged).
    """
    reason = (reason or "").strip()
    if not reason:
        raise InputError("更正选票必须说明理由。")
    row = _row(db, ballot_id)
    item = get_item(db, row["item_id"])
    require_editable(item)
    spec = item_spec(db, row["item_id"])
    new_void = row["void"] if void is None else bool(void)
    new_serial = row["serial"] if serial is None else _serial(serial)
    entry = _entry(spec, new_serial, row["marks"] if marks is None else marks,
                   row["write_ins"] if write_ins is None else write_ins, new_void)
    if not new_void:
        new_reason = None
    elif void_reason is not None:
        new_reason = void_reason.strip() or None
    else:
        new_reason = row["void_reason"]
    old = _snapshot(row)
    new = {"serial": entry.serial, "marks": entry.marks, "write_ins": list(entry.write_ins), "void": entry.void,
           "void_reason": new_reason}
    changed = {k for k in new if new[k] != old[k]}
    if not changed:
        return {}
    with transaction.write(db):
        if "serial" in changed and _existing(db, row["item_id"], row["team"], entry.serial) is not None:
            raise UserError(_duplicate_message(entry.serial, row["team"]))
        db.execute(
            "UPDATE ballots SET serial = ?, marks = ?, write_ins = ?, void = ?, void_reason = ?, "
            "updated_at = datetime('now', 'localtime') WHERE id = ?",
            [entry.serial, entry.marks, json.dumps(new["write_ins"], ensure_ascii=False), int(entry.void),
             new_reason, ballot_id],
        )
        detail = {"item_id": row["item_id"], "team": row["team"], "serial": row["serial"], "reason": reason,
                  "old": {k: old[k] for k in sorted(changed)}, "new": {k: new[k] for k in sorted(changed)},
                  "old_hash": content_hash(row["item_id"], row["team"], old),
                  "hash": content_hash(row["item_id"], row["team"], new)}
        reopened = [d for d in {row["serial"], entry.serial} if _reopen_decision(db, row["item_id"], d)]
        if reopened:
            detail["reopened_decisions"] = sorted(reopened)
        audit.append(db, "更正选票", entity="ballot", entity_id=ballot_id, detail=detail)
    return {k: old[k] for k in changed}


@writes
def delete_ballot(db: sqlite_utils.Database, ballot_id: int, reason: str) -> None:
    """Remove a ballot entered by mistake; its content stays in the audit log with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise InputError("删除选票必须说明理由。")
    row = _row(db, ballot_id)
    require_editable(get_item(db, row["item_id"]))
    with transaction.write(db):
        scanned = scans.forget_ballot(db, ballot_id)
        db.execute("DELETE FROM ballots WHERE id = ?", [ballot_id])
        detail = {"item_id": row["item_id"], "team": row["team"], "reason": reason, "old": _snapshot(row),
                  "old_hash": content_hash(row["item_id"], row["team"], _snapshot(row))}
        if scanned is not None:
            detail["scanned_id"] = scanned
        if _reopen_decision(db, row["item_id"], row["serial"]):
            detail["reopened_decisions"] = [row["serial"]]
        audit.append(db, "删除选票", entity="ballot", entity_id=ballot_id, detail=detail)


def list_ballots(db: sqlite_utils.Database, item_id: int, team: int = 1) -> list[dict]:
    """Ballot rows of one team by serial, ``write_ins`` decoded to a list."""
    rows = list(db.query("SELECT * FROM ballots WHERE item_id = ? AND team = ? ORDER BY serial", [item_id, team]))
    for row in rows:
        row["write_ins"] = json.loads(row["write_ins"] or "[]")
        row["void"] = bool(row["void"])
    return rows


def find_ballot(db: sqlite_utils.Database, item_id: int, serial: int, team: int = 1) -> dict | None:
    """The row of one serial as entered by ``team``, or None."""
    ballot_id = _existing(db, item_id, team, int(serial))
    return None if ballot_id is None else _row(db, ballot_id)


def entries(db: sqlite_utils.Database, item_id: int, team: int = 1) -> list[BallotEntry]:
    """The ballots of one team as domain entries, by serial."""
    return [
        BallotEntry(serial=r[0], marks=r[1], write_ins=_NO_WRITE_INS if r[2] in ("[]", "", None) else
                    tuple(json.loads(r[2])), void=bool(r[3]))
        for r in db.execute("SELECT serial, marks, write_ins, void FROM ballots WHERE item_id = ? AND team = ? "
                            "ORDER BY serial", [item_id, team])
    ]


def decisions(db: sqlite_utils.Database, item_id: int) -> dict[int, dict]:
    """serial → {decided_team, note, decided_at} of the scrutineers' reconciliation decisions."""
    return {r["serial"]: r for r in db.query(
        "SELECT serial, decided_team, note, decided_at FROM reconciliation_decisions WHERE item_id = ?", [item_id])}


def counted_entries(db: sqlite_utils.Database, item_id: int) -> list[BallotEntry]:
    """The ballots that count: team 1's, or with double entry each serial as the decision says.

    Without a decision a serial counts as team 1 read it (certification waits for every decision).
    A decision for a team that has no such ballot means the ballot does not exist.
    """
    first = entries(db, item_id, 1)
    if not get_item(db, item_id)["double_entry"]:
        return first
    decided = decisions(db, item_id)
    if not decided:
        return first
    readings = {1: {e.serial: e for e in first}, 2: {e.serial: e for e in entries(db, item_id, 2)}}
    serials = sorted(set(readings[1]) | set(readings[2]))
    out = []
    for serial in serials:
        team = decided[serial]["decided_team"] if serial in decided else 1
        entry = readings[team].get(serial)
        if entry is not None:
            out.append(entry)
    return out


def disagreements(db: sqlite_utils.Database, item_id: int) -> list[dict]:
    """Every serial where the two teams' readings differ, with the decision taken so far (if any).

    Each dict has serial, kind ('only_team1' | 'only_team2' | 'different'), team1, team2 (BallotEntry or
    None), detail (Chinese), decided_team (None while undecided) and note.
    """
    if not get_item(db, item_id)["double_entry"]:
        return []
    decided = decisions(db, item_id)
    out = []
    for d in reconcile(entries(db, item_id, 1), entries(db, item_id, 2), item_spec(db, item_id)):
        decision = decided.get(d.serial)
        out.append({"serial": d.serial, "kind": d.kind, "team1": d.team1, "team2": d.team2, "detail": d.detail,
                    "decided_team": decision["decided_team"] if decision else None,
                    "note": decision["note"] if decision else None})
    return out


def undecided(db: sqlite_utils.Database, item_id: int) -> list[dict]:
    """Disagreements the scrutineers have not decided yet."""
    return [d for d in disagreements(db, item_id) if d["decided_team"] is None]


def _describe(entry: BallotEntry | None) -> dict | None:
    if entry is None:
        return None
    return {"marks": entry.marks, "write_ins": list(entry.write_ins), "void": entry.void}


@writes
def decide(db: sqlite_utils.Database, item_id: int, serial: int, team: int, note: str | None = None) -> None:
    """Record which team's reading of ``serial`` stands (checked by the scrutineers against the paper)."""
    item = get_item(db, item_id)
    require_editable(item)
    if team not in TEAMS:
        raise InputError(f"只能选择第一组或第二组的录入，当前为 {team}。")
    serial = _serial(serial)
    found = [d for d in disagreements(db, item_id) if d["serial"] == serial]
    if not found:
        raise UserError(f"第 {serial} 号选票两组录入一致，无需裁决。")
    d = found[0]
    note = (note or "").strip() or None
    with transaction.write(db):
        db.execute(
            "INSERT INTO reconciliation_decisions(item_id, serial, decided_team, note) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(item_id, serial) DO UPDATE SET decided_team = excluded.decided_team, note = excluded.note, "
            "decided_at = datetime('now', 'localtime')",
            [item_id, serial, team, note],
        )
        audit.append(db, "裁决双人录入", entity="vote_item", entity_id=item_id, detail={
            "serial": serial, "decided_team": team, "previous_decision": d["decided_team"], "note": note,
            "kind": d["kind"], "team1": _describe(d["team1"]), "team2": _describe(d["team2"]),
        })


def item_result(db: sqlite_utils.Database, item_id: int) -> dict:
    """The item's count (the per-item JSON object of the tally spec) over the ballots that count."""
    return count(item_spec(db, item_id), counted_entries(db, item_id))


@writes
def import_workbook_ballots(db: sqlite_utils.Database, item_id: int, entries_in: Iterable[BallotEntry], team: int,
                            *, spec: ItemSpec | None = None) -> dict:
    """Merge another team's ballots (read from a tally workbook) into the item, all or nothing.

    The caller (``ops.tally_workbook``) takes the 导入前 backup first.

    Refuses when any serial is already entered for that team or appears twice in the file, listing
    them all. ``spec`` (from the workbook) is compared with the item so marks cannot shift columns.
    Returns {'imported': n, 'warnings': [...]} (serials outside the printed range).
    """
    item = get_item(db, item_id)
    require_editable(item)
    _check_team(item, team)
    own = item_spec(db, item_id)
    if spec is not None:
        _check_same_item(own, spec)
    incoming = list(entries_in)
    checked = [_entry(own, _serial(e.serial), e.marks, e.write_ins, e.void) for e in incoming]
    seen: set[int] = set()
    twice = sorted({e.serial for e in checked if e.serial in seen or seen.add(e.serial)})
    if twice:
        raise InputError(f"导入的数据中选票编号重复：第 {'、'.join(map(str, twice))} 号。未导入任何选票。")
    with transaction.write(db):
        present = {r[0] for r in db.execute("SELECT serial FROM ballots WHERE item_id = ? AND team = ?",
                                            [item_id, team])}
        present |= {s for s in seen if scans.is_pending(db, item_id, team, s)}
        clash = sorted(seen & present)
        if clash:
            listed = "、".join(map(str, clash[:20])) + ("等" if len(clash) > 20 else "")
            raise UserError(
                f"以下 {len(clash)} 张选票编号已录入（{team_name(team)}），不能重复录入：第 {listed} 号。"
                f"未导入任何选票；如需修改请用更正。"
            )
        for entry in checked:
            _insert(db, item_id, team, entry, None, "导入选票")
    printed = item["printed"]
    warnings = [f"第 {e.serial} 号不在本事项印制的选票编号范围 1–{printed} 内，请核对选票。"
                for e in checked if printed and not 1 <= e.serial <= printed]
    return {"imported": len(checked), "warnings": warnings}


def _check_same_item(own: ItemSpec, other: ItemSpec) -> None:
    with as_input_errors():
        ballot_entries.check_same_item(own, other)
