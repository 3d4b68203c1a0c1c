"""``county-report FOLDER --out FILE [--keys FILE] [--accept-new-key 乡镇名]``: merge the townships' exchange
packages and write the county statistics.

Every .zip in the folder is verified (signature, checksums); unsigned, damaged, altered, future-dated ones and
ones signed by a key other than the township's registered key are listed and left out, the others are merged
(the newest genuine package per township). The townships' keys are kept in ``keys.json`` beside the report
(or ``--keys FILE``): a township is registered from its oldest package. Exit 0 when all packages loaded, 1
when some were refused (the report is still written), 2 for a missing folder or a wrong output suffix.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..errors import InputError


def add_arguments(parser) -> None:
    parser.add_argument("folder", type=Path, help="存放各乡镇数据交换包（.zip）的文件夹")
    parser.add_argument("--out", type=Path, required=True, help="汇总报表文件（.xlsx 或 .pdf）")
    parser.add_argument("--year", type=int, help="履职积分年度（默认：数据包中最新的年度）")
    parser.add_argument("--keys", type=Path, help="各乡镇签名密钥登记文件（默认：汇总报表旁的 keys.json，没有时新建）")
    parser.add_argument("--accept-new-key", action="append", default=[], metavar="乡镇名",
                        help="接受该乡镇更换后的签名密钥（以其最新的数据包为准；请先电话核对指纹）；可重复")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出各乡镇载入情况与合计")


def run(args) -> int:
    from ..exchange import keyring as keys
    from ..exchange.county import TOTAL, consolidated_statistics, load_folder
    from ..exchange.county_reports import FORMATS, write_county_report

    if args.out.suffix.lower() not in FORMATS:
        raise InputError(f"汇总报表只能保存为 .xlsx 或 .pdf，而不是“{args.out.name}”。")
    keys_path = args.keys or args.out.parent / keys.FILE_NAME
    ring = keys.load_file(keys_path)
    view = load_folder(args.folder, keyring=ring, accept_new_key=args.accept_new_key)
    if not view.townships:
        problems = "；".join(f.message for f in view.refused)
        raise InputError(f"文件夹 {args.folder} 中没有可用的数据交换包。" + (problems and f"（{problems}）"))
    stats = consolidated_statistics(view, year=args.year)
    written = write_county_report(stats, args.out)
    if ring.changed:   # after the report: a report that cannot be written registers nothing
        keys.save_file(ring, keys_path)
    if args.json:
        print(json.dumps({
            "out": str(written),
            "files": [{"file": f.path.name, "township": f.township, "status": f.status, "message": f.message}
                      for f in view.files],
            "keys": str(keys_path), "key_notes": view.notes,
            "total": {"deputies": stats["roster"][TOTAL]["total"], "activities": stats["activities"][TOTAL]["count"],
                      "suggestions": stats["suggestions"][TOTAL]["total"], "scores": stats["scores"][TOTAL]["count"]},
        }, ensure_ascii=False, indent=2))
    else:
        for note in view.notes:
            print(f"  {note}")
        for f in view.files:
            line = f"  {f.status_text}：{f.path.name}" + (f"（{f.township}）" if f.township else "")
            print(line + (f"\n    {f.message}" if f.message else ""))
        print(f"已汇总 {len(view.townships)} 个乡镇，报表已保存到 {written}")
    if view.refused:
        print(f"有 {len(view.refused)} 个数据包校验未通过，未计入汇总。", file=sys.stderr)
        return 1
    return 0
