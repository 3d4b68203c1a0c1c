"""开始使用: the first things a new office sets up, in order, each one click from its page; hidden once all are done."""

from __future__ import annotations

from dataclasses import dataclass

from ...db import deputies as deputies_db
from ...db import groups as groups_db
from ...db import receptions
from ...db import stations as stations_db
from ...db import terms as terms_db


@dataclass(frozen=True)
class SetupStep:
    """One step: what to do, on which page, and whether the database shows it done."""

    text: str
    page: str
    done: bool


def setup_steps(db) -> list[SetupStep]:
    """The order matters: groups need a term and deputies, reception days need a station."""
    has_term = bool(terms_db.list_terms(db))
    return [
        SetupStep("新建本届届次和选区（“届次与选区”页面）", "districts", has_term),
        SetupStep("录入或导入代表名册（“代表名册”页面，可从 Excel 导入）", "roster",
                  deputies_db.count_deputies(db) > 0),
        SetupStep("建立代表小组并分配成员（“代表小组”页面）", "groups", bool(groups_db.list_groups(db))),
        SetupStep("登记代表之家和联络站（“代表之家/联络站”页面）", "stations", bool(stations_db.list_stations(db))),
        SetupStep("设置各联络站的接待选民日（“活动登记 → 接待选民日”）", "activities",
                  bool(receptions.list_schedules(db))),
    ]


def pending(steps: list[SetupStep]) -> bool:
    return any(not step.done for step in steps)
