"""``check``: integrity, foreign keys, data version, audit chain and its head, sealed results; exit 1 on a problem.

Data to complete (deputies without a 届次) is listed under 数据提示 without changing the exit status.
"""

from __future__ import annotations

import json

from ..cli import db_path
from ..db.check import MEDIUM, check_report, data_notices


def add_arguments(parser) -> None:
    parser.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")


def _text_report(path, results, notices) -> str:
    lines = [f"检查数据库：{path}"]
    for result in results:
        if result.skipped:
            lines.append(f"  {result.title}：未能检查")
        elif result.ok:
            lines.append(f"  {result.title}：正常" + ("（有提示）" if result.warnings else ""))
        else:
            lines.append(f"  {result.title}：发现问题")
            lines += [f"    - {p.message}" for p in result.errors]
        lines += [f"    - 提示：{p.message}" for p in result.warnings]
    if notices:
        lines.append("  数据提示：")
        lines += [f"    - {notice}" for notice in notices]
    problems = sum(len(r.errors) for r in results)
    medium_only = problems and all(p.check == MEDIUM for r in results for p in r.errors)
    if medium_only:
        lines.append("数据库文件本身检查正常，问题在于存储位置（只读或已满）；不需要从备份恢复。")
    elif problems:
        lines.append(f"共发现 {problems} 个问题。请不要继续在此数据库上录入，先用“恢复”从最近的备份恢复，"
                     "或联系技术人员。")
    else:
        lines.append("全部检查通过。")
    return "\n".join(lines)


def run(args) -> int:
    path = db_path(args)
    results = check_report(path)
    ok = all(r.ok for r in results)
    notices = data_notices(path)
    if args.json:
        print(json.dumps({"database": str(path), "ok": ok, "checks": [r.to_dict() for r in results],
                          "notices": notices}, ensure_ascii=False, indent=2))
    else:
        print(_text_report(path, results, notices))
    return 0 if ok else 1
