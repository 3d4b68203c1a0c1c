"""The program icon: committed files (not drawn at run time), every Windows size, set on the application."""

import struct

import pytest

from desktop_app.paths import resource_path

pytestmark = pytest.mark.gui


def test_icon_files_are_committed_in_every_size():
    from PySide6.QtGui import QImage

    png = QImage(str(resource_path("icons", "app.png")))
    assert png.width() == png.height() == 256
    data = resource_path("icons", "app.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    sizes = [data[6 + 16 * i] or 256 for i in range(count)]
    assert (reserved, kind) == (0, 1) and sizes == [16, 24, 32, 48, 64, 128, 256]
    # The centre is white text on red: the picture is really there, not a blank square.
    centre = png.pixelColor(128, 40)
    assert centre.red() > 150 and centre.green() < 80


def test_the_application_gets_the_icon(qapp):
    from desktop_app.app import set_app_icon

    set_app_icon(qapp)
    icon = qapp.windowIcon()
    assert not icon.isNull() and 256 in [s.width() for s in icon.availableSizes()]
