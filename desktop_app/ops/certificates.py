"""Certificate records from the database: 代表证 of deputies, 荣誉证书 of honours, 当选证书 of certified elections.

The records are what reports/pdf/certificates.py fills into a template; the 证书打印 page's choosers gather
them here. The two exporters (``deputy-cards``, ``honor-certificates``) print the full design (background
included) with no offset, so the file can be looked at or sent to a print shop as it is.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import sqlite_utils

from ..db import ballots as ballots_db
from ..db import deputies as deputies_db
from ..db import honors as honors_db
from ..db import sessions as sessions_db
from ..db import settings
from ..db import terms as terms_db
from ..db import vote_items as items_db
from ..domain.archive_records import default_honor_year
from ..errors import InputError, UserError
from ..reports.pdf import certificates
from .file_kinds import suffix_of

ELECTION_KIND = "选举"
_YEAR_PREFIX = re.compile(r"^\s*(\d{4})\s*年")


def _township(db) -> str:
    return settings.get(db, "township_name") or ""


def card_number(deputy: dict, term: dict | None) -> str:
    """代表证号: the term number and the deputy's record number, e.g. 第十八届 + 12 → 180012."""
    number = (term or {}).get("number")
    return f"{int(number):02d}{int(deputy['id']):04d}" if number else f"{int(deputy['id']):06d}"


def term_title(db, deputy: dict, term: dict | None) -> str:
    """示范镇第十八届人民代表大会代表 (a county-level deputy: 示范县人民代表大会代表)."""
    level = deputy.get("level") or "乡"
    if level == "乡":
        return f"{_township(db)}{(term or {}).get('name') or ''}人民代表大会代表"
    if level == "县":
        return f"{settings.get(db, 'county_name') or ''}人民代表大会代表"
    return f"{level}级人民代表大会代表"


def deputy_card_records(db: sqlite_utils.Database, deputy_ids, *, date=None, issuer: str | None = None) -> list[dict]:
    """One 代表证 record per deputy (photo bytes included), in the order given."""
    day = (date or dt.date.today())
    day = day.isoformat() if isinstance(day, dt.date) else str(day)
    terms = {t["id"]: t for t in terms_db.list_terms(db)}
    records = []
    for deputy_id in deputy_ids:
        deputy = deputies_db.get_deputy(db, deputy_id)
        term = terms.get(deputy.get("term_id"))
        record = {
            "deputy_id": deputy["id"], "name": deputy["name"], "gender": deputy.get("gender") or "",
            "district": deputy.get("district_name") or "", "number": card_number(deputy, term),
            "term_title": term_title(db, deputy, term), "photo": deputy.get("photo"),
            "township": _township(db), "date": day,
        }
        if issuer:
            record["issuer"] = issuer
        records.append(record)
    return records


def honor_year_and_title(title: str, date: str | None) -> tuple[str, str]:
    """(year, title) for the certificate: a title that starts with its year (2025年度优秀代表) keeps it;
    else the year before an award dated January to June, the award's own year after."""
    match = _YEAR_PREFIX.match(title or "")
    if match:
        return match.group(1), title.strip()
    try:
        year = str(default_honor_year(str(date)))
    except ValueError:
        year = str(date or "")[:4]
    return year, (title or "").strip()


def _honor_record(db, name: str, title: str, date: str, year: str | None = None, issuer: str | None = None,
                  deputy_id: int | None = None, honor_id: int | None = None) -> dict:
    found_year, title = honor_year_and_title(title, date)
    record = {"name": name, "title": title, "date": date, "township": _township(db), "deputy_id": deputy_id,
              "year": str(year or found_year)}
    if _YEAR_PREFIX.match(title):
        record["honor"] = f"“{title}”"   # the title already says the year: do not say it twice
    if issuer:
        record["issuer"] = issuer
    if honor_id is not None:
        record["honor_id"] = honor_id
    return record


def honor_records(db: sqlite_utils.Database, honors: list[dict], *, date=None, issuer: str | None = None) -> list[dict]:
    """荣誉证书 records of honour rows (``db.honors.list_honors``); ``date``/``issuer`` override the stored ones."""
    records = []
    for honor in honors:
        day = date.isoformat() if isinstance(date, dt.date) else (date or honor.get("date"))
        records.append(_honor_record(db, honor.get("deputy_name") or honor.get("name") or "", honor.get("title") or "",
                                     day, honor.get("year") or None,
                                     issuer or honor.get("issuer"), honor.get("deputy_id"), honor.get("id")))
    return records


def typed_honor_records(db: sqlite_utils.Database, deputy_ids, title: str, *, year: int | str, date,
                        issuer: str | None = None) -> list[dict]:
    """荣誉证书 of chosen deputies with a title typed on the page (no honour recorded yet)."""
    if not str(title or "").strip():
        raise InputError("请填写荣誉称号，例如“优秀人大代表”。")
    day = date.isoformat() if isinstance(date, dt.date) else str(date)
    return [_honor_record(db, deputies_db.get_deputy(db, i)["name"], title, day, str(year), issuer, i)
            for i in deputy_ids]


def certified_elections(db: sqlite_utils.Database) -> list[dict]:
    """Certified (正式) 选举 items of every session, newest session first, with ``session_name``."""
    items = []
    for session in sessions_db.list_sessions(db):
        for item in items_db.list_items(db, session["id"]):
            if item["kind"] == ELECTION_KIND and item["status"] == items_db.CERTIFIED:
                items.append({**item, "session_name": session["name"]})
    return items


def election_context(db: sqlite_utils.Database, item_id: int) -> dict:
    """The session context of one election item (township, session name, date, post)."""
    item = items_db.get_item(db, item_id)
    session = sessions_db.get_session(db, item["session_id"])
    return {"township": _township(db), "session_name": session["name"],
            "date": session["end_date"] or session["start_date"] or dt.date.today().isoformat(),
            "post": item["post"] or item["name"].removeprefix("选举")}


def election_records(db: sqlite_utils.Database, item_id: int) -> list[dict]:
    """当选证书 records of the people elected in one item."""
    context = election_context(db, item_id)
    elected = ballots_db.item_result(db, item_id).get("elected") or []
    return certificates.records_from_context([{"name": n, "post": context["post"]} for n in elected], context)


def export_deputy_cards(db: sqlite_utils.Database, out_path: str | os.PathLike) -> Path:
    """代表证 of every serving township-level deputy of the current term (A4, cards to cut out)."""
    suffix_of(out_path, (".pdf",), "代表证")
    deputies = deputies_db.list_deputies(db, term_id=terms_db.current_term_id(db), level="乡")
    if not deputies:
        raise UserError("名册中没有在任的本级代表，无法生成代表证。")
    records = deputy_card_records(db, [d["id"] for d in deputies])
    return certificates.render_template(certificates.DEPUTY_CARD_TEMPLATE, records, out_path, draw_background=True)


def export_honor_certificates(db: sqlite_utils.Database, out_path: str | os.PathLike) -> Path:
    """荣誉证书 of every honour (荣誉) of the latest year that has any."""
    suffix_of(out_path, (".pdf",), "荣誉证书")
    honors = honors_db.list_honors(db, kind="荣誉")
    if not honors:
        raise UserError("还没有登记任何荣誉，无法生成荣誉证书。请先在“一人一档”中登记荣誉。")
    latest = max(str(h["date"])[:4] for h in honors)
    records = honor_records(db, [h for h in honors if str(h["date"])[:4] == latest])
    return certificates.render_template(certificates.HONOR_TEMPLATE, records, out_path, draw_background=True)
