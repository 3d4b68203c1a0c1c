"""The numbers and headings of 代表结构统计, gathered once for both the PDF and the Excel form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from ..db import settings
from ..db.deputies import list_deputies
from ..db.terms import current_term, get_term
from ..domain.roster import STAT_DIMENSIONS, structure_statistics


@dataclass
class StructureReport:
    """Plain data for the renderers: ``stats`` is domain.roster.structure_statistics' dict."""

    township: str
    county: str
    term_name: str
    on: dt.date
    level: str | None
    stats: dict

    @property
    def subject(self) -> str:
        """'示范镇第十八届人民代表大会代表' (+ level when restricted)."""
        level = f"（{self.level}级代表）" if self.level else ""
        return f"{self.township}{self.term_name}人民代表大会代表{level}"

    def dimensions(self) -> list[tuple[str, str, list[dict]]]:
        """(key, Chinese title, rows) in report order; the minority breakdown only when there is one."""
        out = []
        for key, title in STAT_DIMENSIONS:
            rows = self.stats.get(key) or []
            if key == "ethnicity_detail" and not rows:
                continue
            out.append((key, title, rows))
        return out


def gather(db: sqlite_utils.Database, *, on: dt.date | None = None, level: str | None = None,
           term_id: int | None = None) -> StructureReport:
    """Serving, not deleted deputies of the current term (all levels unless ``level``) on a day."""
    on = on or dt.date.today()
    term = current_term(db) if term_id is None else get_term(db, term_id)
    deputies = list_deputies(db, term_id=term["id"] if term else None, level=level)
    return StructureReport(
        township=settings.get(db, "township_name") or "",
        county=settings.get(db, "county_name") or "",
        term_name=term["name"] if term else "",
        on=on,
        level=level,
        stats=structure_statistics(deputies, on),
    )
