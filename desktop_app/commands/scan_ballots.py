"""``scan-ballots FILE… [--session ID] [--team 1|2] [--rehearsal] [--dry-run] [--json]``: read the ballots of
scanned pages (PDF, JPEG, PNG, TIFF) and report each one, and every page that is blank, unreadable, foreign
or a duplicate (docs/ballot-layout.md). Without ``--dry-run`` the clean ballots are written as the team's and
the 待核 ones held for the scrutineers, all or nothing, after a backup (a writer, like ``import-tally``).

Exit 0 when the scan was read (and written), 1 when no ballot could be read from it, 2 for bad input.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..ops.scan_ballots import REVIEW, import_scan, scan_ballots, skipped_lines
from ..ops.session_lookup import session_for
from .database_access import opened


def add_arguments(parser) -> None:
    parser.add_argument("files", type=Path, nargs="+", metavar="FILE",
                        help="扫描文件：多页 PDF 或 JPEG、PNG、TIFF 图片（按给出的顺序从 1 起编页码）")
    parser.add_argument("--session", type=int, help="会议编号（默认：开始日期最晚的会议）")
    parser.add_argument("--team", type=int, choices=(1, 2), default=1,
                        help="录入组：1（默认）或 2（双人录入核对的第二组；事项未开启双人录入时自动开启）")
    parser.add_argument("--rehearsal", action="store_true", help="读演练选票（正式选票这时算作外来选票）")
    parser.add_argument("--dry-run", action="store_true", help="只读出并报告，不写入数据库")
    parser.add_argument("--json", action="store_true",
                        help="以 JSON 输出每张选票的读数（格式见 docs/ballot-layout.md）")


def _lines(report: dict) -> list[str]:
    ballots = report["ballots"]
    review = [b for b in ballots if b["review"]]
    invalid = [b for b in ballots if b["valid"] is False]
    lines = [f"共 {report['pages']} 页，读出选票 {len(ballots)} 张：待核 {len(review)} 张，无效 {len(invalid)} 张。"]
    lines += skipped_lines(report)
    for ballot in review:
        doubtful = [option for option, value in ballot["marks"].items() if value == REVIEW]
        why = "、".join(doubtful) if doubtful else ("另选人栏有笔迹" if ballot["write_in_ink"] else "一行画了多个符号")
        lines.append(f"  待核：事项 {ballot['item']} 第 {ballot['serial']} 号（第 {ballot['page']} 页）：{why}")
    return lines


def run(args) -> int:
    with opened(args, writes=not args.dry_run) as db:
        session = session_for(db, args.session)
        if args.dry_run:
            report, message = scan_ballots(db, args.files, session=session["id"], rehearsal=args.rehearsal), None
        else:
            changes = import_scan(db, args.files, session=session["id"], team=args.team, rehearsal=args.rehearsal)
            report, message = changes.value, changes.message
    if args.json:
        print(json.dumps({"session": session["id"], "team": args.team, **report}, ensure_ascii=False, indent=1))
    else:
        print(f"会议：{session['name']}（编号 {session['id']}）" + ("，预览，未写入" if args.dry_run else ""))
        print("\n".join(_lines(report)))
        if message:
            print(message)
    nothing = not report["ballots"] and not report.get("already_entered")
    return 1 if nothing else 0
