"""代表结构统计 as plain data: one shape for the PDF and the Excel form (ops.statistics gathers it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..domain.roster import STAT_DIMENSIONS


@dataclass
class StructureReport:
    """Plain data for the renderers: ``stats`` is domain.roster.structure_statistics' dict."""

    township: str
    county: str
    term_name: str
    on: dt.date
    level: str | None
    stats: dict
    others: dict | None = None     # the 县/市/省/全国 deputies living in the township, counted apart

    @property
    def subject(self) -> str:
        """'示范镇第十八届人民代表大会代表' (+ level when restricted)."""
        level = f"（{self.level}级代表）" if self.level else ""
        return f"{self.township}{self.term_name}人民代表大会代表{level}"

    @property
    def others_subject(self) -> str:
        return f"居住在{self.township}的县级以上人民代表大会代表"

    def dimensions(self, stats: dict | None = None) -> list[tuple[str, str, list[dict]]]:
        """(key, Chinese title, rows) in report order; the minority breakdown only when there is one."""
        stats = self.stats if stats is None else stats
        out = []
        for key, title in STAT_DIMENSIONS:
            rows = stats.get(key) or []
            if key == "ethnicity_detail" and not rows:
                continue
            out.append((key, title, rows))
        return out

