"""The honour dialog's 年度: suggested from the date (January to June: the year before) until the clerk types one."""

from __future__ import annotations

import pytest

from desktop_app.ui.archive.dialogs import HonorDialog

pytestmark = pytest.mark.gui


def test_honour_year_follows_the_date_until_typed(qtbot):
    dialog = HonorDialog({"name": "张三"}, lambda values: None)
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("优秀人大代表")
    dialog.date_edit.setText("2025-03-12")
    assert dialog.year_edit.text() == "2024"
    dialog.date_edit.setText("2025-09-01")
    assert dialog.year_edit.text() == "2025"
    dialog.year_edit.clear()
    qtbot.keyClicks(dialog.year_edit, "2023")
    dialog.date_edit.setText("2025-03-12")
    assert dialog.year_edit.text() == "2023"
    assert dialog.values()["year"] == "2023"


def test_an_existing_honour_shows_its_stored_year(qtbot):
    dialog = HonorDialog({"name": "张三"}, lambda values: None,
                         {"kind": "荣誉", "title": "优秀人大代表", "date": "2025-03-12", "year": 2025})
    qtbot.addWidget(dialog)
    assert dialog.year_edit.text() == "2025"
    dialog.date_edit.setText("2025-04-01")
    assert dialog.year_edit.text() == "2025"
