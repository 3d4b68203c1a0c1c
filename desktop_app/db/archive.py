"""一人一档: everything recorded about one deputy, for the whole term or one year, gathered for page and print.

Ballots are secret: only session attendance is read, never how anyone voted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from ..domain.suggestions import RESULT_CLASSES
from . import attachments, deputies, deputy_notes, honors, report_backs
from .terms import get_term

RECEPTION_TYPE = "接待选民日"
TRAINING_TYPE = "培训学习"
ATTENDANCE = ("出席", "请假", "缺席")
# Dates outside any real record, for an open period.
_MIN, _MAX = "0000-01-01", "9999-12-31"


def period_of(db: sqlite_utils.Database, deputy: dict, year: int | None) -> tuple[str, str]:
    """[start, end] of the archive: the calendar year, or the deputy's term (open ends when undated)."""
    if year is not None:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    if deputy.get("term_id"):
        term = get_term(db, deputy["term_id"])
        return term.get("start_date") or _MIN, term.get("end_date") or _MAX
    return _MIN, _MAX


def _years(start: str, end: str, dates: list[str], today: dt.date) -> list[int]:
    """Years of the period up to this year; for an open period the years that have records."""
    first = int(start[:4]) if start != _MIN else min((int(d[:4]) for d in dates if d), default=today.year)
    last = int(end[:4]) if end != _MAX else max((int(d[:4]) for d in dates if d), default=today.year)
    last = min(last, today.year)
    return list(range(first, last + 1)) if first <= last else [first]


def _sessions(db, deputy: dict, year: int | None) -> list[dict]:
    where = "s.deleted_at IS NULL AND a.deputy_id = ?"
    params: list[Any] = [deputy["id"]]
    if year is not None:
        where += " AND substr(s.start_date, 1, 4) = ?"
        params.append(f"{year:04d}")
    elif deputy.get("term_id"):
        where += " AND s.term_id = ?"
        params.append(deputy["term_id"])
    return list(db.query(
        "SELECT s.id AS session_id, s.name, s.start_date, s.end_date, s.place, a.status, a.note "
        f"FROM session_attendance a JOIN sessions s ON s.id = a.session_id WHERE {where} "
        "ORDER BY s.start_date, s.number", params))


def _activities(db, deputy_id: int, start: str, end: str) -> list[dict]:
    return list(db.query(
        "SELECT a.id, a.date, a.start_time, a.end_time, a.place, a.theme, t.name AS type_name, "
        "st.name AS station_name, g.name AS group_name, aa.status, aa.reason "
        "FROM activity_attendance aa JOIN activities a ON a.id = aa.activity_id "
        "JOIN activity_types t ON t.id = a.type_id LEFT JOIN stations st ON st.id = a.station_id "
        "LEFT JOIN groups g ON g.id = a.group_id "
        "WHERE aa.deputy_id = ? AND a.deleted_at IS NULL AND a.date BETWEEN ? AND ? ORDER BY a.date, a.id",
        [deputy_id, start, end]))


def _suggestions(db, deputy_id: int, start: str, end: str) -> list[dict]:
    rows = list(db.query(
        "SELECT s.id, s.date, s.title, s.source, s.state, s.result_class, s.evaluation, s.replied_at, "
        "ss.is_lead, f.name AS field_name, u.name AS unit_name "
        "FROM suggestion_submitters ss JOIN suggestions s ON s.id = ss.suggestion_id "
        "LEFT JOIN suggestion_fields f ON f.id = s.field_id LEFT JOIN handling_units u ON u.id = s.main_unit_id "
        "WHERE ss.deputy_id = ? AND s.deleted_at IS NULL AND s.date BETWEEN ? AND ? ORDER BY s.date, s.id",
        [deputy_id, start, end]))
    for row in rows:
        row["result_text"] = RESULT_CLASSES.get(row["result_class"] or "", "")
    return rows


def _visits_at(db, activity_ids: list[int]) -> int:
    if not activity_ids:
        return 0
    marks = ", ".join("?" for _ in activity_ids)
    return db.execute(f"SELECT COUNT(*) FROM reception_visits WHERE deleted_at IS NULL AND activity_id IN ({marks})",
                      activity_ids).fetchone()[0]


