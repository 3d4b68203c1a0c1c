"""Reading the ballots of a session from scanned pages (docs/ballot-layout.md); ``scan-ballots --dry-run``.

Each ballot is found by its code, checked against the session (another item, session or rehearsal is
foreign; a serial seen twice is a duplicate; a serial beyond the last printed was never printed), read box by
box, and judged by the rules of keyboard entry. Nothing is guessed: a box the reader is unsure of is 待核 and
its ballot needs the scrutineers' review. Reading writes nothing; ``scan_import`` writes what was read.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import sqlite_utils

from ..db import vote_items as items_db
from ..domain import ballots as rules
from ..domain.ballot_code import BallotCode, decode
from ..errors import InputError, UserError
from ..reports.pdf import ballot_papers as ballot_pdf
from . import ballot_papers
from .session_lookup import session_for

REVIEW = "待核"
MULTIPLE = "多选"
# the reader's box states → the tally workbook's words (选举's ○ / √ / × boxes)
_VOTE_WORDS = {"circle": "同意", "tick": "同意", "cross": "反对", "empty": "弃权", "review": REVIEW}
_DOMAIN_VOTE = {"同意": rules.AGREE, "反对": rules.OPPOSE, "弃权": rules.ABSTAIN}
_DOMAIN_RATING = {"满意": rules.SATISFIED, "基本满意": rules.BASICALLY_SATISFIED, "不满意": rules.UNSATISFIED,
                  "弃权": rules.ABSTAIN}
BLANK_INK = 0.002   # a page with dark pixels on less than 0.2 % of it is blank (a duplex back)
CANCELLED = "已取消读取，未写入任何内容。"
# the pages a scan reports as not counted, as the window and the command name them
_SKIPPED_PAGES = (("blank_pages", "空白页"), ("unreadable_pages", "无法识别（没有找到选票编码）"),
                  ("foreign_pages", "外来（其他事项、其他会议或演练票）"),
                  ("duplicate_pages", "重复（该组已有此编号，未重复计入）"))


def skipped_lines(report: dict) -> list[str]:
    """A line for each kind of page the report did not count, every page named, then the never-printed serials."""
    lines = [f"{label}：第 {'、'.join(map(str, report[key]))} 页" for key, label in _SKIPPED_PAGES if report.get(key)]
    if report.get("not_printed_serials"):
        lines.append(f"未印制的编号（超出印制数，未计入）：{'、'.join(map(str, report['not_printed_serials']))}")
    return lines


class ScanCancelled(UserError):
    """Raised by a ``progress`` callback to stop reading; nothing is written."""

    def __init__(self, message: str = CANCELLED):
        super().__init__(message)


@dataclass
class ScannedFile:
    """One file as read: where it is, its SHA-256, its pages, the dpi a PDF was rasterised at."""

    path: Path
    sha256: str
    pages: int = 0
    render_dpi: int | None = None


@dataclass
class ReadBallot:
    """One ballot as read, with what storing it needs: its item, the homography (layout mm → page pixels),
    the ballot's part of the layout, and the file (index into ``Reading.files``) and page of that file."""

    entry: dict                  # the ballot's entry of the report (the --json object)
    item_id: int
    serial: int
    homography: list
    layout: dict                 # {"page_mm", "kind", "ballot", "boxes", "write_ins"}; each write-in field
                                 # also says whether the reader saw ink in it ("ink")
    file_index: int
    file_page: int


@dataclass
class Reading:
    report: dict
    ballots: list[ReadBallot]
    files: list[ScannedFile]


@dataclass
class _Item:
    """What the reader needs to read the ballots of one item printed in one layout."""

    row: dict
    spec: rules.ItemSpec
    layout: dict
    printed: object          # the blank ballot's print, widened (reader.printed_mask)
    last_serial: int | None


