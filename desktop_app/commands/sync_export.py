"""``sync-export [--out FILE] [--start DATE] [--end DATE] [--parts a,b] [--unmasked] [--json]``: the county
exchange package (docs/exchange-layout.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .database_access import opened


def add_arguments(parser) -> None:
    parser.add_argument("--out", type=Path, help="输出的 .zip 文件或文件夹（默认：当前文件夹，文件名为 乡镇_数据交换_日期.zip）")
    parser.add_argument("--start", help="期间开始日期，如 2026-01-01（默认：今年 1 月 1 日）")
    parser.add_argument("--end", help="期间结束日期，如 2026-12-31（默认：今天）")
    parser.add_argument("--parts", default="roster,activities,suggestions,sessions,scores",
                        help="导出内容，逗号分隔：roster,activities,suggestions,sessions,scores（默认全部）")
    parser.add_argument("--unmasked", action="store_true", help="身份证号和电话不脱敏（默认脱敏）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出清单（manifest）")


def run(args) -> int:
    from ..exchange.package import build_package, read_package

    with opened(args, writes=False) as db:
        def progress(done, total, text):
            if not args.json:
                print(f"[{done}/{total}] {text}", file=sys.stderr)

        path = build_package(db, args.out or Path.cwd(), start=args.start, end=args.end, parts=args.parts,
                             mask=not args.unmasked, progress=progress)
    manifest = read_package(path).manifest
    if args.json:
        print(json.dumps({"path": str(path), "manifest": manifest}, ensure_ascii=False, indent=2))
        return 0
    from ..exchange.signing import fingerprint

    print(f"已导出数据交换包：{path}")
    print(f"签名密钥指纹：{fingerprint(manifest['signature']['public_key'])}（县里第一次收到本乡镇的包时登记，请电话核对）")
    period = manifest["period"]
    print(f"期间 {period['start']} 至 {period['end']}；" +
          "；".join(f"{info['sheet']} {info['rows']} 行" for info in manifest["tables"].values()))
    for item in manifest.get("skipped", []):
        print(f"未包含：{item.get('file') or item.get('part')}（{item['reason']}）")
    return 0
