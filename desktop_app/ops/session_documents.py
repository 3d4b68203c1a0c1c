"""The result documents of a vote item (计票结果报告单, 选举结果公告, 表决/票决/测评结果, 当选证书).

The 计票 page and ``export tally-report|announcement|vote-result|election-certificates`` both call these,
so what a clerk posts on the wall is the document a script or a test can check. Documents of an item
whose result is not yet confirmed carry the 草稿 watermark; a confirmed one carries its seal's short form.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlite_utils

from ..db import ballots as ballots_db
from ..db import print_offsets, settings
from ..db import sessions as sessions_db
from ..db import vote_items as items_db
from ..domain.seal import short_form
from ..errors import InputError, UserError
from ..reports.pdf import certificates as certificate_pdf
from ..reports.pdf import session_reports
from ..reports.pdf.session_common import full_post
from ..reports.pdf.watermark import result_file_name

VOTE_DOCUMENT = {"表决": "表决结果", "票决": "票决结果", "测评": "测评结果"}


def _certified(item: dict) -> bool:
    return item["status"] == items_db.CERTIFIED


def seal_lines(items: list[dict]) -> list[list[str]]:
    """[item name, short seal] of each certified, sealed item: what the documents print for the scrutineers."""
    return [[item["name"], short_form(item["seal"])] for item in items if _certified(item) and item.get("seal")]


def post_of(item: dict, township: str | None) -> str:
    """The post an election fills, with its organ: 主席 → 示范镇人民代表大会主席, 镇长 → 示范镇人民政府镇长."""
    post = item["post"] or item["name"].removeprefix("选举").removeprefix("补选")
    return full_post(post, township)


def report_context(db: sqlite_utils.Database, item_id: int) -> dict:
    """The context of ``reports/pdf/session_reports`` for one item (township, session, date, posts, 实到…)."""
    item = items_db.get_item(db, item_id)
    session = sessions_db.get_session(db, item["session_id"])
    counts = sessions_db.attendance_counts(db, session["id"])
    township = settings.get(db, "township_name")
    context = {
        "township": township,
        "session_name": session["name"],
        "date": session["end_date"] or session["start_date"] or dt.date.today().isoformat(),
        "place": session["place"],
        "certified": _certified(item),
        "project_rule": (item["options"] or {}).get("project_rule", "majority"),
        "seals": seal_lines([item]),
    }
    if counts["present"]:
        context["present"] = counts["present"]
    if item["kind"] == "选举":
        post = post_of(item, township)
        context["posts"] = {item["name"]: post, item["code"]: post}
        context["post"] = post
    return context


def vote_document_label(item: dict) -> str:
    return VOTE_DOCUMENT.get(item["kind"], "选举结果公告")


def tally_report_name(db: sqlite_utils.Database, item_id: int) -> str:
    item = items_db.get_item(db, item_id)
    return result_file_name("计票结果报告单", item["name"], _certified(item))


def render_tally_report(db: sqlite_utils.Database, item_id: int, out_path: str | Path) -> Path:
    """计票结果报告单 of one item."""
    return session_reports.render_tally_report(ballots_db.item_result(db, item_id), report_context(db, item_id),
                                               out_path)


def election_item_ids(db: sqlite_utils.Database, session_id: int, *, rehearsal: bool = False) -> list[int]:
    """The 选举 items of a session, in agenda order (what one 选举结果公告 announces)."""
    return [i["id"] for i in items_db.list_items(db, session_id, rehearsal=rehearsal) if i["kind"] == "选举"]


def _election_items(db: sqlite_utils.Database, item_ids: list[int]) -> list[dict]:
    if not item_ids:
        raise UserError("本次会议没有选举事项，无法生成选举结果公告。")
    items = [items_db.get_item(db, i) for i in item_ids]
    wrong = [i["name"] for i in items if i["kind"] != "选举"]
    if wrong:
        raise InputError(f"选举结果公告只包括选举事项；“{'、'.join(wrong)}”不是选举事项，请用 vote-result。")
    return items


def announcement_name(db: sqlite_utils.Database, item_ids: list[int]) -> str:
    items = _election_items(db, item_ids)
    certified = all(_certified(i) for i in items)
    name = items[0]["name"] if len(items) == 1 else "本次会议"
    return result_file_name("选举结果公告", name, certified)


def render_announcement(db: sqlite_utils.Database, item_ids: list[int], out_path: str | Path, *,
                        number: int | None = None) -> Path:
    """选举结果公告 of one or several 选举 items, "（第N号）" under the title.

    ``number`` defaults to the place of the first item among the session's 选举 items, so the 公告 of the
    first election is 第1号, that of the second 第2号, and one 公告 of all of them 第1号.
    """
    items = _election_items(db, item_ids)
    if number is None:
        same_session = election_item_ids(db, items[0]["session_id"], rehearsal=bool(items[0]["rehearsal"]))
        number = same_session.index(items[0]["id"]) + 1 if items[0]["id"] in same_session else None
    context = report_context(db, item_ids[0])
    context["certified"] = all(_certified(i) for i in items)
    context["seals"] = seal_lines(items)
    context["posts"] = {}
    for item in items:
        post = post_of(item, context["township"])
        context["posts"].update({item["name"]: post, item["code"]: post})
    context.pop("post", None)
    if number is not None:
        if number < 1:
            raise InputError("公告编号应为正整数，如 1 表示“（第1号）”。")
        context["number"] = number
    results = [ballots_db.item_result(db, i) for i in item_ids]
    return session_reports.render_announcement(results, context, out_path)


def vote_result_name(db: sqlite_utils.Database, item_id: int) -> str:
    item = items_db.get_item(db, item_id)
    return result_file_name(vote_document_label(item), item["name"], _certified(item))


def render_vote_result(db: sqlite_utils.Database, item_id: int, out_path: str | Path) -> Path:
    """表决结果, 票决结果 or 测评结果 of one item (a 选举 item gets its 公告)."""
    item = items_db.get_item(db, item_id)
    if item["kind"] == "选举":
        return render_announcement(db, [item_id], out_path)
    return session_reports.render_vote_result(ballots_db.item_result(db, item_id), report_context(db, item_id),
                                              out_path)


def certificate_offset(db: sqlite_utils.Database) -> tuple[float, float]:
    """(x, y) in millimetres saved for the printer chosen in 设置 → 打印校准; (0, 0) until calibrated."""
    return print_offsets.current_offset(db, print_offsets.ELECTION_TEMPLATE)


def certificate_people(db: sqlite_utils.Database, item_id: int, names: list[str] | None = None) -> list[dict]:
    """Who gets a 当选证书: the elected of the item, or ``names`` (a calibration sample)."""
    item = items_db.get_item(db, item_id)
    if item["kind"] != "选举":
        raise InputError(f"“{item['name']}”不是选举事项，没有当选证书。")
    if names is None:
        names = ballots_db.item_result(db, item_id)["elected"]
    if not names:
        raise UserError("本事项还没有当选人，无法打印当选证书。")
    post = item["post"] or item["name"].removeprefix("选举").removeprefix("补选")
    return [{"name": n, "post": post} for n in names]


def certificates_name(db: sqlite_utils.Database, item_id: int) -> str:
    item = items_db.get_item(db, item_id)
    return result_file_name("当选证书", item["name"], _certified(item))


def render_election_certificates(db: sqlite_utils.Database, item_id: int, out_path: str | Path, *,
                                 names: list[str] | None = None,
                                 offset: tuple[float, float] | None = None) -> Path:
    """当选证书 of the item's elected (or ``names``), at the offset calibrated for the current printer."""
    people = certificate_people(db, item_id, names)
    x, y = offset if offset is not None else certificate_offset(db)
    return certificate_pdf.render_certificates(people, report_context(db, item_id), out_path,
                                               offset_x_mm=x, offset_y_mm=y)


def save_certificate_offset(db: sqlite_utils.Database, x: float, y: float) -> None:
    """Keep the calibrated offset for the printer chosen in 设置 → 打印校准."""
    print_offsets.set_offset(db, print_offsets.current_printer(db), print_offsets.ELECTION_TEMPLATE, x, y)
