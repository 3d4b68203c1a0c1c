"""意见建议: fields and handling units, suggestions with submitters, the dated workflow, bulk actions, search."""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Mapping, Sequence

import sqlite_utils

from ..domain import fields, suggestions as rules
from ..domain.text import normalize_text
from ..errors import InputError, UserError
from . import audit, pick_lists, records, settings
from .calendar import holiday_table
from . import transaction
from .field_errors import as_input_errors
from .writes import writes

FIELDS = rules.SUGGESTION_FIELDS
LABELS = {"title": "标题", "content": "内容", "source": "来源", "date": "日期", "field_id": "领域",
          "location": "地点", "level": "分类层级", "voter_name": "选民姓名", "voter_contact": "联系方式"}
DEADLINE_SETTING = "suggestion_deadlines"   # {"分类": 15, "交办": 5, "办理": 60, "评价": 15}
REPLY_TITLE_PLACEHOLDER = "{标题}"


def deadline_days(db: sqlite_utils.Database) -> dict[str, int]:
    """Working days per step: the defaults with whatever 设置 overrides."""
    return {**rules.DEFAULT_DEADLINES, **{k: int(v) for k, v in (settings.get(db, DEADLINE_SETTING) or {}).items()
                                          if k in rules.DEFAULT_DEADLINES}}


@writes
def set_deadline_days(db: sqlite_utils.Database, values: Mapping[str, Any]) -> dict[str, int]:
    """Save 设置's working days per step (1–365); InputError naming the step, nothing saved, on a bad one."""
    merged = deadline_days(db)
    for step, value in values.items():
        if step not in rules.DEFAULT_DEADLINES:
            raise InputError(f"没有“{step}”这一步的办理时限。")
        try:
            days = int(str(value).strip())
        except ValueError:
            raise InputError(f"“{step}”时限应为整数（工作日），现为“{value}”。") from None
        if not 1 <= days <= 365:
            raise InputError(f"“{step}”时限应在 1 至 365 个工作日之间，现为 {days}。")
        merged[step] = days
    with transaction.write(db):
        settings.put(db, DEADLINE_SETTING, merged)
        audit.append(db, "设置办理时限", entity="settings", detail=merged)
    return merged


# --- fields (领域) and handling units (承办单位) ---------------------------------------------------

def list_fields(db: sqlite_utils.Database, *, include_deleted: bool = False) -> list[dict]:
    return pick_lists.rows(db, pick_lists.SUGGESTION_FIELDS, include_deleted=include_deleted)


def field_id_by_name(db: sqlite_utils.Database, name: str) -> int:
    return pick_lists.id_by_name(db, pick_lists.SUGGESTION_FIELDS, name)


@writes
def add_field(db: sqlite_utils.Database, name: str) -> int:
    return pick_lists.add(db, pick_lists.SUGGESTION_FIELDS, name)


@writes
def rename_field(db: sqlite_utils.Database, field_id: int, name: str) -> None:
    name = pick_lists.clean_name(pick_lists.SUGGESTION_FIELDS, name)
    pick_lists.update(db, pick_lists.SUGGESTION_FIELDS, field_id, {"name": name})


@writes
def delete_field(db: sqlite_utils.Database, field_id: int) -> None:
    """Hide a field from the pick list; suggestions already filed under it keep it."""
    pick_lists.hide(db, pick_lists.SUGGESTION_FIELDS, field_id)


def list_units(db: sqlite_utils.Database, *, include_deleted: bool = False) -> list[dict]:
    return pick_lists.rows(db, pick_lists.HANDLING_UNITS, include_deleted=include_deleted)


def _unit_kind(kind: str | None) -> str | None:
    if kind is not None and kind not in rules.UNIT_KINDS:
        raise InputError(f"单位类别“{kind}”不对，应为：{'、'.join(rules.UNIT_KINDS)}。")
    return kind


@writes
def add_unit(db: sqlite_utils.Database, name: str, kind: str | None = None) -> int:
    pick_lists.clean_name(pick_lists.HANDLING_UNITS, name)   # an empty name is named before a bad kind
    return pick_lists.add(db, pick_lists.HANDLING_UNITS, name, {"kind": _unit_kind(kind)})


