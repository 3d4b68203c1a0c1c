"""述职: a deputy reports to the voters, who vote 满意/基本满意/不满意; validated add, edit, soft delete, list."""

from __future__ import annotations

from typing import Any, Mapping

import sqlite_utils

from ..domain import archive_records
from ..domain.archive_records import (  # noqa: F401  (COUNT_LABELS, EVALUATIONS: the dialog's lists)
    COUNT_LABELS, REPORT_BACK_EVALUATIONS as EVALUATIONS, REPORT_BACK_FIELDS as FIELDS,
)
from ..errors import InputError, UserError
from . import audit, records
from .archive_common import check_deputy, year_bounds
from . import transaction
from .field_errors import as_input_errors
from .writes import writes



def overall_evaluation(satisfied: int | None, basically: int | None, unsatisfied: int | None) -> str | None:
    """The usual 测评 rule: 满意 when 满意 votes are more than half; 基本满意 when 满意 and 基本满意 together
    are; otherwise 不满意. None when no votes were counted."""
    s, b, u = satisfied or 0, basically or 0, unsatisfied or 0
    total = s + b + u
    if total == 0:
        return None
    if 2 * s > total:
        return "满意"
    if 2 * (s + b) > total:
        return "基本满意"
    return "不满意"


def satisfaction_rate(row: Mapping) -> float | None:
    """(满意 + 基本满意) / votes counted, as a fraction; None without votes."""
    s, b, u = (row.get("satisfied") or 0), (row.get("basically_satisfied") or 0), (row.get("unsatisfied") or 0)
    total = s + b + u
    return (s + b) / total if total else None


def _clean(values: Mapping) -> dict:
    with as_input_errors():
        return archive_records.clean_report_back(values)


def _check(db: sqlite_utils.Database, row: Mapping) -> None:
    """Cross-field rules on the merged row: votes not more than voters present, a real activity."""
    with as_input_errors():
        archive_records.check_report_back_votes(row)
    if row.get("activity_id") is not None:
        found = db.execute("SELECT deleted_at FROM activities WHERE id = ?", [row["activity_id"]]).fetchone()
        if found is None or found[0]:
            raise InputError("所关联的活动不存在或已被删除。")


@writes
def add_report_back(db: sqlite_utils.Database, deputy_id: int, date: Any, *, activity_id: int | None = None,
                    place: str | None = None, voters_present: Any = None, satisfied: Any = None,
                    basically_satisfied: Any = None, unsatisfied: Any = None, evaluation: str | None = None,
                    note: str | None = None) -> int:
    """Record one 述职 with its vote counts; the overall evaluation follows from the counts unless given."""
    row = _clean({"deputy_id": deputy_id, "date": date, "activity_id": activity_id, "place": place,
                  "voters_present": voters_present, "satisfied": satisfied,
                  "basically_satisfied": basically_satisfied, "unsatisfied": unsatisfied,
                  "evaluation": evaluation, "note": note})
    if row["evaluation"] is None:
        row["evaluation"] = overall_evaluation(row["satisfied"], row["basically_satisfied"], row["unsatisfied"])
    with transaction.write(db):
        name = check_deputy(db, deputy_id)
        _check(db, row)
        report_id = db.execute(
            f"INSERT INTO report_backs({', '.join(FIELDS)}) VALUES ({', '.join('?' for _ in FIELDS)})",
            [row[k] for k in FIELDS]).lastrowid
        audit.append(db, "登记述职", entity="deputy", entity_id=deputy_id,
                     detail={"report_back_id": report_id, "name": name, "date": row["date"],
                             "evaluation": row["evaluation"]})
    return report_id


def get_report_back(db: sqlite_utils.Database, report_id: int) -> dict:
    row = next(db.query("SELECT r.*, d.name AS deputy_name FROM report_backs r JOIN deputies d ON d.id = r.deputy_id "
                        "WHERE r.id = ?", [report_id]), None)
    if row is None:
        raise UserError(f"找不到编号为 {report_id} 的述职记录。")
    return row


@writes
def update_report_back(db: sqlite_utils.Database, report_id: int, changes: Mapping) -> dict:
    """Change fields; returns the old values of what changed. When counts change and no evaluation is
    given, the evaluation is recomputed from the new counts."""
    changes = _clean(changes)
    with transaction.write(db):
        old = get_report_back(db, report_id)
        merged = {**{k: old[k] for k in FIELDS}, **changes}
        counts_changed = any(k in changes for k in ("satisfied", "basically_satisfied", "unsatisfied"))
        if counts_changed and "evaluation" not in changes:
            merged["evaluation"] = overall_evaluation(merged["satisfied"], merged["basically_satisfied"],
                                                      merged["unsatisfied"])
        changed = {k: merged[k] for k in FIELDS if merged[k] != old[k]}
        if not changed:
            return {}
        if "deputy_id" in changed:
            check_deputy(db, changed["deputy_id"])
        _check(db, merged)
        records.update(db, "report_backs", report_id, changed, action="修改述职记录", entity="deputy", entity_id=old["deputy_id"],
                       detail={"report_back_id": report_id, "changes": {k: [old[k], v] for k, v in changed.items()}})
        return {k: old[k] for k in changed}


@writes
def delete_report_back(db: sqlite_utils.Database, report_id: int) -> None:
    """Soft delete: the row stays and can be restored."""
    with transaction.write(db):
        old = get_report_back(db, report_id)
        records.soft_delete(db, "report_backs", report_id, action="删除述职记录", entity="deputy", entity_id=old["deputy_id"],
                     detail={"report_back_id": report_id, "date": old["date"]})


@writes
def restore_report_back(db: sqlite_utils.Database, report_id: int) -> None:
    with transaction.write(db):
        old = get_report_back(db, report_id)
        records.restore(db, "report_backs", report_id, action="恢复述职记录", entity="deputy", entity_id=old["deputy_id"],
                     detail={"report_back_id": report_id})


def list_report_backs(db: sqlite_utils.Database, deputy_id: int | None = None, *, year: int | None = None,
                      start: str | None = None, end: str | None = None) -> list[dict]:
    """Live 述职 records, oldest first, with ``deputy_name`` and ``rate`` (满意率 as a fraction or None)."""
    where, params = ["r.deleted_at IS NULL"], []
    if year is not None:
        start, end = year_bounds(year)
    for clause, value in (("r.deputy_id = ?", deputy_id), ("r.date >= ?", start), ("r.date <= ?", end)):
        if value is not None:
            where.append(clause)
            params.append(value)
    rows = list(db.query(
        "SELECT r.*, d.name AS deputy_name FROM report_backs r JOIN deputies d ON d.id = r.deputy_id "
        f"WHERE {' AND '.join(where)} ORDER BY r.date, r.id", params))
    for row in rows:
        row["rate"] = satisfaction_rate(row)
    return rows
