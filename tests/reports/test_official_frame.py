"""Every PDF as printed, measured from the file: the GB/T 9704 grid of official documents, 标点禁则 in every
document and table, and no font that is not embedded."""

from __future__ import annotations

import inspect

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from desktop_app.domain.line_breaking import CANNOT_START, may_break_before
from desktop_app.ops import ballots, exports, session_documents, statistics, vote_items
from desktop_app.ops.demo import fill_demo
from desktop_app.reports.pdf import official

from pdf_lines import printed_lines, punctuation_faults

LEFT = official.LEFT_MARGIN
RIGHT = official.LEFT_MARGIN + official.BLOCK_WIDTH
HALF_MM = 0.5 * mm


def _enter_ballots(db) -> None:
    """45 ballots for every item of the demo session, so each document has results to print."""
    for item in db.query("select id, kind, seats from vote_items where rehearsal = 0 order by id"):
        width = db.execute("select count(*) from candidates where item_id = ?", [item["id"]]).fetchone()[0] or 1
        for serial in range(1, 46):
            if item["kind"] == "测评":
                marks = "SB" * width
            elif item["kind"] == "票决":
                marks = "Y" * item["seats"] + "N" * (width - item["seats"])
            else:
                marks = "Y" * min(width, item["seats"] or 1) + "N" * (width - min(width, item["seats"] or 1))
            ballots.add(db, item["id"], serial=serial, marks=marks[:width])
        vote_items.set_collected(db, item["id"], 45)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from desktop_app.db.connection import open_database

    folder = tmp_path_factory.mktemp("frame")
    db = open_database(folder / "demo.db")
    fill_demo(db)
    _enter_ballots(db)
    yield db, folder
    db.close()


def _official_documents(db, folder) -> dict[str, object]:
    """Every document in the official frame, through the ops functions the pages call."""
    out = {}
    ids = session_documents.election_item_ids(db, 1)
    out["公告"] = session_documents.render_announcement(db, ids, folder / "announcement.pdf")
    for item in db.query("select id, kind from vote_items where kind != '选举' and rehearsal = 0"):
        out[item["kind"] + "结果"] = session_documents.render_vote_result(db, item["id"], folder / f"vote-{item['id']}.pdf")
    out["结构统计"] = statistics.export_statistics(db, folder / "statistics.pdf")
    out["接待选民日公示"] = exports.export_reception_notice(db, folder / "reception.pdf")
    return out


def _body_lines(path):
    """3号 lines inside the text block, page by page."""
    return [line for line in printed_lines(path)
            if abs(line.size - official.BODY_SIZE) < 0.3 and line.x0 >= LEFT - HALF_MM and line.x1 <= RIGHT + 5]


def _full_lines(path):
    """(line, next line) where the next line continues the same paragraph: it starts at the left edge, one
    grid line lower, on the same page."""
    lines = _body_lines(path)
    return [(a, b) for a, b in zip(lines, lines[1:])
            if a.page == b.page and abs((a.y - b.y) - official.LEADING) < 1 and abs(b.x0 - LEFT) < HALF_MM]


def test_official_documents_hold_28_characters_a_line_justified_to_the_block(demo):
    db, folder = demo
    for name, path in _official_documents(db, folder).items():
        full = _full_lines(path)
        assert full, f"{name}: no paragraph of more than one line to measure"
        for line, following in full:
            assert abs(line.x1 - RIGHT) <= HALF_MM, f"{name}: “{line.text}” ends {(line.x1 - RIGHT) / mm:+.2f} mm off"
            if all(abs((g.x1 - g.x0) - official.BODY_SIZE) < 0.5 for g in line.glyphs):   # all full-width
                # 28 on a full line, 26 after the two-character indent of a paragraph's first line
                cells = round((RIGHT - line.x0) / official.PITCH)
                assert cells in (official.CHARS_PER_LINE, official.CHARS_PER_LINE - 2)
                joined = line.text + following.text
                pushed = not may_break_before(joined, cells) or len(following.text) <= 3
                assert len(line.text) == cells or (len(line.text) == cells - 1 and pushed), \
                    f"{name}: “{line.text}” has {len(line.text)} characters"
                if len(line.text) == cells:
                    pitches = [b.x0 - a.x0 for a, b in zip(line.glyphs, line.glyphs[1:])]
                    assert max(abs(p - official.PITCH) for p in pitches) < 0.05 * mm