class _Items:
    """The session's items by uid, and their layouts rebuilt as printed (paper and stub from the code)."""

    def __init__(self, db: sqlite_utils.Database, session_id: int, rehearsal: bool, folder: Path):
        self.db = db
        self.by_uid = {i["uid"]: i for i in items_db.list_items(db, session_id, rehearsal=rehearsal)}
        self.folder = folder
        self.cache: dict[tuple[int, str], _Item | None] = {}

    def get(self, code: BallotCode) -> _Item | None:
        row = self.by_uid[code.uid]
        key = (row["id"], code.layout_tag)
        if key not in self.cache:
            self.cache[key] = self._build(row, code)
        item = self.cache[key]
        return item if item is not None and item.layout["layout_hash"] == code.layout_hash else None

    def _build(self, row: dict, code: BallotCode) -> _Item | None:
        from ..reports.scan import reader
        from ..reports.scan.template import template_image

        choices = ballot_papers.saved_choices(self.db, row["id"])
        choices.paper, choices.orientation, choices.stub = code.paper, code.orientation, code.stub_side
        choices.first, choices.copies = 1, 1
        try:
            paper = ballot_papers.ballot_paper(self.db, row["id"], choices)
        except InputError:
            return None
        layout = ballot_pdf.ballot_layout(paper)
        pdf = self.folder / f"template-{row['id']}-{code.layout_tag}.pdf"
        ballot_pdf.render_ballots(paper, pdf, first=1, last=1)
        template = template_image(pdf, tuple(layout["page_mm"]))
        return _Item(row, items_db.item_spec(self.db, row["id"]), layout, reader.printed_mask(template),
                     row["printed"] or row["issued"])


def _values(item: _Item, reading) -> tuple[dict, dict, dict]:
    """(marks, scores, notes) keyed as the JSON gives them."""
    boxes = item.layout["ballots"][0]["boxes"]
    marks: dict[str, str] = {}
    scores: dict[str, float] = {}
    notes: dict[str, str] = {}
    rows: dict[str, list[tuple[str, str]]] = {}
    for box, read in zip(boxes, reading.boxes):
        option, choice = box["option"], box["choice"]
        if choice is None:
            marks[option] = _VOTE_WORDS[read.state]
            scores[option] = read.score
            if read.why:
                notes[option] = read.why
        else:
            scores[f"{option}|{choice}"] = read.score
            rows.setdefault(option, []).append((choice, read.state))
            if read.why:
                notes[f"{option}|{choice}"] = read.why
    empty = "弃权"
    for option, states in rows.items():
        if any(state == "review" for _c, state in states):
            marks[option] = REVIEW
            continue
        chosen = [c for c, state in states if state != "empty"]
        marks[option] = empty if not chosen else chosen[0] if len(chosen) == 1 else MULTIPLE
    return marks, scores, notes


def _judge(item: _Item, serial: int, marks: dict, write_in_ink: bool) -> tuple[bool | None, bool, str | None]:
    """(valid, review, reason): valid is None while the ballot needs review."""
    spec = item.spec
    review = write_in_ink or REVIEW in marks.values()
    if spec.kind in ("票决", "测评") and MULTIPLE in marks.values():
        review = True       # the ballot's rule says one mark a row; the scrutineers say what the row is
    if review:
        return None, True, None
    if spec.kind == "表决":
        value = marks[ballot_pdf.MOTION_OPTION]
        if value == MULTIPLE:
            return False, False, "画两个及以上的为无效票"
        entry = rules.BallotEntry(serial, _DOMAIN_VOTE[value])
    elif spec.kind == "测评":
        entry = rules.BallotEntry(serial, "".join(_DOMAIN_RATING[marks[c]] for c in spec.candidates))
    else:
        entry = rules.BallotEntry(serial, "".join(_DOMAIN_VOTE[marks[c]] for c in spec.candidates))
    judgement = rules.judge_ballot(spec, entry)
    return judgement.valid, False, judgement.reason


def _is_blank(grey) -> bool:
    import numpy as np

    return float(np.count_nonzero(grey < 128)) / grey.size < BLANK_INK


