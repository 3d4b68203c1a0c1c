"""A ballot as typed or read from a tally workbook: its serial, its write-in names, its marks for the item."""

from __future__ import annotations

import re
from typing import Iterable

from .ballots import BallotEntry, ItemSpec, check_marks, name_key
from .fields import FieldError
from .text import name_problem


def serial_number(value) -> int:
    """A ballot's printed number: a whole number from 1."""
    try:
        serial = int(value)
    except (TypeError, ValueError):
        raise FieldError(f"选票编号“{value}”不是整数。") from None
    if serial < 1 or (isinstance(value, float) and value != serial):
        raise FieldError(f"选票编号必须是正整数，当前为“{value}”。")
    return serial


def write_in_names(names: Iterable[str]) -> tuple[str, ...]:
    """Names as written, spaces collapsed, empty ones dropped (the count merges duplicates).

    A single string is split at 、，, as in the tally workbook's 另选他人 cell.
    """
    if isinstance(names, str):
        names = re.split(r"[、，,]", names)
    cleaned = (" ".join(str(n).split()) for n in names or ())
    return tuple(n for n in cleaned if n)


def entry(spec: ItemSpec, serial: int, marks: str, write_ins, void: bool) -> BallotEntry:
    """A checked entry for this item; FieldError names the serial and what is wrong."""
    marks = (marks or "").strip().upper()
    for name in ([write_ins] if isinstance(write_ins, str) else write_ins or ()):
        problem = name_problem(name, f"第 {serial} 号选票的另选他人姓名")
        if problem:
            raise FieldError(problem + "。")
    entry = BallotEntry(serial=serial, marks=marks, write_ins=write_in_names(write_ins), void=bool(void))
    try:
        check_marks(spec, entry)
    except ValueError as err:
        raise FieldError(f"{err}。") from None
    if void and marks and (len(marks) != spec.width or set(marks) - set(spec.alphabet)):
        raise FieldError(f"第 {serial} 号选票的标记无法识别（应为 {spec.width} 个）。")
    return entry


def check_same_item(own: ItemSpec, other: ItemSpec) -> None:
    """The workbook's item must have this item's kind and candidates in the same order."""
    if own.kind != other.kind:
        raise FieldError(f"数据表中的事项类型为“{other.kind}”，本事项为“{own.kind}”，不能导入。")
    if own.kind == "表决":
        return
    if [name_key(c) for c in own.candidates] != [name_key(c) for c in other.candidates]:
        raise FieldError(
            f"数据表中的候选人（项目）为“{'、'.join(other.candidates)}”，与本事项“{'、'.join(own.candidates)}”"
            f"不一致（名单或顺序不同），不能导入。"
        )
