"""``import-roster FILE [--term N] [--term-name 第十九届] [--skip-invalid] [--errors-out FILE.xlsx] [--dry-run]
[--json]``: the roster import with its row-numbered preview.

New deputies join 届次 N (default: the current one). A database with no 届次 gets the one ``--term-name``
or the workbook's title names, created just before the rows are written. Exit status 2 (nothing written)
when any row has an error (unless ``--skip-invalid``: the valid rows are imported, the others left),
``--term N`` names no 届次, or there is no 届次 and none can be named; ``--dry-run`` never writes.
``--errors-out`` writes the refused rows with their 错误原因 in the roster layout, to correct and re-import.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..ops import roster_import as roster_ops
from .database_access import opened


def add_arguments(parser) -> None:
    parser.add_argument("file", type=Path, help="代表名册（.xlsx、.xlsm、.xls、.ods 或 .csv），格式见 docs/roster-layout.md")
    parser.add_argument("--term", type=int, metavar="N",
                        help="新增代表归入第 N 届（届次序号，如 19）；默认当前届次")
    parser.add_argument("--term-name", metavar="名称",
                        help="数据库还没有届次时新建的届次，如 第十九届（不给则从名册标题识别）")
    parser.add_argument("--skip-invalid", action="store_true",
                        help="有错误的行不导入，其余各行照常导入（默认：有任何错误行就全部不导入）")
    parser.add_argument("--errors-out", type=Path, metavar="FILE.xlsx",
                        help="把有错误的行按名册模板的格式另存，末列为“错误原因”，改正后可直接再导入")
    parser.add_argument("--dry-run", action="store_true", help="只预览，不写入数据库")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出预览（每行的值、动作和问题）")


def preview_lines(preview: roster_ops.ImportPreview) -> list[str]:
    """The preview as the clerk reads it: summary, then every warning and problem by row number."""
    lines = [preview.summary_text()]
    lines += list(roster_ops.problem_lines(preview))
    for row in preview.by_action("update"):
        fields = "、".join(preview.columns.get(k) or k for k in row.changes)
        lines.append(f"第 {row.row} 行 {row.values.get('name', '')}：将更新 {fields}")
    return lines


def _writable(preview: roster_ops.ImportPreview) -> bool:
    return bool(preview.by_action("insert") or preview.by_action("update"))


def run(args) -> int:
    with opened(args, writes=not args.dry_run) as db:
        # A 届次 to create waits until the rows are known to be good: a refused import writes nothing.
        term = roster_ops.resolve_term(db, args.file, number=args.term, name=args.term_name, dry_run=True)
        preview = roster_ops.preview(db, args.file, term_id=term.value)
        status = 0
        proceed = not preview.has_errors or (args.skip_invalid and _writable(preview))
        if proceed and not args.dry_run and term.value is None:
            term = roster_ops.resolve_term(db, args.file, number=args.term, name=args.term_name)
            preview = roster_ops.preview(db, args.file, term_id=term.value)
        report = preview.to_dict()
        report["term"] = term.message
        errors_out = None
        if args.errors_out and preview.has_errors:
            errors_out = roster_ops.write_refused(preview, args.errors_out)
            report["errors_out"] = str(errors_out.value)
        if preview.has_errors and not (args.skip_invalid and _writable(preview)):
            report["applied"] = False
            status = 2
        elif args.dry_run:
            report["applied"] = False
        else:
            result = roster_ops.apply(db, preview, skip_errors=args.skip_invalid).value
            report.update(applied=True, inserted=len(result.inserted_ids), updated=len(result.updated),
                          skipped=len(preview.error_rows))
        if args.json:
            print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        else:
            print(term.message)
            print("\n".join(preview_lines(preview)))
            if errors_out is not None:
                print(errors_out.message)
            if status == 2:
                print(f"有 {len(preview.error_rows)} 行存在错误，没有导入任何数据。请修改 Excel 文件后重新导入，"
                      "或用 --skip-invalid 只导入没有错误的行。")
            elif args.dry_run:
                print("预览完成（--dry-run），没有写入数据库。")
            else:
                skipped = f"；跳过有错误的 {report['skipped']} 行" if report["skipped"] else ""
                print(f"已导入：新增 {report['inserted']} 人，更新 {report['updated']} 人{skipped}。")
        return status
