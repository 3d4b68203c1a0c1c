"""The QR codes on a scanned page, with their corners (in the code's own order: top-left, top-right,
bottom-right, bottom-left), so that a code also tells which way up its ballot lies.

OpenCV's detectors are slow and easily lost on a whole 200 dpi page of print; the code sits 9 mm below a
ballot's top-right corner mark, so the reader first finds the solid squares that may be corner marks and decodes
a small window where the code would be; only a page where that finds nothing is searched whole.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

MARK_MM = 5.0          # side of an A4 corner mark (A5: 4 mm); the window is sized from the square found
WORK_SIDE = 1400       # the page is looked over for marks at about this size (pixels, longer side)


@dataclass
class FoundCode:
    text: str
    corners: np.ndarray   # 4 × 2, pixels of the page


def _variants(image: np.ndarray):
    """The image as it is, then smoothed (the jagged edges of a 1-bit scan), shrunk (a 300–600 dpi scan) and
    enlarged twice (a 150 dpi one, whose modules are 3 pixels), sharpened and enlarged (a blurred one); with the
    factor each was scaled by."""
    yield image, 1.0
    yield cv2.GaussianBlur(image, (0, 0), 1.0), 1.0
    yield cv2.resize(image, None, fx=0.6, fy=0.6, interpolation=cv2.INTER_AREA), 0.6
    yield cv2.resize(image, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC), 2.0
    # a blurred 150 dpi scan: sharpened (unsharp mask) before it is enlarged
    sharp = cv2.addWeighted(image, 2.0, cv2.GaussianBlur(image, (0, 0), 1.2), -1.0, 0)
    yield cv2.resize(sharp, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC), 2.0


def _decode(image: np.ndarray, *, variants: int = 5) -> list[FoundCode]:
    """The code OpenCV decodes in ``image``: the classic detector, then the ArUco-based one, on each of the
    image's first ``variants`` variants in turn."""
    for n, (scaled, factor) in enumerate(_variants(image)):
        if n >= variants:
            break
        for detector_class in (cv2.QRCodeDetector, cv2.QRCodeDetectorAruco):
            try:
                text, points, _ = detector_class().detectAndDecode(scaled)
            except cv2.error:
                continue
            if text and points is not None:
                return [FoundCode(text, np.asarray(points, dtype=np.float32).reshape(4, 2) / factor)]
    return []


def _overview(grey: np.ndarray) -> tuple[np.ndarray, float]:
    """The page binarised (Otsu) at about ``WORK_SIDE`` pixels, and the factor it was shrunk by."""
    factor = min(1.0, WORK_SIDE / max(grey.shape))
    small = grey if factor == 1.0 else cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    _t, binary = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return binary, factor


def mark_candidates(grey: np.ndarray, overview: tuple[np.ndarray, float] | None = None
                    ) -> list[tuple[float, float, float]]:
    """(x, y, side) in page pixels of every solid dark square that could be a corner mark, largest first."""
    binary, factor = overview or _overview(grey)
    # specks touching a mark would spoil its square: opened away first
    binary = cv2.morphologyEx(binary, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    small = binary
    count, labels, stats, centroids = cv2.connectedComponentsWithStats(binary, connectivity=8)
    longest = max(small.shape)
    out = []
    for i in range(1, count):
        x, y, w, h, area = stats[i]
        # a mark is 4–5 mm: between 1/110 and 1/40 of the scan's longer side (an A4 page or glass, or a little
        # more), at any resolution; turned by up to 10° (or 180°) it still fills 70 % of its bounding box
        if not (longest / 110 <= max(w, h) <= longest / 40):
            continue
        if not (0.8 <= w / h <= 1.25) or area < 0.7 * w * h:
            continue
        points = cv2.findNonZero((labels[y:y + h, x:x + w] == i).astype(np.uint8))
        (_cx, _cy), (rw, rh), _angle = cv2.minAreaRect(points)
        if area < 0.9 * rw * rh or not 0.85 <= rw / max(rh, 1) <= 1.18:
            continue
        out.append((centroids[i][0] / factor, centroids[i][1] / factor, np.sqrt(area) / factor))
    out.sort(key=lambda c: -c[2])
    # the marks are the largest squares and all alike (4 or 5 mm); smaller ones are parts of heavy print
    return [c for c in out if c[2] >= 0.7 * out[0][2]] if out else []


# Where a ballot's code lies from its top-right corner mark, in units of the mark's side, with the ballot upright
# (x right, y down): 6 mm left and 19.4 mm below the mark's centre (4 or 5 mm marks, 16 or 17.5 mm codes).
_CODE_OFFSET = np.array([-1.35, 4.3])
_CODE_HALF = 3.2        # half the side of the window decoded, in mark sides (the code is 3.5–4 sides, turned)


def _window(grey: np.ndarray, centre: np.ndarray, half: float) -> tuple[np.ndarray, int, int]:
    h, w = grey.shape
    x0, y0 = max(0, int(centre[0] - half)), max(0, int(centre[1] - half))
    return grey[y0:min(h, int(centre[1] + half) + 1),
                x0:min(w, int(centre[0] + half) + 1)], x0, y0


def _dark_share(binary: np.ndarray, centre: np.ndarray, half: float) -> float:
    h, w = binary.shape
    x0, x1 = max(0, int(centre[0] - half)), min(w, int(centre[0] + half))
    y0, y1 = max(0, int(centre[1] - half)), min(h, int(centre[1] + half))
    if x1 - x0 < half or y1 - y0 < half:
        return 0.0
    return float(np.count_nonzero(binary[y0:y1, x0:x1])) / ((x1 - x0) * (y1 - y0))


def find_codes(grey: np.ndarray) -> list[FoundCode]:
    """Every decodable QR code of the page: beside each corner mark, the four ways a ballot may lie are looked
    at, and a code is decoded where the pixels are as dark as a code's (about half); the whole page only when
    that finds none."""
    found: list[FoundCode] = []
    binary, factor = overview = _overview(grey)
    for x, y, side in mark_candidates(grey, overview):
        mark = np.array([x, y])
        # a code's own finder patterns, blurred, look like small marks: a found code's squares are skipped
        if any(np.hypot(*(f.corners.mean(axis=0) - mark)) < np.hypot(*(f.corners[0] - f.corners[2]))
               for f in found):
            continue
        looks = []
        for quarter in range(4):
            turn = np.array([[0, -1], [1, 0]]) if quarter % 2 else np.eye(2)
            if quarter >= 2:
                turn = -turn
            centre = mark + turn @ _CODE_OFFSET * side
            share = _dark_share(binary, centre * factor, 1.6 * side * factor)
            if 0.2 <= share <= 0.92:   # a code is about half dark; blurred at 150 dpi, darker
                looks.append((abs(share - 0.5), centre))
        for _closeness, centre in sorted(looks, key=lambda look: look[0]):
            if any(np.hypot(*(f.corners.mean(axis=0) - centre)) < 2 * side for f in found):
                break
            window, x0, y0 = _window(grey, centre, _CODE_HALF * side)
            codes = _decode(window)
            for code in codes:
                code.corners += (x0, y0)
                if all(code.text != f.text for f in found):
                    found.append(code)
            if codes:
                break
    if not found:
        # no mark leads to a code: a code elsewhere can only tell a foreign page from an unreadable one
        found = _decode(grey, variants=1)
    return found
