"""The scanning test deck (docs/ballot-layout.md): ballots printed through the app, marked as voters mark them,
degraded as a scanner does, each with the reading it must give.

``make_deck(db, session, folder, seed=…, size=SMALL)`` writes the scanned pages as files and returns them with
the expectations. The parameters below are the ones written down before the reader was tuned; one seed,
``KEPT_BACK_SEED``, is kept back for ``make bench`` and nobody runs it but ``make bench`` (seed 9 was kept back
before the colour pages; it has been run since, so it is tuning history now).
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium

from scan_fixtures import print_ballots

KINDS = ("选举", "表决", "票决", "测评")
TUNING_SEEDS = (1, 2, 3, 4)
KEPT_BACK_SEED = 47
COLOUR_SHARE = 0.30    # ballot pages scanned in colour (1-bit 20 %, grey the rest)
ONE_BIT_SHARE = 0.20
PDF_SHARE = 0.25       # batches (one item on one paper) scanned to one multi-page colour PDF of JPEG pages
REVIEW = "待核"


@dataclass(frozen=True)
class DeckSize:
    papers: tuple[str, ...]
    per_item: int          # ballots of each item on each paper
    dpis: tuple[int, ...]  # used in turn, page by page


SMALL = DeckSize(papers=("A4", "A5"), per_item=2, dpis=(200,))
FULL = DeckSize(papers=("A4", "A5", "A4L"), per_item=20, dpis=(150, 200, 300))


@dataclass
class Expected:
    """What the reader must say of one ballot. ``marks`` maps each option to the word expected; where a box is
    doubtful by design the word is 待核, and ``allowed`` adds the words a careful reader may also say
    (a ○ straying over the border may be read as ○ or sent to review)."""

    item: str
    serial: int
    page: int
    marks: dict[str, str]
    allowed: dict[str, set[str]] = field(default_factory=dict)
    write_in_ink: bool = False
    valid: bool | None = None      # when no box is doubtful
    ordinary: bool = True          # no doubtful mark by design (counts towards the 待核 rate)


@dataclass
class Deck:
    files: list[Path]
    ballots: list[Expected]
    blank_pages: list[int]
    unreadable_pages: list[int]
    foreign_pages: list[int]
    duplicate_pages: list[int]
    not_printed_serials: list[int]
    page_names: list[str] = field(default_factory=list)   # per page (from 1): its file, and page in a PDF
    colour_pages: list[int] = field(default_factory=list)
    pdf_pages: list[int] = field(default_factory=list)


# --------------------------------------------------------------------------- drawing marks


class Pen:
    """Draws on a page image (grey, or BGR for a colour scan) at ``dpi`` with the layout's millimetres; with
    ``blue`` the voter's pen is a blue ballpoint (colour pages only)."""

    def __init__(self, image: np.ndarray, dpi: int, rng: random.Random, *, blue: bool = False):
        self.image, self.dpi, self.rng, self.blue = image, dpi, rng, blue

    def px(self, mm: float) -> int:
        return int(round(mm / 25.4 * self.dpi))

    def ink(self, pencil: bool = False):
        if self.blue and not pencil:
            return (self.rng.randint(120, 190), self.rng.randint(40, 90), self.rng.randint(10, 60))
        level = self.rng.randint(150, 185) if pencil else self.rng.choice((self.rng.randint(15, 60),
                                                                           self.rng.randint(60, 95)))
        return level if self.image.ndim == 2 else (level, level, level)

    def stroke(self, pencil: bool = False) -> int:
        return max(1, self.px(0.3 if pencil else self.rng.uniform(0.3, 1.2)))

    def circle(self, cx, cy, rx, ry, *, pencil=False, colour=None, thickness=None):
        gap = self.rng.uniform(0, 15)
        start = self.rng.uniform(0, 360)
        cv2.ellipse(self.image, (self.px(cx), self.px(cy)), (self.px(rx), self.px(ry)), self.rng.uniform(-20, 20),
                    start, start + 360 - gap, colour if colour is not None else self.ink(pencil),
                    thickness or self.stroke(pencil), cv2.LINE_AA)

    def tick(self, cx, cy, s, *, pencil=False):
        pts = [(-0.5, 0.05), (-0.15, 0.5), (0.5, -0.5)]
        points = np.array([[self.px(cx + x * s + self.rng.uniform(-0.05, 0.05) * s),
                            self.px(cy + y * s + self.rng.uniform(-0.05, 0.05) * s)] for x, y in pts], np.int32)
        cv2.polylines(self.image, [points], False, self.ink(pencil), self.stroke(pencil), cv2.LINE_AA)

    def cross(self, cx, cy, s, *, colour=None, thickness=None):
        colour = colour if colour is not None else self.ink()
        thickness = thickness or self.stroke()
        h = s / 2
        for (x0, y0, x1, y1) in ((-h, -h, h, h), (h, -h, -h, h)):
            j = [self.rng.uniform(-0.06, 0.06) * s for _ in range(4)]
            cv2.line(self.image, (self.px(cx + x0 + j[0]), self.px(cy + y0 + j[1])),
                     (self.px(cx + x1 + j[2]), self.px(cy + y1 + j[3])), colour, thickness, cv2.LINE_AA)

    def blob(self, cx, cy, rx, ry):
        cv2.ellipse(self.image, (self.px(cx), self.px(cy)), (self.px(rx), self.px(ry)), 0, 0, 360, self.ink(), -1)

    def scribble(self, rect):
        x, y, w, h = rect["x_mm"], rect["y_mm"], rect["w_mm"], rect["h_mm"]
        points = np.array([[self.px(x + w * self.rng.uniform(0.2, 0.8)), self.px(y + h * self.rng.uniform(0.3, 0.7))]
                           for _ in range(8)], np.int32)
        cv2.polylines(self.image, [points], False, self.ink(), self.px(0.5), cv2.LINE_AA)


