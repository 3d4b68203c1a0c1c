"""履职积分 from the records: rules per year, counts in a few grouped queries, traceable details,
manual adjustments, grade bands, and the 审核 freeze that fixes a year's scores.

Who is scored in a year: township (乡) deputies, not deleted, of a term overlapping the year, serving at some
time in it (在任, or left on or after 1 January). Frozen years are read from ``frozen_scores`` only, so later
edits to activities, rules or adjustments never change them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from collections import Counter, defaultdict
from typing import Any, Callable, Iterable, Mapping

import sqlite_utils

from ..domain import scoring as rules_domain
from ..domain.scoring import MANUAL, RuleLine, TYPED_SOURCES
from ..errors import InputError, UserError
from . import audit, settings
from . import records as audited_records
from .records import now as _now
from . import transaction
from .field_errors import as_input_errors
from .writes import writes

BANDS_KEY = "score_grade_bands"
SCORED_LEVELS = ("乡",)
_PRESENT, _LEAVE, _ABSENT = "出席", "请假", "缺席"
_SESSION_SOURCE = {_PRESENT: "session_present", _LEAVE: "session_leave", _ABSENT: "session_absent"}
_ACTIVITY_SOURCES = ("activity", "activity_absent")
# Above this many ids the filter is applied in Python: a long IN list costs more than it saves.
_IN_LIMIT = 400


def _year_bounds(year: int) -> tuple[str, str]:
    return f"{int(year):04d}-01-01", f"{int(year):04d}-12-31"


def _check_year(year: Any) -> int:
    with as_input_errors():
        return rules_domain.year_number(year)


# --- freezing state -------------------------------------------------------------------------------

def freeze_info(db: sqlite_utils.Database, year: int) -> dict | None:
    """{year, frozen_at, frozen_by, note} of a frozen year, else None."""
    return next(db.query("SELECT * FROM score_freezes WHERE year = ?", [int(year)]), None)


def is_frozen(db: sqlite_utils.Database, year: int) -> bool:
    return freeze_info(db, year) is not None


def _refuse_if_frozen(db: sqlite_utils.Database, year: int, what: str) -> None:
    info = freeze_info(db, year)
    if info:
        raise UserError(f"{year}年度积分已于{info['frozen_at'][:10]}由{info['frozen_by']}审核冻结，不能{what}。"
                        "如确需修改，请先在“履职积分”页“解除冻结”并说明理由。")


# --- rules -----------------------------------------------------------------------------------------

def _live_rules(db: sqlite_utils.Database, year: int) -> list[dict]:
    return list(db.query(
        "SELECT r.*, t.name AS activity_type_name FROM score_rules r "
        "LEFT JOIN activity_types t ON t.id = r.activity_type_id "
        "WHERE r.year = ? AND r.deleted_at IS NULL ORDER BY r.sort_order, r.id", [year]))


@writes
def _insert_rule(db: sqlite_utils.Database, year: int, rule: Mapping, order: int) -> int:
    return db.execute(
        "INSERT INTO score_rules(year, item, source, activity_type_id, points, cap, sort_order) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [year, rule["item"], rule["source"], rule.get("activity_type_id"), rule["points"], rule.get("cap"), order],
    ).lastrowid


def _default_rule_rows(db: sqlite_utils.Database) -> list[dict]:
    """DEFAULT_RULES with activity type names resolved; a rule whose type no longer exists is left out."""
    types = {r[1]: r[0] for r in db.execute("SELECT id, name FROM activity_types WHERE deleted_at IS NULL")}
    rows = []
    for item, source, type_name, points, cap in rules_domain.DEFAULT_RULES:
        if type_name is not None and type_name not in types:
            continue
        rows.append({"item": item, "source": source, "activity_type_id": types.get(type_name) if type_name else None,
                     "points": points, "cap": cap})
    return rows


def _needs_rules(db: sqlite_utils.Database, year: int) -> bool:
    """A year that never had rules (not even deleted ones) and is not frozen gets them when first written to.
    A year whose rules were all deleted on purpose stays empty."""
    return not is_frozen(db, year) and not db.execute(
        "SELECT 1 FROM score_rules WHERE year = ? LIMIT 1", [year]).fetchone()


def _template_rules(db: sqlite_utils.Database, year: int) -> tuple[list[dict], str]:
    """The rules a new year starts from: the nearest earlier year's, else the defaults; and where they came from."""
    previous = db.execute("SELECT MAX(year) FROM score_rules WHERE year < ? AND deleted_at IS NULL",
                          [year]).fetchone()[0]
    if previous is not None:
        return _live_rules(db, previous), f"复制{previous}年度规则"
    return _default_rule_rows(db), "默认规则"


def year_rules(db: sqlite_utils.Database, year: int) -> list[dict]:
    """The year's live rules in order, read without writing. A year not yet given rules shows the ones it will
    get (``ensure_rules``), numbered −1, −2… until they are saved, so its scores read the same before and after."""
    year = _check_year(year)
    rows = _live_rules(db, year)
    if rows or not _needs_rules(db, year):
        return rows
    source_rows, _origin = _template_rules(db, year)
    types = {r[0]: r[1] for r in db.execute("SELECT id, name FROM activity_types")}
    return [{"id": -(order + 1), "year": year, "item": rule["item"], "source": rule["source"],
             "activity_type_id": rule.get("activity_type_id"), "points": rule["points"], "cap": rule.get("cap"),
             "sort_order": order, "deleted_at": None, "activity_type_name": types.get(rule.get("activity_type_id"))}
            for order, rule in enumerate(source_rows)]


