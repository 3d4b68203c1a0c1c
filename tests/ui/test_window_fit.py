"""Every page, dialog, print preview and hall window fits a 1280×680 laptop screen with all its buttons on it.

The windows are opened by tests/ui/window_walk.py (see the ``window_walk`` fixture), which clicks its way
to them; every QDialog subclass under desktop_app/ui must have been opened, so a new one cannot escape.
"""

from __future__ import annotations

import pytest

from desktop_app.ui.pages import PAGES

pytestmark = [pytest.mark.gui, pytest.mark.slow]

MAIN_WINDOW_MINIMUM = (1024, 560)   # opens on 1366×768 at 125 % (1093×614 logical, less the taskbar)


def test_the_walk_ran_on_the_laptop_screen(window_walk):
    assert window_walk["screen"] == [0, 0, 1280, 680]


def test_every_window_fits_with_its_buttons(window_walk):
    problems = [f"{p['window']}（{p['where']}）：{p['problem']}" for p in window_walk["fit"]]
    assert not problems, "\n".join(problems)


def test_every_page_was_shown_in_the_main_window(window_walk):
    shown = {name.split("/", 1)[1] for name in window_walk["measured"] if name.startswith("主窗口/")}
    assert shown == {spec.key for spec in PAGES}


def test_main_window_minimum_size_fits_a_small_laptop(window_walk):
    width, height = window_walk["main_minimum"]
    assert width <= MAIN_WINDOW_MINIMUM[0] and height <= MAIN_WINDOW_MINIMUM[1], window_walk["main_minimum"]


def test_every_dialog_of_the_program_was_opened_and_measured(window_walk):
    not_opened = set(window_walk["dialog_classes"]) - set(window_walk["opened"])
    assert not not_opened, f"这些对话框没有被打开和测量（请在 window_walk.py 中让它们可达）：{sorted(not_opened)}"
    measured = set(window_walk["measured"])
    assert set(window_walk["dialog_classes"]) <= measured
    # The print preview and the two hall screens are windows a clerk sees at every session.
    assert {"PdfPreviewDialog", "ProjectorWindow", "ReadoutWindow"} <= measured