def _box_centre(box):
    return box["x_mm"] + box["w_mm"] / 2, box["y_mm"] + box["h_mm"] / 2


def mark_box(pen: Pen, box: dict, *, one_bit: bool, roll: float | None = None) -> tuple[str, set[str]]:
    """Draw one of the deck's marks in ``box`` (``roll`` in [0, 1) picks which, as the table in
    docs/ballot-layout.md); (the state expected, other states allowed)."""
    rng = pen.rng
    w, h = box["w_mm"], box["h_mm"]
    side = min(w, h)
    roll = rng.random() if roll is None else roll
    size = rng.uniform(0.4, 0.85) * side
    room_x, room_y = (w - size) / 2 - 1.2, (h - size) / 2 - 1.2
    cx, cy = _box_centre(box)
    cx += rng.uniform(-1, 1) * max(0.0, min(room_x, 0.15 * w))
    cy += rng.uniform(-1, 1) * max(0.0, min(room_y, 0.15 * h))
    if roll < 0.35:
        pen.circle(cx, cy, size / 2, size / 2 * rng.uniform(0.75, 1.0))
        return "circle", set()
    if roll < 0.50:
        pen.tick(cx, cy, size * rng.uniform(0.9, 1.0))
        return "tick", set()
    if roll < 0.65:
        pen.cross(cx, cy, size * rng.uniform(0.9, 1.0))
        return "cross", set()
    if roll < 0.95:
        return "empty", set()
    if roll < 0.96:   # a ○ straying over the right border, most of it inside
        r = 0.4 * side
        pen.circle(box["x_mm"] + w - 0.7 * r, cy, r, r)
        return "circle", {"review"}
    if roll < 0.97:   # a stroke that only touches the box from below
        r = 0.35 * side
        pen.circle(cx, box["y_mm"] + h + 0.75 * r, r, r)
        return "review", set()
    if roll < 0.98:
        pen.blob(cx, cy, 0.35 * w, 0.35 * h)
        return "review", set()
    if roll < 0.99:   # corrected: a ○ crossed out
        pen.circle(cx, cy, size / 2, size / 2)
        pen.cross(cx, cy, size * 0.9)
        return "review", set()
    pen.circle(cx, cy, size / 2, size / 2, pencil=True)   # light pencil: gone in a 1-bit scan
    return ("empty" if one_bit else "circle"), {"review"}