@writes
def update_unit(db: sqlite_utils.Database, unit_id: int, *, name: str | None = None, kind: str | None = None) -> None:
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = pick_lists.clean_name(pick_lists.HANDLING_UNITS, name)
    if kind is not None:
        changes["kind"] = _unit_kind(kind)
    pick_lists.update(db, pick_lists.HANDLING_UNITS, unit_id, changes)


@writes
def delete_unit(db: sqlite_utils.Database, unit_id: int) -> None:
    pick_lists.hide(db, pick_lists.HANDLING_UNITS, unit_id)


def _check_unit(db: sqlite_utils.Database, unit_id: int) -> str:
    row = db.execute("SELECT name, deleted_at FROM handling_units WHERE id = ?", [unit_id]).fetchone()
    if row is None or row[1]:
        raise InputError(f"承办单位编号 {unit_id} 不存在或已被删除。")
    return row[0]


# --- suggestions ---------------------------------------------------------------------------------

def _iso(value: Any, what: str = "日期") -> str:
    with as_input_errors():
        return fields.iso_date(value, what)


def _record_id(value: Any, what: str) -> int | None:
    with as_input_errors():
        return fields.record_id(value, what)


def _clean(values: Mapping) -> dict:
    with as_input_errors():
        return rules.clean_values(values)


def _raise_problems(problems: dict[str, str], title: str | None) -> None:
    if problems:
        short = title if not title or len(title) <= 30 else title[:30] + "…"
        who = f"意见建议“{short}”" if title else "意见建议"
        raise InputError(f"{who}有误，未保存。" + "；".join(f"{LABELS.get(k, k)}：{v}" for k, v in problems.items()))


def _clean_submitters(db: sqlite_utils.Database, submitters: Iterable) -> list[tuple[int, int]]:
    """[(deputy_id, is_lead)] or plain ids (the first is the lead); exactly one lead when any."""
    with as_input_errors():
        rows = rules.submitter_rows(submitters)
    for deputy_id, _ in rows:
        found = db.execute("SELECT deleted_at FROM deputies WHERE id = ?", [deputy_id]).fetchone()
        if found is None or found[0]:
            raise InputError(f"编号为 {deputy_id} 的代表不存在或已被删除。")
    return rows


def _check_links(db: sqlite_utils.Database, row: Mapping) -> None:
    """The activity and visit a suggestion points to exist (InputError naming them otherwise)."""
    for key, table, what in (("activity_id", "activities", "所属活动"), ("visit_id", "reception_visits", "来访登记")):
        if row.get(key) is not None and not db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [row[key]]).fetchone():
            raise InputError(f"意见建议“{row.get('title') or ''}”的{what}（编号 {row[key]}）不存在。")


@writes
def create_suggestion(db: sqlite_utils.Database, values: Mapping, submitters: Iterable = ()) -> dict:
    """Record a collected suggestion (state 收集, 分类 deadline set); returns {id, deadline, warning}."""
    row = _clean(values)
    row.setdefault("content", "")
    _raise_problems(rules.validate_new(row), row.get("title"))
    with transaction.write(db):
        people = _clean_submitters(db, submitters)
        if row["source"] == "代表建议" and not people:
            raise InputError(f"意见建议“{row['title']}”来源为代表建议，请选择提出的代表。")
        if row.get("field_id") is not None and not db.execute(
                "SELECT 1 FROM suggestion_fields WHERE id = ?", [row["field_id"]]).fetchone():
            raise InputError(f"领域编号 {row['field_id']} 不存在。")
        _check_links(db, row)
        deadline = rules.deadline_for("分类", dt.date.fromisoformat(row["date"]), holiday_table(db), deadline_days(db))
        row["deadline"] = deadline.date.isoformat()
        columns = list(row)
        suggestion_id = db.execute(
            f"INSERT INTO suggestions({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
            [row[c] for c in columns]).lastrowid
        db.conn.executemany("INSERT INTO suggestion_submitters(suggestion_id, deputy_id, is_lead) VALUES (?, ?, ?)",
                            [(suggestion_id, d, lead) for d, lead in people])
        db.execute("INSERT INTO suggestion_events(suggestion_id, action, from_state, to_state, date) "
                   "VALUES (?, '收集', NULL, '收集', ?)", [suggestion_id, row["date"]])
        if row.get("visit_id") is not None:
            db.execute("UPDATE reception_visits SET suggestion_id = ? WHERE id = ?", [suggestion_id, row["visit_id"]])
        audit.append(db, "新增意见建议", entity="suggestion", entity_id=suggestion_id,
                     detail={"title": row["title"], "source": row["source"], "date": row["date"]})
    return {"id": suggestion_id, "deadline": row["deadline"], "warning": deadline.warning}


