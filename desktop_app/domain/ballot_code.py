"""The machine-readable code printed on each ballot: which item, rehearsal or not, which serial, which layout.

It names the vote item by its stable ``uid`` and nothing about any deputy. The text uses only QR's
alphanumeric characters (digits, capitals, ``:``), so the code stays small enough to read from a 150 dpi scan:

    RDB1:<uid, 32 hex>:<R rehearsal | F real>:<serial, 5 digits>:<layout tag>:<layout hash, 4 hex>

The layout tag says on which paper and with which stub the ballot was printed (``A4PT`` = A4, portrait, stub
on top; ``A4LL`` = A4 landscape, stub on the left); the hash is of the box geometry, so a reader that
rebuilds the layout from the database can tell that the ballot was printed from a different one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

PREFIX = "RDB1"
_PATTERN = re.compile(r"RDB1:([0-9A-F]{32}|-):([RF]):(\d{5}):(A[45][PL][TL]):([0-9A-F]{4})")


@dataclass(frozen=True)
class BallotCode:
    """What the code on one ballot says."""

    uid: str            # the vote item's uid, lower-case hex ('' when the ballot was printed without one)
    rehearsal: bool
    serial: int
    layout_tag: str     # A4PT, A4LT, A4PL, A4LL, A5PT, …
    layout_hash: str    # 4 upper-case hex digits

    @property
    def paper(self) -> str:
        return self.layout_tag[:2]

    @property
    def orientation(self) -> str:
        return "landscape" if self.layout_tag[2] == "L" else "portrait"

    @property
    def stub_side(self) -> str:
        return "left" if self.layout_tag[3] == "L" else "top"


def layout_tag(paper: str, orientation: str, stub_side: str) -> str:
    return f"{paper}{'L' if orientation == 'landscape' else 'P'}{'L' if stub_side == 'left' else 'T'}"


def layout_hash(boxes: list[tuple[float, float, float, float]]) -> str:
    """Four hex digits of the box rectangles (mm, rounded to 0.1 mm), in drawing order."""
    text = ";".join(",".join(f"{v:.1f}" for v in rect) for rect in boxes)
    return hashlib.sha1(text.encode("ascii")).hexdigest()[:4].upper()


def encode(code: BallotCode) -> str:
    if not 1 <= code.serial <= 99999:
        raise ValueError(f"serial out of range: {code.serial}")
    uid = code.uid.upper() if code.uid else "-"
    return f"{PREFIX}:{uid}:{'R' if code.rehearsal else 'F'}:{code.serial:05d}:{code.layout_tag}:{code.layout_hash}"


def decode(text: str) -> BallotCode | None:
    """The code's fields, or None when the text is not one of our ballot codes."""
    match = _PATTERN.fullmatch((text or "").strip())
    if match is None:
        return None
    uid, flag, serial, tag, digest = match.groups()
    return BallotCode(uid="" if uid == "-" else uid.lower(), rehearsal=flag == "R", serial=int(serial),
                      layout_tag=tag, layout_hash=digest)