def _by_type(rows: list[dict]) -> list[dict]:
    """Per activity type (in order of first appearance): counts of 出席, 请假, 缺席."""
    result: dict[str, dict] = {}
    for row in rows:
        entry = result.setdefault(row["type_name"], {"type_name": row["type_name"], **{s: 0 for s in ATTENDANCE}})
        entry[row["status"]] += 1
    return sorted(result.values(), key=lambda e: (-e["出席"], e["type_name"]))


def _status_counts(rows: list[dict]) -> dict[str, int]:
    counts = {s: 0 for s in ATTENDANCE}
    for row in rows:
        if row["status"] in counts:
            counts[row["status"]] += 1
    return counts


def _suggestion_counts(rows: list[dict]) -> dict[str, Any]:
    evaluations = {e: sum(r["evaluation"] == e for r in rows) for e in ("满意", "基本满意", "不满意")}
    return {"total": len(rows), "lead": sum(bool(r["is_lead"]) for r in rows),
            "closed": sum(r["state"] == "评价" for r in rows),
            "open": sum(r["state"] != "评价" for r in rows),
            "results": {c: sum(r["result_class"] == c for r in rows) for c in RESULT_CLASSES},
            "evaluations": evaluations}


def _calendar(sessions: list[dict], activities: list[dict], reports: list[dict]) -> dict[str, list[str]]:
    """ISO date → what the deputy did that day (attended activities, sessions, 述职)."""
    days: dict[str, list[str]] = {}
    for row in activities:
        if row["status"] == "出席":
            days.setdefault(row["date"], []).append(row["type_name"])
    for row in sessions:
        if row["status"] == "出席" and row["start_date"]:
            first = dt.date.fromisoformat(row["start_date"][:10])
            last = dt.date.fromisoformat((row["end_date"] or row["start_date"])[:10])
            while first <= last:
                days.setdefault(first.isoformat(), []).append("人代会")
                first += dt.timedelta(days=1)
    for row in reports:
        days.setdefault(row["date"], []).append("述职")
    return dict(sorted(days.items()))


def _scores(db, deputy_id: int, years: list[int]) -> list[dict]:
    """The year's score (helper module db.scoring) for each year: total, grade, rank and the per-rule lines."""
    from . import scoring   # imported here: scoring reads many tables and only the archive's score part needs it

    result = []
    for year in years:
        rows = scoring.annual_scores(db, year, deputy_ids=[deputy_id])
        if not rows:
            continue
        row = dict(rows[0])
        row["year"] = year
        row["details"] = scoring.score_details(db, year, deputy_id)
        result.append(row)
    return result


def _year_summary(year: int, sessions, activities, suggestions, reports, scores) -> dict:
    prefix = f"{year:04d}"
    acts = [a for a in activities if a["date"].startswith(prefix) and a["status"] == "出席"]
    score = next((s for s in scores if s["year"] == year), None)
    return {
        "year": year,
        "sessions_present": sum(1 for s in sessions if (s["start_date"] or "").startswith(prefix)
                                and s["status"] == "出席"),
        "activities": len(acts),
        "receptions": sum(a["type_name"] == RECEPTION_TYPE for a in acts),
        "trainings": sum(a["type_name"] == TRAINING_TYPE for a in acts),
        "suggestions": sum(s["date"].startswith(prefix) for s in suggestions),
        "report_backs": sum(r["date"].startswith(prefix) for r in reports),
        "score": score["total"] if score else None,
        "grade": score.get("grade") if score else None,
    }


