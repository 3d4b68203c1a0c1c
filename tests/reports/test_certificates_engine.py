"""Certificate engine: 代表证 and 荣誉证书 positions from the PDF, photos, several cards per sheet, offsets, errors."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.units import mm

from desktop_app.db import print_offsets, settings
from desktop_app.errors import InputError
from desktop_app.reports.pdf import fonts
from desktop_app.reports.pdf.calibration import (
    cross_positions,
    offset_from_measurement,
    render_calibration_page,
)
from desktop_app.reports.pdf.certificates import (
    DEPUTY_CARD_TEMPLATE,
    HONOR_TEMPLATE,
    load_template,
    render_template,
    sheet_for,
)

TERM = "示范镇第十八届人民代表大会代表"


def photo_bytes(width=300, height=400, fmt="JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (80, 120, 200)).save(buffer, fmt)
    return buffer.getvalue()


def card(name="欧阳䶮", number="180001", **extra) -> dict:
    return {"name": name, "gender": "男", "district": "第一选区", "number": number, "term_title": TERM,
            "township": "示范镇", "date": "2026-01-15", **extra}


def runs_on_page(page) -> list[tuple[str, float, float]]:
    """(text, x, y) in points of every text-showing operation (text matrix times the current matrix)."""
    found = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text, x, y))

    page.extract_text(visitor_text=visit)
    return found


def position_of(runs, text: str) -> tuple[float, float]:
    hits = [(x, y) for t, x, y in runs if t.strip().startswith(text)]
    assert hits, f"{text!r} not on page: {[r[0] for r in runs]}"
    return hits[0]


def field(template: dict, key: str) -> dict:
    return next(f for f in template["fields"] if f.get("key") == key)


def image_placements(page) -> list[list[float]]:
    """The matrices [a, b, c, d, e, f] with which images were drawn (the cm just before each Do)."""
    placements, last_cm = [], None
    for operands, operator in page.get_contents().operations:
        if operator == b"cm":
            last_cm = [float(v) for v in operands]
        elif operator == b"Do":
            placements.append(last_cm)
    return placements


def image_xobjects(page) -> list:
    xobjects = page["/Resources"].get("/XObject") or {}
    return [name for name, obj in xobjects.items() if obj.get_object()["/Subtype"] == "/Image"]


@pytest.mark.parametrize("dx, dy", [(0, 0), (2.5, -1.5)])
def test_card_name_lands_at_the_template_position_and_shifts_by_the_offset(tmp_path, dx, dy):
    template = load_template(DEPUTY_CARD_TEMPLATE)
    out = render_template(template, [card(name="李喆")], tmp_path / "c.pdf", one_per_page=True,
                          offset_x_mm=dx, offset_y_mm=dy)
    page = PdfReader(out).pages[0]
    assert float(page.mediabox.width) == pytest.approx(85.6 * mm, abs=0.1)
    assert float(page.mediabox.height) == pytest.approx(54 * mm, abs=0.1)
    runs = runs_on_page(page)
    name = field(template, "name")
    x, y = position_of(runs, "李喆")
    assert x / mm == pytest.approx(name["x_mm"] + dx, abs=0.5)
    assert (54 - y / mm) == pytest.approx(name["y_mm"] + dy, abs=0.5)
    number = field(template, "number")
    x, y = position_of(runs, "180001")
    assert (x / mm, 54 - y / mm) == pytest.approx((number["x_mm"] + dx, number["y_mm"] + dy), abs=0.5)
    date = field(template, "date")   # right-aligned: its right end is at x_mm
    x, _y = position_of(runs, "2026年")
    assert (x + fonts.string_width("2026年1月15日", "song", date["size_pt"])) / mm == pytest.approx(
        date["x_mm"] + dx, abs=0.5)


def test_offset_moves_every_field_by_exactly_the_offset(tmp_path):
    plain = runs_on_page(PdfReader(render_template(DEPUTY_CARD_TEMPLATE, [card()], tmp_path / "a.pdf",
                                                   one_per_page=True)).pages[0])
    moved = runs_on_page(PdfReader(render_template(DEPUTY_CARD_TEMPLATE, [card()], tmp_path / "b.pdf",
                                                   one_per_page=True, offset_x_mm=3, offset_y_mm=2)).pages[0])
    assert [t for t, _x, _y in plain] == [t for t, _x, _y in moved]
    for (_t, x0, y0), (_t2, x1, y1) in zip(plain, moved):
        assert x1 - x0 == pytest.approx(3 * mm, abs=0.01)
        assert y1 - y0 == pytest.approx(-2 * mm, abs=0.01)


def test_rare_characters_print_via_fallback_fonts(tmp_path):
    out = render_template(DEPUTY_CARD_TEMPLATE, [card(name="欧阳䶮"), card(name="王𠅤", number="180002")],
                          tmp_path / "c.pdf", one_per_page=True)
    texts = [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(out).pages]
    assert "欧阳䶮" in texts[0] and TERM in texts[0] and "示范镇人民代表大会主席团" in texts[0]
    assert "王𠅤" in texts[1]


def test_photo_is_drawn_as_an_image_filling_its_frame_with_its_own_aspect(tmp_path):
    template = load_template(DEPUTY_CARD_TEMPLATE)
    box = field(template, "photo")
    out = render_template(template, [card(photo=photo_bytes(500, 300, "PNG"))], tmp_path / "c.pdf", one_per_page=True)
    page = PdfReader(out).pages[0]
    assert len(image_xobjects(page)) == 1
    [matrix] = image_placements(page)
    a, d = matrix[0], matrix[3]
    assert a / d == pytest.approx(500 / 300, rel=0.01)             # not stretched
    assert d == pytest.approx(box["height_mm"] * mm, rel=0.01)      # a wide photo fills the height, sides trimmed
    assert a >= box["width_mm"] * mm
    assert "照片" not in page.extract_text()


def test_no_photo_prints_an_empty_frame_marked_photo(tmp_path):
    out = render_template(DEPUTY_CARD_TEMPLATE, [card()], tmp_path / "c.pdf", one_per_page=True)
    page = PdfReader(out).pages[0]
    assert image_xobjects(page) == []
    box = field(load_template(DEPUTY_CARD_TEMPLATE), "photo")
    x, y = position_of(runs_on_page(page), "照片")
    assert box["x_mm"] < x / mm < box["x_mm"] + box["width_mm"]
    assert box["y_mm"] < 54 - y / mm < box["y_mm"] + box["height_mm"]


def test_a4_sheet_holds_eight_cards_in_a_centred_grid(tmp_path):
    template = load_template(DEPUTY_CARD_TEMPLATE)
    sheet = sheet_for(template)
    assert sheet.per_page == 8 and (sheet.page_w, sheet.page_h) == (210, 297)
    records = [card(name=f"代表{chr(0x4E00 + i)}", number=f"18{i:04d}", photo=photo_bytes()) for i in range(10)]
    out = render_template(template, records, tmp_path / "c.pdf")
    reader = PdfReader(out)
    assert len(reader.pages) == 2
    name = field(template, "name")
    runs = runs_on_page(reader.pages[0])
    for i, (left, top) in enumerate(sheet.slots):
        x, y = position_of(runs, records[i]["name"])
        assert x / mm == pytest.approx(left + name["x_mm"], abs=0.5)
        assert 297 - y / mm == pytest.approx(top + name["y_mm"], abs=0.5)
    assert len(image_placements(reader.pages[0])) == 8
    assert len(image_placements(reader.pages[1])) == 2
    assert records[9]["name"] in reader.pages[1].extract_text()
    # the grid is centred: equal margins left and right
    lefts = [s[0] for s in sheet.slots]
    assert min(lefts) == pytest.approx(210 - (max(lefts) + sheet.card_w), abs=0.01)


def test_honor_certificate_text_and_positions(tmp_path):
    template = load_template(HONOR_TEMPLATE)
    record = {"name": "欧阳䶮", "title": "优秀人大代表", "date": "2026-01-15", "year": "2025", "township": "示范镇"}
    out = render_template(template, [record], tmp_path / "h.pdf", offset_x_mm=1)
    page = PdfReader(out).pages[0]
    text = re.sub(r"\s+", "", page.extract_text())
    assert "欧阳䶮同志：" in text
    assert "被评为2025年度“优秀人大代表”。" in text
    assert "示范镇人民代表大会主席团" in text and "二〇二六年一月十五日" in text
    assert "证书编号" not in text            # optional and not given
    x, y = position_of(runs_on_page(page), "欧阳")
    name = field(template, "name")
    assert (x / mm, 210 - y / mm) == pytest.approx((name["x_mm"] + 1, name["y_mm"]), abs=0.5)


def test_test_print_adds_the_design_only_on_request(tmp_path):
    plain = PdfReader(render_template(DEPUTY_CARD_TEMPLATE, [card()], tmp_path / "p.pdf")).pages[0].extract_text()
    full = PdfReader(render_template(DEPUTY_CARD_TEMPLATE, [card()], tmp_path / "f.pdf",
                                     draw_background=True)).pages[0].extract_text()
    assert "姓" not in plain.replace("姓名", "") and "证号" not in re.sub(r"\s+", "", plain)
    assert "证号" in re.sub(r"\s+", "", full) and "代" in full


def test_missing_required_value_names_the_person_and_field(tmp_path):
    records = [card(), {**card(name="赵堃"), "number": ""}]
    with pytest.raises(InputError, match=r"第2份证书（赵堃）缺少“证号”"):
        render_template(DEPUTY_CARD_TEMPLATE, records, tmp_path / "c.pdf")
    assert not (tmp_path / "c.pdf").exists()


def test_optional_fields_are_left_blank(tmp_path):
    out = render_template(DEPUTY_CARD_TEMPLATE, [card(gender=None, district="")], tmp_path / "c.pdf",
                          one_per_page=True)
    text = re.sub(r"\s+", "", PdfReader(out).pages[0].extract_text())
    assert "欧阳䶮" in text and "男" not in text and "选区" not in text


def test_unreadable_photo_is_a_clear_message(tmp_path):
    with pytest.raises(InputError, match=r"第1份证书（欧阳䶮）的照片无法读取"):
        render_template(DEPUTY_CARD_TEMPLATE, [card(photo=b"not a picture")], tmp_path / "c.pdf")
    assert not (tmp_path / "c.pdf").exists()


BASE = {"page": {"width_mm": 90, "height_mm": 60},
        "fields": [{"key": "name", "text": "{name}", "x_mm": 10, "y_mm": 20}]}


@pytest.mark.parametrize("change, message", [
    ({"fields": [{"key": "photo", "type": "image", "x_mm": 5, "y_mm": 5, "height_mm": 20}]}, "width_mm"),
    ({"fields": [{"key": "photo", "type": "image", "x_mm": 80, "y_mm": 5, "width_mm": 20, "height_mm": 20}]},
     "图片框超出了卡片范围"),
    ({"fields": [{"key": "name", "text": "{name}", "x_mm": 120, "y_mm": 20}]}, r"位置（120, 20 毫米）超出了卡片范围"),
    ({"fields": [{"key": "name", "type": "barcode", "x_mm": 1, "y_mm": 1}]}, "text 或 image"),
    ({"card": {"width_mm": 85.6, "height_mm": 54}, "page": {"size": "A4"},
      "layout": {"columns": 3, "rows": 4, "gap_mm": 8}}, r"每页 3 列 × 4 行卡片放不下"),
    ({"page": {"size": "Letter"}}, "A4"),
    ({"layout": {"columns": 2}}, "card"),
    ({"card": {"width_mm": 85.6, "height_mm": 54}, "page": "A4", "layout": {"columns": 0}}, "layout.columns"),
    ({"background": [{"type": "text", "text": "x", "colour": "red"}]}, "#RRGGBB"),
])
def test_template_errors_are_clear_messages(change, message):
    with pytest.raises(InputError, match=message):
        load_template({**BASE, **change})


def test_offsets_are_saved_per_printer_and_template(db):
    assert print_offsets.get_offset(db, "HP LaserJet", DEPUTY_CARD_TEMPLATE) == (0.0, 0.0)
    print_offsets.set_offset(db, "HP LaserJet", DEPUTY_CARD_TEMPLATE, 1.54, -2)
    print_offsets.set_offset(db, "Evolis Primacy", DEPUTY_CARD_TEMPLATE, -0.5, 0.5)
    print_offsets.set_offset(db, "HP LaserJet", HONOR_TEMPLATE, 3, 4)
    assert print_offsets.get_offset(db, "HP LaserJet", DEPUTY_CARD_TEMPLATE) == (1.5, -2.0)
    assert print_offsets.get_offset(db, "Evolis Primacy", DEPUTY_CARD_TEMPLATE) == (-0.5, 0.5)
    assert print_offsets.get_offset(db, "HP LaserJet", HONOR_TEMPLATE) == (3.0, 4.0)
    assert print_offsets.get_offset(db, "Evolis Primacy", HONOR_TEMPLATE) == (0.0, 0.0)
    assert [(r["printer"], r["template"]) for r in print_offsets.list_offsets(db)] == [
        ("Evolis Primacy", DEPUTY_CARD_TEMPLATE), ("HP LaserJet", DEPUTY_CARD_TEMPLATE),
        ("HP LaserJet", HONOR_TEMPLATE)]
    assert settings.DEFAULTS["print_offsets"] == {}            # the shared default was not changed
    print_offsets.set_current_printer(db, "Evolis Primacy")
    assert print_offsets.current_offset(db, DEPUTY_CARD_TEMPLATE) == (-0.5, 0.5)
    print_offsets.set_current_printer(db, "")
    assert print_offsets.current_printer(db) == print_offsets.DEFAULT_PRINTER


def test_offset_limits_and_the_old_single_offset(db):
    with pytest.raises(InputError, match="左右偏移"):
        print_offsets.set_offset(db, None, DEPUTY_CARD_TEMPLATE, 80, 0)
    with pytest.raises(InputError, match="上下偏移"):
        print_offsets.set_offset(db, None, DEPUTY_CARD_TEMPLATE, 0, "abc")
    assert print_offsets.list_offsets(db) == []
    settings.put(db, print_offsets.LEGACY_KEY, {"x": 2, "y": 1})   # saved by the tally page before
    assert print_offsets.get_offset(db, None, print_offsets.ELECTION_TEMPLATE) == (2.0, 1.0)
    print_offsets.set_offset(db, None, print_offsets.ELECTION_TEMPLATE, 0.5, 0)
    assert print_offsets.get_offset(db, None, print_offsets.ELECTION_TEMPLATE) == (0.5, 0.0)


def test_calibration_page_has_crosses_at_their_labelled_positions(tmp_path):
    out = render_calibration_page(tmp_path / "cal.pdf", width_mm=210, height_mm=297, printer="HP")
    page = PdfReader(out).pages[0]
    runs = runs_on_page(page)
    for x, y in cross_positions(210, 297):
        assert any(t.strip() == f"({x:g}, {y:g})" for t, _x, _y in runs)
    assert "中心十字" in re.sub(r"\s+", "", page.extract_text())
    centre = [op for op in page.get_contents().operations if op[1] == b"l"]
    assert centre   # rulers and crosses are drawn
    assert offset_from_measurement(105, 106.5) == -1.5
    with pytest.raises(InputError):
        render_calibration_page(tmp_path / "bad.pdf", width_mm=5, height_mm=297)


def test_export_kinds_write_deputy_cards_and_honor_certificates(db, tmp_path):
    from desktop_app.ops.exports import EXPORTERS
    from desktop_app.db import deputies, honors, terms

    term = terms.create_term(db, "第十八届", 18, "2021-10-01", "2026-09-30")
    terms.set_current_term(db, term)
    first = deputies.insert_deputy(db, {"name": "欧阳䶮", "gender": "男", "level": "乡", "photo": photo_bytes()})
    deputies.insert_deputy(db, {"name": "李四", "gender": "女", "level": "乡"})
    deputies.insert_deputy(db, {"name": "县代表", "level": "县"})
    honors.add_honor(db, first, "荣誉", "优秀人大代表", "2025-12-28")
    honors.add_honor(db, first, "荣誉", "2024年度优秀代表", "2024-12-28")

    cards = PdfReader(EXPORTERS["deputy-cards"](db, tmp_path / "cards.pdf"))
    text = re.sub(r"\s+", "", cards.pages[0].extract_text())
    assert "欧阳䶮" in text and "李四" in text and "县代表" not in text
    assert f"18{first:04d}" in text                           # 代表证号: term number + record number
    assert "示范镇第十八届人民代表大会代表" in text
    assert len(image_xobjects(cards.pages[0])) == 1

    honours = PdfReader(EXPORTERS["honor-certificates"](db, tmp_path / "honors.pdf"))
    assert len(honours.pages) == 1                            # the latest year only
    assert "被评为2025年度“优秀人大代表”。" in re.sub(r"\s+", "", honours.pages[0].extract_text())
    with pytest.raises(InputError, match=r"\.pdf"):
        EXPORTERS["deputy-cards"](db, tmp_path / "cards.xlsx")


def test_a_title_with_its_year_is_not_doubled(db):
    from desktop_app.ops.certificates import honor_records

    [record] = honor_records(db, [{"deputy_name": "李四", "title": "2024年度优秀代表", "date": "2025-01-10"}])
    from desktop_app.reports.pdf.certificates import field_texts

    assert field_texts(HONOR_TEMPLATE, record)["body"].startswith("被评为“2024年度优秀代表”。")
