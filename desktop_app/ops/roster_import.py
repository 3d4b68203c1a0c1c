"""名册导入: preview a workbook, apply it after the 导入前 backup, and undo it. The page and ``import-roster`` call these."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from ..db import audit, transaction
from ..db import roster_import as store
from ..db import terms as terms_db
from ..db.auto_backup import protective_backup
from ..errors import InputError, UserError
from ..reports.excel import roster_import as sheet
from ..reports.excel.roster_export import write_refused_rows
from ..reports.excel.roster_import import ImportPreview, ImportResult, ProgressFn, problem_lines
from ..reports.excel.workbook_title import title_texts
from . import terms as terms_ops
from .changes import Area, Changes
from .file_kinds import suffix_of
from .guard import changed_elsewhere

__all__ = ["ImportPreview", "ImportResult", "apply", "preview", "problem_lines", "resolve_term", "term_in_title",
           "undo", "write_refused"]


def preview(db: sqlite_utils.Database, path: str | Path, *, term_id: int | None = None,
            progress: ProgressFn = None) -> ImportPreview:
    """Read and check the workbook against the database, row by row; writes nothing.

    New deputies join ``term_id`` (default: the current 届次)."""
    return sheet.read_preview(path, store.snapshot(db, term_id), progress=progress)


def term_in_title(path: str | Path) -> str | None:
    """The 届次 a roster's title names ("…第十八届人民代表大会代表名册" → "第十八届"), else None."""
    texts = title_texts(path)
    # A title says 代表大会 or 名册; a cell that merely mentions a term (a note) is the last resort.
    for text in sorted(texts, key=lambda t: not ("代表大会" in t or "名册" in t)):
        name = terms_ops.term_name_in(text)
        if name:
            return name
    return None


def _term_names(db: sqlite_utils.Database) -> str:
    return "、".join(f"{t['name']}（--term {t['number']}）" if t["number"] else t["name"]
                     for t in terms_db.list_terms(db))


def resolve_term(db: sqlite_utils.Database, path: str | Path, *, number: int | None = None,
                 name: str | None = None, dry_run: bool = False) -> Changes:
    """The 届次 an import's new deputies join (``value``: its id, None for a dry run that would create one).

    ``number`` picks an existing 届次 (``--term N``); without it, the current one. A database with no
    届次 gets the one ``name`` gives (``--term-name``) or the workbook's title names, created here and
    said in ``message``; with neither, InputError naming ``--term-name`` (nothing written).
    """
    if number is not None:
        term = terms_ops.term_by_number(db, number)
        if term is None:
            known = _term_names(db)
            raise InputError(f"没有第 {number} 届的届次（--term {number}）。"
                             + (f"已有的届次：{known}。" if known else "数据库中还没有届次，请用 --term-name 新建。"))
        return Changes(Area.NONE, (term["id"],), f"新增的代表归入届次“{term['name']}”。", term["id"])
    has_terms = bool(terms_db.list_terms(db))
    if name:
        term = terms_ops.term_by_name(db, name)
        if term is not None:
            return Changes(Area.NONE, (term["id"],), f"新增的代表归入届次“{term['name']}”。", term["id"])
        if has_terms:
            raise InputError(f"没有名为“{name}”的届次（--term-name）。已有的届次：{_term_names(db)}。"
                             "--term-name 只在数据库还没有届次时新建届次；已有届次时请用 --term N 选择。")
        source = "--term-name"
    elif has_terms:
        term = terms_db.current_term(db)
        return Changes(Area.NONE, (term["id"],), f"新增的代表归入当前届次“{term['name']}”。", term["id"])
    else:
        name = term_in_title(path)
        source = "名册标题"
        if not name:
            raise InputError(f"{Path(path).name}：数据库中还没有届次，名册标题中也没有写明届次（如“第十九届”）。"
                             "请用 --term-name 指定要新建的届次，例如 --term-name 第十九届。")
    if dry_run:
        return Changes(Area.NONE, (), f"数据库中还没有届次：导入时将按{source}新建届次“{name}”。", None)
    created = terms_ops.create_term(db, name)
    return Changes(Area.TERMS, created.ids,
                   f"数据库中还没有届次，已按{source}新建届次“{name}”并设为当前届次。", created.value)


def _refuse_errors(preview: ImportPreview) -> None:
    errors = preview.error_rows
    shown = "\n".join(p for r in errors[:10] for p in r.problems)
    more = f"\n……另有 {len(errors) - 10} 行有错误" if len(errors) > 10 else ""
    raise InputError(f"{preview.source}：有 {len(errors)} 行存在错误，没有导入任何数据。请修改后重新导入：\n"
                     f"{shown}{more}")


