"""Seals of results: the SHA-256 of one ballot's content, and of a certified item's ballots, counts and result.

A seal is computed over a canonical JSON (sorted keys, no spaces), so the township and the county compute
the same seal from the same content. The sealed ballots carry no serial and are sorted by content: what
travels to the county is the multiset of papers, never the order they were read in.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Iterable

from .ballots import BallotEntry, ItemSpec, count

SEAL_FORMAT = 1
# 16 hex digits in four groups: short enough to read out and copy by hand, long enough (64 bits) that no
# one finds another content with the same short form by trying.
SHORT_DIGITS = 16


def canonical(value: Any) -> bytes:
    """The one byte form a hash is taken over."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sha256(value: Any) -> str:
    return hashlib.sha256(canonical(value)).hexdigest()


def ballot_content(item_id: int, team: int, serial: int, marks: str, write_ins: Iterable[str], void: bool,
                   void_reason: str | None) -> dict:
    """What one ballot row says (the audit entry of each write carries its hash)."""
    return {"item": int(item_id), "team": int(team), "serial": int(serial), "marks": marks or "",
            "write_ins": list(write_ins or ()), "void": bool(void), "void_reason": void_reason or None}


def ballot_hash(item_id: int, team: int, serial: int, marks: str, write_ins: Iterable[str], void: bool,
                void_reason: str | None) -> str:
    return sha256(ballot_content(item_id, team, serial, marks, write_ins, void, void_reason))


def _spec_fields(spec: ItemSpec) -> dict:
    return {"code": spec.code, "name": spec.name, "kind": spec.kind, "seats": spec.seats,
            "total_deputies": spec.total_deputies, "issued": spec.issued, "collected": spec.collected,
            "allow_write_in": bool(spec.allow_write_in), "candidates": list(spec.candidates),
            "project_rule": spec.project_rule}


def _paper(entry: BallotEntry) -> list:
    return [entry.marks, list(entry.write_ins), bool(entry.void)]


def sealed_content(spec: ItemSpec, ballots: Iterable[BallotEntry], result: dict) -> dict:
    """What a seal covers: the item's figures and candidates, its counted ballots (no serials) and its result."""
    papers = sorted((_paper(e) for e in ballots), key=lambda p: canonical(p))
    # Through JSON once, so that the content held in memory equals the content read back from a file.
    return json.loads(canonical({"format": SEAL_FORMAT, "item": _spec_fields(spec), "ballots": papers,
                                 "result": result}))


def seal_of(content: dict) -> str:
    return sha256(content)


def short_form(seal: str | None) -> str:
    """3F2A-9C1B-77D0-12AB: the first 16 hex digits, as printed where the scrutineers sign."""
    if not seal:
        return ""
    head = seal[:SHORT_DIGITS].upper()
    return "-".join(head[i:i + 4] for i in range(0, len(head), 4))


FIELD_NAMES = {"code": "事项编号", "name": "事项名称", "kind": "类型", "seats": "应选人数",
               "total_deputies": "全体代表人数", "issued": "发出票数", "collected": "收回票数",
               "allow_write_in": "另选他人", "candidates": "候选人", "project_rule": "票决规则"}


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(map(str, value)) or "（无）"
    return "（空）" if value is None else str(value)


def field_differences(sealed: dict, current: dict) -> list[str]:
    """Chinese sentences naming each figure of the item that differs from what was sealed."""
    old, new = sealed.get("item") or {}, current.get("item") or {}
    return [f"{FIELD_NAMES.get(key, key)}封存时为 {_shown(old.get(key))}，现为 {_shown(new.get(key))}"
            for key in FIELD_NAMES if old.get(key) != new.get(key)]


_VOTES = ("agree", "oppose", "abstain")


def result_differences(sealed_result: dict, result: dict) -> list[str]:
    """Chinese sentences naming the outcome figures that differ (elected, adopted, votes per candidate).

    Only figures the sealed result holds are compared, and of each candidate only the votes: a result
    recorded by an older version may lack a key or carry another, and still be the same result.
    """
    out = []
    for key, label in (("elected", "当选/入选"), ("adopted", "通过"), ("valid", "投票有效"),
                       ("returned", "收回票数（录入）"), ("valid_ballots", "有效票"), ("invalid_ballots", "无效票")):
        if key in sealed_result and sealed_result.get(key) != result.get(key):
            out.append(f"{label}封存时为 {_shown(sealed_result.get(key))}，现为 {_shown(result.get(key))}")
    old_lines = {line.get("name"): line for line in sealed_result.get("results") or []}
    for line in result.get("results") or []:
        before = old_lines.get(line.get("name"))
        if before is not None and any(before.get(k) != line.get(k) for k in _VOTES):
            out.append(f"{line.get('name')}的票数封存时为 赞成{before.get('agree')}/反对{before.get('oppose')}/"
                       f"弃权{before.get('abstain')}，现为 赞成{line.get('agree')}/反对{line.get('oppose')}/"
                       f"弃权{line.get('abstain')}")
    return out


@dataclass
class Recount:
    """A sealed content checked on its own: does its result follow from its ballots, does its seal match."""

    seal_matches: bool
    result_matches: bool
    differences: list[str]


def recount(content: dict, seal: str | None) -> Recount:
    """Count the sealed ballots again with the sealed figures and compare with the sealed result and seal.

    What the county does with a package: no database, only the content and the seal that came with it.
    """
    item = content.get("item") or {}
    spec = ItemSpec(code=item.get("code"), name=item.get("name"), kind=item.get("kind"), seats=item.get("seats"),
                    total_deputies=item.get("total_deputies"), issued=item.get("issued"),
                    allow_write_in=bool(item.get("allow_write_in")), candidates=tuple(item.get("candidates") or ()),
                    project_rule=item.get("project_rule") or "majority", collected=item.get("collected"))
    entries = [BallotEntry(serial=i, marks=p[0], write_ins=tuple(p[1]), void=bool(p[2]))
               for i, p in enumerate(content.get("ballots") or [], start=1)]
    again = json.loads(canonical(count(spec, entries)))
    sealed = content.get("result") or {}
    # Compared by what the result says (elected, adopted, votes), so a package from another version of the
    # program, whose count records a key more or less, still recounts to the same result.
    differences = result_differences(sealed, again)
    return Recount(seal_matches=seal is not None and seal_of(content) == seal, result_matches=not differences,
                   differences=differences)