@writes
def update_suggestion(db: sqlite_utils.Database, suggestion_id: int, changes: Mapping,
                      submitters: Iterable | None = None) -> dict:
    """Edit the text fields (not the workflow); returns the old values of what changed."""
    changes = _clean(changes)
    with transaction.write(db):
        old = _raw(db, suggestion_id)
        merged = {**{k: old[k] for k in FIELDS}, **changes}
        _raise_problems(rules.validate_new(merged), merged.get("title"))
        _check_links(db, {"title": merged.get("title"),
                          **{k: v for k, v in changes.items() if k in ("activity_id", "visit_id")}})
        changed = {k: v for k, v in changes.items() if old[k] != v}
        fields = dict(changed)
        if submitters is not None:
            people = _clean_submitters(db, submitters)
            db.execute("DELETE FROM suggestion_submitters WHERE suggestion_id = ?", [suggestion_id])
            db.conn.executemany(
                "INSERT INTO suggestion_submitters(suggestion_id, deputy_id, is_lead) VALUES (?, ?, ?)",
                [(suggestion_id, d, lead) for d, lead in people])
            changed["submitters"] = [d for d, _ in people]
        if changed:
            records.update(db, "suggestions", suggestion_id, fields, action="修改意见建议", entity="suggestion",
                           detail={"title": merged["title"], "changed": sorted(changed)})
        return {k: old[k] for k in changed if k in old}


@writes
def delete_suggestion(db: sqlite_utils.Database, suggestion_id: int) -> None:
    """Soft delete: hidden from lists and statistics, restorable."""
    with transaction.write(db):
        old = _raw(db, suggestion_id)
        records.soft_delete(db, "suggestions", suggestion_id, action="删除意见建议", entity="suggestion",
                            detail={"title": old["title"]})


@writes
def restore_suggestion(db: sqlite_utils.Database, suggestion_id: int) -> None:
    with transaction.write(db):
        old = _raw(db, suggestion_id)
        records.restore(db, "suggestions", suggestion_id, action="恢复意见建议", entity="suggestion",
                        detail={"title": old["title"]})


def _raw(db: sqlite_utils.Database, suggestion_id: int) -> dict:
    row = next(db.query("SELECT * FROM suggestions WHERE id = ?", [suggestion_id]), None)
    if row is None:
        raise UserError(f"找不到编号为 {suggestion_id} 的意见建议。")
    return row


_SELECT = (
    "SELECT s.*, f.name AS field_name, u.name AS unit_name, "
    "(SELECT GROUP_CONCAT(d.name, '、') FROM suggestion_submitters ss JOIN deputies d ON d.id = ss.deputy_id "
    "  WHERE ss.suggestion_id = s.id) AS submitter_names "
    "FROM suggestions s LEFT JOIN suggestion_fields f ON f.id = s.field_id "
    "LEFT JOIN handling_units u ON u.id = s.main_unit_id "
)


def get_suggestion(db: sqlite_utils.Database, suggestion_id: int, *, today: dt.date | None = None) -> dict:
    """One suggestion with names, submitters, co_units, events (timeline) and its due flag."""
    row = next(db.query(_SELECT + "WHERE s.id = ?", [suggestion_id]), None)
    if row is None:
        raise UserError(f"找不到编号为 {suggestion_id} 的意见建议。")
    row["submitters"] = list(db.query(
        "SELECT ss.deputy_id, d.name, ss.is_lead FROM suggestion_submitters ss JOIN deputies d ON d.id = ss.deputy_id "
        "WHERE ss.suggestion_id = ? ORDER BY ss.is_lead DESC, d.id", [suggestion_id]))
    row["co_units"] = list(db.query(
        "SELECT u.id, u.name FROM suggestion_co_units c JOIN handling_units u ON u.id = c.unit_id "
        "WHERE c.suggestion_id = ? ORDER BY u.id", [suggestion_id]))
    row["events"] = timeline(db, suggestion_id)
    _flag_rows(db, [row], today or dt.date.today())
    return row


