"""One certificate engine (当选证书, 代表证, 荣誉证书): fields placed in millimetres on pre-printed card stock.

A template is JSON (see resources/templates/certificate_election.json)::

    {"name": "当选证书", "page": {"width_mm": 297, "height_mm": 210},
     "background": [...],            # drawn only for test prints on plain paper (draw_background=True)
     "defaults": {"issuer": "{session_name}主席团"},
     "fields": [{"key": "name", "text": "{name}同志：", "x_mm": 50, "y_mm": 88,
                 "font": "song", "size_pt": 24, "align": "left",
                 "width_mm": 197, "leading_mm": 13, "indent_chars": 2}]}   # the last three: wrapped text

Positions are measured from the top-left corner of the card: ``x_mm`` to the right, ``y_mm`` down to the
text baseline. ``offset_x_mm`` (positive = right) and ``offset_y_mm`` (positive = down) shift every field,
so a clerk can line the print up with a real printer without editing the template.

Placeholders: any key of the record, plus ``{date}`` (2026年1月15日) and ``{date_upper}`` (二〇二六年一月十五日)
made from the record's ISO ``date``.
"""

from __future__ import annotations

import json
import os
import string
from pathlib import Path

from reportlab.lib.colors import Color, black
from reportlab.lib.units import mm
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
    full_post,
    missing_glyphs,
    session_title,
    step,
    wrap_text,
)

ELECTION_TEMPLATE = "certificate_election"
ROLES = ("hei", "song", "fang")
ALIGNS = ("left", "centre", "right")
FIELD_LABELS = {"name": "姓名", "post": "职务", "session_name": "会议名称", "date": "日期", "issuer": "发证机关"}
_FRAME_COLOUR = Color(0.6, 0.6, 0.6)


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
    _check_template(data)
    return data


def _number(value, where: str, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"证书模板中 {where} 应为数字。")
    if positive and value <= 0:
        raise InputError(f"证书模板中 {where} 应大于 0。")
    return float(value)


def _check_template(data: dict) -> None:
    page = data.get("page")
    if not isinstance(page, dict):
        raise InputError("证书模板缺少纸张尺寸（page）。")
    _number(page.get("width_mm"), "page.width_mm", positive=True)
    _number(page.get("height_mm"), "page.height_mm", positive=True)
    fields = data.get("fields")
    if not isinstance(fields, list) or not fields:
        raise InputError("证书模板没有任何字段（fields）。")
    keys = [f.get("key") for f in fields if isinstance(f, dict)]
    doubled = sorted({k for k in keys if k and keys.count(k) > 1})
    if doubled:
        raise InputError(f"证书模板中字段 {'、'.join(doubled)} 重复出现。")
    for i, f in enumerate(fields, start=1):
        where = f"第{i}个字段（{f.get('key', '?') if isinstance(f, dict) else '?'}）"
        if not isinstance(f, dict) or not isinstance(f.get("text"), str):
            raise InputError(f"证书模板{where}缺少文字内容（text）。")
        for key in ("x_mm", "y_mm"):
            _number(f.get(key), f"{where}的 {key}")
        _number(f.get("size_pt", 16), f"{where}的 size_pt", positive=True)
        if f.get("font", "song") not in ROLES:
            raise InputError(f"证书模板{where}的字体应为 hei、song 或 fang。")
        if f.get("align", "left") not in ALIGNS:
            raise InputError(f"证书模板{where}的对齐方式应为 left、centre 或 right。")
        if "width_mm" in f:
            _number(f["width_mm"], f"{where}的 width_mm", positive=True)


def _placeholders(text: str) -> list[str]:
    return [name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name]


def _values(template: dict, record: dict, index: int) -> dict[str, str]:
    """The record's values plus dates in both styles and the template's defaults (e.g. issuer)."""
    values = {k: "" if v is None else str(v) for k, v in record.items()}
    if values.get("date"):
        try:
            values["date_iso"] = values["date"]
            values["date_upper"] = date_cn_upper(values["date"])
            values["date"] = date_cn(values["date"])
        except InputError as err:
            raise InputError(f"第{index}份证书：{err}") from None
    for key, default in (template.get("defaults") or {}).items():
        if not values.get(key):
            values[key] = _fill(default, values, index)
    return values


