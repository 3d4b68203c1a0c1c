"""意见建议 statistics for a period: counts by source, field, level, state; 办结率, 按期办结率, 满意率, classes, units.

Definitions (the clerk sees them under the table):
办结 = answered (state 答复 or 评价); 办结率 = 办结 / total; 按期办结 = answered on or before the handling
deadline; 按期办结率 = 按期办结 / 办结; 满意率 and 基本满意率 = share of the evaluated ones (latest evaluation,
不满意 included); class shares = share of the 办结 ones.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from ..domain.suggestions import EVALUATIONS, LEVELS, RESULT_CLASSES, SOURCES, STATES, rate

_DONE = "s.state IN ('答复', '评价')"
_ON_TIME = f"{_DONE} AND s.replied_at <= s.handling_deadline"


def _counts(db: sqlite_utils.Database, expr: str, where: str, params: list) -> dict[Any, int]:
    return {k: n for k, n in db.execute(
        f"SELECT {expr}, COUNT(*) FROM suggestions s {where} GROUP BY 1", params)}


def statistics(db: sqlite_utils.Database, start: str, end: str) -> dict:
    """Every figure of the county's annual table for suggestions dated in [start, end] (deleted ones left out)."""
    where = "WHERE s.deleted_at IS NULL AND s.date BETWEEN ? AND ?"
    params = [start, end]
    total, done, on_time, evaluated = db.execute(
        f"SELECT COUNT(*), SUM({_DONE}), SUM({_ON_TIME}), SUM(s.evaluation IS NOT NULL) FROM suggestions s {where}",
        params).fetchone()
    done, on_time, evaluated = done or 0, on_time or 0, evaluated or 0
    by_source = {k: 0 for k in SOURCES} | _counts(db, "s.source", where, params)
    by_level = {k: 0 for k in LEVELS} | {k or "未分类": n for k, n in _counts(db, "s.level", where, params).items()}
    by_state = {k: 0 for k in STATES} | _counts(db, "s.state", where, params)
    fields = {f: n for f, n in db.execute(
        f"SELECT COALESCE(f.name, '未填写'), COUNT(*) FROM suggestions s LEFT JOIN suggestion_fields f "
        f"ON f.id = s.field_id {where} GROUP BY 1 ORDER BY MIN(COALESCE(f.sort_order, 1e9))", params)}
    evaluations = {k: 0 for k in EVALUATIONS} | _counts(db, "s.evaluation", where + " AND s.evaluation IS NOT NULL",
                                                        params)
    classes = {k: 0 for k in RESULT_CLASSES} | _counts(db, "s.result_class", where + f" AND {_DONE}", params)
    return {
        "start": start, "end": end, "total": total, "done": done, "on_time": on_time, "evaluated": evaluated,
        "by_source": by_source, "by_field": fields, "by_level": by_level, "by_state": by_state,
        "evaluations": evaluations,
        "done_rate": rate(done, total), "on_time_rate": rate(on_time, done),
        "satisfied_rate": rate(evaluations["满意"], evaluated),
        "basically_satisfied_rate": rate(evaluations["基本满意"], evaluated),
        "classes": classes, "class_shares": {k: rate(n, done) for k, n in classes.items()},
        "units": unit_statistics(db, start, end),
    }


def unit_statistics(db: sqlite_utils.Database, start: str, end: str) -> list[dict]:
    """Per main handling unit: assigned, answered, on time, evaluations and rates; busiest first."""
    rows = list(db.query(
        f"SELECT u.id AS unit_id, u.name AS unit_name, COUNT(*) AS assigned, SUM({_DONE}) AS done, "
        f"SUM({_ON_TIME}) AS on_time, SUM(s.evaluation = '满意') AS satisfied, "
        "SUM(s.evaluation = '基本满意') AS basically_satisfied, SUM(s.evaluation = '不满意') AS unsatisfied, "
        "SUM(s.evaluation IS NOT NULL) AS evaluated "
        "FROM suggestions s JOIN handling_units u ON u.id = s.main_unit_id "
        "WHERE s.deleted_at IS NULL AND s.date BETWEEN ? AND ? GROUP BY u.id ORDER BY assigned DESC, u.id",
        [start, end]))
    for row in rows:
        for key in ("done", "on_time", "satisfied", "basically_satisfied", "unsatisfied", "evaluated"):
            row[key] = row[key] or 0
        row["done_rate"] = rate(row["done"], row["assigned"])
        row["on_time_rate"] = rate(row["on_time"], row["done"])
        row["satisfied_rate"] = rate(row["satisfied"], row["evaluated"])
    return rows
