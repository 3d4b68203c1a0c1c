"""A scanned ballot shown to the scrutineers: warped upright from its page with the homography it was read
with, every box outlined, the one in question thick in red with the reader's score beside it."""

from __future__ import annotations

import cv2
import numpy as np

VIEW_PX_PER_MM = 6.0           # 152 dpi: a whole A4 ballot fits the 1366×768 screen at half size
BOX_COLOUR = (200, 140, 40)    # BGR: a thin blue outline for every box
HIGHLIGHT_COLOUR = (0, 0, 230)  # red
_FONT = cv2.FONT_HERSHEY_SIMPLEX


def view(grey: np.ndarray, homography: list, area: dict, boxes: list[dict], *, highlight: dict | None = None,
         score: float | None = None, px_per_mm: float = VIEW_PX_PER_MM) -> np.ndarray:
    """The part ``area`` of the page (mm, as the layout measures) in BGR, upright, ``px_per_mm`` a millimetre,
    with ``boxes`` outlined thin and ``highlight`` thick red, ``score`` written to its right."""
    to_view = np.array([[px_per_mm, 0, -area["x_mm"] * px_per_mm], [0, px_per_mm, -area["y_mm"] * px_per_mm],
                        [0, 0, 1]], dtype=np.float64)
    page_to_view = to_view @ np.linalg.inv(np.array(homography, dtype=np.float64))
    size = (max(1, int(round(area["w_mm"] * px_per_mm))), max(1, int(round(area["h_mm"] * px_per_mm))))
    upright = cv2.warpPerspective(grey, page_to_view, size, flags=cv2.INTER_AREA, borderMode=cv2.BORDER_CONSTANT,
                                  borderValue=255)
    image = cv2.cvtColor(upright, cv2.COLOR_GRAY2BGR)

    def corners(rect: dict) -> tuple[tuple[int, int], tuple[int, int]]:
        x0 = int(round((rect["x_mm"] - area["x_mm"]) * px_per_mm))
        y0 = int(round((rect["y_mm"] - area["y_mm"]) * px_per_mm))
        return (x0, y0), (x0 + int(round(rect["w_mm"] * px_per_mm)), y0 + int(round(rect["h_mm"] * px_per_mm)))

    for box in boxes:
        cv2.rectangle(image, *corners(box), BOX_COLOUR, 1, cv2.LINE_AA)
    if highlight is not None:
        (x0, y0), (x1, y1) = corners(highlight)
        cv2.rectangle(image, (x0 - 2, y0 - 2), (x1 + 2, y1 + 2), HIGHLIGHT_COLOUR, 3, cv2.LINE_AA)
        if score is not None:
            text = f"{score:.2f}"
            scale = max(0.4, px_per_mm / 10)
            (tw, th), _ = cv2.getTextSize(text, _FONT, scale, 1)
            x = x1 + 6 if x1 + 6 + tw < image.shape[1] else max(0, x0 - 6 - tw)
            y = min(image.shape[0] - 2, max(th + 2, (y0 + y1 + th) // 2))
            cv2.putText(image, text, (x, y), _FONT, scale, HIGHLIGHT_COLOUR, 2, cv2.LINE_AA)
    return image