@writes
def ensure_rules(db: sqlite_utils.Database, year: int) -> int:
    """Give a year that never had rules (and is not frozen) a copy of the nearest earlier year's, else the
    defaults, with an audit entry; returns how many were created (0 when the year had its rules)."""
    year = _check_year(year)
    if not _needs_rules(db, year):
        return 0
    with transaction.write(db):
        source_rows, origin = _template_rules(db, year)
        for order, rule in enumerate(source_rows):
            _insert_rule(db, year, rule, order)
        audit.append(db, "生成积分规则", entity="score_rules", entity_id=year,
                     detail={"year": year, "from": origin, "count": len(source_rows)})
    return len(source_rows)


@writes
def rules_for(db: sqlite_utils.Database, year: int) -> list[dict]:
    """The year's live rules in order, created first (``ensure_rules``) for a year that never had any."""
    year = _check_year(year)
    ensure_rules(db, year)
    return _live_rules(db, year)


def get_rule(db: sqlite_utils.Database, rule_id: int) -> dict:
    row = next(db.query("SELECT * FROM score_rules WHERE id = ?", [rule_id]), None)
    if row is None:
        raise UserError(f"找不到编号为 {rule_id} 的积分规则。")
    return row


@writes
def save_rule(db: sqlite_utils.Database, year: int, values: Mapping, rule_id: int | None = None) -> int:
    """Add (``rule_id`` None) or change a rule of ``year``; InputError naming the field, nothing saved."""
    year = _check_year(year)
    try:
        clean = rules_domain.check_rule(values)
    except ValueError as err:
        raise InputError(str(err)) from None
    with transaction.write(db):
        _refuse_if_frozen(db, year, "修改积分规则")
        if clean["activity_type_id"] is not None and not db.execute(
                "SELECT 1 FROM activity_types WHERE id = ?", [clean["activity_type_id"]]).fetchone():
            raise InputError(f"积分项目“{clean['item']}”所选的活动类型不存在。")
        if rule_id is None:
            rules_for(db, year)   # a new year starts from its copied rules, not from this one rule alone
            order = db.execute("SELECT COALESCE(MAX(sort_order), -1) + 1 FROM score_rules WHERE year = ?",
                               [year]).fetchone()[0]
            rule_id = _insert_rule(db, year, clean, order)
            audit.append(db, "新增积分规则", entity="score_rule", entity_id=rule_id, detail={"year": year, **clean})
            return rule_id
        old = get_rule(db, rule_id)
        if old["year"] != year:
            raise UserError(f"积分规则 {rule_id} 不属于{year}年度。")
        changed = {k: v for k, v in clean.items() if old[k] != v}
        if changed:
            audited_records.update(db, "score_rules", rule_id, changed, action="修改积分规则", entity="score_rule",
                           detail={"year": year, "changes": {k: [old[k], v] for k, v in changed.items()}})
    return rule_id


@writes
def delete_rule(db: sqlite_utils.Database, rule_id: int) -> None:
    """Soft delete; refused for a frozen year."""
    with transaction.write(db):
        rule = get_rule(db, rule_id)
        _refuse_if_frozen(db, rule["year"], "删除积分规则")
        audited_records.soft_delete(db, "score_rules", rule_id, action="删除积分规则", entity="score_rule",
                            detail={"year": rule["year"], "item": rule["item"]})


@writes
def copy_rules(db: sqlite_utils.Database, from_year: int, to_year: int, *, replace: bool = False) -> int:
    """Copy every live rule of ``from_year`` into ``to_year``; returns how many.

    When ``to_year`` already has rules, InputError unless ``replace`` (then its rules are deleted first).
    """
    from_year, to_year = _check_year(from_year), _check_year(to_year)
    if from_year == to_year:
        raise InputError("复制规则的来源年度和目标年度相同。")
    with transaction.write(db):
        _refuse_if_frozen(db, to_year, "修改积分规则")
        source_rows = _live_rules(db, from_year)
        if not source_rows:
            raise InputError(f"{from_year}年度没有积分规则可复制。")
        existing = _live_rules(db, to_year)
        if existing and not replace:
            raise InputError(f"{to_year}年度已有 {len(existing)} 条积分规则；如要用{from_year}年度的规则替换，请确认替换。")
        db.execute("UPDATE score_rules SET deleted_at = ? WHERE year = ? AND deleted_at IS NULL", [_now(), to_year])
        for order, rule in enumerate(source_rows):
            _insert_rule(db, to_year, rule, order)
        audit.append(db, "复制积分规则", entity="score_rules", entity_id=to_year,
                     detail={"from": from_year, "to": to_year, "count": len(source_rows), "replaced": len(existing)})
    return len(source_rows)


@writes
def move_rule(db: sqlite_utils.Database, rule_id: int, step: int) -> None:
    """Move a rule up (−1) or down (+1) in its year's order."""
    with transaction.write(db):
        rule = get_rule(db, rule_id)
        _refuse_if_frozen(db, rule["year"], "调整积分规则")
        ids = [r["id"] for r in _live_rules(db, rule["year"])]
        index = ids.index(rule_id)
        target = index + step
        if not 0 <= target < len(ids):
            return
        ids[index], ids[target] = ids[target], ids[index]
        for order, other in enumerate(ids):
            db.execute("UPDATE score_rules SET sort_order = ? WHERE id = ?", [order, other])
        audit.append(db, "调整积分规则顺序", entity="score_rule", entity_id=rule_id, detail={"step": step})


# --- grade bands ---------------------------------------------------------------------------------

def grade_bands(db: sqlite_utils.Database) -> list[tuple[str, float]]:
    """The bands of 设置 (highest minimum first), else the defaults."""
    stored = settings.get(db, BANDS_KEY)
    if not stored:
        return list(rules_domain.DEFAULT_GRADE_BANDS)
    try:
        return rules_domain.clean_bands(stored)
    except ValueError:
        return list(rules_domain.DEFAULT_GRADE_BANDS)


