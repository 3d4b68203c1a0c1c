"""Helpers of the scanning tests: a session with one item of each kind, printed through ``export ballots`` as
the 人代会 page and the command line print them."""

from __future__ import annotations

import json
from pathlib import Path

from desktop_app.db import sessions as sessions_db
from desktop_app.db import transaction
from desktop_app.db import vote_items as items_db

ELECTION = ["张建国", "李秀英", "王志强", "赵丽华", "欧阳䶮"]
PROJECTS = ["修建村道硬化工程", "改造镇卫生院门诊楼", "新建农贸市场", "安装路灯一百盏"]


def make_session(db) -> dict:
    """{'id': session id, kind: item id} for 选举 (2 seats, write-ins), 表决, 票决 (2 of 4), 测评, and
    'rehearsal': the rehearsal copy of the 选举 item."""
    from desktop_app.ops import rehearsal

    with transaction.write(db):
        sid = sessions_db.create_session(db, term_id=None, number=1, name="示范镇第十九届人民代表大会第一次会议",
                                         start_date="2026-01-10", total_deputies=40)
        ids = {"id": sid}
        ids["选举"] = items_db.create_item(db, sid, code="1", name="选举副镇长", kind="选举", seats=2,
                                         allow_write_in=True)
        items_db.set_candidates(db, ids["选举"], ELECTION)
        ids["表决"] = items_db.create_item(db, sid, code="2", name="关于政府工作报告的决议", kind="表决")
        ids["票决"] = items_db.create_item(db, sid, code="3", name="民生实事项目票决", kind="票决", seats=2)
        items_db.set_candidates(db, ids["票决"], PROJECTS)
        ids["测评"] = items_db.create_item(db, sid, code="4", name="民生实事项目满意度测评", kind="测评")
        items_db.set_candidates(db, ids["测评"], PROJECTS[:3])
    ids["rehearsal"] = rehearsal.make_copy(db, ids["选举"], seed=5).value
    return ids


def print_ballots(db, session: dict, kind: str, folder: Path, *, paper: str = "A4", count: int = 2, first: int = 1,
                  rehearsal: bool = False) -> tuple[Path, dict]:
    """Ballots of the item of ``kind`` through ops' ``export ballots``; (the PDF, its layout JSON)."""
    from desktop_app.ops.session_exports import export_ballots

    code = items_db.get_item(db, session[kind])["code"]
    stem = f"{kind}-{paper}-{first}{'-r' if rehearsal else ''}"
    pdf = export_ballots(db, folder / f"{stem}.pdf", session=session["id"], item=code, rehearsal=rehearsal,
                         paper=paper, count=count, first=first, layout_out=folder / f"{stem}.json")
    return pdf, json.loads((folder / f"{stem}.json").read_text(encoding="utf-8"))
