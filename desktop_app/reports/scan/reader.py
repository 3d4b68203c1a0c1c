"""One ballot read from a scanned page: registered by its code and corner marks, printed matter taken away with
the blank ballot as template, each box's ink measured and its mark told apart (○ / √ / ×), every doubt sent to
the scrutineers (待核) rather than guessed.

Thresholds (fractions of a box's area, shapes) were set on the tuning seeds of the test deck
(docs/ballot-layout.md) and are named here once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

PX_PER_MM = 6.0            # the canonical image the ballot is warped to (152 dpi)
PRINT_MARGIN_MM = 0.9      # voter's ink this close to a printed line is not told from the line
MIN_COMPONENT_PX = 10      # specks smaller than this (0.3 mm²) are dust or scanner noise
FULL_INK = 0.015           # ink over 1.5 % of a box scores 1.0 (a small thin ○ covers about that)
EMPTY_BELOW = 0.25         # score under this: nothing there
MARKED_FROM = 0.6          # score from this: a mark; between the two: 待核
BLOB_ABOVE = 0.30          # ink over 30 % of a box: filled in, not a mark a voter is asked to make
INSIDE_SHARE = 0.6         # a stroke belongs to a box when at least this share of its ink lies inside it
STRAY_PX = 25              # ink of strokes that only touch the box, above which the box is 待核
CORE_RADIUS = 0.12         # the centre disc of a mark's bounding box, as a share of its size …
CORE_EMPTY = 0.1           # … a ring's hole when less than this share of it is inked
MARK_SEARCH_MM = 9.0       # how far from where the code predicts it a corner mark is looked for


# box states
EMPTY, CIRCLE, TICK, CROSS, MARKED, REVIEW = "empty", "circle", "tick", "cross", "marked", "review"


@dataclass
class BoxReading:
    score: float
    state: str            # one of the states above
    why: str = ""         # for 待核: what the reader saw


@dataclass
class BallotReading:
    boxes: list[BoxReading] = field(default_factory=list)
    write_in_ink: bool = False
    write_in_fields: list[bool] = field(default_factory=list)   # ink in each 另选人姓名 field, in order


def _rect_px(rect: dict, scale: float = PX_PER_MM) -> tuple[int, int, int, int]:
    return (int(round(rect["x_mm"] * scale)), int(round(rect["y_mm"] * scale)),
            int(round((rect["x_mm"] + rect["w_mm"]) * scale)), int(round((rect["y_mm"] + rect["h_mm"]) * scale)))


def _centre(rect: dict) -> tuple[float, float]:
    return rect["x_mm"] + rect["w_mm"] / 2, rect["y_mm"] + rect["h_mm"] / 2


# --------------------------------------------------------------------------- registration


def _find_mark(grey: np.ndarray, predicted: np.ndarray, side_px: float, search_px: float) -> np.ndarray | None:
    """The centre of the solid square nearest to ``predicted`` within ``search_px``, or None."""
    h, w = grey.shape
    x0, y0 = int(max(0, predicted[0] - search_px)), int(max(0, predicted[1] - search_px))
    x1, y1 = int(min(w, predicted[0] + search_px)), int(min(h, predicted[1] + search_px))
    if x1 - x0 < side_px or y1 - y0 < side_px:
        return None
    _t, window = cv2.threshold(grey[y0:y1, x0:x1], 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    count, _labels, stats, centroids = cv2.connectedComponentsWithStats(window, connectivity=8)
    best, best_distance = None, None
    expected = side_px * side_px
    for i in range(1, count):
        x, y, bw, bh, area = stats[i]
        # a square turned by up to 45° has a bounding box up to 1.41× its side
        if not (0.55 * expected <= area <= 1.6 * expected):
            continue
        if not (0.7 * side_px <= bw <= 1.6 * side_px and 0.7 * side_px <= bh <= 1.6 * side_px):
            continue
        if area < 0.6 * bw * bh:
            continue
        centre = centroids[i] + (x0, y0)
        distance = float(np.hypot(*(centre - predicted)))
        if best_distance is None or distance < best_distance:
            best, best_distance = centre, distance
    return best


def register(grey: np.ndarray, code_corners: np.ndarray, layout: dict, ballot: dict) -> np.ndarray | None:
    """The 3 × 3 homography from the layout's mm to the page's pixels, from the four corner marks (the code
    says roughly where they are, and which way up); None when the marks are not all there."""
    code = ballot["code_rect"]
    x, y, w, h = code["x_mm"], code["y_mm"], code["w_mm"], code["h_mm"]
    code_mm = np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], dtype=np.float32)
    affine, _ = cv2.estimateAffine2D(code_mm, code_corners.astype(np.float32))
    if affine is None:
        return None
    px_per_mm = float(np.sqrt(abs(np.linalg.det(affine[:, :2]))))
    if not 2.0 <= px_per_mm <= 40.0:
        return None
    marks_mm, marks_px = [], []
    for mark in ballot["marks"]:
        centre = np.array(_centre(mark), dtype=np.float32)
        predicted = affine[:, :2] @ centre + affine[:, 2]
        found = _find_mark(grey, predicted, mark["w_mm"] * px_per_mm, MARK_SEARCH_MM * px_per_mm)
        if found is None:
            return None
        marks_mm.append(centre)
        marks_px.append(found)
    src, dst = np.array(marks_mm, dtype=np.float32), np.array(marks_px, dtype=np.float32)
    homography = cv2.getPerspectiveTransform(src, dst)
    # the marks must lie as printed: the same scale every way (0.9–1.1 of the code's), no shear
    back = cv2.perspectiveTransform(code_mm.reshape(-1, 1, 2), homography).reshape(4, 2)
    if float(np.max(np.hypot(*(back - code_corners).T))) > 2.5 * px_per_mm:
        return None
    return homography


def warp(grey: np.ndarray, homography: np.ndarray, page_mm: tuple[float, float]) -> np.ndarray:
    """The page as printed, ``PX_PER_MM`` pixels a millimetre, top-left origin; outside the scan is paper."""
    to_canonical = np.diag([1 / PX_PER_MM, 1 / PX_PER_MM, 1.0])
    size = (int(round(page_mm[0] * PX_PER_MM)), int(round(page_mm[1] * PX_PER_MM)))
    return cv2.warpPerspective(grey, homography @ to_canonical, size, flags=cv2.INTER_AREA | cv2.WARP_INVERSE_MAP,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def printed_mask(template: np.ndarray) -> np.ndarray:
    """Where the blank ballot has print, widened by ``PRINT_MARGIN_MM`` (a misregistered or blurred line)."""
    printed = (template < 200).astype(np.uint8)
    r = max(1, int(round(PRINT_MARGIN_MM * PX_PER_MM)))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))
    return cv2.dilate(printed, kernel).astype(bool)


# --------------------------------------------------------------------------- marks


def ink_threshold(region: np.ndarray) -> float:
    """Darker than this is ink: Otsu's split between print and paper, moved towards the paper so that a grey
    pencil stroke still counts."""
    otsu, _ = cv2.threshold(region, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    paper = float(np.percentile(region, 90))
    return max(float(otsu), paper - 0.4 * (paper - float(otsu)))


def _inked_near(grown: np.ndarray, x: float, y: float) -> bool:
    h, w = grown.shape
    xi, yi = int(round(x)), int(round(y))
    return 0 <= xi < w and 0 <= yi < h and bool(grown[yi, xi])


def shape_features(ink: np.ndarray) -> dict:
    """What tells ○, √ and × apart, measured on the ink's bounding box: how much of each diagonal is inked,
    whether its centre is, how many of the four edge midpoints are (a ring touches all four, a cross none),
    and how many of 24 rays from the centre meet ink (a ring stops them all, a tick leaves its open side)."""
    ys, xs = np.nonzero(ink)
    x0, x1, y0, y1 = xs.min(), xs.max(), ys.min(), ys.max()
    size = max(x1 - x0, y1 - y0, 1)
    tolerance = max(2, int(round(0.08 * size)))
    grown = cv2.dilate(ink.astype(np.uint8), cv2.getStructuringElement(
        cv2.MORPH_ELLIPSE, (2 * tolerance + 1, 2 * tolerance + 1))).astype(bool)
    t = np.linspace(0.1, 0.9, 25)
    d1 = float(np.mean([_inked_near(grown, x0 + v * (x1 - x0), y0 + v * (y1 - y0)) for v in t]))
    d2 = float(np.mean([_inked_near(grown, x1 - v * (x1 - x0), y0 + v * (y1 - y0)) for v in t]))
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    mids = sum(_inked_near(grown, x, y) for x, y in ((cx, y0), (cx, y1), (x0, cy), (x1, cy)))
    rays = 0
    reach = np.linspace(0.12, 0.75, 30) * np.hypot(x1 - x0, y1 - y0)
    for angle in np.linspace(0, 2 * np.pi, 24, endpoint=False):
        dx, dy = np.cos(angle), np.sin(angle)
        rays += any(bool(ink[int(cy + r * dy), int(cx + r * dx)]) for r in reach
                    if 0 <= int(cy + r * dy) < ink.shape[0] and 0 <= int(cx + r * dx) < ink.shape[1])
    centre = bool(grown[int(cy), int(cx)])
    # the ink itself (not grown) in a disc at the centre: a small ring's hole is narrower than the tolerance
    # above, a × over a ring fills this disc with its two strokes
    r = max(2.0, CORE_RADIUS * size)
    yy, xx = np.ogrid[:ink.shape[0], :ink.shape[1]]
    disc = (yy - cy) ** 2 + (xx - cx) ** 2 <= r * r
    core = float(ink[disc].mean()) if disc.any() else 0.0
    return {"d1": d1, "d2": d2, "centre": centre, "mids": mids, "rays": rays / 24, "core": core}


def shape_of(ink: np.ndarray) -> tuple[str, str]:
    """○, √ or × from the ink of one box; (REVIEW, why) when it is none of them clearly.

    √: one diagonal of its box inked, the other barely, the centre clear, its open side letting a third of the
    rays out (a straight stroke lets nearly all out); ○: all four edge
    midpoints, every ray stopped, the centre empty; ×: both diagonals and the centre, no edge midpoint.
    """
    ys, xs = np.nonzero(ink)
    w, h = xs.max() - xs.min() + 1, ys.max() - ys.min() + 1
    if max(w, h) > 2.5 * min(w, h) or max(w, h) < 0.2 * min(ink.shape):
        return REVIEW, "笔画不完整"    # a sliver: the end of a stroke from elsewhere, or a dot
    f = shape_features(ink)
    high, low = max(f["d1"], f["d2"]), min(f["d1"], f["d2"])
    # a tick's long stroke runs from its foot to the top corner, not along the box's diagonal: on a large thin
    # tick it inks well under half of that diagonal
    bold_tick = high >= 0.7 and low <= 0.45 and 0.45 <= f["rays"] <= 0.85
    thin_tick = (high >= 0.4 and low <= 0.35 and high - low >= 0.2 and not f["centre"] and f["mids"] <= 2
                 and 0.4 <= f["rays"] <= 0.8)
    if bold_tick or thin_tick:
        return TICK, ""
    if f["mids"] >= 3 and f["rays"] >= 0.85 and (not f["centre"] or f["core"] < CORE_EMPTY):
        return CIRCLE, ""
    if low >= 0.6 and f["centre"] and f["mids"] <= 1:
        return CROSS, ""
    if f["mids"] >= 3 and f["centre"]:
        return REVIEW, "圈内有笔画（涂改？）"
    return REVIEW, "符号不清"


def read_ballot(canonical: np.ndarray, printed: np.ndarray, ballot: dict, *, shapes: bool) -> BallotReading:
    """Each box of ``ballot`` (the layout's entry) read from the warped page. With ``shapes`` a mark is told
    apart as ○ / √ / × (选举); without, a box is marked or empty (表决, 票决, 测评)."""
    boxes = ballot["boxes"]
    # only the part of the page around the boxes and write-in fields is looked at
    rects = [_rect_px(r) for r in [*boxes, *ballot["write_ins"]]]
    pad = int(8 * PX_PER_MM)
    ox, oy = max(0, min(r[0] for r in rects) - pad), max(0, min(r[1] for r in rects) - pad)
    ex, ey = max(r[2] for r in rects) + pad, max(r[3] for r in rects) + pad
    canonical, printed = canonical[oy:ey, ox:ex], printed[oy:ey, ox:ex]

    def local(rect: dict) -> tuple[int, int, int, int]:
        x0, y0, x1, y1 = _rect_px(rect)
        return x0 - ox, y0 - oy, x1 - ox, y1 - oy

    ink_all = (canonical < ink_threshold(canonical)) & ~printed
    # specks go before strokes are joined, or joining would gather a scanner's dust into strokes
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink_all.astype(np.uint8), connectivity=8)
    ink_all = (stats[:, cv2.CC_STAT_AREA] >= MIN_COMPONENT_PX)[labels] & ink_all
    owner = np.zeros(canonical.shape, dtype=np.int32)       # box index + 1 inside each box
    for i, box in enumerate(boxes):
        bx0, by0, bx1, by1 = local(box)
        owner[by0:by1, bx0:bx1] = i + 1
    # strokes cut by a printed line are one stroke again: join across the line and its margins (2.1 mm and more)
    r = int(round((2 * PRINT_MARGIN_MM + 0.6) * PX_PER_MM)) | 1
    joined = cv2.morphologyEx(ink_all.astype(np.uint8), cv2.MORPH_CLOSE,
                              cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (r, r)))
    count, labels = cv2.connectedComponents(joined, connectivity=8)
    ink_labels = np.where(ink_all, labels, 0)
    # per component: its ink in each box and in all
    flat = ink_labels.ravel()
    totals = np.bincount(flat, minlength=count)
    pair = flat.astype(np.int64) * (len(boxes) + 1) + owner.ravel()
    per_box = np.bincount(pair[flat > 0], minlength=count * (len(boxes) + 1)).reshape(count, len(boxes) + 1)
    areas = [max(1, (x1 - x0) * (y1 - y0)) for x0, y0, x1, y1 in (local(b) for b in boxes)]
    strokes = []   # the ink's own components, before joining: only wanted for a joined stroke over two boxes

    def two_marks(label: int, i: int) -> bool:
        """Whether joined stroke ``label`` is two marks: a whole mark in box ``i`` and whole marks in other
        boxes, not touching across the printed line between them (two rows marked in one column, each mark
        near the line); its ink in box ``i`` is then box ``i``'s own."""
        others = [j for j in np.nonzero(per_box[label, 1:])[0] if j != i]
        in_others = sum(int(per_box[label, j + 1]) for j in others)
        if not others or in_others < 0.9 * (totals[label] - per_box[label, i + 1]):
            return False
        if any(per_box[label, j + 1] / areas[j] / FULL_INK < MARKED_FROM for j in [i, *others]):
            return False
        if not strokes:
            strokes.append(cv2.connectedComponents(ink_all.astype(np.uint8), connectivity=8)[1])
        stroke = ink_labels == label
        here = set(np.unique(strokes[0][stroke & (owner == i + 1)]).tolist())
        return not here & set(np.unique(strokes[0][stroke & (owner != i + 1)]).tolist())

    reading = BallotReading()
    for i, box in enumerate(boxes):
        bx0, by0, bx1, by1 = local(box)
        area = areas[i]
        inside, stray = 0, 0
        mine, split = [], []
        for label in np.nonzero(per_box[:, i + 1])[0]:
            if label == 0 or totals[label] < MIN_COMPONENT_PX:
                continue
            n_in = per_box[label, i + 1]
            if n_in >= INSIDE_SHARE * totals[label]:
                inside += n_in
                mine.append(label)
            elif two_marks(label, i):
                inside += n_in
                split.append(label)
            else:
                stray += n_in
        fraction = inside / area
        score = float(round(min(1.0, fraction / FULL_INK), 2))
        if stray > STRAY_PX and stray > 0.25 * inside:
            reading.boxes.append(BoxReading(score, REVIEW, "笔画跨出框外或在两框之间"))
        elif score < EMPTY_BELOW:
            reading.boxes.append(BoxReading(score, EMPTY))
        elif score < MARKED_FROM:
            reading.boxes.append(BoxReading(score, REVIEW, "笔迹很淡或很小"))
        elif fraction > BLOB_ABOVE:
            reading.boxes.append(BoxReading(score, REVIEW, "涂满"))
        else:
            # the stroke as drawn, joined again where a printed line cut it (and only there: joining elsewhere
            # would fill the hole of a small ○)
            drawn = ink_all[by0:by1, bx0:bx1] | ((joined[by0:by1, bx0:bx1] > 0) & printed[by0:by1, bx0:bx1])
            ink = np.isin(labels[by0:by1, bx0:bx1], mine) & drawn
            if split:   # the ink as drawn, without what joins it to the mark across the line
                ink |= np.isin(ink_labels[by0:by1, bx0:bx1], split)
            state, why = shape_of(ink)
            if not shapes and state in (CIRCLE, TICK):
                state = MARKED
            elif not shapes and state == CROSS:
                state, why = REVIEW, "画了“×”"
            reading.boxes.append(BoxReading(score, state, why))
    for rect in ballot["write_ins"]:
        wx0, wy0, wx1, wy1 = local(rect)
        sub = ink_labels[wy0:wy1, wx0:wx1]
        labels_here = [lb for lb in np.unique(sub) if lb and totals[lb] >= MIN_COMPONENT_PX]
        inked = sum(int((sub == lb).sum()) for lb in labels_here) > STRAY_PX
        reading.write_in_fields.append(inked)
        if inked:
            reading.write_in_ink = True
    return reading