@writes
def set_grade_bands(db: sqlite_utils.Database, bands: Iterable) -> list[tuple[str, float]]:
    """Save the bands; InputError (nothing saved) when a name is empty/duplicated or a minimum is not a number."""
    try:
        clean = rules_domain.clean_bands(bands)
    except ValueError as err:
        raise InputError(str(err)) from None
    with transaction.write(db):
        settings.put(db, BANDS_KEY, [list(b) for b in clean])
        audit.append(db, "设置积分等次", entity="settings", detail={"bands": [list(b) for b in clean]})
    return clean


# --- who is scored -------------------------------------------------------------------------------

_GROUP_NAMES = (
    "COALESCE((SELECT GROUP_CONCAT(g.name, '、') FROM group_members gm JOIN groups g ON g.id = gm.group_id "
    "WHERE gm.deputy_id = d.id AND g.deleted_at IS NULL), '')"
)


def scored_deputies(db: sqlite_utils.Database, year: int, deputy_ids: Iterable[int] | None = None) -> list[dict]:
    """id, name, group_names, status of the deputies scored in ``year`` (or exactly ``deputy_ids``)."""
    start, end = _year_bounds(year)
    select = f"SELECT d.id, d.name, {_GROUP_NAMES} AS group_names, d.status FROM deputies d "
    if deputy_ids is not None:
        ids = [int(i) for i in deputy_ids]
        if not ids:
            return []
        rows = list(db.query(select + f"WHERE d.id IN ({', '.join('?' for _ in ids)}) ORDER BY d.id", ids))
        return rows
    levels = ", ".join("?" for _ in SCORED_LEVELS)
    return list(db.query(
        select + "LEFT JOIN terms t ON t.id = d.term_id "
        f"WHERE d.deleted_at IS NULL AND d.level IN ({levels}) "
        "AND (t.id IS NULL OR ((t.start_date IS NULL OR t.start_date <= ?) AND (t.end_date IS NULL OR t.end_date >= ?))) "
        "AND (d.status = '在任' OR d.status_date IS NULL OR d.status_date >= ?) ORDER BY d.id",
        [*SCORED_LEVELS, end, start, start]))


def _id_filter(column: str, ids: list[int] | None) -> tuple[str, list]:
    if ids is None or len(ids) > _IN_LIMIT:
        return "", []
    return f" AND {column} IN ({', '.join('?' for _ in ids)})", list(ids)


# --- counting --------------------------------------------------------------------------------------

def _counts(db: sqlite_utils.Database, start: str, end: str, ids: list[int] | None, *,
            activities: bool = True) -> dict[int, dict[tuple[str, int | None], int]]:
    """deputy id → {(source, activity type id or None): count} over [start, end], in four grouped queries.

    ``activities=False`` leaves the activity counts out (a caller holding the records counts those)."""
    counts: dict[int, dict[tuple[str, int | None], int]] = {}

    def add(deputy_id: int, key: tuple[str, int | None], n: int) -> None:
        per = counts.get(deputy_id)
        if per is None:
            per = counts[deputy_id] = {}
        per[key] = per.get(key, 0) + n

    clause, params = _id_filter("sa.deputy_id", ids)
    for deputy_id, status, n in db.execute(
            "SELECT sa.deputy_id, sa.status, COUNT(*) FROM session_attendance sa JOIN sessions s ON s.id = sa.session_id "
            f"WHERE s.deleted_at IS NULL AND s.start_date BETWEEN ? AND ?{clause} GROUP BY 1, 2", [start, end, *params]):
        if status in _SESSION_SOURCE:
            add(deputy_id, (_SESSION_SOURCE[status], None), n)

    for (deputy_id, type_id, present), n in (_activity_counts(db, start, end, ids) if activities else {}).items():
        add(deputy_id, ("activity" if present else "activity_absent", type_id), n)

    clause, params = _id_filter("ss.deputy_id", ids)
    for deputy_id, n in db.execute(
            "SELECT ss.deputy_id, COUNT(*) FROM suggestions s JOIN suggestion_submitters ss ON ss.suggestion_id = s.id "
            f"WHERE s.deleted_at IS NULL AND s.date BETWEEN ? AND ?{clause} GROUP BY 1", [start, end, *params]):
        add(deputy_id, ("suggestion_raised", None), n)
    # A 满意 counts in the year it was given (a suggestion of December may be rated in February).
    for deputy_id, n in db.execute(
            "SELECT ss.deputy_id, COUNT(*) FROM suggestions s JOIN suggestion_submitters ss ON ss.suggestion_id = s.id "
            "WHERE s.deleted_at IS NULL AND s.evaluation = '满意' "
            f"AND substr(COALESCE(s.evaluated_at, s.date), 1, 10) BETWEEN ? AND ?{clause} GROUP BY 1",
            [start, end, *params]):
        add(deputy_id, ("suggestion_satisfied", None), n)

    clause, params = _id_filter("deputy_id", ids)
    for deputy_id, n in db.execute(
            "SELECT deputy_id, COUNT(*) FROM report_backs WHERE deleted_at IS NULL AND date BETWEEN ? AND ?"
            f"{clause} GROUP BY 1", [start, end, *params]):
        add(deputy_id, ("report_back", None), n)
    return counts


