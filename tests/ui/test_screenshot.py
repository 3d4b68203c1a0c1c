"""``python -m desktop_app screenshot`` renders pages to real PNGs, using demo data for an empty database."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from desktop_app.cli import main
from desktop_app.ui.pages import PAGES

pytestmark = pytest.mark.gui


def _distinct_colours(image: QImage) -> int:
    colours = set()
    for y in range(0, image.height(), 7):
        for x in range(0, image.width(), 7):
            colours.add(image.pixel(x, y))
    return len(colours)


def test_screenshot_renders_pages_at_1280x800_with_demo_data(tmp_path, qapp, capsys):
    out = tmp_path / "shots"
    code = main(["screenshot", "--out", str(out), "--db", str(tmp_path / "missing.db"),
                 "--pages", "roster,groups,settings"])
    assert code == 0
    for key in ("roster", "groups", "settings"):
        image = QImage(str(out / f"{key}.png"))
        assert (image.width(), image.height()) == (1280, 800)
        assert _distinct_colours(image) > 20      # text and a table, not a blank window
    assert not (tmp_path / "missing.db").exists()  # the user's path is never created for a picture


def test_screenshot_rejects_an_unknown_page(tmp_path, capsys):
    assert main(["screenshot", "--out", str(tmp_path), "--pages", "nope"]) == 2
    assert "没有页面" in capsys.readouterr().err


@pytest.mark.slow
def test_screenshot_renders_every_registered_page(tmp_path, qapp):
    out = tmp_path / "all"
    assert main(["screenshot", "--out", str(out)]) == 0
    assert sorted(p.stem for p in out.glob("*.png")) == sorted(spec.key for spec in PAGES)