def timeline(db: sqlite_utils.Database, suggestion_id: int) -> list[dict]:
    """Every dated step, oldest first, with the unit's name."""
    return list(db.query(
        "SELECT e.*, u.name AS unit_name FROM suggestion_events e LEFT JOIN handling_units u ON u.id = e.unit_id "
        "WHERE e.suggestion_id = ? ORDER BY e.date, e.id", [suggestion_id]))


def _flag_rows(db: sqlite_utils.Database, rows: list[dict], today: dt.date) -> None:
    """Set ``flag`` ('overdue' / 'due_soon' / None) and ``deadline_provisional`` (暂定) from the stored deadline."""
    table = holiday_table(db)
    flag = rules.due_flagger(today, table)
    for row in rows:
        row["flag"] = flag(row.get("deadline"))
        row["deadline_provisional"] = rules.is_provisional(row.get("deadline"), table)


def _search_clause(db: sqlite_utils.Database, text: str) -> tuple[list[str], list]:
    """WHERE parts for a text search: FTS5 for words of 3+ characters, LIKE for shorter ones."""
    has_fts = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'suggestions_fts'").fetchone() is not None
    where, params, fts_terms = [], [], []
    for term in normalize_text(text).split():
        if has_fts and len(term) >= 3:
            fts_terms.append('"' + term.replace('"', '""') + '"')
        else:
            pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where.append("(s.title LIKE ? ESCAPE '\\' OR s.content LIKE ? ESCAPE '\\')")
            params += [pattern, pattern]
    if fts_terms:
        where.insert(0, "s.id IN (SELECT rowid FROM suggestions_fts WHERE suggestions_fts MATCH ?)")
        params.insert(0, " AND ".join(fts_terms))
    return where, params


def _filters(db, *, text, states, source, field_id, level, unit_id, start, end, deputy_id, flag, today,
             include_deleted) -> tuple[list[str], list]:
    where, params = [], []
    if not include_deleted:
        where.append("s.deleted_at IS NULL")
    if states:
        states = [states] if isinstance(states, str) else list(states)
        where.append(f"s.state IN ({', '.join('?' for _ in states)})")
        params += states
    for clause, value in (("s.source = ?", source), ("s.field_id = ?", field_id), ("s.level = ?", level),
                          ("s.date >= ?", start), ("s.date <= ?", end)):
        if value is not None:
            where.append(clause)
            params.append(value)
    if unit_id is not None:
        where.append("(s.main_unit_id = ? OR s.id IN (SELECT suggestion_id FROM suggestion_co_units WHERE unit_id = ?))")
        params += [unit_id, unit_id]
    if deputy_id is not None:
        where.append("s.id IN (SELECT suggestion_id FROM suggestion_submitters WHERE deputy_id = ?)")
        params.append(deputy_id)
    if flag is not None:
        today = today or dt.date.today()
        if flag == "overdue":
            where.append("s.deadline < ?")
            params.append(today.isoformat())
        elif flag == "due_soon":
            where.append("s.deadline BETWEEN ? AND ?")
            params += [today.isoformat(), rules.due_soon_limit(today, holiday_table(db)).isoformat()]
        else:
            raise ValueError(flag)
    if text and text.strip():
        more, more_params = _search_clause(db, text)
        where += more
        params += more_params
    return where, params


# Columns a list may be ordered by (the page's header clicks); NULLs go last either way, ties by id.
SORT_COLUMNS = {"id": "s.id", "title": "s.title", "source": "s.source", "date": "s.date", "field": "f.sort_order",
                "level": "s.level", "state": "s.state", "unit": "u.name", "deadline": "s.deadline",
                "location": "s.location", "result_class": "s.result_class", "evaluation": "s.evaluation"}


def _order_clause(order: str) -> str:
    """'date' (newest first), 'deadline' (most urgent first), or '<column>' / '<column> desc' of SORT_COLUMNS."""
    if order == "date":
        return "s.date DESC, s.id DESC"
    if order == "deadline":
        return "s.deadline, s.id"
    key, _, direction = order.partition(" ")
    if key not in SORT_COLUMNS or direction not in ("", "asc", "desc"):
        raise ValueError(f"unknown suggestion order {order!r}")
    column, desc = SORT_COLUMNS[key], " DESC" if direction == "desc" else ""
    return f"{column} IS NULL, {column}{desc}, s.id{desc}"


