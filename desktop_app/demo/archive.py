"""Demo data for the 一人一档: a few 优秀代表 honours, one 诫勉 record, 述职 with the voters' votes, some notes."""

from __future__ import annotations

import datetime as dt
import random

import sqlite_utils

from ..db import deputies, deputy_notes, honors, report_backs
from ..db.terms import current_term

PLACES = ("东山村党群服务中心", "桃园村村民委员会会议室", "青石村文化礼堂", "光明村便民服务中心", "红旗社区议事厅")
NOTES = (
    "积极参加代表小组活动，多次深入田间地头收集群众意见，反映的灌溉渠道问题已解决。",
    "因外出务工，上半年参加活动较少；已与本人沟通，下半年按时参加。",
    "主动联系选民，建立了村民微信群，及时转达群众诉求。",
    "在县人大组织的履职培训中作交流发言。",
)


def _day(rng: random.Random, start: dt.date, end: dt.date) -> str:
    """A random working day in [start, end] (end if the span has none)."""
    span = max((end - start).days, 0)
    for _ in range(20):
        day = start + dt.timedelta(days=rng.randint(0, span))
        if day.weekday() < 5:
            return day.isoformat()
    return end.isoformat()


def fill_demo_archive(db: sqlite_utils.Database, rng: random.Random, today: dt.date) -> dict:
    """Add the archive records; does nothing when honours or 述职 already exist. Returns counts by kind."""
    counts = {"honors": 0, "discipline": 0, "report_backs": 0, "notes": 0}
    if honors.list_honors(db) or report_backs.list_report_backs(db):
        return counts
    term = current_term(db)
    people = [d for d in deputies.list_deputies(db, term_id=term["id"] if term else None) if d["level"] == "乡"]
    if len(people) < 12:
        return counts
    chosen = rng.sample(people, 12)
    term_start = dt.date.fromisoformat(term["start_date"]) if term and term.get("start_date") else today
    recent = max(term_start, today - dt.timedelta(days=60))
    last_year = today.year - 1
    for deputy in chosen[:3]:
        honors.add_honor(db, deputy["id"], "荣誉", "优秀人大代表", f"{last_year}-12-28", "示范镇人大主席团",
                         "年度履职积分位列前茅")
        counts["honors"] += 1
    honors.add_honor(db, chosen[3]["id"], "荣誉", "示范县优秀人大代表", f"{last_year}-03-12", "示范县人大常委会")
    counts["honors"] += 1
    honors.add_honor(db, chosen[4]["id"], "处分", "诫勉谈话", _day(rng, recent, today), "示范镇人大主席团",
                     "无故缺席代表小组活动三次，经主席团研究给予诫勉谈话")
    counts["discipline"] += 1
    for deputy in chosen[5:10]:
        present = rng.randint(30, 60)
        satisfied = round(present * rng.uniform(0.6, 0.85))
        basically = round((present - satisfied) * rng.uniform(0.5, 0.9))
        unsatisfied = rng.randint(0, present - satisfied - basically)
        report_backs.add_report_back(db, deputy["id"], _day(rng, recent, today - dt.timedelta(days=1)),
                                     place=rng.choice(PLACES), voters_present=present, satisfied=satisfied,
                                     basically_satisfied=basically, unsatisfied=unsatisfied,
                                     note="代表向原选区选民报告履职情况，现场进行满意度测评")
        counts["report_backs"] += 1
    for deputy, text in zip(chosen[8:12], NOTES):
        deputy_notes.add_note(db, deputy["id"], _day(rng, recent, today), text)
        counts["notes"] += 1
    return counts