def test_title_gap_and_signature_follow_gb_t_9704(demo):
    db, folder = demo
    for name, path in _official_documents(db, folder).items():
        lines = printed_lines(path)
        titles = [line for line in lines if abs(line.size - official.TITLE_SIZE) < 0.3 and line.page == 1]
        below = [line for line in lines if line.page == 1 and line.y < titles[-1].y and line.size >= 15.5
                 and not line.text.startswith("—")]
        gap = titles[-1].y - below[0].y
        first_is_number = below[0].text.startswith("（")
        assert abs(gap - (1 if first_is_number else 2) * official.LEADING) < 3, f"{name}: title gap {gap:.1f} pt"
        if first_is_number:
            assert abs((below[0].y - below[1].y) - 2 * official.LEADING) < 1, f"{name}: no empty line after the number"
        date = next(line for line in reversed(lines) if line.text.endswith("日") and line.size == official.BODY_SIZE)
        organ = next(line for line in reversed(lines) if line.page == date.page
                     and abs((line.y - date.y) - official.LEADING) < 1)
        assert abs(date.x1 - (RIGHT - 4 * official.PITCH)) <= HALF_MM, f"{name}: date not four characters in"
        if organ.x1 - organ.x0 <= RIGHT - (date.x0 + date.x1) / 2 + (date.x0 + date.x1) / 2 - LEFT:
            centred = abs((organ.x0 + organ.x1) / 2 - (date.x0 + date.x1) / 2) <= HALF_MM
            assert centred or abs(organ.x1 - RIGHT) <= HALF_MM, f"{name}: organ “{organ.text}” not above the date"


def test_announcement_is_numbered_by_the_ops_that_builds_it(demo):
    db, folder = demo
    ids = session_documents.election_item_ids(db, 1)
    first = PdfReader(session_documents.render_announcement(db, ids[1:2], folder / "a2.pdf")).pages[0].extract_text()
    assert "（第2号）" in first
    numbered = PdfReader(session_documents.render_announcement(db, ids, folder / "a.pdf", number=7)).pages[0]
    assert "（第7号）" in numbered.extract_text()


def _pdf_kinds():
    return [kind for kind in exports.EXPORTERS if kind not in ("tally-workbook", "suggestions")]


def _render(db, folder, kind):
    if kind == "archive":      # every deputy's archive is hundreds of pages: three deputies show every section
        from desktop_app.db.archive import archive_deputy_ids
        from desktop_app.ops.archive_documents import export_archive

        return [export_archive(db, folder / "archive.pdf", deputy_ids=archive_deputy_ids(db)[:3])]
    export = exports.EXPORTERS[kind]
    params = inspect.signature(export).parameters
    if "item" not in params:
        return [export(db, folder / f"{kind}.pdf")]
    out = []
    for item in db.query("select code from vote_items where rehearsal = 0"):
        if kind in ("announcement", "election-certificates") and item["code"] not in ("1", "4"):
            continue
        extra = {"count": 3} if "count" in params else {}      # three numbered ballots show the layout
        out.append(export(db, folder / f"{kind}-{item['code']}.pdf", item=item["code"], **extra))
    return out


def _unembedded_fonts(path) -> list[str]:
    found = set()
    for page in PdfReader(path).pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if font.get("/Subtype") == "/Type0":
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                found.add(str(font.get("/BaseFont")))
    return sorted(found)


@pytest.mark.parametrize("kind", _pdf_kinds())
def test_every_pdf_keeps_the_punctuation_rules_and_embeds_its_fonts(demo, kind):
    db, folder = demo
    for path in _render(db, folder, kind):
        assert punctuation_faults(path) == [], f"{kind}: {path.name}"
        assert _unembedded_fonts(path) == [], f"{kind}: {path.name}"


def test_a_closing_mark_never_starts_a_line_even_at_the_edge():
    assert CANNOT_START >= set("。，、；：？！）》」』”’")


def test_a_full_page_holds_22_lines_of_28_characters(tmp_path):
    path = official.build_document(tmp_path / "long.pdf", [official.title("关于某事项的报告"), official.para("正文" * 700)])
    second = [line for line in _body_lines(path) if line.page == 2]
    assert len(second) == official.LINES_PER_PAGE
    assert {len(line.text) for line in second[:-1]} == {official.CHARS_PER_LINE}
    first = [line for line in _body_lines(path) if line.page == 1]
    assert len(first) == official.LINES_PER_PAGE - 2          # the title's line and the empty line under it