def list_suggestions(db: sqlite_utils.Database, *, text: str | None = None, states: str | Sequence[str] | None = None,
                     source: str | None = None, field_id: int | None = None, level: str | None = None,
                     unit_id: int | None = None, start: str | None = None, end: str | None = None,
                     deputy_id: int | None = None, flag: str | None = None, today: dt.date | None = None,
                     include_deleted: bool = False, limit: int | None = None, offset: int = 0,
                     order: str = "date") -> list[dict]:
    """Suggestions matching every given filter, newest first (``order='deadline'``: most urgent first;
    any '<column>' or '<column> desc' of SORT_COLUMNS for a header click).

    ``text`` searches title and content (every word must occur); ``flag`` is 'overdue' or 'due_soon'.
    Rows carry field_name, unit_name, submitter_names and flag.
    """
    where, params = _filters(db, text=text, states=states, source=source, field_id=field_id, level=level,
                             unit_id=unit_id, start=start, end=end, deputy_id=deputy_id, flag=flag, today=today,
                             include_deleted=include_deleted)
    sql = _SELECT + ("WHERE " + " AND ".join(where) + " " if where else "")
    sql += "ORDER BY " + _order_clause(order)
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [int(limit), int(offset)]
    rows = list(db.query(sql, params))
    _flag_rows(db, rows, today or dt.date.today())
    return rows


def count_suggestions(db: sqlite_utils.Database, *, text: str | None = None, states=None, source=None,
                      field_id=None, level=None, unit_id=None, start=None, end=None, deputy_id=None, flag=None,
                      today: dt.date | None = None, include_deleted: bool = False) -> int:
    where, params = _filters(db, text=text, states=states, source=source, field_id=field_id, level=level,
                             unit_id=unit_id, start=start, end=end, deputy_id=deputy_id, flag=flag, today=today,
                             include_deleted=include_deleted)
    sql = "SELECT COUNT(*) FROM suggestions s" + (" WHERE " + " AND ".join(where) if where else "")
    return db.execute(sql, params).fetchone()[0]


def search(db: sqlite_utils.Database, text: str, *, limit: int = 200) -> list[dict]:
    """Suggestions whose title or content contains every word of ``text``, newest first."""
    if not (text or "").strip():
        return []
    return list_suggestions(db, text=text, limit=limit)


# --- the workflow --------------------------------------------------------------------------------

def _last_event_date(db: sqlite_utils.Database, suggestion_id: int) -> str:
    return db.execute("SELECT MAX(date) FROM suggestion_events WHERE suggestion_id = ?", [suggestion_id]).fetchone()[0]


