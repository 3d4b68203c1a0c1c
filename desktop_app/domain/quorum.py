"""Quorum of a session: two thirds or more of all deputies present (组织法 art. 14; 以上 includes the number)."""

from __future__ import annotations


def quorum_needed(total: int) -> int:
    """The fewest deputies present for the session to be held: ⌈2·total/3⌉."""
    if total < 0:
        raise ValueError("全体代表人数不能为负数")
    return -(-2 * total // 3)


def quorum_met(present: int, total: int) -> bool:
    """True when ``present`` is two thirds of ``total`` or more (integer arithmetic, no rounding)."""
    if total < 0 or present < 0:
        raise ValueError("人数不能为负数")
    return present * 3 >= total * 2


def quorum_message(present: int, total: int) -> str | None:
    """A Chinese warning when attendance (or ballots issued) is below two thirds, else None."""
    if quorum_met(present, total):
        return None
    return (
        f"实到 {present} 人，不足全体代表 {total} 人的三分之二（至少需要 {quorum_needed(total)} 人），不能举行会议或进行表决"
    )
