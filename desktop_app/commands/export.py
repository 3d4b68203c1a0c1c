"""``export KIND --out FILE``: any kind of ``ops.exports.EXPORTERS`` as .xlsx or .pdf."""

from __future__ import annotations

import inspect
from pathlib import Path

from ..cli import db_path
from ..db import open_database
from ..errors import InputError
from ..ops.exports import EXPORTERS


def add_arguments(parser) -> None:
    parser.add_argument("kind", help="导出内容：" + "、".join(EXPORTERS) + "（见 README 的导出内容表）")
    parser.add_argument("--out", type=Path, required=True, help="输出文件，按扩展名导出为 .xlsx 或 .pdf")
    parser.add_argument("--unmasked", action="store_true", help="身份证号和电话不脱敏（默认按“设置”脱敏）")


def run(args) -> int:
    exporter = EXPORTERS.get(args.kind)
    if exporter is None:
        raise InputError(f"不认识的导出内容“{args.kind}”，可选：{'、'.join(EXPORTERS)}。")
    options = {}
    if args.unmasked:
        if "mask" not in inspect.signature(exporter).parameters:
            raise InputError(f"“{args.kind}”导出不含身份证号或电话，不需要 --unmasked。")
        options["mask"] = False
    db = open_database(db_path(args))
    try:
        path = exporter(db, args.out, **options)
    finally:
        db.close()
    print(f"已导出到 {path or args.out}")
    return 0
