"""``export KIND --out FILE [--year YYYY] [--quarter 1-4] [--term N]``: any kind of ``ops.exports.EXPORTERS``
as .xlsx or .pdf.

The period options choose what the pages' period selectors choose (default: this year, this quarter, the
current 届次). The session-day kinds also take ``--session ID`` (default: the latest session) and
``--item CODE``; an option a kind does not take is refused rather than ignored.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

from ..errors import InputError
from ..ops.exports import EXPORTERS
from ..ops.session_lookup import session_for
from .database_access import opened

# Options that only some kinds take: (argparse dest, the option as typed).
_KIND_OPTIONS = (("year", "--year"), ("quarter", "--quarter"), ("term", "--term"), ("session", "--session"), ("item", "--item"), ("rehearsal", "--rehearsal"), ("paper", "--paper"),
                 ("stub", "--stub"), ("count", "--count"), ("first", "--first"), ("team", "--team"),
                 ("number", "--number"), ("layout_out", "--layout-out"))


def add_arguments(parser) -> None:
    parser.add_argument("kind", help="导出内容：" + "、".join(EXPORTERS) + "（见 README 的导出内容表）")
    parser.add_argument("--out", type=Path, required=True, help="输出文件，按扩展名导出为 .xlsx 或 .pdf")
    parser.add_argument("--unmasked", action="store_true", help="身份证号和电话不脱敏（默认按“设置”脱敏）")
    period = parser.add_argument_group("期间（activities、compliance、statistics、suggestion-statistics、scores、"
                                       "score-groups、score-below、score-interim、score-term、archive、roster）")
    period.add_argument("--year", type=int, metavar="YYYY", help="年度，如 2025（默认：今年）")
    period.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), help="该年度的第几季度（默认：全年；季度亮分默认本季度）")
    period.add_argument("--term", type=int, metavar="N", help="届次序号，如 19（默认：当前届次）")
    session = parser.add_argument_group("人代会文件（ballots、sign-in、tally-workbook、tally-report、announcement、"
                                        "vote-result、election-certificates）")
    session.add_argument("--session", type=int, help="会议编号（默认：开始日期最晚的会议）")
    session.add_argument("--item", help="事项编号（如 3）")
    session.add_argument("--rehearsal", action="store_true", help="用该事项的演练副本")
    session.add_argument("--paper", choices=("A4", "A4L", "A5", "A5L"), help="选票纸张，L 表示横向（默认：上次的选择）")
    session.add_argument("--stub", choices=("top", "left"), help="选票存根位置（默认：纵向在上方，横向在左侧）")
    session.add_argument("--count", type=int, help="选票张数（默认：发出票数）")
    session.add_argument("--first", type=int, help="第一张选票的编号（补印时用，默认 1）")
    session.add_argument("--team", type=int, choices=(1, 2), help="计票数据表写入该组已录入的选票（默认只写表头）")
    session.add_argument("--number", type=int, help="公告编号，印“（第N号）”")
    session.add_argument("--layout-out", type=Path, metavar="FILE.json",
                         help="ballots：同时写出选票版式（各画票框的位置，供扫描计票，见 docs/ballot-layout.md）")


def _options(args, exporter) -> dict:
    accepted = inspect.signature(exporter).parameters
    options = {}
    if args.unmasked:
        if "mask" not in accepted:
            raise InputError(f"“{args.kind}”导出不含身份证号或电话，不需要 --unmasked。")
        options["mask"] = False
    for dest, flag in _KIND_OPTIONS:
        value = getattr(args, dest, None)
        if value in (None, False):
            continue
        if dest not in accepted:
            raise InputError(f"“{args.kind}”导出不接受 {flag} 选项。")
        options[dest] = value
    if "notify" in accepted:
        # what the page shows beside the document (e.g. a reception day too close to post the notice)
        options["notify"] = lambda text: print(text, file=sys.stderr)
    return options


def run(args) -> int:
    exporter = EXPORTERS.get(args.kind)
    if exporter is None:
        raise InputError(f"不认识的导出内容“{args.kind}”，可选：{'、'.join(EXPORTERS)}。")
    options = _options(args, exporter)
    with opened(args, writes=False) as db:
        if "session" in inspect.signature(exporter).parameters:
            session = session_for(db, options.get("session"))
            options["session"] = session["id"]
            print(f"会议：{session['name']}（编号 {session['id']}）")
        path = exporter(db, args.out, **options)
    print(f"已导出到 {path or args.out}")
    return 0