def mark_ballot(pen: Pen, boxes: list[dict], one_bit: bool) -> list[tuple[str, set[str]]]:
    """Marks for every box: each ○/× box on its own; a row of choice boxes gets one mark in one column (70 %)
    or none, the mark drawn as the table says (× in a choice box is 待核)."""
    rng = pen.rng
    states: list[tuple[str, set[str]]] = [("empty", set())] * len(boxes)
    rows: dict[str, list[int]] = {}
    for i, box in enumerate(boxes):
        if box["choice"] is None:
            states[i] = mark_box(pen, box, one_bit=one_bit)
        else:
            rows.setdefault(box["option"], []).append(i)
    for cells in rows.values():
        if rng.random() < 0.30:
            continue
        i = rng.choice(cells)
        r = rng.random()
        # ○ or √ (90 %), × (3 %), the doubtful marks of the table (7 %)
        roll = rng.uniform(0, 0.5) if r < 0.90 else rng.uniform(0.5, 0.65) if r < 0.93 else rng.uniform(0.95, 1)
        if 0.96 <= roll < 0.97:
            roll = 0.975   # the row below is another row's box: a stroke from below would be a mark there
        states[i] = mark_box(pen, boxes[i], one_bit=one_bit, roll=roll)
    return states


def seal_box(ballot: dict) -> tuple[float, float, float]:
    """(x, y, side) in mm of the 印章处 box: in the ballot's top-left corner, 2 mm (A5: 1.6) below the corner
    mark, 26 mm (A5: 20.8) square (reports/pdf/ballot_papers.py)."""
    mark = ballot["marks"][0]
    k = mark["w_mm"] / 5.0
    return mark["x_mm"], mark["y_mm"] + mark["h_mm"] + 2 * k, 26 * k


def stamp_seal(image: np.ndarray, ballot: dict, dpi: int, rng: random.Random, *,
               centre_mm: tuple[float, float] | None = None) -> None:
    """The office's red seal stamped over the 印章处 box (the table in docs/ballot-layout.md), in place; a test
    may put it elsewhere (``centre_mm``)."""
    def px(mm):
        return int(round(mm / 25.4 * dpi))

    x, y, side = seal_box(ballot)
    cx, cy = x + side / 2 + rng.uniform(-4, 4), y + side / 2 + rng.uniform(-4, 4)
    if centre_mm is not None:
        cx, cy = centre_mm
    radius = rng.uniform(36, 42) / 2
    size = 2 * px(radius) + 8
    alpha = np.zeros((size, size), np.uint8)
    c = size // 2
    cv2.circle(alpha, (c, c), px(radius - 0.6), 255, max(1, px(rng.uniform(0.8, 1.4))), cv2.LINE_AA)
    star_r = rng.uniform(8, 12) / 2
    star = [(c + px((star_r if i % 2 == 0 else 0.4 * star_r) * np.sin(i * np.pi / 5)),
             c - px((star_r if i % 2 == 0 else 0.4 * star_r) * np.cos(i * np.pi / 5))) for i in range(10)]
    cv2.fillPoly(alpha, [np.array(star, np.int32)], 255, cv2.LINE_AA)
    characters = rng.randint(8, 12)
    for n in range(characters):   # a few strokes in a 4 mm cell for each character, along the upper arc
        angle = np.radians(200 + 140 * (n + 0.5) / characters)
        ux, uy = 0.7 * radius * np.cos(angle), 0.7 * radius * np.sin(angle)
        for _stroke in range(rng.randint(2, 4)):
            ax, ay, bx, by = (rng.uniform(-2, 2) for _ in range(4))
            cv2.line(alpha, (c + px(ux + ax), c + px(uy + ay)), (c + px(ux + bx), c + px(uy + by)), 255,
                     max(1, px(0.5)), cv2.LINE_AA)
    # uneven ink: 40–100 % of full strength, mottled
    noise = np.random.default_rng(rng.randrange(1 << 30)).random((size, size)).astype(np.float32)
    noise = cv2.GaussianBlur(noise, (0, 0), max(1.0, px(1.0)))
    noise = (noise - noise.min()) / max(1e-6, float(noise.max() - noise.min()))
    strength = (0.4 + 0.6 * noise) * (alpha.astype(np.float32) / 255)
    red = np.array([rng.randint(30, 90), rng.randint(20, 80), rng.randint(185, 235)], np.float32) / 255
    # where the seal falls on the page (it may reach past its edges)
    x0, y0 = px(cx) - c, px(cy) - c
    h, w = image.shape[:2]
    sx0, sy0, sx1, sy1 = max(0, x0), max(0, y0), min(w, x0 + size), min(h, y0 + size)
    if sx1 <= sx0 or sy1 <= sy0:
        return
    a = strength[sy0 - y0:sy1 - y0, sx0 - x0:sx1 - x0, None]
    region = image[sy0:sy1, sx0:sx1].astype(np.float32)
    # ink absorbs: the print under the seal stays dark
    image[sy0:sy1, sx0:sx1] = np.clip(region * (1 - a * (1 - red)), 0, 255).astype(np.uint8)


