"""The clerks' guide (docs/user-guide.md) stays true to the app: its pictures exist and are small, every
keyboard shortcut it names is one the app defines, and its Ctrl+数字 page list matches the sidebar."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "user-guide.md"
UI = ROOT / "desktop_app" / "ui"

IMAGE_LINK = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
# Ctrl+N, Ctrl+Shift+Z, Ctrl+1, F2, F11, Del, Esc — as Qt writes them (QKeySequence.PortableText).
SHORTCUT = re.compile(r"(?<![A-Za-z0-9+])((?:Ctrl\+)?(?:Shift\+)?(?:F\d{1,2}|[A-Z0-9])(?![A-Za-z0-9])|Del|Esc)"
                      r"(?![A-Za-z0-9])")
# Keys a widget handles itself (keyPressEvent) rather than through a QAction: (file under ui/, code that does it).
WIDGET_KEYS = {
    "Ctrl+D": ("tally/entry.py", "Qt.Key_D and event.modifiers() & Qt.ControlModifier"),
    "Esc": ("tally/entry.py", "Qt.Key_Escape"),
    "F11": ("widgets/hall_screen.py", "Qt.Key_F11"),   # the projector and 唱票 windows
}
MAX_IMAGE_BYTES = 150_000


def guide_text() -> str:
    return GUIDE.read_text(encoding="utf-8")


def shortcuts_named(text: str) -> set[str]:
    """Every key combination the guide writes; bare letters and digits (1 同意, 2 反对) are not shortcuts."""
    found = set(SHORTCUT.findall(text))
    return {key for key in found if "+" in key or re.fullmatch(r"F\d{1,2}", key) or key in ("Del", "Esc")}


def test_the_shortcut_pattern_reads_keys_as_the_guide_writes_them():
    text = "按 Ctrl+N 新建，F2 编辑，Del 删除，Esc 清除；Ctrl+1 … Ctrl+9；按 1 或空格；A 类、F 列、FAQ；F5、Ctrl+Z / Ctrl+Y。"
    assert shortcuts_named(text) == {"Ctrl+N", "F2", "Del", "Esc", "Ctrl+1", "Ctrl+9", "F5", "Ctrl+Z", "Ctrl+Y"}


def test_every_image_the_guide_shows_exists_and_is_small():
    links = IMAGE_LINK.findall(guide_text())
    assert len(links) >= 4, "the guide should show at least four screenshots"
    for link in links:
        image = (GUIDE.parent / link).resolve()
        assert image.is_file(), f"docs/user-guide.md links to a missing picture: {link}"
        assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{link} is not a PNG"
        assert image.stat().st_size <= MAX_IMAGE_BYTES, f"{link} is {image.stat().st_size} bytes; resize it"


def test_no_picture_in_docs_images_is_left_unused():
    linked = {(GUIDE.parent / link).resolve() for link in IMAGE_LINK.findall(guide_text())}
    for image in (GUIDE.parent / "images").glob("*.png"):
        assert image.resolve() in linked, f"docs/images/{image.name} is not used by the guide"


@pytest.fixture
def app_shortcuts(qtbot, db, db_path) -> set[str]:
    """Every shortcut of every QAction in the main window with all its pages built."""
    from PySide6.QtGui import QAction, QKeySequence

    from desktop_app.ui.context import AppContext
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.pages import PAGES

    window = MainWindow(AppContext(db=db, db_path=db_path))
    qtbot.addWidget(window)
    for spec in PAGES:
        window.page(spec.key)
    keys = set()
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            keys.add(sequence.toString(QKeySequence.PortableText))
    return keys


def test_every_shortcut_the_guide_names_is_defined_by_the_app(app_shortcuts):
    named = shortcuts_named(guide_text())
    # The standard set the guide must teach (and proof that the pattern finds them).
    assert {"Ctrl+N", "F2", "Del", "Ctrl+F", "Ctrl+E", "Ctrl+P", "F5", "Ctrl+Z", "Ctrl+Y", "Ctrl+1"} <= named
    for key in sorted(named):
        if key in app_shortcuts:
            continue
        assert key in WIDGET_KEYS, f"the guide names {key}, which no action of the app defines"
        path, code = WIDGET_KEYS[key]
        assert code in (UI / path).read_text(encoding="utf-8"), f"{key}: ui/{path} no longer handles it"


def test_the_guides_ctrl_number_list_matches_the_page_order():
    from desktop_app.ui.pages import PAGES

    pairs = re.findall(r"Ctrl\+(\d) ([\u4e00-\u9fff][^，；。\s|]*)", guide_text())
    assert len(pairs) >= 9
    for number, title in pairs:
        assert PAGES[int(number) - 1].title == title, f"Ctrl+{number} opens {PAGES[int(number) - 1].title}, not {title}"


def test_the_guide_covers_every_page():
    text = guide_text()
    for spec_title in _page_titles():
        assert spec_title in text, f"the guide never mentions the page {spec_title}"


def _page_titles() -> list[str]:
    from desktop_app.ui.pages import PAGES

    return [spec.title for spec in PAGES]
