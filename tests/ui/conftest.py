"""UI fixtures: a context over the test database, fonts installed, a few deputies with valid ID numbers."""

from __future__ import annotations

import pytest

from desktop_app.domain.idcard import CHECK_CHARS, WEIGHTS


def _make_id(region: str, birth: str, seq: str) -> str:
    """A valid 18-digit 公民身份号码 from region (6), birth YYYYMMDD and sequence (3, odd = 男)."""
    body = region + birth + seq
    return body + CHECK_CHARS[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


@pytest.fixture
def make_id():
    return _make_id


@pytest.fixture
def ctx(db, db_path, qapp):
    from desktop_app.ui.context import AppContext
    from desktop_app.ui.fonts import install_fonts

    install_fonts(qapp)
    context = AppContext(db=db, db_path=db_path)
    yield context
    # Undo commands hold the context, which owns the stack: a cycle that Python's collector would free
    # later, in the middle of another test, where PySide can crash. The real window owns its stack.
    context.undo_stack.clear()


@pytest.fixture
def roster(ctx):
    """A term, two districts, a group and four deputies of several levels; returns their ids by name."""
    from desktop_app.db import deputies, districts, groups, terms

    db = ctx.db
    term = terms.create_term(db, "第十八届", 18, "2021-10-01", "2026-09-30")
    east = districts.create_district(db, term, "第一选区", code="01")
    west = districts.create_district(db, term, "第二选区", code="02")
    people = [
        ("张三", "男", _make_id("330102", "19800101", "011"), "乡", east, "13800138000"),
        ("李四", "女", _make_id("330102", "19850505", "022"), "乡", west, "13912345678"),
        ("王五", "男", _make_id("330102", "19700303", "031"), "县", east, None),
        ("赵喆", "男", _make_id("330102", "19900909", "051"), "乡", west, None),
    ]
    ids = {}
    for name, gender, id_number, level, district, phone in people:
        ids[name] = deputies.insert_deputy(db, {
            "name": name, "gender": gender, "id_number": id_number, "level": level, "district_id": district,
            "phone": phone, "ethnicity": "汉族",
        })
    group = groups.create_group(db, "第一代表小组", "代表小组", district_id=east, convener_id=ids["张三"])
    groups.set_members(db, group, [ids["张三"], ids["王五"]])
    return ids


# The laptop the program must fit: 1920×1080 at 150 %, or 1366×768 less the Windows taskbar and title bar.
LAPTOP_SCREEN = {"name": "laptop", "x": 0, "y": 0, "width": 1280, "height": 680,
                 "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1.0}


@pytest.fixture(scope="session")
def window_walk(tmp_path_factory) -> dict:
    """The report of tests/ui/window_walk.py: every page, action and dialog driven once on a 1280×680 screen.

    It runs in its own process because Qt's offscreen platform takes its screen size from a config file
    only when the QApplication is created (``QT_QPA_PLATFORM=offscreen:configfile=…``).
    """
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    folder = tmp_path_factory.mktemp("walk")
    config = folder / "screen.json"
    config.write_text(json.dumps({"synchronousWindowSystemEvents": False, "windowFrameMargins": True,
                                  "screens": [LAPTOP_SCREEN]}), encoding="utf-8")
    report = folder / "report.json"
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", XZRD_DATA_DIR=str(folder / "data"))
    script = Path(__file__).with_name("window_walk.py")
    done = subprocess.run([sys.executable, str(script), "--report", str(report)], env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0 and report.exists(), f"window_walk.py failed:\n{done.stdout}\n{done.stderr}"
    return json.loads(report.read_text(encoding="utf-8"))