def paper_tint(rng: random.Random) -> np.ndarray:
    """A faint paper colour (B, G, R) the whole colour page is multiplied by."""
    return np.array([rng.randint(222, 248), rng.randint(232, 252), rng.randint(238, 255)], np.float32) / 255


def tinted(image: np.ndarray, tint: np.ndarray) -> np.ndarray:
    return np.clip(image.astype(np.float32) * tint, 0, 255).astype(np.uint8)


# --------------------------------------------------------------------------- expectations


_VOTE = {"circle": "同意", "tick": "同意", "cross": "反对", "empty": "弃权", "review": REVIEW}


def _expect(kind: str, boxes: list[dict], states: list[tuple[str, set[str]]]) -> tuple[dict, dict]:
    marks: dict[str, str] = {}
    allowed: dict[str, set[str]] = {}
    rows: dict[str, list[tuple[str, str, set[str]]]] = {}
    for box, (state, extra) in zip(boxes, states):
        if box["choice"] is None:
            marks[box["option"]] = _VOTE[state]
            allowed[box["option"]] = {_VOTE[s] for s in extra}
        else:
            rows.setdefault(box["option"], []).append((box["choice"], state, extra))
    for option, cells in rows.items():
        def value(picks):
            if any(p == "review" or p == "cross" for _c, p in picks):
                return REVIEW
            chosen = [c for c, p in picks if p != "empty"]
            return "弃权" if not chosen else chosen[0] if len(chosen) == 1 else "多选"
        main = value([(c, s) for c, s, _e in cells])
        others = set()
        for i, (c, s, extra) in enumerate(cells):
            for alt in extra:
                picks = [(c2, alt if j == i else s2) for j, (c2, s2, _e) in enumerate(cells)]
                others.add(value(picks))
        marks[option] = main
        allowed[option] = others - {main}
    return marks, allowed


def _validity(kind: str, marks: dict, seats: int) -> bool | None:
    if REVIEW in marks.values():
        return None
    if kind == "选举":
        return sum(1 for k, v in marks.items() if v == "同意" and not k.startswith("另选他人")) <= seats
    if kind == "表决":
        return marks["表决"] != "多选"
    if "多选" in marks.values():
        return None
    if kind == "票决":
        return sum(1 for v in marks.values() if v == "同意") <= seats
    return True


# --------------------------------------------------------------------------- degrading