def apply(db: sqlite_utils.Database, preview: ImportPreview, *, skip_errors: bool = False,
          backup: bool = True) -> Changes:
    """Write the previewed rows in one transaction, after a verified 导入前 backup when there is something
    to write (``backup=False`` for a redo); ``value`` is the ImportResult that ``undo`` takes.

    Refuses (InputError, nothing written) while any row has an error, unless ``skip_errors``: then only
    the good rows are written.
    """
    if preview.has_errors and not skip_errors:
        _refuse_errors(preview)
    inserts = preview.by_action("insert")
    updates = preview.by_action("update")
    backup_path = None
    if backup and (inserts or updates):
        backup_path = str(protective_backup(db, "导入前").path)
    try:
        with transaction.write(db):
            districts = store.districts_by_name(db, preview.term_id)
            wanted = sorted({r.values["district"] for r in inserts + updates if r.values.get("district")} -
                            set(districts))
            created = store.create_districts(db, preview.term_id, wanted)
            districts.update(created)
            rows = [sheet.record(r.values, districts, preview.term_id) for r in inserts]
            inserted_ids = store.insert_deputies(db, rows, source=preview.source)
            written = [(r.deputy_id, sheet.update_record(r.changes, districts)) for r in updates]
            updated = [(deputy_id, store.update_deputy_fields(db, deputy_id, values)) for deputy_id, values in written]
            audit.append(db, "导入名册", entity="deputy",
                         detail={"source": preview.source, "inserted": len(inserted_ids), "updated": len(updated),
                                 "districts_created": wanted})
    except sqlite3.IntegrityError as err:
        raise UserError("导入失败：数据库在预览之后发生了变化（例如同一身份证号已被录入），"
                        "没有写入任何数据。请重新预览后再导入。") from err
    result = ImportResult(inserted_ids, updated, list(created.values()), backup=backup_path, written=written)
    return Changes(Area.DEPUTIES | Area.DISTRICTS, tuple(inserted_ids) + tuple(i for i, _ in updated),
                   result.summary_text(), result)


def _check_unchanged(db: sqlite_utils.Database, result: ImportResult) -> None:
    """Refuse the undo when a deputy the import updated no longer holds what the import wrote."""
    if not result.written:
        return
    current = {row["id"]: row for row in store.existing_deputies(db)}
    for deputy_id, values in result.written:
        row = current.get(deputy_id)
        if row is None or any(row.get(k) != v for k, v in values.items()):
            name = row["name"] if row else str(deputy_id)
            raise changed_elsewhere("代表", name, "撤销导入")


def undo(db: sqlite_utils.Database, result: ImportResult) -> Changes:
    """Revert an applied import in one transaction: old values back, new deputies and districts removed.

    Refused, nothing changed, when a deputy it updated has been changed elsewhere since.
    """
    if result.undone:
        raise UserError("这次导入已经撤销过了。")
    with transaction.write(db):
        _check_unchanged(db, result)
        for deputy_id, old in reversed(result.updated):
            store.update_deputy_fields(db, deputy_id, old)
        store.remove_imported(db, result.inserted_ids)
        store.remove_unused_districts(db, result.created_district_ids)
        audit.append(db, "撤销导入名册", entity="deputy",
                     detail={"inserted": len(result.inserted_ids), "updated": len(result.updated)})
    result.undone = True
    return Changes(Area.DEPUTIES | Area.DISTRICTS, tuple(result.inserted_ids) + tuple(i for i, _ in result.updated),
                   "已撤销这次名册导入。")


def write_refused(preview: ImportPreview, out_path: str | Path) -> Changes:
    """导出错误行 (``--errors-out``): the rows the import refuses, as read, in the roster layout with a
    错误原因 column, for the clerk to correct and import again; ``value`` is the path written."""
    suffix_of(out_path, (".xlsx",), "错误行")
    errors = preview.error_rows
    if not errors:
        raise InputError(f"{preview.source}：没有有错误的行，不需要导出错误行。")
    rows = []
    for row in errors:
        prefix = f"第 {row.row} 行"
        reasons = [p[len(prefix):] if p.startswith(prefix) else p for p in row.problems]
        rows.append((row.row, row.raw, "；".join(reasons)))
    path = write_refused_rows(out_path, rows, source=preview.source)
    return Changes(Area.NONE, (), f"已把 {len(rows)} 行有错误的数据（及错误原因）导出到 {Path(path).name}；"
                                  "改正后可直接导入该文件。", Path(path))
