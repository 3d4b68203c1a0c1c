"""A demo congress session (attendance and the usual vote items, no ballots) on top of the demo roster.

Every item has its 收回票数 as the scrutineers would count it before the box is opened: each paper issued came
back. A clerk practising on the demo sees 计票中（已录入 x / 收回 y） while typing and 计票完成 once the
ballots entered equal it — the states of a real count, which need 收回票数 to reach completion.
"""

from __future__ import annotations

import datetime as dt
import random

import sqlite_utils

from ..db import migrations, sessions, vote_items
from ..db.terms import current_term
from ..errors import UserError

SESSION_NAME = "第十九届人民代表大会第一次会议"
# 收回票数 came with migration 6; the migration tests fill files of older versions with this demo.
COLLECTED_SINCE = 6

PROJECTS_2027 = (
    "镇区污水管网改造工程", "农村公路提档升级", "中心小学食堂改扩建", "卫生院发热门诊建设",
    "老旧小区加装路灯", "农贸市场提升改造", "村级养老服务站建设", "灌溉水渠清淤修复",
    "镇区停车场建设", "农村饮水安全巩固提升", "文化广场健身器材更新", "河道生态护岸整治",
)

PROJECTS_2026 = (
    "镇区主干道白改黑工程", "农村生活垃圾分类收运", "幼儿园扩容建设", "村卫生室标准化建设",
    "高标准农田建设", "居家养老服务中心", "农村危桥改造", "便民服务中心升级",
)

AGENDA = (
    "一、听取和审议镇人民政府工作报告；\n"
    "二、选举镇人民代表大会主席、副主席；\n"
    "三、选举镇人民政府镇长、副镇长；\n"
    "四、票决2027年民生实事项目；\n"
    "五、对2026年民生实事项目实施情况进行满意度测评。"
)


def _existing(db: sqlite_utils.Database) -> dict | None:
    for session in sessions.list_sessions(db):
        if session["name"] == SESSION_NAME:
            items = vote_items.list_items(db, session["id"])
            return {"session_id": session["id"], "items": {i["code"]: i["id"] for i in items}, "created": False}
    return None


def _attendance(db: sqlite_utils.Database, session_id: int, deputy_ids: list[int], rng: random.Random) -> int:
    """Nearly everyone present, two on leave, one absent; returns the number present."""
    away = rng.sample(deputy_ids, 3) if len(deputy_ids) > 10 else []
    statuses = {d: "出席" for d in deputy_ids}
    for d in away[:2]:
        statuses[d] = "请假"
    for d in away[2:]:
        statuses[d] = "缺席"
    sessions.set_attendance_many(db, session_id, statuses)
    return sum(1 for s in statuses.values() if s == "出席")


def _election(db, session_id, code, post, seats, people, *, write_in=False, issued, printed,
              collected=None) -> int:
    item_id = vote_items.create_item(db, session_id, code=code, name=f"选举{post}", kind="选举", seats=seats,
                                     post=post, allow_write_in=write_in, issued=issued, printed=printed,
                                     collected=collected)
    vote_items.set_candidates(db, item_id, [{"name": p["name"], "deputy_id": p["deputy_id"]} for p in people])
    return item_id


def fill_demo_session(db: sqlite_utils.Database, *, seed: int = 2026) -> dict:
    """Create the demo session of the current term; returns {session_id, items: code → id, created}.

    Runs once: when the session already exists it is returned unchanged.
    """
    found = _existing(db)
    if found:
        return found
    term = current_term(db)
    if term is None:
        raise UserError("还没有届次和代表名册，请先填充演示名册或录入代表。")
    rng = random.Random(seed)
    total = sessions.serving_deputy_count(db, term["id"])
    if total < 12:
        raise UserError(f"名册中在任的乡镇代表只有 {total} 名，演示会议至少需要 12 名。")
    today = dt.date.today()
    session_id = sessions.create_session(
        db, term_id=term["id"], number=1, name=SESSION_NAME, start_date=today, end_date=today,
        place="镇人民政府大会议室", total_deputies=total, agenda=AGENDA)
    people = sessions.attendance(db, session_id)
    present = _attendance(db, session_id, [p["deputy_id"] for p in people], rng)
    picked = rng.sample(people, 7)
    ballots = {"issued": present, "printed": total}
    if migrations.schema_version(db) >= COLLECTED_SINCE:
        ballots["collected"] = present
    items = {
        "1": _election(db, session_id, "1", "主席", 1, picked[0:1], **ballots),
        "2": _election(db, session_id, "2", "副主席", 1, picked[1:3], **ballots),
        "3": _election(db, session_id, "3", "镇长", 1, picked[3:4], **ballots),
        "4": _election(db, session_id, "4", "副镇长", 2, picked[4:7], write_in=True, **ballots),
        "5": vote_items.create_item(db, session_id, code="5", name="关于政府工作报告的决议", kind="表决",
                                    **ballots),
    }
    items["6"] = vote_items.create_item(db, session_id, code="6", name="关于2027年民生实事项目的票决",
                                        kind="票决", seats=10, **ballots)
    vote_items.set_candidates(db, items["6"], list(PROJECTS_2027))
    items["7"] = vote_items.create_item(db, session_id, code="7", name="2026年民生实事项目满意度测评",
                                        kind="测评", **ballots)
    vote_items.set_candidates(db, items["7"], list(PROJECTS_2026))
    return {"session_id": session_id, "items": items, "created": True}