def degrade(image: np.ndarray, dpi: int, rng: random.Random, *, part_px: tuple[int, int, int, int] | None,
            one_bit: bool) -> np.ndarray:
    """Tear off the stub (when ``part_px``), lay the ballot on an A4 glass, turn, shift, scale, blur, speckle.
    ``image`` is grey, or BGR for a colour scan."""
    if part_px is not None:
        x0, y0, x1, y1 = part_px
        image = image[y0:y1, x0:x1]
    glass_w, glass_h = int(210 / 25.4 * dpi), int(297 / 25.4 * dpi)
    if image.shape[1] > image.shape[0]:
        glass_w, glass_h = glass_h, glass_w
    skew = rng.uniform(-10, 10)
    angle = skew + (180 if rng.random() < 0.2 else 0)
    scale = rng.uniform(0.97, 1.03)
    h, w = image.shape[:2]
    # a whole page fed askew is scanned whole (the scan grows to hold its corners), as a feeder's would be
    c, s_ = abs(np.cos(np.radians(skew))), abs(np.sin(np.radians(skew)))
    glass_w = max(glass_w, int((w * c + h * s_) * scale) + 40)
    glass_h = max(glass_h, int((w * s_ + h * c) * scale) + 40)
    room_x = max(0.0, (glass_w - w * scale) / 2 - 0.1 * w)
    room_y = max(0.0, (glass_h - h * scale) / 2 - 0.1 * h)
    shift = min(30 / 25.4 * dpi, 1e9)
    dx = rng.uniform(-1, 1) * min(shift, room_x)
    dy = rng.uniform(-1, 1) * min(shift, room_y)
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, scale)
    matrix[0, 2] += glass_w / 2 - w / 2 + dx
    matrix[1, 2] += glass_h / 2 - h / 2 + dy
    # a big skew of a full page turns its corners off the glass: the glass grows to hold it, as a scan would
    out = cv2.warpAffine(image, matrix, (glass_w, glass_h), flags=cv2.INTER_LINEAR,
                         borderValue=255 if image.ndim == 2 else (255, 255, 255))
    sigma = rng.uniform(0, 1.2)
    if sigma > 0.3:
        out = cv2.GaussianBlur(out, (0, 0), sigma)
    speckle = rng.uniform(0, 0.002)
    noise = np.random.default_rng(rng.randrange(1 << 30)).random(out.shape[:2]) < speckle
    out[noise] = 40
    if one_bit:
        out = np.where(out < 128, 0, 255).astype(np.uint8)
    return out


def _save(image: np.ndarray, path: Path, rng: random.Random) -> Path:
    """A grey or colour page as a JPEG (half of them, quality 40–95) or a PNG."""
    if rng.random() < 0.5:
        path = path.with_suffix(".jpg")
        cv2.imwrite(str(path), image, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(40, 95)])
    else:
        path = path.with_suffix(".png")
        cv2.imwrite(str(path), image)
    return path


def write_scan_pdf(images: list[np.ndarray], path: Path, dpi: int, quality: int) -> Path:
    """Pages as a multifunction printer's "scan to PDF" writes them: one JPEG image a page, the page the
    image's size at ``dpi`` (reportlab embeds the JPEG data as it is)."""
    from reportlab.pdfgen import canvas as pdf_canvas

    pdf = pdf_canvas.Canvas(str(path))
    folder = path.with_suffix("")
    folder.mkdir(exist_ok=True)
    for n, image in enumerate(images, start=1):
        jpeg = folder / f"{n:03d}.jpg"
        cv2.imwrite(str(jpeg), image, [cv2.IMWRITE_JPEG_QUALITY, quality])
        width, height = image.shape[1] / dpi * 72, image.shape[0] / dpi * 72
        pdf.setPageSize((width, height))
        pdf.drawImage(str(jpeg), 0, 0, width, height)
        pdf.showPage()
    pdf.save()
    shutil.rmtree(folder)
    return path


# --------------------------------------------------------------------------- the deck


def _raster(pdf: Path, dpi: int) -> list[np.ndarray]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return [page.render(scale=dpi / 72, grayscale=True).to_numpy().copy() for page in document]
    finally:
        document.close()


