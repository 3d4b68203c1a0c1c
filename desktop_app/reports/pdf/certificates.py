"""One certificate engine (当选证书, 代表证, 荣誉证书): fields placed in millimetres on pre-printed card stock.

A template is JSON (see resources/templates/certificate_*.json)::

    {"name": "当选证书", "page": {"width_mm": 297, "height_mm": 210},
     "background": [...],            # drawn only for test prints on plain paper (draw_background=True)
     "defaults": {"issuer": "{session_name}主席团"},
     "fields": [{"key": "name", "text": "{name}同志：", "x_mm": 50, "y_mm": 88,
                 "font": "song", "size_pt": 24, "align": "left",
                 "width_mm": 197, "leading_mm": 13, "indent_chars": 2}]}   # the last three: wrapped text

Positions are measured from the top-left corner of the card: ``x_mm`` to the right, ``y_mm`` down to the
text baseline. ``offset_x_mm`` (positive = right) and ``offset_y_mm`` (positive = down) shift everything,
so a clerk can line the print up with a real printer without editing the template.

Text fields may also have ``"optional": true`` (printed only when the record has every value it uses) and
``"fit_width_mm"`` (the font shrinks, down to ``min_size_pt``, until the text fits that width).

Image fields: ``{"key": "photo", "type": "image", "x_mm", "y_mm", "width_mm", "height_mm", "fit": "cover"}``
draw the record's image bytes (JPEG/PNG, e.g. ``deputies.photo``) in that box, ``y_mm`` being its TOP edge;
``cover`` fills the box and trims the overflow evenly, ``contain`` shows the whole image. Without a photo a
thin empty frame marked “照片” is printed, so one can be glued in.

Several cards on one sheet: ``"card": {"width_mm": 85.6, "height_mm": 54}`` is the size of one card (field
positions are within the card), ``"page"`` the paper (``{"size": "A4"}`` or millimetres), and
``"layout": {"columns": 2, "rows": 4, "gap_mm": 8, "cut_marks": true}`` how many cards a sheet holds; the grid
is centred on the page and cut marks are drawn in the margins. ``one_per_page=True`` prints one card per
page of the card's own size instead (card printers). Without ``card`` the card is the page.

Background items (``frame`` with ``inset_mm``, ``rect``, ``line``, ``text``; optional ``colour`` "#rrggbb")
are the pre-printed parts; their texts may use the record's placeholders.

Placeholders: any key of the record, plus ``{date}`` (2026年1月15日) and ``{date_upper}`` (二〇二六年一月十五日)
made from the record's ISO ``date``.
"""

from __future__ import annotations

import io
import json
import os
import string
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import Color, HexColor, black
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from ...errors import InputError
from ...fileio import atomic_path
from ...paths import resource_path
from . import fonts
from .session_common import (
    CancelFn,
    ProgressFn,
    date_cn,
    date_cn_upper,
    fit_size,
    full_post,
    missing_glyphs,
    session_title,
    step,
    wrap_text,
)

ELECTION_TEMPLATE = "certificate_election"
DEPUTY_CARD_TEMPLATE = "certificate_deputy_card"
HONOR_TEMPLATE = "certificate_honor"
# kind → (bundled template, Chinese name); the certificates page offers them in this order.
TEMPLATES = {
    "deputy_card": (DEPUTY_CARD_TEMPLATE, "代表证"),
    "honor": (HONOR_TEMPLATE, "荣誉证书"),
    "election": (ELECTION_TEMPLATE, "当选证书"),
}
ROLES = ("hei", "song", "fang")
ALIGNS = ("left", "centre", "right")
FITS = ("cover", "contain")
BACKGROUND_TYPES = ("frame", "rect", "line", "text")
PAPER_SIZES = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "B5": (176.0, 250.0)}
FIELD_LABELS = {"name": "姓名", "post": "职务", "session_name": "会议名称", "date": "日期", "issuer": "发证机关",
                "title": "荣誉称号", "year": "年度", "number": "证号", "term_title": "代表届次",
                "gender": "性别", "district": "选区", "township": "乡镇名称", "photo": "照片"}
