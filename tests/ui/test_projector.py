"""The projector window shows the live count (bars, valid/invalid, turnout) and nothing personal."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop_app.db import sessions as sessions_db
from desktop_app.db import vote_items as items_db
from desktop_app.domain.ballots import BallotEntry, ItemSpec, count
from desktop_app.ops import ballots as ballot_ops
from desktop_app.ops import vote_items as item_ops
from desktop_app.ui.context import AppContext
from desktop_app.ui.projector.window import ProjectorWindow
from desktop_app.ui.tally.page import TallyPage

pytestmark = pytest.mark.gui


def test_window_shows_counts_and_outcome(qtbot):
    spec = ItemSpec("2", "选举镇长", "选举", 1, 9, 8, False, ("张三", "李四"))
    result = count(spec, [BallotEntry(i, "YN") for i in range(1, 6)] + [BallotEntry(6, "YY")])
    window = ProjectorWindow()
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show_result(result)
    lines = window.lines()
    assert lines[0] == "选举镇长"
    assert lines[1] == "发出 8 张　收回 6 张　有效 5 张　无效 1 张"
    assert "张三　5 票" in lines and "李四　0 票" in lines
    assert lines[-1] == "当选：张三"
    image = window.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, 1280, 8) for y in range(150, 600, 8)}
    assert QColor("#2e7d32").name() in colours      # the elected candidate's bar is drawn in green


def test_rehearsal_banner_on_projector(qtbot):
    spec = ItemSpec("1", "关于政府工作报告的决议", "表决", None, 9, 9)
    window = ProjectorWindow()
    qtbot.addWidget(window)
    window.show_result(count(spec, [BallotEntry(1, "Y")]), rehearsal=True)
    assert window.lines()[0] == "演练模式 — 演练选票不计入正式结果"
    assert "赞成　1" in window.lines()


def test_projector_follows_the_entry_screen_live(qtbot, db, db_path):
    session_id = sessions_db.create_session(db, term_id=None, number=1, name="第三次会议", total_deputies=5)
    item_id = items_db.create_item(db, session_id, code="1", name="选举镇长", kind="选举", seats=1, issued=5)
    items_db.set_candidates(db, item_id, ["张三", "李四"])
    item_ops.set_collected(db, item_id, 3)
    page = TallyPage(AppContext(db=db, db_path=db_path))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.select(session_id, item_id)
    projector = page.open_projector()
    qtbot.addWidget(projector)
    assert projector.lines()[1].startswith("计票中（已录入 0 / 收回 3）　发出 5 张")
    for n in range(3):
        qtbot.keyClick(page.entry.serial_edit, Qt.Key_Return)
        for key in ("1", "2", Qt.Key_Return):
            qtbot.keyClick(page.entry.grid, key)
        if n == 1:
            # Two of three papers in: 张三 has passed half of 5, but nobody is 当选 before the last one.
            assert projector.lines()[1] == "计票中（已录入 2 / 收回 3）　发出 5 张　有效 2 张　无效 0 张"
            assert projector.lines()[-1] == "暂计，计票尚未完成，不是结果：目前还没有同意票过半数的候选人"
            assert not any("当选" in line for line in projector.lines())
    assert projector.lines()[1] == "发出 5 张　收回 3 张　有效 3 张　无效 0 张"
    assert "张三　3 票" in projector.lines()
    assert projector.lines()[-1] == "当选：张三（计票完成，待确认）"
    assert not any("第" in line and "号" in line for line in projector.lines())   # no serials, no ballots


def test_projector_says_counting_not_shortfall_after_3_of_57(qtbot, db, db_path):
    """The hall must never read "尚缺 2 名，需另行选举" in red after a handful of ballots."""
    session_id = sessions_db.create_session(db, term_id=None, number=1, name="第三次会议", total_deputies=60)
    item_id = items_db.create_item(db, session_id, code="1", name="选举副镇长", kind="选举", seats=2, issued=57)
    items_db.set_candidates(db, item_id, ["张三", "李四", "王五"])
    item_ops.set_collected(db, item_id, 57)
    for serial in (1, 2, 3):
        ballot_ops.add(db, item_id, serial=serial, marks="Y--")
    page = TallyPage(AppContext(db=db, db_path=db_path))
    qtbot.addWidget(page)
    page.select(session_id, item_id)
    projector = page.open_projector()
    qtbot.addWidget(projector)
    lines = projector.lines()
    assert lines[1] == "计票中（已录入 3 / 收回 57）　发出 57 张　有效 3 张　无效 0 张"
    assert lines[-1] == "暂计，计票尚未完成，不是结果：目前还没有同意票过半数的候选人"
    assert not any("尚缺" in line or "另行选举" in line for line in lines)
    assert page.results.outcome.text() == lines[-1]
    assert "c62828" not in page.results.outcome.styleSheet()   # not red while counting
    assert page.results.summary.text().startswith("计票中（已录入 3 / 收回 57）")
    assert page.results.cell_text("张三", "结果") == ""
