"""The shape rules of a vote item (选举/票决/表决/测评): its fields, its candidates and the next round's set-up."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .ballots import KINDS, PROJECT_RULES, name_key
from .text import name_problem


class VoteItemRuleError(ValueError):
    """A value a vote item cannot take; ``str(err)`` is the clerk's sentence naming the field."""


EDITABLE = ("code", "name", "kind", "seats", "post", "allow_write_in", "issued", "printed", "double_entry",
            "options", "sort_order", "collected")
# Changing these once ballots are entered would change what the stored marks mean.
SHAPE = ("kind", "allow_write_in", "double_entry")


def int_or_none(value: Any, field: str, *, minimum: int = 0) -> int | None:
    """A whole number of at least ``minimum``, or None for an empty value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise VoteItemRuleError(f"{field}必须是整数，当前为“{value}”。") from None
    if isinstance(value, float) and value != number:
        raise VoteItemRuleError(f"{field}必须是整数，当前为“{value}”。")
    if number < minimum:
        raise VoteItemRuleError(f"{field}不能小于 {minimum}，当前为 {number}。")
    return number


def clean_values(values: dict[str, Any]) -> dict[str, Any]:
    """Validated column values of an item (only the keys given), ``options`` as stored JSON text."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in EDITABLE:
            raise VoteItemRuleError(f"表决事项没有“{key}”这一项。")
        if key in ("code", "name"):
            text = (value or "").strip() if isinstance(value, str) else str(value or "").strip()
            if not text:
                raise VoteItemRuleError("事项编号不能为空。" if key == "code" else "事项名称不能为空。")
            out[key] = text
        elif key == "kind":
            if value not in KINDS:
                raise VoteItemRuleError(f"事项类型“{value}”无效，应为选举、票决、表决或测评。")
            out[key] = value
        elif key == "seats":
            out[key] = int_or_none(value, "应选人数", minimum=1)
        elif key in ("issued", "printed", "collected"):
            out[key] = int_or_none(value, {"issued": "发出票数", "printed": "印制票数", "collected": "收回票数"}[key])
        elif key == "sort_order":
            out[key] = int_or_none(value, "排序") or 0
        elif key in ("allow_write_in", "double_entry"):
            out[key] = 1 if value else 0
        elif key == "options":
            options = value or {}
            if not isinstance(options, dict):
                raise VoteItemRuleError("事项选项必须是字典。")
            if options.get("project_rule", "majority") not in PROJECT_RULES:
                raise VoteItemRuleError(f"票决规则“{options.get('project_rule')}”无效。")
            out[key] = json.dumps(options, ensure_ascii=False, sort_keys=True) if options else None
        else:
            out[key] = (str(value).strip() or None) if value is not None else None
    return out


def shape_problems(values: dict[str, Any]) -> dict[str, str]:
    """Field → message for each rule of the item's shape it breaks (cleaned values; empty when none).

    Seats belong to 选举 and 票决; write-ins to 选举 only; no more ballots issued than printed.
    """
    problems: dict[str, str] = {}
    kind = values["kind"]
    if kind in ("选举", "票决") and not values.get("seats"):
        problems["seats"] = f"{kind}事项必须填写应选人数（正整数）。"
    if kind != "选举" and values.get("allow_write_in"):
        problems["allow_write_in"] = "只有选举事项可以设置“另选他人”。"
    issued, printed = values.get("issued"), values.get("printed")
    if issued is not None and printed is not None and issued > printed:
        problems["issued"] = f"发出票数 {issued} 多于印制票数 {printed}。"
    return problems


def check_shape(values: dict[str, Any]) -> None:
    """Refuses the first of :func:`shape_problems`; clears the seats of a 表决/测评 in place."""
    problems = shape_problems(values)
    if problems:
        raise VoteItemRuleError(next(iter(problems.values())))
    if values["kind"] in ("表决", "测评"):
        values["seats"] = None


def item_problems(values: dict[str, Any], candidates: list[str | dict] | None = None) -> dict[str, str]:
    """Field → message for every problem of an item as typed, all at once (empty when it can be saved);
    a candidate's problem is under ``candidates``."""
    problems: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for key, value in values.items():
        try:
            cleaned.update(clean_values({key: value}))
        except VoteItemRuleError as err:
            problems[key] = str(err)
    if "kind" in cleaned:
        for key, message in shape_problems(cleaned).items():
            problems.setdefault(key, message)
        if candidates and cleaned["kind"] != "表决":
            try:
                candidate_rows(cleaned["kind"], candidates)
            except VoteItemRuleError as err:
                problems["candidates"] = str(err)
    return problems


def candidate_rows(kind: str, candidates: list[str | dict]) -> list[dict]:
    """Candidates (persons or projects) in ballot order, names tidied; refused for 表决 and on a repeated name."""
    if kind == "表决":
        raise VoteItemRuleError("表决事项只有一项议案，不需要候选人；议案名称即事项名称。")
    rows = []
    seen: dict[str, int] = {}
    for position, entry in enumerate(candidates, start=1):
        if isinstance(entry, str):
            entry = {"name": entry}
        problem = name_problem(entry.get("name"), f"第 {position} 个候选人（项目）名称")
        if problem:
            raise VoteItemRuleError(problem + "。")
        name = " ".join(str(entry.get("name") or "").split())
        if not name:
            raise VoteItemRuleError(f"第 {position} 个候选人（项目）名称为空。")
        key = name_key(name)
        if key in seen:
            raise VoteItemRuleError(f"候选人（项目）“{name}”重复（第 {seen[key]} 个和第 {position} 个）。")
        seen[key] = position
        rows.append({"name": name, "deputy_id": entry.get("deputy_id"), "description": entry.get("description"),
                     "sort_order": position})
    return rows


@dataclass(frozen=True)
class NextRound:
    """What 另行选举 or 重新投票 after a count looks like: its seats, code suffix and name."""

    seats: int
    suffix: str
    name: str


def next_round(name: str, seats: int, result: dict) -> NextRound:
    """重新投票 when the vote was invalid (all seats) or tied across the last seat (the open seats);
    另行选举 for the seats still missing; VoteItemRuleError when every seat is filled."""
    if not result["valid"]:
        return NextRound(seats, "重投", f"{name}（重新投票）")
    if result["tied"]:
        return NextRound(seats - len(result["elected"]), "重投", f"{name}（重新投票）")
    if result["further_seats"] > 0:
        return NextRound(result["further_seats"], "另选",
                         f"另行{name}" if name.startswith("选举") else f"{name}（另行选举）")
    raise VoteItemRuleError("本事项应选名额已全部产生，不需要另行选举或重新投票。")