def scan_ballots(db: sqlite_utils.Database, files: list[Path], *, session: int | None = None,
                 rehearsal: bool = False, progress: Callable[[int], None] | None = None) -> dict:
    """Read every ballot of the files (in the order given; pages numbered from 1 across them) and report
    them as docs/ballot-layout.md describes. Writes nothing. ``progress(page number)`` may raise
    ``ScanCancelled`` to stop."""
    return read(db, files, session=session, rehearsal=rehearsal, progress=progress).report


def _file_hash(path: Path) -> str:
    from ..db.attachments import file_sha256

    return file_sha256(path)


def read(db: sqlite_utils.Database, files: list[Path], *, session: int | None = None, rehearsal: bool = False,
         progress: Callable[[int], None] | None = None) -> Reading:
    """The report of ``scan_ballots`` and, for each ballot read, what storing it needs."""
    try:
        from ..reports.scan import codes, images, reader
    except ImportError:
        raise UserError("读取扫描的选票需要 OpenCV 和 NumPy：程序安装不完整，请重新安装本程序"
                        "（开发环境：make run 或 pip install -e .）。") from None

    files = [Path(f) for f in files]
    images.check_files(files)
    session_id = session_for(db, session)["id"]
    report = {"pages": 0, "ballots": [], "blank_pages": [], "duplicate_pages": [], "unreadable_pages": [],
              "foreign_pages": [], "not_printed_serials": []}
    seen: set[tuple[int, int]] = set()
    scanned = [ScannedFile(f, _file_hash(f), 0, images.PDF_DPI if f.suffix.lower() == ".pdf" else None)
               for f in files]
    read_ballots: list[ReadBallot] = []
    file_index = 0
    with tempfile.TemporaryDirectory(prefix="scan-") as folder:
        items = _Items(db, session_id, rehearsal, Path(folder))
        for number, page in enumerate(images.pages(files), start=1):
            report["pages"] = number
            while scanned[file_index].path is not page.file:
                file_index += 1
            scanned[file_index].pages = page.index
            if progress is not None:
                progress(number)
            if _is_blank(page.grey):
                report["blank_pages"].append(number)
                continue
            found = codes.find_codes(page.grey)
            if not found:
                report["unreadable_pages"].append(number)
                continue
            for code_found in found:
                code = decode(code_found.text)
                if code is None or code.uid not in items.by_uid or code.rehearsal != rehearsal:
                    _once(report["foreign_pages"], number)
                    continue
                item = items.get(code)
                if item is None:
                    _once(report["unreadable_pages"], number)
                    continue
                if item.last_serial is not None and code.serial > item.last_serial:
                    _once(report["not_printed_serials"], code.serial)
                    continue
                if (item.row["id"], code.serial) in seen:
                    _once(report["duplicate_pages"], number)
                    continue
                ballot = item.layout["ballots"][0]
                homography = reader.register(page.grey, code_found.corners, item.layout, ballot)
                if homography is None:
                    _once(report["unreadable_pages"], number)
                    continue
                seen.add((item.row["id"], code.serial))
                canonical = reader.warp(page.grey, homography, tuple(item.layout["page_mm"]))
                reading = reader.read_ballot(canonical, item.printed, ballot, shapes=item.spec.kind == "选举")
                marks, scores, notes = _values(item, reading)
                valid, review, reason = _judge(item, code.serial, marks, reading.write_in_ink)
                entry = {"item": str(item.row["code"]), "serial": code.serial, "page": number, "valid": valid,
                         "review": review, "marks": marks, "scores": scores, "write_in_ink": reading.write_in_ink}
                if reason:
                    entry["reason"] = reason
                if notes:
                    entry["notes"] = notes
                report["ballots"].append(entry)
                read_ballots.append(ReadBallot(entry, item.row["id"], code.serial, homography.tolist(), {
                    "page_mm": list(item.layout["page_mm"]), "kind": item.spec.kind, "ballot": ballot["ballot"],
                    "boxes": ballot["boxes"],
                    "write_ins": [{**rect, "ink": inked} for rect, inked in zip(ballot["write_ins"],
                                                                               reading.write_in_fields)]},
                    file_index, page.index))
    return Reading(report, read_ballots, scanned)


def _once(values: list, value) -> None:
    if value not in values:
        values.append(value)