def _fill(text: str, values: dict[str, str], index: int) -> str:
    for name in _placeholders(text):
        base = name.removesuffix("_upper").removesuffix("_iso")
        if not values.get(name):
            label = FIELD_LABELS.get(base, base)
            who = values.get("name") or f"第{index}份"
            raise InputError(f"第{index}份证书（{who}）缺少“{label}”，请补充后再打印。")
    return text.format(**values)


def field_texts(template, record: dict, index: int = 1) -> dict[str, str]:
    """key → the text printed for that field (checks the record has everything the template needs)."""
    template = load_template(template)
    values = _values(template, record, index)
    return {f.get("key", str(i)): _fill(f["text"], values, index) for i, f in enumerate(template["fields"])}


def _draw_field(canvas, f: dict, text: str, page_h: float, dx: float, dy: float) -> None:
    role = f.get("font", "song")
    size = float(f.get("size_pt", 16))
    align = f.get("align", "left")
    x = f["x_mm"] * mm + dx
    y = page_h - f["y_mm"] * mm - dy
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


def _draw_background(canvas, template: dict, page_w: float, page_h: float, dx: float, dy: float) -> None:
    """The pre-printed parts (frame, title), in grey, for a test print on plain paper."""
    canvas.saveState()
    canvas.setStrokeColor(_FRAME_COLOUR)
    canvas.setFillColor(_FRAME_COLOUR)
    for item in template.get("background") or []:
        if item.get("type") == "frame":
            inset = float(item.get("inset_mm", 10)) * mm
            canvas.setLineWidth(float(item.get("line_width_pt", 1)))
            canvas.rect(inset + dx, inset - dy, page_w - 2 * inset, page_h - 2 * inset)
        elif item.get("type") == "text":
            text = str(item.get("text", ""))
            spacing = float(item.get("letter_spacing_pt", 0))
            size = float(item.get("size_pt", 24))
            role = item.get("font", "song")
            x = float(item.get("x_mm", 0)) * mm + dx
            y = page_h - float(item.get("y_mm", 0)) * mm - dy
            if spacing:
                total = fonts.string_width(text, role, size) + spacing * (len(text) - 1)
                start = {"left": x, "centre": x - total / 2, "right": x - total}[item.get("align", "left")]
                for ch in text:
                    fonts.draw_string(canvas, start, y, ch, role, size)
                    start += fonts.string_width(ch, role, size) + spacing
            else:
                fonts.draw_string(canvas, x, y, text, role, size, align=item.get("align", "left"))
    canvas.restoreState()


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
    template = load_template(template)
    records = list(records)
    if not records:
        raise InputError("没有要打印证书的人员。")
    dx, dy = _number(offset_x_mm, "左右偏移") * mm, _number(offset_y_mm, "上下偏移") * mm
    texts = [field_texts(template, record, i) for i, record in enumerate(records, start=1)]  # check all first
    page_w = template["page"]["width_mm"] * mm
    page_h = template["page"]["height_mm"] * mm
    out_path = Path(out_path)
    with atomic_path(out_path) as tmp:
        canvas = Canvas(str(tmp), pagesize=(page_w, page_h))
        canvas.setTitle(str(template.get("name") or "证书"))
        canvas.setAuthor("乡镇人大工作台")
        for done, values in enumerate(texts, start=1):
            step(done - 1, len(texts), None, cancel)
            if draw_background:
                _draw_background(canvas, template, page_w, page_h, dx, dy)
            canvas.setFillColor(black)
            for i, f in enumerate(template["fields"]):
                _draw_field(canvas, f, values[f.get("key", str(i))], page_h, dx, dy)
            canvas.showPage()
            if progress is not None:
                progress(done, len(texts))
        step(len(texts), len(texts), None, cancel)
        canvas.save()
    return out_path


__all__ = ["render_certificates", "records_from_context", "load_template", "template_path", "field_texts", "missing_glyphs",
           "ELECTION_TEMPLATE"]
