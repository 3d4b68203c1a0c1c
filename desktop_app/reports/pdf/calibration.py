"""The printer calibration page: crosshairs at known millimetres and edge rulers, printed without any offset.

The clerk prints it on the printer to calibrate, measures with a ruler how far the centre cross is from the
paper's left and top edges, and the offset is ``nominal − measured`` (see ``offset_from_measurement``). The
edge rulers also show, laid over a pre-printed card, where its printed boxes fall.
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.colors import Color, black
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ...errors import InputError
from ...fileio import atomic_path
from . import fonts
from .session_common import wrap_text

_GREY = Color(0.45, 0.45, 0.45)


def cross_positions(width_mm: float, height_mm: float) -> list[tuple[float, float]]:
    """Where the crosses are (mm from the top-left corner): four near the corners and the centre."""
    inset = round(min(25.0, width_mm / 5, height_mm / 5))
    return [(inset, inset), (width_mm - inset, inset), (width_mm / 2, height_mm / 2),
            (inset, height_mm - inset), (width_mm - inset, height_mm - inset)]


def centre_cross(width_mm: float, height_mm: float) -> tuple[float, float]:
    """The cross the clerk measures (the page centre)."""
    return width_mm / 2, height_mm / 2


def offset_from_measurement(nominal_mm: float, measured_mm: float) -> float:
    """The offset that moves a mark measured at ``measured_mm`` back to where it belongs (one decimal)."""
    return round(nominal_mm - measured_mm, 1)


def _cross(canvas, x: float, y: float, page_h: float, arm: float, *, label_left: bool = False) -> None:
    px, py = x * mm, (page_h - y) * mm
    canvas.setLineWidth(0.4)
    canvas.line(px - arm * mm, py, px + arm * mm, py)
    canvas.line(px, py - arm * mm, px, py + arm * mm)
    canvas.circle(px, py, arm * mm * 0.4)
    label = f"({x:g}, {y:g})"
    # labels of crosses in the right half go to their left, so they never run off the paper
    shift = -arm * 0.5 * mm if label_left else arm * 0.5 * mm
    fonts.draw_string(canvas, px + shift, py + 1.2 * mm, label, "hei", 6 if arm < 6 else 7.5,
                      align="right" if label_left else "left")


def _rulers(canvas, width_mm: float, height_mm: float, band: float) -> None:
    """Millimetre scales along the top and left edges; a tick at x is labelled x (its distance from the edge)."""
    page_h = height_mm
    canvas.setLineWidth(0.25)
    for x in range(1, int(width_mm)):
        length = band if x % 10 == 0 else band * 0.6 if x % 5 == 0 else band * 0.35
        canvas.line(x * mm, page_h * mm, x * mm, (page_h - length) * mm)
        if x % 10 == 0 and x + 3 < width_mm:
            fonts.draw_string(canvas, x * mm, (page_h - band - 2.2) * mm, str(x), "hei", 5.5, align="centre")
    for y in range(1, int(height_mm)):
        length = band if y % 10 == 0 else band * 0.6 if y % 5 == 0 else band * 0.35
        canvas.line(0, (page_h - y) * mm, length * mm, (page_h - y) * mm)
        if y % 10 == 0 and y + 3 < height_mm:
            fonts.draw_string(canvas, (band + 0.8) * mm, (page_h - y - 0.8) * mm, str(y), "hei", 5.5)


def _instructions(canvas, width_mm: float, height_mm: float, printer: str, template_label: str) -> None:
    cx, cy = centre_cross(width_mm, height_mm)
    lines = [
        f"打印校准页　{template_label}　{printer}".strip(),
        f"纸张 {width_mm:g} × {height_mm:g} 毫米；本页不使用任何偏移。打印时选“实际大小”，不要缩放。",
        f"用直尺量出中心十字到纸张左边缘、上边缘的距离（应为 {cx:g} 毫米和 {cy:g} 毫米），",
        "填入“设置 → 打印校准”的“量得距离”，程序会算出偏移并保存。",
        "四角的十字标出了它们应在的位置（毫米，从左上角量起）；边上的刻度可与预印卡纸上的框线对照。",
    ]
    size = 9.0
    top = cy + 14
    width = (width_mm - 40) * mm
    y = top
    for line in lines:
        for part in wrap_text(line, "hei", size, width):
            fonts.draw_string(canvas, width_mm / 2 * mm, (height_mm - y) * mm, part, "hei", size, align="centre")
            y += 5.5


def render_calibration_page(out_path: str | os.PathLike, *, width_mm: float = 210, height_mm: float = 297,
                            printer: str = "", template_label: str = "") -> Path:
    """One page of the given paper size with crosses at ``cross_positions`` and millimetre rulers."""
    try:
        width_mm, height_mm = float(width_mm), float(height_mm)
    except (TypeError, ValueError):
        raise InputError("校准页的纸张尺寸应为数字（毫米）。") from None
    if not (30 <= width_mm <= 1000 and 30 <= height_mm <= 1000):
        raise InputError("校准页的纸张尺寸应在 30 到 1000 毫米之间。")
    small = min(width_mm, height_mm) < 100
    out_path = Path(out_path)
    with atomic_path(out_path) as tmp:
        canvas = Canvas(str(tmp), pagesize=(width_mm * mm, height_mm * mm))
        canvas.setTitle("打印校准页")
        canvas.setAuthor("乡镇人大工作台")
        canvas.setStrokeColor(_GREY)
        canvas.setFillColor(_GREY)
        _rulers(canvas, width_mm, height_mm, 3.0 if small else 5.0)
        canvas.setStrokeColor(black)
        canvas.setFillColor(black)
        for x, y in cross_positions(width_mm, height_mm):
            _cross(canvas, x, y, height_mm, 4.0 if small else 8.0, label_left=x > width_mm / 2 + 1)
        if small:
            cx, cy = centre_cross(width_mm, height_mm)
            fonts.draw_string(canvas, width_mm / 2 * mm, (height_mm - cy - 6) * mm,
                              f"校准页：中心十字应距左边 {cx:g}、上边 {cy:g} 毫米", "hei", 5.5, align="centre")
        else:
            _instructions(canvas, width_mm, height_mm, printer, template_label)
        canvas.showPage()
        canvas.save()
    return out_path


__all__ = ["render_calibration_page", "cross_positions", "centre_cross", "offset_from_measurement"]