def make_deck(db, session: dict, folder: Path, *, seed: int, size: DeckSize = SMALL) -> Deck:
    """Print, mark and scan the deck into ``folder``: one image file a page, or one colour "scan to PDF" file
    for a whole batch."""
    from desktop_app.db import vote_items as items_db

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    printed = folder / "printed"
    printed.mkdir(exist_ok=True)
    deck = Deck([], [], [], [], [], [], [])
    page_no = 0
    dpi_turn = 0

    batch: list[np.ndarray] | None = None     # the pages of a batch scanned to one PDF
    batch_name = ""

    def add(image, stem):
        nonlocal page_no
        page_no += 1
        if batch is not None:
            batch.append(image)
            deck.page_names.append(f"{batch_name} 第{len(batch)}页")
            deck.pdf_pages.append(page_no)
        else:
            deck.files.append(_save(image, folder / f"{page_no:04d}-{stem}", rng))
            deck.page_names.append(deck.files[-1].name)
        if image.ndim == 3:
            deck.colour_pages.append(page_no)
        return page_no

    kept_for_duplicate = None
    for p, paper in enumerate(size.papers):
        for kind in KINDS:
            first = 1 + p * size.per_item
            pdf, layout = print_ballots(db, session, kind, printed, paper=paper, count=size.per_item, first=first)
            item = items_db.get_item(db, session[kind])
            dpi = size.dpis[dpi_turn % len(size.dpis)]
            dpi_turn += 1
            pages = _raster(pdf, dpi)
            if rng.random() < PDF_SHARE:
                batch, batch_name = [], f"{page_no + 1:04d}-{kind}-{paper}-scan.pdf"
            for ballot, image in zip(layout["ballots"], pages):
                r = rng.random()
                one_bit = batch is None and r < ONE_BIT_SHARE
                colour = batch is not None or ONE_BIT_SHARE <= r < ONE_BIT_SHARE + COLOUR_SHARE
                tint = None
                if colour:
                    image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
                    stamp_seal(image, ballot, dpi, rng)
                    tint = paper_tint(rng)
                pen = Pen(image, dpi, rng, blue=colour and rng.random() < 0.5)
                boxes = ballot["boxes"]
                blank = rng.random() < 0.10
                states = [("empty", set())] * len(boxes) if blank else mark_ballot(pen, boxes, one_bit)
                if not blank and kind == "选举" and rng.random() < 0.05:
                    # over-marked: a ○ in every candidate's box
                    for i, box in enumerate(b for b in boxes if not b["option"].startswith("另选他人")):
                        if states[i][0] != "circle":
                            cx, cy = _box_centre(box)
                            if states[i][0] == "empty":
                                pen.circle(cx, cy, 0.3 * box["h_mm"], 0.3 * box["h_mm"])
                                states[i] = ("circle", set())
                if not blank and kind in ("表决", "测评") and rng.random() < 0.05:
                    # over-marked: two columns of the first row
                    row = [i for i, b in enumerate(boxes) if b["option"] == boxes[0]["option"]]
                    for i in row[:2]:
                        if states[i][0] == "empty":
                            cx, cy = _box_centre(boxes[i])
                            pen.circle(cx, cy, 0.3 * boxes[i]["h_mm"], 0.3 * boxes[i]["h_mm"])
                            states[i] = ("circle", set())
                write_in_ink = False
                if not blank and ballot["write_ins"] and rng.random() < 0.10:
                    pen.scribble(rng.choice(ballot["write_ins"]))
                    write_in_ink = True
                marks, allowed = _expect(kind, boxes, states)
                ordinary = all(s in ("circle", "tick", "cross", "empty") and not extra for s, extra in states)
                if kind != "选举":
                    ordinary = ordinary and all(s != "cross" for s, _e in states)
                valid = None if write_in_ink else _validity(kind, marks, item["seats"] or 1)
                torn = rng.random() < 0.5
                part = ballot["ballot"]
                part_px = (pen.px(part["x_mm"]), pen.px(part["y_mm"]), pen.px(part["x_mm"] + part["w_mm"]),
                           pen.px(part["y_mm"] + part["h_mm"])) if torn else None
                if tint is not None:
                    image = tinted(image, tint)
                scan = degrade(image, dpi, rng, part_px=part_px, one_bit=one_bit)
                number = add(scan, f"{kind}-{paper}-{ballot['serial']}")
                deck.ballots.append(Expected(str(item["code"]), ballot["serial"], number, marks, allowed,
                                             write_in_ink, valid, ordinary and not write_in_ink))
                if kept_for_duplicate is None:
                    kept_for_duplicate = scan
                if len(deck.ballots) % 10 == 0:
                    back = np.full_like(image, 255)
                    if back.ndim == 3:
                        back = tinted(back, tint if tint is not None else paper_tint(rng))
                    deck.blank_pages.append(add(degrade(back, dpi, rng, part_px=None, one_bit=False), "blank"))
            if batch is not None:
                deck.files.append(write_scan_pdf(batch, folder / batch_name, dpi, rng.randint(60, 90)))
                batch = None
    # the pages that are not ballots to count
    dpi = size.dpis[0]
    deck.duplicate_pages.append(add(kept_for_duplicate, "duplicate"))
    text_page = np.full((int(297 / 25.4 * dpi), int(210 / 25.4 * dpi)), 255, np.uint8)
    for line in range(12):
        cv2.putText(text_page, "MEETING MINUTES LINE %d" % line, (100, 200 + 90 * line), cv2.FONT_HERSHEY_SIMPLEX,
                    1.2, 30, 3)
    deck.unreadable_pages.append(add(text_page, "text"))
    # foreign: a rehearsal ballot, and one of another session
    pdf, _layout = print_ballots(db, session, "选举", printed, count=1, rehearsal=True)
    deck.foreign_pages.append(add(degrade(_raster(pdf, dpi)[0], dpi, rng, part_px=None, one_bit=False),
                                  "rehearsal"))
    other = session.get("other")
    if other is not None:
        pdf, _layout = print_ballots(db, other, "选举", printed, count=1)
        deck.foreign_pages.append(add(degrade(_raster(pdf, dpi)[0], dpi, rng, part_px=None, one_bit=False),
                                      "other-session"))
    # a serial beyond the last printed: printed, then the item's last printed serial set back
    extra_first = 1 + len(size.papers) * size.per_item
    pdf, _layout = print_ballots(db, session, "表决", printed, count=1, first=extra_first)
    items_db_update_printed(db, session["表决"], extra_first - 1)
    add(degrade(_raster(pdf, dpi)[0], dpi, rng, part_px=None, one_bit=False), "not-printed")
    deck.not_printed_serials.append(extra_first)
    return deck


