"""``import-tally WORKBOOK --session ID [--team 1|2] [--dry-run] [--json]``: a filled tally workbook into the session.

Every item of the workbook goes into the session's item with the same 事项编号, all or nothing, after
one 导入前 backup; the same checks as ``tally`` and the 计票 page's 导入 apply (exit 2, nothing written).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..ops.session_lookup import session_for
from ..ops.tally_workbook import import_session_workbook
from .database_access import opened


def add_arguments(parser) -> None:
    parser.add_argument("workbook", type=Path, help="填好的计票数据表（.xlsx、.xlsm、.xls 或 .ods，格式见 docs/tally-workbook.md）")
    parser.add_argument("--session", type=int, help="会议编号（默认：开始日期最晚的会议）")
    parser.add_argument("--team", type=int, choices=(1, 2), default=1,
                        help="录入组：1（默认）或 2（双人录入核对的第二组；事项未开启双人录入时自动开启）")
    parser.add_argument("--rehearsal", action="store_true", help="导入到演练事项")
    parser.add_argument("--dry-run", action="store_true", help="只检查，不写入数据库")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出导入结果")


def run(args) -> int:
    with opened(args, writes=not args.dry_run) as db:
        session = session_for(db, args.session)
        changes = import_session_workbook(db, args.workbook, session["id"], team=args.team,
                                          rehearsal=args.rehearsal, dry_run=args.dry_run)
    report = changes.value
    if args.json:
        print(json.dumps({"session": {"id": session["id"], "name": session["name"]}, **report.as_json()},
                         ensure_ascii=False, indent=2))
    else:
        print(f"会议：{session['name']}（编号 {session['id']}）")
        print("\n".join(report.lines()))
    return 0
