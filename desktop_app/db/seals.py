"""Sealed results: the seal of a certified item, and the check of every ballot and seal against the audit log.

Each ballot write carries the hash of the ballot's content in its audit entry; certifying an item stores the
seal of its counted ballots, figures and result (``domain.seal``) in the item and in the 确认结果 entry.
``verify`` replays those entries against the tables and names the item and ballot that differ.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from ..domain import seal as sealing
from ..domain.ballots import BallotEntry
from ..errors import UserError
from .ballots import TEAMS, content_hash, counted_entries
from .vote_item_rows import CERTIFIED, item_spec

CERTIFY, UNLOCK = "确认结果", "解锁结果"
_WRITTEN = ("录入选票", "导入选票", "扫描录入选票", "扫描核定选票")
_BALLOT_KEYS = ("serial", "marks", "write_ins", "void", "void_reason")
LEGACY = "未封存（升级前）"


@dataclass
class Finding:
    """One thing ``verify`` found: an error, or a warning that does not fail the check."""

    message: str
    warning: bool = False
    item_id: int | None = None
    serial: int | None = None


def paper(entry: BallotEntry) -> list:
    return [entry.marks, list(entry.write_ins), bool(entry.void)]


def current(db: sqlite_utils.Database, item_id: int) -> tuple[dict, dict[str, list]]:
    """(sealed content of the item as the tables say now, serial → paper of the counted ballots)."""
    from ..domain.ballots import count

    spec = item_spec(db, item_id)
    entries = counted_entries(db, item_id)
    content = sealing.sealed_content(spec, entries, count(spec, entries))
    return content, {str(e.serial): paper(e) for e in entries}


def seal_record(db: sqlite_utils.Database, item_id: int) -> dict:
    """What certifying writes: {seal, sealed (the content), papers (by serial, for naming a changed ballot)}."""
    content, papers = current(db, item_id)
    return {"seal": sealing.seal_of(content), "sealed": content, "papers": papers}


def stored_seal(db: sqlite_utils.Database, item_id: int) -> str | None:
    """The seal stored when the item was certified (None while 草稿, and for items certified before seals)."""
    columns = {c[1] for c in db.execute("PRAGMA table_info(vote_items)")}
    if "seal" not in columns:
        return None
    row = db.execute("SELECT seal FROM vote_items WHERE id = ?", [item_id]).fetchone()
    return row[0] if row else None


# ------------------------------------------------------------------------------------------- verify


def _label(item: dict | None, item_id: int) -> str:
    if item is None:
        return f"事项（记录号 {item_id}，已不存在）"
    return f"事项“{item['name']}”（编号 {item['code']}{'，演练' if item['rehearsal'] else ''}）"


def _ballot_label(items: dict, item_id: int, team: int, serial) -> str:
    return f"{_label(items.get(item_id), item_id)}第 {serial} 号选票（{TEAMS.get(team, f'{team}组')}）"


def _entry_states(db: sqlite_utils.Database) -> dict[int, dict]:
    """ballot id → what the newest audit entry of that ballot says it holds (hash, deleted, content)."""
    states: dict[int, dict] = {}
    for entry_id, action, ballot_id, detail in db.execute(
            "SELECT id, action, entity_id, detail FROM audit_log WHERE entity = 'ballot' ORDER BY id"):
        try:
            d = json.loads(detail or "{}")
        except json.JSONDecodeError:
            d = {}
        before = states.get(ballot_id)
        if action in _WRITTEN:
            content = {k: d.get(k) for k in _BALLOT_KEYS} if all(k in d for k in _BALLOT_KEYS[:4]) else None
            state = {"item_id": d.get("item_id"), "team": d.get("team"), "content": content}
        elif action == "更正选票":
            content = None
            if before and before.get("content") is not None and isinstance(d.get("new"), dict):
                content = {**before["content"], **d["new"]}
            state = {"item_id": d.get("item_id"), "team": d.get("team"), "content": content}
        elif action == "删除选票":
            state = {"item_id": d.get("item_id"), "team": d.get("team"), "content": d.get("old"), "deleted": True}
        else:
            continue
        state["entry"] = entry_id
        state["hash"] = d.get("hash")
        # Entries written before hashes existed still name the content: replay it.
        if state["hash"] is None and not state.get("deleted") and state["content"] is not None \
                and state["item_id"] is not None:
            content = {"void_reason": None, **state["content"]}
            state["hash"] = content_hash(state["item_id"], state["team"] or 1, content)
        states[ballot_id] = state
    return states


def _cleared_items(db: sqlite_utils.Database) -> set[int]:
    """Rehearsal items deleted with their ballots by 清除演练 (the one hard delete)."""
    cleared: set[int] = set()
    for (detail,) in db.execute("SELECT detail FROM audit_log WHERE action = '清除演练'"):
        try:
            cleared.update(int(i) for i in json.loads(detail or "{}").get("items") or [])
        except (json.JSONDecodeError, TypeError, ValueError):
            continue
    return cleared


def _marks_text(content: dict | None) -> str:
    if not content:
        return ""
    text = f"标记“{content.get('marks')}”"
    if content.get("write_ins"):
        text += f"、另选“{'、'.join(content['write_ins'])}”"
    if content.get("void"):
        text += "、作废"
    return text


def verify_ballots(db: sqlite_utils.Database, items: dict[int, dict]) -> list[Finding]:
    """Every ballot row as its last audit entry says, and every audited ballot still there."""
    states = _entry_states(db)
    findings: list[Finding] = []
    seen: set[int] = set()
    for row in db.query("SELECT id, item_id, team, serial, marks, write_ins, void, void_reason FROM ballots "
                        "ORDER BY item_id, team, serial"):
        seen.add(row["id"])
        row["write_ins"] = json.loads(row["write_ins"] or "[]")
        label = _ballot_label(items, row["item_id"], row["team"], row["serial"])
        state = states.get(row["id"])
        where = dict(item_id=row["item_id"], serial=row["serial"])
        if state is None:
            findings.append(Finding(f"{label}没有录入记录：它不是用本程序录入的（可能在程序之外插入）。", **where))
        elif state.get("deleted"):
            findings.append(Finding(f"{label}已于审计日志第 {state['entry']} 条删除，却仍在数据库中。", **where))
        elif state["hash"] is not None and state["hash"] != content_hash(row["item_id"], row["team"], row):
            was = _marks_text(state.get("content"))
            findings.append(Finding(
                f"{label}的内容与录入记录（审计日志第 {state['entry']} 条）不符：现为{_marks_text(row)}"
                + (f"，录入时为{was}" if was else "") + "（可能在程序之外被修改）。", **where))
    cleared = _cleared_items(db)
    for ballot_id, state in states.items():
        if ballot_id in seen or state.get("deleted") or state["item_id"] in cleared:
            continue
        serial = (state.get("content") or {}).get("serial", "?")
        findings.append(Finding(
            f"{_ballot_label(items, state['item_id'], state['team'] or 1, serial)}已录入（审计日志第 {state['entry']} 条），"
            "但不在数据库中：可能在程序之外被删除。", item_id=state["item_id"],
            serial=serial if isinstance(serial, int) else None))
    return findings


_FIGURES = {"issued": "发出票数", "collected": "收回票数", "seats": "应选人数"}


def verify_figures(db: sqlite_utils.Database, items: dict[int, dict]) -> list[Finding]:
    """发出票数, 收回票数 and 应选人数 of every item as its 新增/修改表决事项 entries left them (drafts too:
    a figure changed during the count would otherwise be sealed as if it were right)."""
    replayed: dict[int, dict] = {}
    for entry_id, action, item_id, detail in db.execute(
            "SELECT id, action, entity_id, detail FROM audit_log WHERE entity = 'vote_item' AND action IN "
            "('新增表决事项', '修改表决事项') ORDER BY id"):
        try:
            d = json.loads(detail or "{}")
        except json.JSONDecodeError:
            continue
        if action == "新增表决事项":
            replayed[item_id] = {"entry": entry_id, **{k: d.get(k) for k in _FIGURES}}
        elif item_id in replayed and isinstance(d.get("new"), dict):
            state = replayed[item_id]
            state.update({k: v for k, v in d["new"].items() if k in _FIGURES}, entry=entry_id)
    findings = []
    for item_id, item in items.items():
        expected = replayed.get(item_id)
        if expected is None or item["deleted_at"] is not None:
            continue   # created before the log recorded it: nothing to compare with
        for key, word in _FIGURES.items():
            if item[key] != expected[key]:
                findings.append(Finding(
                    f"{_label(item, item_id)}的{word}为 {item[key]}，审计日志（第 {expected['entry']} 条）记录的是 "
                    f"{expected[key]}（可能在程序之外被修改）。", item_id=item_id))
    return findings


def _certifications(db: sqlite_utils.Database) -> dict[int, tuple[int, str, dict]]:
    """item id → (entry id, action, detail) of its newest 确认结果 or 解锁结果."""
    out = {}
    for entry_id, action, item_id, detail in db.execute(
            "SELECT id, action, entity_id, detail FROM audit_log WHERE entity = 'vote_item' AND action IN (?, ?) "
            "ORDER BY id", [CERTIFY, UNLOCK]):
        try:
            out[item_id] = (entry_id, action, json.loads(detail or "{}"))
        except json.JSONDecodeError:
            out[item_id] = (entry_id, action, {})
    return out


def _paper_text(p: list | None) -> str:
    if p is None:
        return "（无）"
    return _marks_text({"marks": p[0], "write_ins": p[1], "void": p[2]})


def _ballot_differences(sealed: dict, now: dict) -> list[tuple[int, str]]:
    out = []
    for serial in sorted(set(sealed) | set(now), key=lambda s: int(s)):
        before, after = sealed.get(serial), now.get(serial)
        if before == after:
            continue
        if before is None:
            out.append((int(serial), f"第 {serial} 号选票封存后才出现（{_paper_text(after)}）"))
        elif after is None:
            out.append((int(serial), f"第 {serial} 号选票封存后不见了（封存时{_paper_text(before)}）"))
        else:
            out.append((int(serial), f"第 {serial} 号选票封存时{_paper_text(before)}，现为{_paper_text(after)}"))
    return out


_LEGACY_RESULT_KEYS = ("returned", "valid", "valid_ballots", "invalid_ballots", "elected", "adopted", "results")


def verify_items(db: sqlite_utils.Database, items: dict[int, dict], has_seal: bool) -> list[Finding]:
    """Each certified item counted again from its ballots and compared with its seal and its 确认结果 entry."""
    findings: list[Finding] = []
    certifications = _certifications(db)
    for item_id, item in items.items():
        if item["deleted_at"] is not None:
            continue
        label = _label(item, item_id)
        last = certifications.get(item_id)
        certified = item["status"] == CERTIFIED
        if not certified:
            if last is not None and last[1] == CERTIFY:
                findings.append(Finding(f"{label}在审计日志第 {last[0]} 条已确认结果，数据库中却是草稿（确认状态可能在程序之外被改动）。",
                                        item_id=item_id))
            continue
        if last is None or last[1] != CERTIFY:
            what = "没有确认结果的记录" if last is None else f"最后一条记录（第 {last[0]} 条）是解锁"
            findings.append(Finding(f"{label}标为已确认（正式），但审计日志中{what}（确认状态可能在程序之外被改动）。",
                                    item_id=item_id))
            continue
        entry_id, _action, detail = last
        stored = item.get("seal") if has_seal else None
        try:
            content, papers = current(db, item_id)
        except (UserError, ValueError) as err:
            findings.append(Finding(f"{label}无法重新计票：{err}（数据可能在程序之外被改动）。", item_id=item_id))
            continue
        if stored is None and detail.get("seal"):
            findings.append(Finding(f"{label}的封存码被清除（审计日志第 {entry_id} 条记录了封存码 "
                                    f"{sealing.short_form(detail['seal'])}）。", item_id=item_id))
            stored = detail["seal"]
        if stored is None:
            findings.append(Finding(f"{label}：{LEGACY}，结果确认于本版本之前，没有封存码。", warning=True,
                                    item_id=item_id))
            # The 确认结果 entry still holds the counts and the result of that day: compare with a recount.
            differing = sealing.result_differences({k: detail[k] for k in _LEGACY_RESULT_KEYS if k in detail},
                                                   content["result"])
            if differing:
                findings.append(Finding(f"{label}重新计票的结果与确认时（审计日志第 {entry_id} 条）不符："
                                        + "；".join(differing) + "。", item_id=item_id))
            continue
        if detail.get("seal") and detail["seal"] != stored:
            findings.append(Finding(f"{label}的封存码 {sealing.short_form(stored)} 与确认记录（审计日志第 {entry_id} 条）"
                                    f"的 {sealing.short_form(detail['seal'])} 不符。", item_id=item_id))
        if sealing.seal_of(content) == stored:
            continue
        sealed = detail.get("sealed") or {}
        reasons = sealing.field_differences(sealed, content) if sealed else []
        ballot_diffs = _ballot_differences(detail.get("papers") or {}, papers) if "papers" in detail else []
        reasons += [text for _serial, text in ballot_diffs]
        if sealed and sealing.seal_of(sealed) == stored and sealed.get("ballots") == content["ballots"] \
                and not reasons:
            # Same figures, same ballots, sealed record intact: only the count's wording differs (a newer
            # version of the counting rules). Worth a look, not a tamper.
            changed = sealing.result_differences(sealed.get("result") or {}, content["result"])
            findings.append(Finding(
                f"{label}的选票和票数与封存码 {sealing.short_form(stored)} 一致，但本版本的计票结果的记录与确认时不同"
                + (f"：{'；'.join(changed)}" if changed else "（仅格式不同）") + "。", warning=True, item_id=item_id))
            continue
        if sealed:
            reasons += sealing.result_differences(sealed.get("result") or {}, content["result"])
        first_serial = ballot_diffs[0][0] if ballot_diffs else None
        findings.append(Finding(
            f"{label}的选票、票数或结果与封存码 {sealing.short_form(stored)} 不符"
            + (f"：{'；'.join(reasons)}" if reasons else "") + "。结果在确认后被改动过，请以监票人签字的纸质报告单核对。",
            item_id=item_id, serial=first_serial))
    return findings


def verify(db: sqlite_utils.Database) -> list[Finding]:
    """Every ballot against its audit entries, every certified item against its seal (empty when all agree)."""
    tables = set(db.table_names())
    if not {"vote_items", "ballots", "audit_log"} <= tables:
        return []
    has_seal = any(c[1] == "seal" for c in db.execute("PRAGMA table_info(vote_items)"))
    has_collected = any(c[1] == "collected" for c in db.execute("PRAGMA table_info(vote_items)"))
    items = {r["id"]: r for r in db.query(
        "SELECT id, code, name, status, rehearsal, deleted_at, issued, seats"
        f"{', collected' if has_collected else ', NULL AS collected'}{', seal' if has_seal else ''} FROM vote_items")}
    return verify_ballots(db, items) + verify_figures(db, items) + verify_items(db, items, has_seal)
