"""``demo``: fill a database with the realistic demo roster of 示范镇 (refuses a database that has deputies)."""

from __future__ import annotations

from ..cli import db_path
from ..db.deputies import count_deputies
from ..errors import UserError
from .database_access import opened


def add_arguments(parser) -> None:
    parser.add_argument("--force", action="store_true",
                        help="数据库中已有代表时仍然追加演示数据（已存在的同名届次、选区、小组和同身份证号的代表不会重复添加）")
    parser.add_argument("--seed", type=int, default=2026, help="随机种子：相同种子生成相同的数据（默认 2026）")


def run(args) -> int:
    from ..ops.demo import fill_demo

    path = db_path(args)
    with opened(args, writes=True) as db:
        existing = count_deputies(db, include_deleted=True)
        if existing and not args.force:
            raise UserError(
                f"数据库 {path.name} 中已有 {existing} 名代表，为免混入演示数据，未做任何改动。"
                "如确需追加演示数据，请加 --force；想看演示，可以用 --db 指定一个新文件。"
            )
        counts = fill_demo(db, seed=args.seed).value
    print(summary(counts, path))
    return 0


def summary(counts: dict, path) -> str:
    """The counts as one Chinese paragraph."""
    levels = counts["serving_by_level"]
    return (
        f"已在 {path} 中填充演示数据（示范县示范镇）：新增届次 {counts['terms']} 个、选区 {counts['districts']} 个、"
        f"代表 {counts['deputies']} 名、代表小组 {counts['groups']} 个、代表之家和联络站 {counts['stations']} 个。\n"
        f"本届在任代表：乡级 {levels['乡']} 名，县级 {levels['县']} 名，市级 {levels['市']} 名，省级 {levels['省']} 名；"
        f"已离任 {counts['departed']} 名（保留在档案中）。\n"
        f"另建第一次会议及表决事项 {counts.get('session_items', 0)} 项（选举、表决、票决、测评），可在“人代会”“计票”页面试用。"
    )