def items_db_update_printed(db, item_id: int, printed: int) -> None:
    from desktop_app.db import transaction
    from desktop_app.db import vote_items as items_db

    with transaction.write(db):
        items_db.update_item(db, item_id, printed=printed)


# --------------------------------------------------------------------------- judging the reader


@dataclass
class Verdict:
    boxes: int = 0
    wrong: list[str] = field(default_factory=list)        # read confidently and wrongly: never allowed
    review_ordinary: int = 0                               # 待核 among the boxes of ordinary ballots
    boxes_ordinary: int = 0
    missing: list[str] = field(default_factory=list)       # ballots not read at all

    @property
    def review_rate(self) -> float:
        return self.review_ordinary / max(1, self.boxes_ordinary)


def judge(deck: Deck, report: dict) -> Verdict:
    verdict = Verdict()
    read = {(b["item"], b["serial"]): b for b in report["ballots"]}
    for expected in deck.ballots:
        got = read.get((expected.item, expected.serial))
        if got is None:
            verdict.missing.append(f"事项{expected.item} 第{expected.serial}号（第{expected.page}页）")
            continue
        for option, want in expected.marks.items():
            value = got["marks"].get(option)
            verdict.boxes += 1
            if expected.ordinary:
                verdict.boxes_ordinary += 1
                if value == REVIEW:
                    verdict.review_ordinary += 1
            if value == REVIEW or value == want or value in expected.allowed.get(option, set()):
                continue
            verdict.wrong.append(f"事项{expected.item} 第{expected.serial}号 {option}: 读作{value}，应为{want}"
                                 f"（第{expected.page}页 {deck.page_names[expected.page - 1]}）")
        if expected.write_in_ink and not got["write_in_ink"]:
            verdict.wrong.append(f"事项{expected.item} 第{expected.serial}号: 另选人栏的笔迹没有发现")
        if got["valid"] is not None and expected.valid is not None and got["valid"] != expected.valid:
            verdict.wrong.append(f"事项{expected.item} 第{expected.serial}号: 有效性读作{got['valid']}")
    return verdict
