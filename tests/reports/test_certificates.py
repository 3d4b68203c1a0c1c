"""当选证书: fields land at the template's millimetres plus the calibration offsets; records are checked first."""

from __future__ import annotations

import json
import re

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from desktop_app.errors import InputError
from desktop_app.reports.pdf import fonts
from desktop_app.reports.pdf.certificates import (
    field_texts,
    load_template,
    missing_glyphs,
    render_certificates,
    template_path,
)

SESSION = "示范镇第十九届人民代表大会第一次会议"
RECORDS = [
    {"name": "欧阳䶮", "post": "示范镇人民政府镇长", "session_name": SESSION, "date": "2026-01-15"},
    {"name": "王𠅤", "post": "示范镇人民政府副镇长", "session_name": SESSION, "date": "2026-01-15"},
]


def runs_on_page(page) -> list[tuple[str, float, float]]:
    """(text, x, y) of every text-showing operation, in drawing order."""
    found = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            found.append((text, tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return found


def first_run_starting(runs, prefix: str):
    """The first run that is the start of ``prefix`` or begins with it (a fallback font splits a line in runs)."""
    for text, x, y in runs:
        text = text.rstrip()
        if prefix.startswith(text) or text.startswith(prefix):
            return x, y
    raise AssertionError(f"{prefix!r} not on page: {[r[0] for r in runs]}")


def expected_start(field: dict, text: str, page_h: float, dx_mm: float, dy_mm: float) -> tuple[float, float]:
    """Where the first character of a field's first line should be, in PDF points."""
    first_line = text.split("\n")[0]
    x = (field["x_mm"] + dx_mm) * mm
    width = fonts.string_width(first_line, field.get("font", "song"), field["size_pt"])
    if field.get("align") == "right":
        x -= width
    elif field.get("align") == "centre":
        x -= width / 2
    if "width_mm" in field:
        x += field.get("indent_chars", 0) * field["size_pt"]
    return x, page_h - (field["y_mm"] + dy_mm) * mm


@pytest.mark.parametrize("dx, dy", [(0, 0), (4.5, -3), (-2, 6.25)])
def test_fields_are_where_the_template_says_plus_offsets(tmp_path, dx, dy):
    template = load_template("certificate_election")
    out = render_certificates(template, RECORDS, tmp_path / "c.pdf", offset_x_mm=dx, offset_y_mm=dy)
    reader = PdfReader(out)
    assert len(reader.pages) == 2
    page_h = template["page"]["height_mm"] * mm
    for page, record in zip(reader.pages, RECORDS):
        runs = runs_on_page(page)
        texts = field_texts(template, record)
        for field in template["fields"]:
            text = texts[field["key"]]
            got = first_run_starting(runs, text.split("\n")[0])
            want = expected_start(field, text, page_h, dx, dy)
            assert got == pytest.approx(want, abs=1.0), field["key"]


def test_certificate_text_has_name_post_session_date_and_issuer(tmp_path):
    out = render_certificates("certificate_election", RECORDS, tmp_path / "c.pdf")
    first = re.sub(r"\s+", "", PdfReader(out).pages[0].extract_text())
    assert "欧阳䶮同志：" in first
    assert f"经{SESSION}选举，当选为示范镇人民政府镇长。" in first
    assert "特发此证。" in first
    assert f"{SESSION}主席团" in first
    assert "二〇二六年一月十五日" in first
    second = re.sub(r"\s+", "", PdfReader(out).pages[1].extract_text())
    assert "王𠅤同志：" in second and "副镇长" in second


def test_page_is_the_card_size_and_background_only_on_request(tmp_path):
    plain = render_certificates("certificate_election", RECORDS[:1], tmp_path / "p.pdf")
    page = PdfReader(plain).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((297 * mm, 210 * mm), abs=0.5)
    assert "当" not in page.extract_text().replace("当选为", "")  # no pre-printed title on card stock
    test_print = render_certificates("certificate_election", RECORDS[:1], tmp_path / "t.pdf", draw_background=True)
    assert "当选证书" in re.sub(r"\s+", "", PdfReader(test_print).pages[0].extract_text())


def test_a_template_dict_for_another_card(tmp_path):
    template = {
        "name": "代表证",
        "page": {"width_mm": 90, "height_mm": 60},
        "fields": [
            {"key": "name", "text": "{name}", "x_mm": 45, "y_mm": 30, "font": "hei", "size_pt": 14, "align": "centre"},
            {"key": "number", "text": "编号：{number}", "x_mm": 10, "y_mm": 50, "size_pt": 9},
        ],
    }
    out = render_certificates(template, [{"name": "李喆", "number": "0012"}], tmp_path / "d.pdf", offset_y_mm=1)
    page = PdfReader(out).pages[0]
    assert float(page.mediabox.width) == pytest.approx(90 * mm, abs=0.5)
    runs = runs_on_page(page)
    assert first_run_starting(runs, "编号") == pytest.approx((10 * mm, (60 - 51) * mm), abs=1.0)
    x, _y = first_run_starting(runs, "李")
    assert x + fonts.string_width("李喆", "hei", 14) / 2 == pytest.approx(45 * mm, abs=1.0)


def test_template_file_round_trip(tmp_path):
    data = json.loads(template_path().read_text(encoding="utf-8"))
    data["fields"][0]["x_mm"] = 70
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = render_certificates(path, RECORDS[:1], tmp_path / "c.pdf")
    x, _y = first_run_starting(runs_on_page(PdfReader(out).pages[0]), "欧")
    assert x == pytest.approx(70 * mm, abs=1.0)


def test_a_record_missing_a_field_names_the_person_and_field(tmp_path):
    records = [RECORDS[0], {"name": "赵堃", "session_name": SESSION, "date": "2026-01-15"}]
    with pytest.raises(InputError, match=r"第2份证书（赵堃）缺少“职务”"):
        render_certificates("certificate_election", records, tmp_path / "c.pdf")
    assert not (tmp_path / "c.pdf").exists()


def test_bad_date_and_bad_template_are_clear_messages(tmp_path):
    with pytest.raises(InputError, match="日期"):
        render_certificates("certificate_election", [dict(RECORDS[0], date="15/01/2026")], tmp_path / "c.pdf")
    with pytest.raises(InputError, match="字体"):
        load_template({"page": {"width_mm": 100, "height_mm": 50},
                       "fields": [{"key": "a", "text": "x", "x_mm": 1, "y_mm": 1, "font": "comic"}]})
    with pytest.raises(InputError, match="找不到"):
        load_template(tmp_path / "none.json")


def test_missing_glyphs_of_records():
    assert missing_glyphs(RECORDS) == []
    assert missing_glyphs([{"name": "张\U0010FFFD"}]) == ["\U0010FFFD"]


def test_people_and_session_context_form(tmp_path):
    context = {"township": "示范镇", "session_name": "第十九届人民代表大会第一次会议", "date": "2026-01-15"}
    out = render_certificates([{"name": "欧阳䶮", "post": "镇长"}, {"name": "李喆", "post": "副主席"}], context,
                              tmp_path / "c.pdf", offset_x_mm=2)
    texts = [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(out).pages]
    assert f"经{SESSION}选举，当选为示范镇人民政府镇长。" in texts[0]
    assert "当选为示范镇人民代表大会副主席。" in texts[1]
    assert "二〇二六年一月十五日" in texts[1]
    x, _y = first_run_starting(runs_on_page(PdfReader(out).pages[0]), "欧阳䶮同志：")
    assert x == pytest.approx(52 * mm, abs=1.0)