_FRAME_COLOUR = Color(0.6, 0.6, 0.6)
_PHOTO_FRAME_COLOUR = Color(0.55, 0.55, 0.55)
_CUT_MARK_MM = 4.0


@dataclass(frozen=True)
class Sheet:
    """Where cards go: the paper size and the top-left corner of every card slot on it, in millimetres."""

    page_w: float
    page_h: float
    card_w: float
    card_h: float
    slots: tuple[tuple[float, float], ...]
    cut_marks: bool

    @property
    def per_page(self) -> int:
        return len(self.slots)


def template_path(name: str = ELECTION_TEMPLATE) -> Path:
    """The bundled template file of that name (resources/templates/<name>.json)."""
    return resource_path("templates", f"{name}.json")


def load_template(template) -> dict:
    """A checked template from a dict, a JSON file path, or the name of a bundled template."""
    if isinstance(template, dict):
        data = template
    else:
        path = Path(template)
        if not path.suffix and not path.exists():
            path = template_path(str(template))
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(f"找不到证书模板文件：{path}") from None
        except (OSError, ValueError) as err:
            raise InputError(f"证书模板文件 {path.name} 无法读取：{err}") from None
        if not isinstance(data, dict):
            raise InputError(f"证书模板文件 {path.name} 的内容应是一个 JSON 对象。")
    _check_template(data)
    return data


def _number(value, where: str, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"证书模板中 {where} 应为数字。")
    if positive and value <= 0:
        raise InputError(f"证书模板中 {where} 应大于 0。")
    return float(value)


