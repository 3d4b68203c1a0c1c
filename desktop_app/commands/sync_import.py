"""``sync-import FILE.zip [--dry-run] [--accept-new-key] [--json]``: verify a county exchange package, preview,
then import.

An unsigned, damaged or altered package is refused before anything is read (exit 2), and so is another
township's package, one signed by a key this database does not trust and one older than the newest package
imported here. Records changed here after the package's export are kept and listed as skipped.
``--dry-run`` never writes.
"""

from __future__ import annotations

import json
from pathlib import Path

from .database_access import opened


def add_arguments(parser) -> None:
    parser.add_argument("file", type=Path, help="数据交换包（.zip），由“数据交换”导出")
    parser.add_argument("--dry-run", action="store_true", help="只校验并预览，不写入数据库")
    parser.add_argument("--accept-new-key", action="store_true",
                        help="接受本乡镇更换后的签名密钥（例如换电脑且未恢复备份后导出的包；请先核对指纹）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出预览（每表新增、修改、不变及问题）")


def _report(plan) -> dict:
    return {
        "township": plan.package.township, "period": list(plan.package.period), "counts": plan.counts,
        "information_only": plan.information, "problems": plan.problems, "skipped": plan.skipped,
        "notes": plan.notes,
        "changes": {t: [{"uid": r.uid, "label": r.label, "fields": [list(c) for c in r.changes]}
                        for r in plan.of(t, "change")] for t in plan.rows},
        "adds": {t: [{"uid": r.uid, "label": r.label} for r in plan.of(t, "add")] for t in plan.rows},
    }


def run(args) -> int:
    from ..exchange.importer import apply_import, preview_import
    from ..exchange.package import read_package

    package = read_package(args.file)
    with opened(args, writes=not args.dry_run) as db:
        plan = preview_import(db, package, accept_new_key=args.accept_new_key)
        report = _report(plan)
        if args.dry_run:
            report["applied"] = False
        else:
            # Even with nothing to write the package is recorded as applied: an older one is refused after it.
            result = apply_import(db, plan)
            report.update(applied=plan.has_work, backup=result["backup"])
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        return 0
    print(f"数据交换包：{package.township}，期间 {package.period[0]} 至 {package.period[1]}，校验通过。")
    print(plan.summary())
    for line in plan.problems:
        print(f"问题：{line}")
    for line in plan.skipped:
        print(f"跳过：{line}")
    for table in plan.rows:
        for row in plan.of(table, "change"):
            fields = "；".join(f"{name}：{old or '（空）'} → {new or '（空）'}" for name, old, new in row.changes)
            print(f"修改 {row.label}：{fields}")
    if args.dry_run:
        print("预览完成（--dry-run），没有写入数据库。")
    elif not plan.has_work:
        print("数据库中已有这些数据，没有需要导入的内容。")
    else:
        print(f"已导入。导入前的备份：{report['backup']}")
    return 0
