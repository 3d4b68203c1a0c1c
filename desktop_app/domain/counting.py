"""Where the count of one vote item stands: 计票中, complete, or void before any ballot because 收回 > 发出.

Before the ballot box is opened the scrutineers count the papers returned (收回票数). The count is complete
when the ballots entered equal that number; until then every figure is provisional, and nothing — not a
shortfall, not a tie — may be announced as the outcome. More papers returned than issued voids the vote at
once (选举法 art. 44), with no ballot entered. A certified result is complete whatever was typed.
"""

from __future__ import annotations

from dataclasses import dataclass

NOT_COLLECTED = "not_collected"      # 收回票数 not typed yet
COUNTING = "counting"                # fewer entered than returned
OVER_ENTERED = "over_entered"        # more entered than returned: a paper typed twice, or 收回 miscounted
COMPLETE = "complete"
VOID = "void"                        # 收回 > 发出: the vote is held again, nothing to count


@dataclass(frozen=True)
class Counting:
    state: str
    entered: int
    collected: int | None
    issued: int | None
    certified: bool = False

    @property
    def complete(self) -> bool:
        """The result may be read as the outcome (and 另行选举/重新投票 set up)."""
        return self.state in (COMPLETE, VOID)

    @property
    def provisional(self) -> bool:
        return not self.complete

    @property
    def may_certify(self) -> bool:
        """Not while ballots are still being entered, nor with more entered than returned."""
        return self.state not in (COUNTING, OVER_ENTERED)

    @property
    def void(self) -> bool:
        return self.state == VOID

    @property
    def progress_text(self) -> str:
        """计票中（已录入 3 / 收回 57）, or what stands in its place."""
        if self.state == VOID:
            return f"收回 {self.collected} 张多于发出 {self.issued} 张，本次投票无效"
        if self.state == OVER_ENTERED:
            return f"已录入 {self.entered} 张，多于收回票数 {self.collected} 张，请核对"
        if self.state == COMPLETE:
            return (f"计票完成（已录入 {self.entered} / 收回 {self.collected}）" if self.collected is not None
                    else f"计票完成（已录入 {self.entered} 张）")
        collected = "未登记" if self.collected is None else str(self.collected)
        return f"计票中（已录入 {self.entered} / 收回 {collected}）"


def counting_of(*, issued: int | None, collected: int | None, entered: int, certified: bool = False) -> Counting:
    """The state of one item's count from 发出, 收回 (as typed, or None) and the ballots entered."""
    if collected is not None and issued is not None and collected > issued:
        state = VOID
    elif certified or (collected is not None and entered == collected):
        state = COMPLETE
    elif collected is None:
        state = NOT_COLLECTED
    elif entered > collected:
        state = OVER_ENTERED
    else:
        state = COUNTING
    return Counting(state, entered, collected, issued, certified)
