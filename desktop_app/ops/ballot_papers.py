"""Numbered ballot papers of a vote item and the session's 签到表, for the 人代会 page and ``export ballots|sign-in``.

Printing ballots remembers the paper, orientation and wording in the item (for next time) and the last
serial printed (the serial check at entry), as the 打印选票 dialog always has.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from ..db import sessions as sessions_db
from ..db import settings
from ..db import vote_items as items_db
from ..errors import InputError
from ..reports.pdf import ballot_papers as ballot_pdf
from ..reports.pdf.session_common import session_title
from ..reports.pdf.sign_in import render_sign_in_sheet
from .changes import Area, Changes

# --paper of ``export ballots``: the paper and its orientation in one word.
PAPER_CHOICES = {"A4": ("A4", "portrait"), "A4L": ("A4", "landscape"),
                 "A5": ("A5", "portrait"), "A5L": ("A5", "landscape")}


@dataclass
class BallotChoices:
    """What the clerk chose for one print run; ``first``…``first + copies - 1`` are the serials printed."""

    paper: str = "A4"
    orientation: str = "portrait"
    copies: int = 1
    first: int = 1
    stub: str = "auto"
    instructions: str | None = None

    @property
    def last(self) -> int:
        return self.first + self.copies - 1


def paper_choice(code: str) -> tuple[str, str]:
    """A4 / A4L / A5 / A5L → (paper, orientation)."""
    try:
        return PAPER_CHOICES[str(code).upper()]
    except KeyError:
        raise InputError(f"纸张“{code}”不对，应为 {'、'.join(PAPER_CHOICES)}（L 表示横向）。") from None


def default_instructions(db: sqlite_utils.Database, item_id: int) -> str:
    item = items_db.get_item(db, item_id)
    names = items_db.candidates(db, item_id)
    return ballot_pdf.default_instructions(item["kind"], item["seats"] or 1, bool(item["allow_write_in"]), len(names))


def saved_choices(db: sqlite_utils.Database, item_id: int) -> BallotChoices:
    """The choices kept from the last print run of the item; copies default to 发出票数, then 印制数, then 全体代表."""
    item = items_db.get_item(db, item_id)
    session = sessions_db.get_session(db, item["session_id"])
    options = item["options"] or {}
    return BallotChoices(paper=options.get("paper", "A4"), orientation=options.get("orientation", "portrait"),
                         copies=item["issued"] or item["printed"] or session["total_deputies"] or 1,
                         instructions=options.get("instructions"))


def ballot_paper(db: sqlite_utils.Database, item_id: int, choices: BallotChoices) -> ballot_pdf.BallotPaper:
    """The ballot description of the item (InputError naming what is wrong, e.g. no candidates yet)."""
    item = items_db.get_item(db, item_id)
    session = sessions_db.get_session(db, item["session_id"])
    names = [c["name"] for c in items_db.candidates(db, item_id)]
    title = session_title({"township": settings.get(db, "township_name"), "session_name": session["name"]})
    return ballot_pdf.BallotPaper(
        title=title, item_name=item["name"], kind=item["kind"], candidates=names, seats=item["seats"] or 1,
        allow_write_in=bool(item["allow_write_in"]), instructions=choices.instructions, paper=choices.paper,
        orientation=choices.orientation, copies=choices.last, stub=choices.stub, item_uid=item.get("uid") or "",
        rehearsal=bool(item["rehearsal"]), item_code=str(item["code"] or ""))


def ballots_file_name(db: sqlite_utils.Database, item_id: int, choices: BallotChoices) -> str:
    return f"选票-{items_db.get_item(db, item_id)['name']}-{choices.copies}张.pdf"


def remember_choices(db: sqlite_utils.Database, item_id: int, choices: BallotChoices) -> Changes:
    """Keep the paper and the clerk's own wording for next time, and the last serial printed."""
    item = items_db.get_item(db, item_id)
    if item["status"] == items_db.CERTIFIED:
        return Changes()
    options = dict(item["options"] or {})
    options.update(paper=choices.paper, orientation=choices.orientation)
    # Only a clerk's own wording is kept: the default follows later changes of seats or candidates.
    text = (choices.instructions or "").strip()
    if text and text != default_instructions(db, item_id):
        options["instructions"] = text
    else:
        options.pop("instructions", None)
    changes = {"options": options}
    if (item["issued"] or 0) <= choices.last and (item["printed"] or 0) < choices.last:
        changes["printed"] = choices.last
    items_db.update_item(db, item_id, **changes)
    return Changes(Area.VOTE_ITEMS, (item_id,))


def render_ballots(db: sqlite_utils.Database, item_id: int, out_path: str | Path, choices: BallotChoices, *,
                   progress=None, cancel=None, layout_out: str | Path | None = None) -> Path:
    """Ballots numbered ``choices.first``…``choices.last``, one per page; then the choices are remembered.

    With ``layout_out`` the machine-readable layout of the same ballots is written there too
    (docs/ballot-layout.md)."""
    paper = ballot_paper(db, item_id, choices)
    path = ballot_pdf.render_ballots(paper, out_path, first=choices.first, last=choices.last,
                                     progress=progress, cancel=cancel, layout_out=layout_out)
    remember_choices(db, item_id, choices)
    return path


def missing_ballot_glyphs(db: sqlite_utils.Database, item_id: int, choices: BallotChoices) -> list[str]:
    return ballot_pdf.missing_glyphs(ballot_paper(db, item_id, choices))


def sign_in_file_name(db: sqlite_utils.Database, session_id: int) -> str:
    return f"签到表-{sessions_db.get_session(db, session_id)['name']}.pdf"


def render_sign_in(db: sqlite_utils.Database, session_id: int, out_path: str | Path) -> Path:
    """签到表 of the session: every deputy expected, in district order, with a box to sign; the figures at
    its foot are the session's (全体代表人数 and its quorum), as on the 公告."""
    session = sessions_db.get_session(db, session_id)
    rows = sessions_db.attendance(db, session_id)
    title = {"township": settings.get(db, "township_name"), "session_name": session["name"]}
    return render_sign_in_sheet(title, rows, out_path, date=session["start_date"],
                                totals=sessions_db.attendance_counts(db, session_id))
