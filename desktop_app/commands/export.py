"""``export KIND --out FILE``: roster or statistics (and kinds others register) as .xlsx or .pdf.

Other modules add kinds to ``EXPORTERS``: kind → callable(db, out_path). A callable that also takes a
``mask`` keyword gets ``mask=False`` when the user asks for ``--unmasked``.
"""

from __future__ import annotations

import datetime as dt
import inspect
from pathlib import Path
from typing import Callable

import sqlite_utils

from ..cli import db_path
from ..db import open_database, settings
from ..db.deputies import list_deputies
from ..errors import InputError


def _suffix(out_path: Path, allowed: tuple[str, ...]) -> str:
    suffix = Path(out_path).suffix.lower()
    if suffix not in allowed:
        raise InputError(f"无法导出为“{Path(out_path).name}”：此类导出支持的文件类型为 {'、'.join(allowed)}。")
    return suffix


def export_roster(db: sqlite_utils.Database, out_path: Path, *, mask: bool | None = None) -> Path:
    """代表名册: .xlsx in the documented layout, or .pdf as a printable table."""
    suffix = _suffix(out_path, (".xlsx", ".pdf"))
    if mask is None:
        mask = bool(settings.get(db, "mask_personal_data"))
    if suffix == ".xlsx":
        from ..reports.excel.roster_export import export_roster as write_xlsx

        return write_xlsx(db, out_path, mask=mask)
    from ..reports.pdf.roster import render_roster_pdf

    title = f"{settings.get(db, 'township_name') or ''}人大代表名册"
    return render_roster_pdf(list_deputies(db), out_path, title=title, mask=mask)


def export_statistics(db: sqlite_utils.Database, out_path: Path, *, on: dt.date | None = None) -> Path:
    """代表结构统计 as the county's Excel form or an official-format PDF."""
    suffix = _suffix(out_path, (".xlsx", ".pdf"))
    from ..reports.structure import gather

    report = gather(db, on=on)
    if suffix == ".xlsx":
        from ..reports.excel.statistics import write_statistics_workbook

        return write_statistics_workbook(report, out_path)
    from ..reports.pdf.statistics import render_statistics_pdf

    return render_statistics_pdf(report, out_path)


EXPORTERS: dict[str, Callable] = {
    "roster": export_roster,
    "statistics": export_statistics,
}


def add_arguments(parser) -> None:
    parser.add_argument("kind", help="导出内容：" + "、".join(EXPORTERS) + "（其他模块可能注册更多）")
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
