"""``tally WORKBOOK.xlsx [--json]``: count a tally workbook (docs/tally-workbook.md); writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

from ..domain.ballots import open_tie_seats
from ..reports.excel.tally_workbook import tally_workbook


def add_arguments(parser) -> None:
    parser.add_argument("workbook", type=Path, help="计票数据表（.xlsx、.xlsm、.xls 或 .ods）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果（格式见计票数据表说明）")
    parser.add_argument(
        "--project-rule",
        choices=("majority", "rank_only"),
        default="majority",
        help="票决规则：majority＝同意超过全体代表半数且居前 N 位（默认）；rank_only＝只按得票排序",
    )


def run(args) -> int:
    result = tally_workbook(args.workbook, project_rule=args.project_rule)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print("\n\n".join("\n".join(summary_lines(item)) for item in result["items"]))
    return 0


def _pct(rate: float) -> str:
    return f"{rate * 100:.2f}%"


def summary_lines(item: dict) -> list[str]:
    """A plain Chinese summary of one counted item, as the clerk would read it out."""
    kind = item["type"]
    seats = f"，应选 {item['seats']} {'项' if kind == '票决' else '名'}" if item["seats"] is not None else ""
    lines = [f"事项 {item['id']}：{item['name']}（{kind}{seats}）"]
    counts = f"全体代表 {item['total_deputies']} 人，发出 {item['issued']} 张，收回 {item['returned']} 张"
    if item["valid"]:
        lines.append(f"  {counts}：有效")
    else:
        lines.append(f"  {counts}：无效（收回票数多于发出票数，本事项须重新投票）")
    lines.append(f"  有效票 {item['valid_ballots']} 张，无效票 {item['invalid_ballots']} 张")
    if kind == "测评":
        for s in item["satisfaction"]:
            lines.append(
                f"  {s['name']}：满意 {s['satisfied']}，基本满意 {s['basically_satisfied']}，"
                f"不满意 {s['unsatisfied']}，弃权 {s['abstain']}；满意率 {_pct(s['rate'])}"
            )
        return lines
    agree = "赞成" if kind == "表决" else "同意"
    for r in item["results"]:
        tag = "（另选他人）" if r["write_in"] else ""
        lines.append(f"  {r['name']}{tag}：{agree} {r['agree']}，反对 {r['oppose']}，弃权 {r['abstain']}")
    half = f"须超过全体代表 {item['total_deputies']} 人的半数"
    if kind == "表决":
        lines.append(f"  表决结果：{'通过' if item['adopted'] else '未通过'}（{agree}票{half}）")
        return lines
    if not item["valid"]:
        return lines
    word = "入选" if kind == "票决" else "当选"
    lines.append(f"  {word}：{'、'.join(item['elected']) if item['elected'] else '无'}")
    if item["tied"]:
        lines.append(f"  需重新投票的并列者：{'、'.join(item['tied'])}（票数相等，争 {open_tie_seats(item)} 个名额）")
    if item["further_seats"] and kind == "票决":
        lines.append(f"  入选项目不足：差 {item['further_seats']} 项（{agree}票未{half[1:]}）")
    elif item["further_seats"]:
        lines.append(f"  另行选举名额：{item['further_seats']} 名（{agree}票超过全体代表半数的人数少于应选人数）")
    return lines
