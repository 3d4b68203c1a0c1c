"""``screenshot --out DIR``: render every page of the main window to DIR/<page>.png offscreen.

A database without deputies (or a --db file that does not exist) is replaced by a temporary one
filled with the demo township, so the pictures always show realistic data.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from pathlib import Path

from ..errors import InputError


def add_arguments(parser) -> None:
    parser.add_argument("--out", type=Path, required=True, help="PNG 输出文件夹")
    parser.add_argument("--size", default="1280x800", help="窗口大小，默认 1280x800")
    parser.add_argument("--pages", help="只渲染这些页面（逗号分隔的页面键，如 roster,groups）")


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise InputError(f"窗口大小“{text}”应写成 宽x高，例如 1280x800。") from None
    if not (320 <= width <= 4000 and 240 <= height <= 4000):
        raise InputError(f"窗口大小 {width}x{height} 超出范围（320x240 至 4000x4000）。")
    return width, height


def _open_database(path: Path | None, scratch: Path, args=None):
    """The user's database when it has deputies (after its start-up password), else a demo database in ``scratch``."""
    from ..db.connection import open_database
    from ..db.deputies import count_deputies
    from .database_access import unlock

    if path is not None and path.exists():
        db = open_database(path)
        try:
            if count_deputies(db, include_deleted=True):
                unlock(db, path, args)
                return db, path
        except BaseException:
            db.close()
            raise
        db.close()
    from ..ops.demo import fill_demo

    demo_path = scratch / "演示数据.db"
    db = open_database(demo_path)
    fill_demo(db)
    return db, demo_path


def run(args) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ..cli import db_path
    from ..ui.context import AppContext
    from ..ui.fonts import install_fonts
    from ..ui.main_window import MainWindow
    from ..ui.pages import PAGES

    width, height = _size(args.size)
    wanted = [k.strip() for k in args.pages.split(",")] if args.pages else [spec.key for spec in PAGES]
    unknown = [k for k in wanted if k not in {spec.key for spec in PAGES}]
    if unknown:
        raise InputError(f"没有页面“{unknown[0]}”。可用的页面：{'、'.join(spec.key for spec in PAGES)}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_fonts(app)
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="xzrd-shot-") as scratch:
        db, path = _open_database(db_path(args) if getattr(args, "db", None) else None, Path(scratch), args)
        try:
            ctx = AppContext(db=db, db_path=path)
            window = MainWindow(ctx)
            window.resize(width, height)
            window.show()
            app.processEvents()
            for key in wanted:
                try:
                    window.show_page(key)
                except Exception:  # noqa: BLE001 - every page is tried; failures are listed and fail the command
                    failures.append(key)
                    print(f"页面 {key} 无法显示：", file=sys.stderr)
                    traceback.print_exc()
                    continue
                for _ in range(3):
                    app.processEvents()
                target = out / f"{key}.png"
                if not window.grab().save(str(target)):
                    failures.append(key)
                    print(f"无法写入 {target}", file=sys.stderr)
                    continue
                print(target)
            window.close()
            window.deleteLater()
            app.processEvents()
        finally:
            db.close()
    if failures:
        print(f"错误：{len(failures)} 个页面未能渲染：{'、'.join(failures)}", file=sys.stderr)
        return 1
    return 0