def gather(db: sqlite_utils.Database, deputy_id: int, *, year: int | None = None,
           today: dt.date | None = None) -> dict:
    """The archive of one deputy for ``year`` (None: the whole term) as plain data.

    Keys: deputy (every roster column, photo bytes included), term, year, period (start, end), years,
    status_history, sessions {rows, counts}, activities {rows, counts, by_type}, suggestions {rows, counts},
    receptions {rows, count, visits}, trainings {rows, count}, report_backs, honors, discipline, notes,
    documents, calendar {date: [what]}, per_year [summary per year], scores [per year, with details].
    """
    today = today or dt.date.today()
    deputy = deputies.get_deputy(db, deputy_id)
    start, end = period_of(db, deputy, year)
    term = get_term(db, deputy["term_id"]) if deputy.get("term_id") else None
    sessions = _sessions(db, deputy, year)
    activities = _activities(db, deputy_id, start, end)
    present = [a for a in activities if a["status"] == "出席"]
    receptions = [a for a in present if a["type_name"] == RECEPTION_TYPE]
    trainings = [a for a in present if a["type_name"] == TRAINING_TYPE]
    suggestions = _suggestions(db, deputy_id, start, end)
    reports = report_backs.list_report_backs(db, deputy_id, start=start, end=end)
    records = honors.list_honors(db, deputy_id, start=start, end=end)
    notes = deputy_notes.list_notes(db, deputy_id, start=start, end=end)
    documents = [{k: v for k, v in d.items()} for d in attachments.list_attachments(db, "deputies", deputy_id)]
    years = [year] if year is not None else _years(
        start, end, [a["date"] for a in activities] + [s["date"] for s in suggestions], today)
    years = [y for y in years if y <= today.year] or years
    scores = _scores(db, deputy_id, years)
    return {
        "deputy": deputy,
        "term": term,
        "year": year,
        "period": (start, end),
        "years": years,
        "status_history": deputies.status_history(db, deputy_id),
        "sessions": {"rows": sessions, "counts": _status_counts(sessions)},
        "activities": {"rows": activities, "counts": _status_counts(activities), "by_type": _by_type(activities)},
        "suggestions": {"rows": suggestions, "counts": _suggestion_counts(suggestions)},
        "receptions": {"rows": receptions, "count": len(receptions),
                       "visits": _visits_at(db, [a["id"] for a in receptions])},
        "trainings": {"rows": trainings, "count": len(trainings)},
        "report_backs": reports,
        "honors": [h for h in records if h["kind"] == "荣誉"],
        "discipline": [h for h in records if h["kind"] == "处分"],
        "notes": notes,
        "documents": documents,
        "calendar": _calendar(sessions, activities, reports),
        "per_year": [_year_summary(y, sessions, activities, suggestions, reports, scores) for y in years],
        "scores": scores,
    }


def archive_deputy_ids(db: sqlite_utils.Database, term_id: int | None = None) -> list[int]:
    """Deputies whose archive a batch covers: every one of the term (current by default) not deleted,
    those who left during the term included, in roster order."""
    from .terms import current_term_id

    term_id = term_id if term_id is not None else current_term_id(db)
    return [d["id"] for d in deputies.list_deputies(db, term_id=term_id, include_inactive=True)]


def years_available(db: sqlite_utils.Database, deputy_id: int, *, today: dt.date | None = None) -> list[int]:
    """Years, newest first, in which the deputy has any record (this year always included)."""
    today = today or dt.date.today()
    sql = (
        "SELECT substr(a.date, 1, 4) FROM activity_attendance aa JOIN activities a ON a.id = aa.activity_id "
        "WHERE aa.deputy_id = :d AND a.deleted_at IS NULL "
        "UNION SELECT substr(s.date, 1, 4) FROM suggestion_submitters ss JOIN suggestions s ON s.id = ss.suggestion_id "
        "WHERE ss.deputy_id = :d AND s.deleted_at IS NULL "
        "UNION SELECT substr(se.start_date, 1, 4) FROM session_attendance sa JOIN sessions se ON se.id = sa.session_id "
        "WHERE sa.deputy_id = :d AND se.start_date IS NOT NULL "
        "UNION SELECT substr(date, 1, 4) FROM report_backs WHERE deputy_id = :d AND deleted_at IS NULL "
        "UNION SELECT substr(date, 1, 4) FROM honors WHERE deputy_id = :d AND deleted_at IS NULL "
        "UNION SELECT substr(date, 1, 4) FROM deputy_notes WHERE deputy_id = :d AND deleted_at IS NULL")
    years = {int(row[0]) for row in db.execute(sql, {"d": deputy_id}) if row[0] and row[0].isdigit()}
    years.add(today.year)
    return sorted(years, reverse=True)