def _count(value, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(f"证书模板中 {where} 应为正整数。")
    return value


def _size(spec, where: str) -> tuple[float, float]:
    """(width, height) in mm of ``{"width_mm", "height_mm"}``, ``{"size": "A4", "orientation": …}`` or "A4"."""
    if isinstance(spec, str):
        spec = {"size": spec}
    if not isinstance(spec, dict):
        raise InputError(f"证书模板缺少纸张尺寸（{where}）。")
    if "size" in spec:
        size = str(spec["size"]).upper()
        if size not in PAPER_SIZES:
            raise InputError(f"证书模板中 {where}.size 应为 {'、'.join(PAPER_SIZES)} 之一，或者写明 width_mm、height_mm。")
        w, h = PAPER_SIZES[size]
        orientation = spec.get("orientation", "portrait")
        if orientation not in ("portrait", "landscape"):
            raise InputError(f"证书模板中 {where}.orientation 应为 portrait（纵向）或 landscape（横向）。")
        return (h, w) if orientation == "landscape" else (w, h)
    return (_number(spec.get("width_mm"), f"{where}.width_mm", positive=True),
            _number(spec.get("height_mm"), f"{where}.height_mm", positive=True))


def sheet_for(template: dict, *, one_per_page: bool = False) -> Sheet:
    """The sheet layout of a checked template; ``one_per_page`` = one card per page of the card's size."""
    page_w, page_h = _size(template.get("page"), "page")
    card_w, card_h = _size(template["card"], "card") if "card" in template else (page_w, page_h)
    layout = template.get("layout") or {}
    if one_per_page or ("card" not in template):
        return Sheet(card_w, card_h, card_w, card_h, ((0.0, 0.0),), False)
    columns, rows = layout.get("columns", 1), layout.get("rows", 1)
    gap = float(layout.get("gap_mm", 0))
    grid_w, grid_h = columns * card_w + (columns - 1) * gap, rows * card_h + (rows - 1) * gap
    left, top = (page_w - grid_w) / 2, (page_h - grid_h) / 2
    slots = tuple((left + c * (card_w + gap), top + r * (card_h + gap)) for r in range(rows) for c in range(columns))
    cut_marks = bool(layout.get("cut_marks", True)) and len(slots) > 1
    return Sheet(page_w, page_h, card_w, card_h, slots, cut_marks)


def _check_layout(data: dict) -> None:
    page_w, page_h = _size(data.get("page"), "page")
    if "card" not in data:
        if data.get("layout"):
            raise InputError("证书模板写了每页排版（layout），但没有写单张卡片的尺寸（card）。")
        return
    card_w, card_h = _size(data["card"], "card")
    layout = data.get("layout") or {}
    if not isinstance(layout, dict):
        raise InputError("证书模板中 layout 应写成 {\"columns\": 2, \"rows\": 4, \"gap_mm\": 8}。")
    columns = _count(layout.get("columns", 1), "layout.columns")
    rows = _count(layout.get("rows", 1), "layout.rows")
    gap = _number(layout.get("gap_mm", 0), "layout.gap_mm")
    if gap < 0:
        raise InputError("证书模板中 layout.gap_mm 不能为负数。")
    need_w, need_h = columns * card_w + (columns - 1) * gap, rows * card_h + (rows - 1) * gap
    if need_w > page_w + 1e-6 or need_h > page_h + 1e-6:
        raise InputError(f"每页 {columns} 列 × {rows} 行卡片放不下：需要 {need_w:g} × {need_h:g} 毫米，"
                         f"纸张只有 {page_w:g} × {page_h:g} 毫米。请减少行数、列数或间距。")


def _check_field(f, i: int, card_w: float, card_h: float) -> None:
    where = f"第{i}个字段（{f.get('key', '?') if isinstance(f, dict) else '?'}）"
    if not isinstance(f, dict):
        raise InputError(f"证书模板{where}应写成一个 JSON 对象。")
    kind = f.get("type", "text")
    if kind not in ("text", "image"):
        raise InputError(f"证书模板{where}的类型（type）应为 text 或 image。")
    x = _number(f.get("x_mm"), f"{where}的 x_mm")
    y = _number(f.get("y_mm"), f"{where}的 y_mm")
    if not (0 <= x <= card_w and 0 <= y <= card_h):
        raise InputError(f"证书模板{where}的位置（{x:g}, {y:g} 毫米）超出了卡片范围（{card_w:g} × {card_h:g} 毫米）。")
    if kind == "image":
        if not f.get("key"):
            raise InputError(f"证书模板{where}是图片字段，需要写明 key（记录中照片的字段名，例如 photo）。")
        w = _number(f.get("width_mm"), f"{where}的 width_mm", positive=True)
        h = _number(f.get("height_mm"), f"{where}的 height_mm", positive=True)
        if x + w > card_w + 1e-6 or y + h > card_h + 1e-6:
            raise InputError(f"证书模板{where}的图片框超出了卡片范围（{card_w:g} × {card_h:g} 毫米）。")
        if f.get("fit", "cover") not in FITS:
            raise InputError(f"证书模板{where}的 fit 应为 cover（铺满裁边）或 contain（完整显示）。")
        return
    if not isinstance(f.get("text"), str):
        raise InputError(f"证书模板{where}缺少文字内容（text）。")
    _number(f.get("size_pt", 16), f"{where}的 size_pt", positive=True)
    if f.get("font", "song") not in ROLES:
        raise InputError(f"证书模板{where}的字体应为 hei、song 或 fang。")
    if f.get("align", "left") not in ALIGNS:
        raise InputError(f"证书模板{where}的对齐方式应为 left、centre 或 right。")
    for key in ("width_mm", "fit_width_mm", "min_size_pt", "leading_mm"):
        if key in f:
            _number(f[key], f"{where}的 {key}", positive=True)


def _check_template(data: dict) -> None:
    _size(data.get("page"), "page")
    _check_layout(data)
    card_w, card_h = _size(data["card"], "card") if "card" in data else _size(data.get("page"), "page")
    fields = data.get("fields")
    if not isinstance(fields, list) or not fields:
        raise InputError("证书模板没有任何字段（fields）。")
    keys = [f.get("key") for f in fields if isinstance(f, dict)]
    doubled = sorted({k for k in keys if k and keys.count(k) > 1})
    if doubled:
        raise InputError(f"证书模板中字段 {'、'.join(doubled)} 重复出现。")
    for i, f in enumerate(fields, start=1):
        _check_field(f, i, card_w, card_h)
    background = data.get("background") or []
    if not isinstance(background, list):
        raise InputError("证书模板中 background 应是一个列表。")
    for i, item in enumerate(background, start=1):
        if not isinstance(item, dict) or item.get("type") not in BACKGROUND_TYPES:
            raise InputError(f"证书模板底版第{i}项的类型应为 {'、'.join(BACKGROUND_TYPES)} 之一。")
        if item.get("colour") is not None:
            _colour(item["colour"], f"底版第{i}项")


def _colour(value, where: str):
    try:
        return HexColor(str(value))
    except (ValueError, TypeError):
        raise InputError(f"证书模板{where}的颜色“{value}”应写成 #RRGGBB，例如 #B22222。") from None


def _placeholders(text: str) -> list[str]:
    return [name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name]


def _values(template: dict, record: dict, index: int) -> dict[str, str]:
    """The record's values plus dates in both styles and the template's defaults (e.g. issuer)."""
    values = {k: "" if v is None else str(v) for k, v in record.items() if not isinstance(v, (bytes, bytearray))}
    if values.get("date"):
        try:
            values["date_iso"] = values["date"]
            values["date_year"] = values["date"][:4]
            values["date_upper"] = date_cn_upper(values["date"])
            values["date"] = date_cn(values["date"])
        except InputError as err:
            raise InputError(f"第{index}份证书：{err}") from None
    for key, default in (template.get("defaults") or {}).items():
        if not values.get(key):
            values[key] = _fill(default, values, index)
    return values


def _fill(text: str, values: dict[str, str], index: int, *, optional: bool = False) -> str:
    for name in _placeholders(text):
        base = name.removesuffix("_upper").removesuffix("_iso").removesuffix("_year")
        if not values.get(name):
            if optional:
                return ""
            label = FIELD_LABELS.get(base, base)
            who = values.get("name") or f"第{index}份"
            raise InputError(f"第{index}份证书（{who}）缺少“{label}”，请补充后再打印。")
    return text.format(**values)


def _text_fields(template: dict) -> list[tuple[str, dict]]:
    return [(f.get("key", str(i)), f) for i, f in enumerate(template["fields"]) if f.get("type", "text") == "text"]


def field_texts(template, record: dict, index: int = 1) -> dict[str, str]:
    """key → the text printed for each text field (checks the record has everything the template needs)."""
    template = load_template(template)
    values = _values(template, record, index)
    return {key: _fill(f["text"], values, index, optional=bool(f.get("optional"))) for key, f in _text_fields(template)}


def _images(template: dict, record: dict, index: int) -> dict[str, ImageReader | None]:
    """key → the decoded image of each image field (None = no photo); unreadable bytes are a clear error."""
    images = {}
    for f in template["fields"]:
        if f.get("type") != "image":
            continue
        data = record.get(f["key"])
        if not data:
            images[f["key"]] = None
            continue
        try:
            reader = ImageReader(io.BytesIO(bytes(data)))
            reader.getSize()
        except Exception:  # PIL raises many kinds for damaged files; all mean "cannot use this photo"
            who = record.get("name") or f"第{index}份"
            raise InputError(f"第{index}份证书（{who}）的照片无法读取，请在代表名册中重新选择照片（JPG 或 PNG）。") from None
        images[f["key"]] = reader
    return images


def records_missing_glyphs(records) -> list[str]:
    """Characters of the records' texts (photos skipped) that no font can print; warn before printing."""
    return missing_glyphs([{k: v for k, v in r.items() if not isinstance(v, (bytes, bytearray))} for r in records])


def _draw_text_field(canvas, f: dict, text: str, card_h: float, dx: float, dy: float) -> None:
    role = f.get("font", "song")
    size = float(f.get("size_pt", 16))
    align = f.get("align", "left")
    x = f["x_mm"] * mm + dx
    y = card_h - f["y_mm"] * mm - dy
    if "fit_width_mm" in f:
        widest = max(text.split("\n"), key=lambda line: fonts.string_width(line, role, size))
        size = fit_size(widest, role, size, f["fit_width_mm"] * mm, float(f.get("min_size_pt", size * 0.6)))
    if "width_mm" not in f:
        for n, line in enumerate(text.split("\n")):
            fonts.draw_string(canvas, x, y - n * float(f.get("leading_mm", size / mm * 1.5)) * mm, line, role, size,
                              align=align)
        return
    leading = float(f.get("leading_mm", size * 1.6 / mm)) * mm
    indent = float(f.get("indent_chars", 0)) * size
    width = f["width_mm"] * mm
    for paragraph in text.split("\n"):
        first, *rest = wrap_text(paragraph, role, size, width - indent) or [""]
        lines = [(indent, first)]
        if rest:
            lines += [(0.0, line) for line in wrap_text(paragraph[len(first):], role, size, width)]
        for shift, line in lines:
            fonts.draw_string(canvas, x + shift, y, line, role, size, align=align)
            y -= leading


def _draw_image_field(canvas, f: dict, image: ImageReader | None, card_h: float, dx: float, dy: float) -> None:
    """The photo in its box (aspect kept), or a thin empty frame marked 照片 to glue one in."""
    x = f["x_mm"] * mm + dx
    w, h = f["width_mm"] * mm, f["height_mm"] * mm
    y = card_h - f["y_mm"] * mm - dy - h
    canvas.saveState()
    if image is None:
        canvas.setStrokeColor(_PHOTO_FRAME_COLOUR)
        canvas.setFillColor(_PHOTO_FRAME_COLOUR)
        canvas.setLineWidth(0.5)
        canvas.rect(x, y, w, h, stroke=1, fill=0)
        size = max(5.0, min(10.0, w / 5))
        fonts.draw_string(canvas, x + w / 2, y + h / 2 - size / 3, "照片", "hei", size, align="centre")
        canvas.restoreState()
        return
    iw, ih = image.getSize()
    scale = (max if f.get("fit", "cover") == "cover" else min)(w / iw, h / ih)
    dw, dh = iw * scale, ih * scale
    clip = canvas.beginPath()
    clip.rect(x, y, w, h)
    canvas.clipPath(clip, stroke=0, fill=0)
    canvas.drawImage(image, x + (w - dw) / 2, y + (h - dh) / 2, dw, dh, mask="auto")
    canvas.restoreState()


def _draw_background(canvas, template: dict, values: dict, card_w: float, card_h: float, dx: float, dy: float) -> None:
    """The pre-printed parts (frame, title, labels), in grey unless coloured, for a test print on plain paper."""
    for item in template.get("background") or []:
        canvas.saveState()
        colour = _colour(item["colour"], "底版") if item.get("colour") else _FRAME_COLOUR
        canvas.setStrokeColor(colour)
        canvas.setFillColor(colour)
        canvas.setLineWidth(float(item.get("line_width_pt", 1)))
        kind = item.get("type")
        if kind == "frame":
            inset = float(item.get("inset_mm", 10)) * mm
            canvas.rect(inset + dx, inset - dy, card_w - 2 * inset, card_h - 2 * inset)
        elif kind == "rect":
            w, h = float(item.get("width_mm", 0)) * mm, float(item.get("height_mm", 0)) * mm
            x, top = float(item.get("x_mm", 0)) * mm + dx, card_h - float(item.get("y_mm", 0)) * mm - dy
            canvas.rect(x, top - h, w, h, stroke=0 if item.get("fill") else 1, fill=1 if item.get("fill") else 0)
        elif kind == "line":
            canvas.line(float(item.get("x1_mm", 0)) * mm + dx, card_h - float(item.get("y1_mm", 0)) * mm - dy,
                        float(item.get("x2_mm", 0)) * mm + dx, card_h - float(item.get("y2_mm", 0)) * mm - dy)
        elif kind == "text":
            _draw_background_text(canvas, item, _fill(str(item.get("text", "")), values, 0, optional=True),
                                  card_h, dx, dy)
        canvas.restoreState()


def _draw_background_text(canvas, item: dict, text: str, card_h: float, dx: float, dy: float) -> None:
    spacing = float(item.get("letter_spacing_pt", 0))
    size = float(item.get("size_pt", 24))
    role = item.get("font", "song")
    x = float(item.get("x_mm", 0)) * mm + dx
    y = card_h - float(item.get("y_mm", 0)) * mm - dy
    if not spacing:
        fonts.draw_string(canvas, x, y, text, role, size, align=item.get("align", "left"))
        return
    total = fonts.string_width(text, role, size) + spacing * (len(text) - 1)
    start = {"left": x, "centre": x - total / 2, "right": x - total}[item.get("align", "left")]
    for ch in text:
        fonts.draw_string(canvas, start, y, ch, role, size)
        start += fonts.string_width(ch, role, size) + spacing


def _draw_cut_marks(canvas, sheet: Sheet, used: int, dx: float, dy: float) -> None:
    """Short grey marks in the margins, in line with every card edge, to guide the paper cutter."""
    xs = sorted({x for x, _y in sheet.slots[:used]} | {x + sheet.card_w for x, _y in sheet.slots[:used]})
    ys = sorted({y for _x, y in sheet.slots[:used]} | {y + sheet.card_h for _x, y in sheet.slots[:used]})
    left, right = min(xs), max(xs)
    top, bottom = min(ys), max(ys)
    page_h = sheet.page_h
    canvas.saveState()
    canvas.setStrokeColor(_FRAME_COLOUR)
    canvas.setLineWidth(0.3)
    gap, length = 1.5, min(_CUT_MARK_MM, top - 1.5, left - 1.5)
    if length <= 0.5:
        canvas.restoreState()
        return
    for x in xs:
        for y0, y1 in ((top - gap, top - gap - length), (bottom + gap, bottom + gap + length)):
            canvas.line(x * mm + dx, (page_h - y0) * mm - dy, x * mm + dx, (page_h - y1) * mm - dy)
    for y in ys:
        for x0, x1 in ((left - gap, left - gap - length), (right + gap, right + gap + length)):
            canvas.line(x0 * mm + dx, (page_h - y) * mm - dy, x1 * mm + dx, (page_h - y) * mm - dy)
    canvas.restoreState()


def _draw_card(canvas, template: dict, prepared, sheet: Sheet, slot: tuple[float, float], dx: float, dy: float,
               draw_background: bool) -> None:
    values, texts, images = prepared
    card_w, card_h = sheet.card_w * mm, sheet.card_h * mm
    canvas.saveState()
    canvas.translate(slot[0] * mm, (sheet.page_h - slot[1] - sheet.card_h) * mm)
    if draw_background:
        _draw_background(canvas, template, values, card_w, card_h, dx, dy)
    canvas.setFillColor(black)
    for i, f in enumerate(template["fields"]):
        if f.get("type") == "image":
            _draw_image_field(canvas, f, images[f["key"]], card_h, dx, dy)
        else:
            text = texts[f.get("key", str(i))]
            if text:
                _draw_text_field(canvas, f, text, card_h, dx, dy)
    canvas.restoreState()


def render_template(
    template,
    records: list[dict],
    out_path: str | os.PathLike,
    *,
    offset_x_mm: float = 0,
    offset_y_mm: float = 0,
    draw_background: bool = False,
    one_per_page: bool = False,
    progress: ProgressFn = None,
    cancel: CancelFn = None,
) -> Path:
    """Print ``records`` with a template: as many cards per page as its layout holds (or one per page).

    Every record is checked (missing values, unreadable photos) before anything is written; the PDF is
    written to a temporary name and renamed, so a failure leaves no half file.
    """
    template = load_template(template)
    records = list(records)
    if not records:
        raise InputError("没有要打印证书的人员。")
    dx, dy = _number(offset_x_mm, "左右偏移") * mm, _number(offset_y_mm, "上下偏移") * mm
    prepared = []
    for i, record in enumerate(records, start=1):
        values = _values(template, record, i)
        texts = {key: _fill(f["text"], values, i, optional=bool(f.get("optional"))) for key, f in _text_fields(template)}
        prepared.append((values, texts, _images(template, record, i)))
    sheet = sheet_for(template, one_per_page=one_per_page)
    out_path = Path(out_path)
    with atomic_path(out_path) as tmp:
        canvas = Canvas(str(tmp), pagesize=(sheet.page_w * mm, sheet.page_h * mm))
        canvas.setTitle(str(template.get("name") or "证书"))
        canvas.setAuthor("乡镇人大工作台")
        for start in range(0, len(prepared), sheet.per_page):
            step(start, len(prepared), None, cancel)
            batch = prepared[start:start + sheet.per_page]
            for slot, card in zip(sheet.slots, batch):
                _draw_card(canvas, template, card, sheet, slot, dx, dy, draw_background)
            if sheet.cut_marks:
                _draw_cut_marks(canvas, sheet, len(batch), dx, dy)
            canvas.showPage()
            if progress is not None:
                progress(start + len(batch), len(prepared))
        step(len(prepared), len(prepared), None, cancel)
        canvas.save()
    return out_path


def records_from_context(people: list[dict], context: dict) -> list[dict]:
    """Certificate records from elected people (name, post) and a session context (township, session_name, date)."""
    base = {"session_name": session_title(context), "date": context.get("date"),
            "township": context.get("township") or ""}
    if context.get("issuer"):
        base["issuer"] = context["issuer"]
    records = []
    for person in people:
        record = {**base, **{k: v for k, v in person.items() if v not in (None, "")}}
        record["post"] = full_post(record.get("post") or context.get("post") or "", context.get("township"))
        records.append(record)
    return records


def render_certificates(
    template,
    records: list[dict],
    out_path: str | os.PathLike,
    *,
    offset_x_mm: float = 0,
    offset_y_mm: float = 0,
    draw_background: bool = False,
    progress: ProgressFn = None,
    cancel: CancelFn = None,
) -> Path:
    """One certificate per page for each record (name, post, session_name, date, …) at the template's positions.

    Also callable as ``render_certificates(people, context, out_path, …)`` (the session contract): the
    当选证书 template, with session_name, date and full post names taken from the result context.
    """
    if isinstance(template, (list, tuple)) and isinstance(records, dict):
        template, records = ELECTION_TEMPLATE, records_from_context(list(template), records)
    return render_template(template, records, out_path, offset_x_mm=offset_x_mm, offset_y_mm=offset_y_mm,
                           draw_background=draw_background, progress=progress, cancel=cancel)


__all__ = ["render_certificates", "render_template", "records_from_context", "load_template", "template_path",
           "field_texts", "missing_glyphs", "records_missing_glyphs", "sheet_for", "Sheet", "TEMPLATES",
           "ELECTION_TEMPLATE", "DEPUTY_CARD_TEMPLATE", "HONOR_TEMPLATE"]