def _activity_counts(db: sqlite_utils.Database, start: str, end: str,
                     ids: list[int] | None) -> Counter:
    """(deputy id, activity type id, present?) → attended (出席) or absent (缺席) activities over [start, end].

    A year holds hundreds of thousands of attendance rows. GROUP BY would make SQLite sort them all;
    each row becomes one number ``(deputy_id * 2 + present) * span + type_id`` instead, joined into a
    string that Python counts with a hash table in one pass.
    """
    clause, params = _id_filter("aa.deputy_id", ids)
    span = int(db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM activity_types").fetchone()[0])
    (joined,), = db.execute(
        f"SELECT group_concat((aa.deputy_id * 2 + (aa.status = '{_PRESENT}')) * {span} + a.type_id) "
        "FROM activities a JOIN activity_attendance aa ON aa.activity_id = a.id "
        f"WHERE a.date BETWEEN ? AND ? AND a.deleted_at IS NULL AND aa.status != '{_LEAVE}'{clause}",
        [start, end, *params]).fetchall()
    result: Counter = Counter()
    for code, n in Counter(joined.split(",") if joined else ()).items():
        person, type_id = divmod(int(code), span)
        result[(person >> 1, type_id, person & 1)] += n
    return result


def _activity_records(db: sqlite_utils.Database, start: str, end: str,
                      found: dict[int, dict[tuple[str, int | None], list[dict]]]) -> None:
    """Every deputy's attended and absent activities over [start, end], oldest first, for all deputies at once.

    Freezing a year makes ~400,000 of these records. Activities and their attendance are both read in
    key order over the year's id range (no per-row index lookups, no text repeated per attendee), and
    each activity's record is made once and shared by its attendees.
    """
    low, high = db.execute("SELECT MIN(id), MAX(id) FROM activities WHERE date BETWEEN ? AND ? "
                           "AND deleted_at IS NULL", [start, end]).fetchone()
    if low is None:
        return
    type_names = dict(db.execute("SELECT id, name FROM activity_types").fetchall())
    attendees = {activity_id: (here, away) for activity_id, here, away in db.execute(
        f"SELECT activity_id, group_concat(deputy_id) FILTER (WHERE status = '{_PRESENT}'), "
        f"group_concat(deputy_id) FILTER (WHERE status NOT IN ('{_PRESENT}', '{_LEAVE}')) "
        "FROM activity_attendance WHERE activity_id BETWEEN ? AND ? GROUP BY activity_id", [low, high])}
    # (source, type id) → deputy id as text → records; one dict lookup per attendee in the hot loop.
    buckets: dict[tuple[str, int], defaultdict[str, list[dict]]] = {}
    for activity_id, day, type_id, theme in db.execute(
            "SELECT id, date, type_id, theme FROM activities WHERE id BETWEEN ? AND ? "
            "AND +date BETWEEN ? AND ? AND deleted_at IS NULL ORDER BY date, id", [low, high, start, end]):
        people = attendees.get(activity_id)
        if people is None or type_id not in type_names:
            continue
        label = f"{type_names[type_id]}：{theme}"
        for ids, source, suffix in ((people[0], "activity", ""), (people[1], "activity_absent", "（无故缺席）")):
            if not ids:
                continue
            record = {"table": "activities", "id": activity_id, "date": day, "label": label + suffix}
            by_deputy = buckets.get((source, type_id))
            if by_deputy is None:
                by_deputy = buckets[(source, type_id)] = defaultdict(list)
            for deputy_id in ids.split(","):
                by_deputy[deputy_id].append(record)
    for key, by_deputy in buckets.items():
        for deputy_id, records in by_deputy.items():
            found.setdefault(int(deputy_id), {})[key] = records


def _records(db: sqlite_utils.Database, start: str, end: str,
             ids: list[int] | None) -> dict[int, dict[tuple[str, int | None], list[dict]]]:
    """deputy id → {count key: [records]} — the rows behind every count of :func:`_counts`."""
    found: dict[int, dict[tuple[str, int | None], list[dict]]] = {}

    def add(deputy_id: int, key: tuple[str, int | None], record: dict) -> None:
        found.setdefault(deputy_id, {}).setdefault(key, []).append(record)

    clause, params = _id_filter("sa.deputy_id", ids)
    for deputy_id, session_id, day, name, status in db.execute(
            "SELECT sa.deputy_id, s.id, s.start_date, s.name, sa.status FROM session_attendance sa "
            "JOIN sessions s ON s.id = sa.session_id "
            f"WHERE s.deleted_at IS NULL AND s.start_date BETWEEN ? AND ?{clause} ORDER BY s.start_date, s.id",
            [start, end, *params]):
        if status in _SESSION_SOURCE:
            add(deputy_id, (_SESSION_SOURCE[status], None),
                {"table": "sessions", "id": session_id, "date": day, "label": f"{name}（{status}）"})

    clause, params = _id_filter("aa.deputy_id", ids)
    if not clause:            # everyone (freezing a year): read per activity, see _activity_records
        _activity_records(db, start, end, found)
    else:                     # a few deputies (one archive, one detail): their attendance rows directly
        for deputy_id, activity_id, day, type_id, type_name, theme, status in db.execute(
                "SELECT aa.deputy_id, a.id, a.date, a.type_id, t.name, a.theme, aa.status FROM activities a "
                "JOIN activity_attendance aa ON aa.activity_id = a.id JOIN activity_types t ON t.id = a.type_id "
                f"WHERE a.date BETWEEN ? AND ? AND a.deleted_at IS NULL AND aa.status != '请假'{clause} "
                "ORDER BY a.date, a.id", [start, end, *params]):
            source = "activity" if status == _PRESENT else "activity_absent"
            label = f"{type_name}：{theme}" + ("" if status == _PRESENT else "（无故缺席）")
            add(deputy_id, (source, type_id), {"table": "activities", "id": activity_id, "date": day, "label": label})

    clause, params = _id_filter("ss.deputy_id", ids)
    for deputy_id, suggestion_id, day, title, evaluation, evaluated_at in db.execute(
            "SELECT ss.deputy_id, s.id, s.date, s.title, s.evaluation, s.evaluated_at FROM suggestions s "
            "JOIN suggestion_submitters ss ON ss.suggestion_id = s.id "
            "WHERE s.deleted_at IS NULL AND (s.date BETWEEN ? AND ? OR (s.evaluation = '满意' AND "
            f"substr(COALESCE(s.evaluated_at, s.date), 1, 10) BETWEEN ? AND ?)){clause} ORDER BY s.date, s.id",
            [start, end, start, end, *params]):
        if start <= day <= end:
            add(deputy_id, ("suggestion_raised", None),
                {"table": "suggestions", "id": suggestion_id, "date": day, "label": title})
        rated = (evaluated_at or day)[:10]
        if evaluation == "满意" and start <= rated <= end:
            add(deputy_id, ("suggestion_satisfied", None),
                {"table": "suggestions", "id": suggestion_id, "date": rated, "label": f"{title}（满意）"})

    clause, params = _id_filter("deputy_id", ids)
    for deputy_id, report_id, day, place, evaluation in db.execute(
            "SELECT deputy_id, id, date, place, evaluation FROM report_backs WHERE deleted_at IS NULL "
            f"AND date BETWEEN ? AND ?{clause} ORDER BY date, id", [start, end, *params]):
        label = "向选民述职" + (f"（{place}）" if place else "") + (f"，评价：{evaluation}" if evaluation else "")
        add(deputy_id, ("report_back", None), {"table": "report_backs", "id": report_id, "date": day, "label": label})
    return found


def _records_for(rule: Mapping, per_key: Mapping[tuple[str, int | None], list[dict]]) -> list[dict]:
    source = rule["source"]
    if source in TYPED_SOURCES and rule.get("activity_type_id") is None:
        merged = [r for (s, _t), recs in per_key.items() if s == source for r in recs]
        return sorted(merged, key=lambda r: (r["date"] or "", r["id"]))
    return list(per_key.get(rules_domain.count_key(source, rule.get("activity_type_id")), []))


# --- adjustments -----------------------------------------------------------------------------------

def list_adjustments(db: sqlite_utils.Database, year: int, deputy_id: int | None = None, *,
                     until: str | None = None) -> list[dict]:
    """Live adjustments of the year (optionally of one deputy, dated up to ``until``), with deputy and rule names."""
    sql = ("SELECT a.*, d.name AS deputy_name, r.item AS rule_item FROM score_adjustments a "
           "JOIN deputies d ON d.id = a.deputy_id LEFT JOIN score_rules r ON r.id = a.rule_id "
           "WHERE a.year = ? AND a.deleted_at IS NULL")
    params: list[Any] = [int(year)]
    if deputy_id is not None:
        sql += " AND a.deputy_id = ?"
        params.append(int(deputy_id))
    if until is not None:
        sql += " AND a.date <= ?"
        params.append(until)
    return list(db.query(sql + " ORDER BY a.date, a.id", params))


@writes
def add_adjustment(db: sqlite_utils.Database, year: int, deputy_id: int, points: Any, reason: str, made_by: str,
                   rule_id: int | None = None, *, date: Any = None) -> int:
    """A manual bonus (positive) or deduction (negative) with its reason and who made it; refused for a frozen year."""
    year = _check_year(year)
    try:
        value = float(points)
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value):   # 'nan' and 'inf' parse as floats but are no score
        raise InputError(f"加减分“{points}”不是数字。")
    if value == 0:
        raise InputError("加减分不能为 0。")
    if abs(value) > rules_domain.MAX_POINTS:
        raise InputError(f"加减分 {value:g} 过大，应在 −{rules_domain.MAX_POINTS} 至 {rules_domain.MAX_POINTS} 之间。")
    reason = (reason or "").strip()
    made_by = (made_by or "").strip()
    if not reason:
        raise InputError("请填写加减分的理由。")
    if not made_by:
        raise InputError("请填写经办人。")
    try:
        day = (date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date).strip())) if date else dt.date.today()
    except ValueError:
        raise InputError(f"加减分日期“{date}”无效，请写成 2026-03-05 的形式。") from None
    if isinstance(day, dt.datetime):
        day = day.date()
    with transaction.write(db):
        _refuse_if_frozen(db, year, "再加减分")
        deputy = db.execute("SELECT name, deleted_at FROM deputies WHERE id = ?", [deputy_id]).fetchone()
        if deputy is None:
            raise InputError(f"编号为 {deputy_id} 的代表不存在。")
        if deputy[1] is not None:
            raise InputError(f"代表“{deputy[0]}”已从名册中删除，不能加减分；如需加减分请先在“代表名册”中撤销删除。")
        if rule_id is not None:
            rule = get_rule(db, rule_id)
            if rule["year"] != year or rule["source"] != MANUAL or rule["deleted_at"]:
                raise InputError(f"所选规则“{rule['item']}”不是{year}年度的手工加减分项目。")
        adj_id = db.execute(
            "INSERT INTO score_adjustments(year, deputy_id, rule_id, points, reason, made_by, date) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [year, deputy_id, rule_id, rules_domain.tidy(value), reason, made_by, day.isoformat()]).lastrowid
        audit.append(db, "手工加减分", entity="score_adjustment", entity_id=adj_id, actor=made_by,
                     detail={"year": year, "deputy_id": deputy_id, "deputy": deputy[0], "points": value,
                             "reason": reason, "rule_id": rule_id})
    return adj_id


@writes
def remove_adjustment(db: sqlite_utils.Database, adjustment_id: int, *, by: str | None = None) -> None:
    """Soft delete an adjustment (it stays in the file and the audit log); refused for a frozen year."""
    with transaction.write(db):
        row = next(db.query("SELECT * FROM score_adjustments WHERE id = ?", [adjustment_id]), None)
        if row is None or row["deleted_at"]:
            raise UserError("这条加减分记录不存在或已删除。")
        _refuse_if_frozen(db, row["year"], "删除加减分")
        audited_records.soft_delete(db, "score_adjustments", adjustment_id, action="删除加减分", entity="score_adjustment",
                            actor=by, detail={"year": row["year"], "deputy_id": row["deputy_id"], "points": row["points"],
                             "reason": row["reason"]})


@writes
def restore_adjustment(db: sqlite_utils.Database, adjustment_id: int, *, by: str | None = None) -> None:
    """Bring a removed adjustment back (undo of a removal, redo of an addition); refused for a frozen year."""
    with transaction.write(db):
        row = next(db.query("SELECT * FROM score_adjustments WHERE id = ?", [adjustment_id]), None)
        if row is None:
            raise UserError("这条加减分记录不存在。")
        _refuse_if_frozen(db, row["year"], "恢复加减分")
        if row["deleted_at"] is None:
            return
        audited_records.restore(db, "score_adjustments", adjustment_id, action="恢复加减分", entity="score_adjustment",
                        actor=by, detail={"year": row["year"], "deputy_id": row["deputy_id"], "points": row["points"],
                             "reason": row["reason"]})


def _adjustments_by_deputy(db: sqlite_utils.Database, year: int, until: str | None,
                           ids: list[int] | None) -> dict[int, list[dict]]:
    sql = ("SELECT id, deputy_id, rule_id, points, reason, made_by, date FROM score_adjustments "
           "WHERE year = ? AND deleted_at IS NULL")
    params: list[Any] = [year]
    if until is not None:
        sql += " AND date <= ?"
        params.append(until)
    clause, extra = _id_filter("deputy_id", ids)
    result: dict[int, list[dict]] = {}
    for row in db.query(sql + clause + " ORDER BY date, id", params + extra):
        result.setdefault(row["deputy_id"], []).append(row)
    return result


def _adjustment_record(adj: Mapping) -> dict:
    return {"table": "score_adjustments", "id": adj["id"], "date": adj["date"],
            "label": f"{adj['reason']}（{rules_domain.points_text(adj['points'])}分，经办：{adj['made_by']}）"}


# --- computing -------------------------------------------------------------------------------------

def _compute(db: sqlite_utils.Database, year: int, *, end: str | None = None, deputy_ids: Iterable[int] | None = None,
             with_records: bool = False) -> list[dict]:
    """Live scores of ``year`` up to ``end`` (default 31 December): rows with lines, computed, adjusted, total."""
    start, year_end = _year_bounds(year)
    end = end or year_end
    rules = year_rules(db, year)
    people = scored_deputies(db, year, deputy_ids)
    ids = [p["id"] for p in people]
    counts = _counts(db, start, end, ids, activities=not with_records)
    records = _records(db, start, end, ids) if with_records else {}
    # With the records at hand the activity counts are their lengths (same rows, same keys), which
    # saves freezing a year a second pass over all the attendance.
    for deputy_id, per_key in records.items():
        for key, found in per_key.items():
            if key[0] in _ACTIVITY_SOURCES:
                counts.setdefault(deputy_id, {})[key] = len(found)
    adjustments = _adjustments_by_deputy(db, year, end if end != year_end else None, ids)
    base = {("base", None): 1}
    rows = []
    for person in people:
        deputy_counts = counts.get(person["id"], {})
        deputy_counts = {**deputy_counts, **base}
        lines = rules_domain.apply_rules(rules, deputy_counts)
        adj_lines = rules_domain.adjustment_lines(rules, adjustments.get(person["id"], []))
        if with_records:
            per_key = records.get(person["id"], {})
            by_rule = {r["id"]: r for r in rules}
            for line in lines:
                line.records = _records_for(by_rule[line.rule_id], per_key)
            manual_ids = {r["id"] for r in rules if r["source"] == MANUAL}
            mine = adjustments.get(person["id"], [])
            for line in adj_lines:
                line.records = [_adjustment_record(a) for a in mine
                                if (a["rule_id"] if a["rule_id"] in manual_ids else None) == line.rule_id]
        computed = rules_domain.total_of(lines)
        adjusted = rules_domain.total_of(adj_lines)
        rows.append({"deputy_id": person["id"], "id": person["id"], "name": person["name"],
                     "group_names": person["group_names"], "status": person["status"],
                     "computed": computed, "adjusted": adjusted, "total": rules_domain.tidy(computed + adjusted),
                     "lines": lines, "manual_lines": adj_lines})
    return rows


def _with_manual_rules(rules: list[dict], adj_lines: list[RuleLine]) -> list[RuleLine]:
    """Adjustment lines plus an empty line for each manual rule nobody used (so every rule shows)."""
    used = {line.rule_id for line in adj_lines}
    empty = [RuleLine(r["id"], r["item"], MANUAL, None, float(r["points"]), r.get("cap"), 0, 0, False)
             for r in rules if r["source"] == MANUAL and r["id"] not in used]
    return adj_lines + empty


def _finish(db: sqlite_utils.Database, rows: list[dict]) -> list[dict]:
    bands = grade_bands(db)
    ranked = rules_domain.rank(rows)
    for row in ranked:
        row["grade"] = rules_domain.grade_for(row["total"], bands)
    return ranked


def _frozen_rows(db: sqlite_utils.Database, year: int, deputy_ids: Iterable[int] | None,
                 with_detail: bool = False) -> list[dict]:
    sql = (f"SELECT f.deputy_id, d.name, {_GROUP_NAMES} AS group_names, d.status, f.computed, f.adjusted, f.total, "
           f"f.grade, f.rank{', f.detail' if with_detail else ''} FROM frozen_scores f "
           "JOIN deputies d ON d.id = f.deputy_id WHERE f.year = ?")
    params: list[Any] = [year]
    if deputy_ids is not None:
        ids = [int(i) for i in deputy_ids]
        sql += f" AND f.deputy_id IN ({', '.join('?' for _ in ids) or 'NULL'})"
        params += ids
    rows = list(db.query(sql + " ORDER BY f.rank, f.deputy_id", params))
    for row in rows:
        row["id"] = row["deputy_id"]
        for key in ("computed", "adjusted", "total"):
            row[key] = rules_domain.tidy(row[key])
    return rows


_PUBLIC_KEYS = ("deputy_id", "id", "name", "group_names", "status", "computed", "adjusted", "total", "grade", "rank")


def annual_scores(db: sqlite_utils.Database, year: int, *, deputy_ids: Iterable[int] | None = None) -> list[dict]:
    """One row per scored deputy, best first: deputy_id, name, group_names, computed, adjusted, total, grade, rank.

    A frozen year is read from the frozen scores. With ``deputy_ids`` the ranks are still those among everyone.
    """
    year = _check_year(year)
    if is_frozen(db, year):
        return _frozen_rows(db, year, deputy_ids)
    rows = _finish(db, _compute(db, year))
    if deputy_ids is not None:
        wanted = {int(i) for i in deputy_ids}
        rows = [r for r in rows if r["deputy_id"] in wanted]
    return [{k: r[k] for k in _PUBLIC_KEYS} for r in rows]


def _line_dicts(rules: list[dict], row: dict) -> list[dict]:
    lines = row["lines"] + _with_manual_rules(rules, row["manual_lines"])
    return [line.to_dict() for line in lines]


def score_details(db: sqlite_utils.Database, year: int, deputy_id: int) -> list[dict]:
    """One line per rule (and one for adjustments tied to no rule): item, source, count, per, cap, points,
    capped and the records behind it ({table, id, date, label}). A frozen year shows the lines as frozen."""
    year = _check_year(year)
    if is_frozen(db, year):
        row = db.execute("SELECT detail FROM frozen_scores WHERE year = ? AND deputy_id = ?",
                         [year, deputy_id]).fetchone()
        return json.loads(row[0]) if row else []
    rows = _compute(db, year, deputy_ids=[deputy_id], with_records=True)
    if not rows:
        return []
    return _line_dicts(year_rules(db, year), rows[0])


def interim_scores(db: sqlite_utils.Database, year: int, quarter: int, *, today: dt.date | None = None) -> list[dict]:
    """季度亮分: points from 1 January to the end of ``quarter`` (caps are the year's), with ``gained`` in the
    quarter itself and the rank so far. Adjustments count from their date."""
    year = _check_year(year)
    try:
        _start, end = rules_domain.quarter_range(year, int(quarter))
    except (TypeError, ValueError) as err:
        raise InputError(str(err)) from None
    rows = rules_domain.rank(_compute(db, year, end=end.isoformat()))
    previous: dict[int, float] = {}
    if quarter > 1:
        _s, before = rules_domain.quarter_range(year, int(quarter) - 1)
        previous = {r["deputy_id"]: r["total"] for r in _compute(db, year, end=before.isoformat())}
    # A list posted during the quarter says "so far", not the quarter's end still to come.
    until = min(end, today or dt.date.today()).isoformat()
    result = []
    for row in rows:
        result.append({"deputy_id": row["deputy_id"], "id": row["deputy_id"], "name": row["name"],
                       "group_names": row["group_names"], "computed": row["computed"], "adjusted": row["adjusted"],
                       "total": row["total"], "gained": rules_domain.tidy(row["total"] - previous.get(row["deputy_id"], 0)),
                       "rank": row["rank"], "quarter": int(quarter), "until": until})
    return result


# --- freezing -------------------------------------------------------------------------------------

_LINE_FIELDS = tuple(f.name for f in dataclasses.fields(RuleLine))


def _frozen_detail(rules: list[dict], row: dict) -> str:
    """The JSON of :func:`_line_dicts` for one deputy, without deep-copying ~500 records per deputy first
    (``dataclasses.asdict`` did, and took most of the time of freezing a year)."""
    lines = row["lines"] + _with_manual_rules(rules, row["manual_lines"])
    return json.dumps([{name: getattr(line, name) for name in _LINE_FIELDS} for line in lines], ensure_ascii=False)


@writes
def freeze_year(db: sqlite_utils.Database, year: int, by: str, note: str | None = None, *,
                progress: Callable[[int, int], None] | None = None) -> int:
    """审核: write every deputy's score and per-rule lines (with their records) to frozen_scores; returns how many.

    ``progress(done, total)`` is called as the work goes on; an exception it raises (取消) rolls everything back.
    """
    year = _check_year(year)
    by = (by or "").strip()
    if not by:
        raise InputError("请填写审核人。")
    report = progress or (lambda done, total: None)
    with transaction.write(db):
        info = freeze_info(db, year)
        if info:
            raise UserError(f"{year}年度积分已于{info['frozen_at'][:10]}审核冻结。")
        report(0, 100)
        rules = rules_for(db, year)
        rows = _finish(db, _compute(db, year, with_records=True))
        # Counting and gathering the records is about half the work, writing the lines the other half.
        report(50, 100)
        db.execute("INSERT INTO score_freezes(year, frozen_at, frozen_by, note) VALUES (?, ?, ?, ?)",
                   [year, _now(), by, (note or "").strip() or None])
        values = []
        for done, r in enumerate(rows, 1):
            values.append((year, r["deputy_id"], r["computed"], r["adjusted"], r["total"], r["grade"], r["rank"],
                           _frozen_detail(rules, r)))
            if done % 50 == 0:
                report(50 + 45 * done // len(rows), 100)
        db.conn.executemany(
            "INSERT INTO frozen_scores(year, deputy_id, computed, adjusted, total, grade, rank, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", values)
        audit.append(db, "审核冻结积分", entity="score_freeze", entity_id=year, actor=by,
                     detail={"year": year, "deputies": len(rows), "note": note})
        report(100, 100)
    return len(rows)


@writes
def unfreeze_year(db: sqlite_utils.Database, year: int, reason: str, *, by: str | None = None) -> None:
    """解除冻结 with a reason; the frozen totals are kept in the audit entry, then scores are live again."""
    year = _check_year(year)
    reason = (reason or "").strip()
    if not reason:
        raise InputError("解除冻结必须说明理由。")
    with transaction.write(db):
        info = freeze_info(db, year)
        if info is None:
            raise UserError(f"{year}年度积分没有冻结。")
        totals = {str(r[0]): r[1] for r in db.execute(
            "SELECT deputy_id, total FROM frozen_scores WHERE year = ?", [year])}
        db.execute("DELETE FROM frozen_scores WHERE year = ?", [year])
        db.execute("DELETE FROM score_freezes WHERE year = ?", [year])
        audit.append(db, "解除积分冻结", entity="score_freeze", entity_id=year, actor=by,
                     detail={"year": year, "reason": reason, "frozen_at": info["frozen_at"],
                             "frozen_by": info["frozen_by"], "totals": totals})


def frozen_years(db: sqlite_utils.Database) -> list[int]:
    return [r[0] for r in db.execute("SELECT year FROM score_freezes ORDER BY year")]


def years_with_data(db: sqlite_utils.Database, *, today: dt.date | None = None) -> list[int]:
    """Years offered in the year selector: any with activities, sessions, rules or freezes, plus this year."""
    years = {(today or dt.date.today()).year}
    for sql in ("SELECT DISTINCT substr(date, 1, 4) FROM activities WHERE deleted_at IS NULL",
                "SELECT DISTINCT substr(start_date, 1, 4) FROM sessions WHERE deleted_at IS NULL "
                "AND start_date IS NOT NULL",
                "SELECT DISTINCT year FROM score_rules", "SELECT year FROM score_freezes"):
        for (value,) in db.execute(sql):
            try:
                years.add(int(value))
            except (TypeError, ValueError):
                continue
    return sorted(years, reverse=True)


# --- lists -----------------------------------------------------------------------------------------

def default_threshold(db: sqlite_utils.Database) -> float:
    """The score a deputy must reach not to be in the lowest band (基本称职's 60 by default)."""
    bands = grade_bands(db)
    return float(bands[-2][1]) if len(bands) > 1 else float(bands[0][1])


def below_threshold(db: sqlite_utils.Database, year: int, threshold: float | None = None) -> list[dict]:
    """Deputies whose total is below ``threshold`` (default :func:`default_threshold`), lowest first."""
    limit = default_threshold(db) if threshold is None else float(threshold)
    rows = [r for r in annual_scores(db, year) if r["total"] < limit]
    return sorted(rows, key=lambda r: (r["total"], r["deputy_id"]))


UNGROUPED = "未分组"


def group_summary(db: sqlite_utils.Database, year: int) -> list[dict]:
    """Per group (deputies in two groups count in both; those in none under 未分组): members scored,
    average, highest, lowest and how many in each grade (``grades``: band name → count)."""
    rows = annual_scores(db, year)
    bands = [name for name, _ in grade_bands(db)]
    groups: dict[int | None, dict] = {}
    membership: dict[int, list[int]] = {}
    for deputy_id, group_id, name, kind in db.execute(
            "SELECT gm.deputy_id, g.id, g.name, g.kind FROM group_members gm JOIN groups g ON g.id = gm.group_id "
            "WHERE g.deleted_at IS NULL ORDER BY g.kind = '专业代表小组', g.id"):
        membership.setdefault(deputy_id, []).append(group_id)
        groups.setdefault(group_id, {"group_id": group_id, "name": name, "kind": kind, "totals": [], "grades": {}})
    for row in rows:
        for group_id in membership.get(row["deputy_id"], [None]):
            if group_id is None and None not in groups:
                groups[None] = {"group_id": None, "name": UNGROUPED, "kind": "", "totals": [], "grades": {}}
            entry = groups[group_id]
            entry["totals"].append(row["total"])
            entry["grades"][row["grade"]] = entry["grades"].get(row["grade"], 0) + 1
    result = []
    for entry in groups.values():
        totals = entry.pop("totals")
        if not totals:
            continue
        entry.update(members=len(totals), average=rules_domain.tidy(sum(totals) / len(totals)),
                     highest=max(totals), lowest=min(totals),
                     grades={name: entry["grades"].get(name, 0) for name in bands})
        result.append(entry)
    return result


def term_summary(db: sqlite_utils.Database, term_id: int, *, today: dt.date | None = None) -> dict:
    """连任推荐: for each township deputy of the term, the total and grade of every year of the term so far,
    the average and the advice. Returns {term, years, bands, rows}."""
    term = next(db.query("SELECT * FROM terms WHERE id = ?", [term_id]), None)
    if term is None:
        raise UserError(f"找不到编号为 {term_id} 的届次。")
    today = today or dt.date.today()
    first = int((term["start_date"] or today.isoformat())[:4])
    last = min(int((term["end_date"] or today.isoformat())[:4]), today.year)
    years = list(range(first, last + 1))
    levels = ", ".join("?" for _ in SCORED_LEVELS)
    people = list(db.query(
        f"SELECT d.id, d.name, {_GROUP_NAMES} AS group_names, d.status FROM deputies d "
        f"WHERE d.term_id = ? AND d.deleted_at IS NULL AND d.level IN ({levels}) ORDER BY d.id",
        [term_id, *SCORED_LEVELS]))
    bands = grade_bands(db)
    by_year = {year: {r["deputy_id"]: r for r in annual_scores(db, year)} for year in years}
    rows = []
    for person in people:
        per_year = {}
        for year in years:
            score = by_year[year].get(person["id"])
            if score is not None:
                per_year[year] = {"total": score["total"], "grade": score["grade"], "rank": score["rank"]}
        totals = [v["total"] for v in per_year.values()]
        grades = [v["grade"] for v in per_year.values()]
        rows.append({"deputy_id": person["id"], "id": person["id"], "name": person["name"],
                     "group_names": person["group_names"], "status": person["status"], "years": per_year,
                     "average": rules_domain.tidy(sum(totals) / len(totals)) if totals else None,
                     "advice": rules_domain.reelection_advice(totals, grades, bands)})
    rows.sort(key=lambda r: (-(r["average"] or 0), r["deputy_id"]))
    return {"term": term, "years": years, "bands": bands, "rows": rows}