@writes
def _apply(db: sqlite_utils.Database, suggestion_id: int, action: str, on: Any = None, *, note: str | None = None,
           level: str | None = None, field_id: int | None = None, unit_id: int | None = None,
           co_unit_ids: Iterable[int] = (), reply_text: str | None = None, result_class: str | None = None,
           evaluation: str | None = None, reason: str | None = None) -> dict:
    day = _iso(on or dt.date.today(), "办理日期")
    with transaction.write(db):
        old = _raw(db, suggestion_id)
        if old["deleted_at"]:
            raise UserError(f"意见建议“{old['title']}”已被删除，请先恢复。")
        try:
            step = rules.plan(old["state"], action, level=level, unit_id=unit_id, reply_text=reply_text,
                              result_class=result_class, evaluation=evaluation, reason=reason)
        except rules.SuggestionRuleError as err:
            raise InputError(f"意见建议“{old['title']}”：{err}") from None
        try:
            rules.check_step_day(step, day, _last_event_date(db, suggestion_id), dt.date.today())
        except rules.SuggestionRuleError as err:
            raise InputError(f"意见建议“{old['title']}”：{err}") from None
        if action == "classify" and field_id not in (None, ""):
            field_id = _record_id(field_id, "领域")
            if not db.execute("SELECT 1 FROM suggestion_fields WHERE id = ?", [field_id]).fetchone():
                raise InputError(f"意见建议“{old['title']}”：领域编号 {field_id} 不存在。")
        else:
            field_id = None
        if action == "assign":
            unit_id = _record_id(unit_id, "主办单位")
            _check_unit(db, unit_id)
            co_unit_ids = {_record_id(u, "协办单位") for u in co_unit_ids if u not in (None, "")} - {unit_id}
            for unit in sorted(co_unit_ids):
                _check_unit(db, unit)
        planned = rules.plan_step(step, old, dt.date.fromisoformat(day), holiday_table(db), deadline_days(db),
                                  note=note, level=level, field_id=field_id, unit_id=unit_id,
                                  co_unit_ids=co_unit_ids, reply_text=reply_text, result_class=result_class,
                                  evaluation=evaluation, reason=reason)
        sets, event_unit, event_note = dict(planned.changes), planned.event_unit, planned.event_note
        if planned.co_units is not None:
            db.execute("DELETE FROM suggestion_co_units WHERE suggestion_id = ?", [suggestion_id])
            db.conn.executemany("INSERT INTO suggestion_co_units(suggestion_id, unit_id) VALUES (?, ?)",
                                [(suggestion_id, u) for u in planned.co_units])
        event_id = db.execute(
            "INSERT INTO suggestion_events(suggestion_id, action, from_state, to_state, date, unit_id, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [suggestion_id, step.label, old["state"], step.to_state, day, event_unit, event_note]).lastrowid
        records.update(db, "suggestions", suggestion_id, sets, action=f"意见建议{step.label}", entity="suggestion",
                       detail={"title": old["title"], "from": old["state"], "to": step.to_state, "date": day,
                               "unit_id": event_unit, "note": event_note})
    return {"id": suggestion_id, "state": step.to_state, "deadline": sets["deadline"],
            "warning": planned.deadline.warning if planned.deadline else None, "event_id": event_id}


# The row's columns a workflow step may change; a snapshot of them (and the co-units) lets undo put them back.
WORKFLOW_COLUMNS = ("state", "deadline", "handling_deadline", "level", "field_id", "main_unit_id", "classified_at",
                    "assigned_at", "replied_at", "reply_text", "result_class", "evaluation", "evaluated_at",
                    "reopen_count")


def snapshot(db: sqlite_utils.Database, suggestion_id: int) -> dict:
    """The workflow fields and co-units of one suggestion, taken before a step so ``revert_step`` can restore them."""
    row = _raw(db, suggestion_id)
    co = [r[0] for r in db.execute(
        "SELECT unit_id FROM suggestion_co_units WHERE suggestion_id = ? ORDER BY unit_id", [suggestion_id])]
    return {**{k: row[k] for k in WORKFLOW_COLUMNS}, "co_unit_ids": co}


@writes
def revert_step(db: sqlite_utils.Database, suggestion_id: int, before: Mapping, event_id: int) -> None:
    """Take back one recorded step (undo): the row's workflow fields and co-units as in ``before`` (a
    ``snapshot`` taken just before the step) and the step's event removed; audited as 撤销.

    Refused with a UserError, nothing changed, when the step is gone, the suggestion was deleted, or a later
    step has been recorded since (that one has to be taken back first, or the timeline would lie).
    """
    with transaction.write(db):
        row = _raw(db, suggestion_id)
        event = next(db.query("SELECT * FROM suggestion_events WHERE id = ? AND suggestion_id = ?",
                              [event_id, suggestion_id]), None)
        if event is None:
            raise UserError(f"意见建议“{row['title']}”的这一办理步骤已不存在，无法撤销。")
        if row["deleted_at"]:
            raise UserError(f"意见建议“{row['title']}”已被删除，无法撤销其{event['action']}，请先恢复。")
        later = next(db.query("SELECT action, date FROM suggestion_events WHERE suggestion_id = ? AND id > ? "
                              "ORDER BY id DESC LIMIT 1", [suggestion_id, event_id]), None)
        if later is not None or row["state"] != event["to_state"]:
            what = f"“{later['action']}”（{later['date']}）" if later else f"状态已变为“{row['state']}”"
            raise UserError(f"意见建议“{row['title']}”在{event['action']}之后又记录了{what}，"
                            f"不能再撤销{event['action']}。如确需更正，请在办理过程中据实补记。")
        db.execute("DELETE FROM suggestion_co_units WHERE suggestion_id = ?", [suggestion_id])
        db.conn.executemany("INSERT INTO suggestion_co_units(suggestion_id, unit_id) VALUES (?, ?)",
                            [(suggestion_id, u) for u in before["co_unit_ids"]])
        db.execute("DELETE FROM suggestion_events WHERE id = ?", [event_id])
        records.update(db, "suggestions", suggestion_id, {k: before[k] for k in WORKFLOW_COLUMNS},
                       action=f"撤销意见建议{event['action']}", entity="suggestion",
                       detail={"title": row["title"], "from": event["to_state"], "to": before["state"],
                               "date": event["date"], "note": event["note"]})


@writes
def classify(db: sqlite_utils.Database, suggestion_id: int, level: str, *, field_id: int | None = None,
             on: Any = None, note: str | None = None) -> dict:
    """收集 → 分类 at one of the three levels; the 交办 deadline starts."""
    return _apply(db, suggestion_id, "classify", on, level=level, field_id=field_id, note=note)


@writes
def assign(db: sqlite_utils.Database, suggestion_id: int, unit_id: int, *, co_unit_ids: Iterable[int] = (),
           on: Any = None, note: str | None = None) -> dict:
    """分类 → 交办 to a main unit (and co-units); the handling deadline starts."""
    return _apply(db, suggestion_id, "assign", on, unit_id=unit_id, co_unit_ids=co_unit_ids, note=note)


@writes
def start_handling(db: sqlite_utils.Database, suggestion_id: int, *, on: Any = None, note: str | None = None) -> dict:
    """交办 → 办理: the unit has taken it up."""
    return _apply(db, suggestion_id, "start", on, note=note)


@writes
def reply(db: sqlite_utils.Database, suggestion_id: int, text: str, result_class: str, *, on: Any = None,
          note: str | None = None) -> dict:
    """交办/办理 → 答复 with the reply text and the result class A/B/C/D."""
    return _apply(db, suggestion_id, "reply", on, reply_text=text, result_class=result_class, note=note)


@writes
def evaluate(db: sqlite_utils.Database, suggestion_id: int, evaluation: str, *, on: Any = None,
             note: str | None = None) -> dict:
    """答复 → 评价 (满意/基本满意), or back to 办理 (重新办理) when 不满意."""
    return _apply(db, suggestion_id, "evaluate", on, evaluation=evaluation, note=note)


@writes
def return_to_classify(db: sqlite_utils.Database, suggestion_id: int, reason: str, *, on: Any = None) -> dict:
    """退办: the unit hands a wrongly assigned item back (交办/办理 → 分类) with a reason."""
    return _apply(db, suggestion_id, "return", on, reason=reason)


@writes
def bulk_assign(db: sqlite_utils.Database, suggestion_ids: Iterable[int], unit_id: int, *,
                co_unit_ids: Iterable[int] = (), on: Any = None) -> list[dict]:
    """Assign many to one unit: all or none (the first refusal names the item, nothing is changed)."""
    co = list(co_unit_ids)
    with transaction.write(db):
        return [assign(db, i, unit_id, co_unit_ids=co, on=on) for i in suggestion_ids]


@writes
def bulk_reply(db: sqlite_utils.Database, suggestion_ids: Iterable[int], template: str, result_class: str, *,
               on: Any = None) -> list[dict]:
    """Answer several with one reply template ('{标题}' becomes each title): all or none."""
    with transaction.write(db):
        results = []
        for suggestion_id in suggestion_ids:
            title = _raw(db, suggestion_id)["title"]
            results.append(reply(db, suggestion_id, (template or "").replace(REPLY_TITLE_PLACEHOLDER, title),
                                 result_class, on=on))
        return results


@writes
def visit_to_suggestion(db: sqlite_utils.Database, visit_id: int, *, title: str | None = None,
                        field_id: int | None = None) -> dict:
    """Turn a voter's visit into a suggestion (选民意见) in one step; the visit keeps the link."""
    with transaction.write(db):
        visit = next(db.query("SELECT * FROM reception_visits WHERE id = ?", [visit_id]), None)
        if visit is None:
            raise UserError(f"找不到编号为 {visit_id} 的来访登记。")
        if visit["suggestion_id"] is not None:
            raise InputError(f"该来访事项已转为意见建议（编号 {visit['suggestion_id']}）。")
        matter = visit["matter"]
        submitters = [r[0] for r in db.execute(
            "SELECT deputy_id FROM activity_attendance WHERE activity_id = ? AND status = '出席' ORDER BY deputy_id",
            [visit["activity_id"]])] if visit["activity_id"] else []
        result = create_suggestion(db, {
            "title": title or (matter if len(matter) <= 30 else matter[:30] + "…"), "content": matter,
            "source": "选民意见", "date": visit["date"], "field_id": field_id, "voter_name": visit["voter_name"],
            "voter_contact": visit["contact"], "activity_id": visit["activity_id"], "visit_id": visit_id,
        }, submitters)
    return result
