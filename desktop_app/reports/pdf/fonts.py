"""CJK fonts for reportlab, with per-character fallback so rare names (䶮, 𠅤) never print blank.

Roles: ``hei`` (黑体, tables and headings), ``song`` (宋体, titles of official documents),
``fang`` (仿宋, official body text). Each role uses the Windows system font when present,
otherwise a Linux system font, otherwise the font bundled in ``resources/fonts``: 文泉驿微米黑 for 黑体,
AR PL SungtiL GB (Arphic Public Licence) for 宋体 and for 仿宋 (no openly licensed 仿宋 exists).
A rare character comes from a fallback of the same style: a serif one (花园明朝) in 宋/仿宋 text, the sans
first in 黑体 text.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ...paths import resource_path
from . import unicode_cmap  # noqa: F401  (fixes reportlab's ToUnicode map for 𠅤 and other Ext-B names)

BUNDLED_SANS = ("XZ-WQYMicroHei", "wqy-microhei.ttc", 0)
BUNDLED_SERIF = ("XZ-SungtiL", "gbsn00lp.ttf", None)
BUNDLED_FALLBACK = ("XZ-HanaMinA", "HanaMinA.ttf", None)
SANS_FONTS = frozenset({"XZ-WQYMicroHei", "XZ-SimHei"})


def _windows_fonts_dir() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def _system_candidates(role: str) -> list[tuple[str, Path, int | None]]:
    win = _windows_fonts_dir()
    linux = Path("/usr/share/fonts/truetype")
    table = {
        "hei": [("XZ-SimHei", win / "simhei.ttf", None)],
        "song": [("XZ-SimSun", win / "simsun.ttc", 0), ("XZ-UMing", linux / "arphic" / "uming.ttc", 0)],
        "fang": [("XZ-SimFang", win / "simfang.ttf", None)],
    }
    return table[role]


def _register(name: str, path: Path, index: int | None) -> str | None:
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    if not path.exists():
        return None
    try:
        font = TTFont(name, str(path), subfontIndex=index) if index is not None else TTFont(name, str(path))
    except Exception:  # a damaged or CFF-flavoured system font: skip it, the next one serves
        return None
    pdfmetrics.registerFont(font)
    return name


def _bundled(spec: tuple[str, str, int | None]) -> str:
    name, filename, index = spec
    registered = _register(name, resource_path("fonts", filename), index)
    if registered is None:
        raise FileNotFoundError(f"缺少内置字体 resources/fonts/{filename}，请重新安装本程序。")
    return registered


@functools.lru_cache(maxsize=None)
def font(role: str = "hei") -> str:
    """The registered reportlab font name for a role ('hei', 'song', 'fang')."""
    if role == "fang":
        for name, path, index in _system_candidates("fang"):
            if _register(name, path, index):
                return name
        return font("song")
    if role not in ("hei", "song"):
        raise ValueError(role)
    for name, path, index in _system_candidates(role):
        if _register(name, path, index):
            return name
    return _bundled(BUNDLED_SANS if role == "hei" else BUNDLED_SERIF)


def default_font() -> str:
    """Make the bundled sans reportlab's default font (styles, tables and a new canvas's first font).

    reportlab starts every page with its base font, Helvetica, which no PDF of ours embeds; a
    TrueType base font writes no such reference.
    """
    from reportlab import rl_config
    from reportlab.lib import styles as rl_styles
    from reportlab.platypus import tables as rl_tables

    name = _bundled(BUNDLED_SANS)
    rl_config.canvas_basefontname = name
    rl_styles._baseFontName = name
    rl_styles.ParagraphStyle.defaults["fontName"] = name
    rl_styles.ParagraphStyle.defaults["bulletFontName"] = name
    rl_tables.CellStyle.fontname = name
    return name


def _extra_font_dirs() -> list[Path]:
    """Where a clerk's installed fonts land: Windows (for all users, or just this one) and Linux."""
    dirs = [_windows_fonts_dir()]
    if os.environ.get("LOCALAPPDATA"):
        dirs.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    dirs += [Path("/usr/share/fonts/truetype/hanazono"), Path.home() / ".local" / "share" / "fonts"]
    return dirs


# Fonts with the rare characters (CJK Extension B and beyond) that names sometimes need, best first.
_RARE_CHAR_FONTS = (("XZ-SimSunExtB", "simsunb.ttf"), ("XZ-SimSunExtB2", "SimSun-ExtB.ttf"),
                    ("XZ-HanaMinB", "HanaMinB.ttf"))


@functools.lru_cache(maxsize=None)
def _fallback_chain() -> tuple[str, ...]:
    chain = [_bundled(BUNDLED_SANS), _bundled(BUNDLED_FALLBACK)]
    for name, filename in _RARE_CHAR_FONTS:
        for folder in _extra_font_dirs():
            if _register(name, folder / filename, None):
                chain.append(name)
                break
    return tuple(chain)


def has_char(font_name: str, ch: str) -> bool:
    if ch in " \t\n\r":
        return True
    return ord(ch) in pdfmetrics.getFont(font_name).face.charToGlyph


def fallback_fonts() -> tuple[str, ...]:
    """The registered fallback fonts, sans first."""
    return _fallback_chain()


def is_sans(font_name: str) -> bool:
    return font_name in SANS_FONTS


def font_for_char(ch: str, preferred: str) -> str | None:
    """The preferred font if it has ``ch``, else the first fallback of the same style that does, else None."""
    if has_char(preferred, ch):
        return preferred
    chain = _fallback_chain()
    if not is_sans(preferred):
        chain = tuple(n for n in chain if not is_sans(n)) + tuple(n for n in chain if is_sans(n))
    for name in chain:
        if has_char(name, ch):
            return name
    return None


def runs(text: str, preferred: str) -> list[tuple[str, str]]:
    """Split ``text`` into (font, chunk) runs; characters no font has stay with ``preferred``."""
    result: list[tuple[str, str]] = []
    for ch in text:
        name = font_for_char(ch, preferred) or preferred
        if result and result[-1][0] == name:
            result[-1] = (name, result[-1][1] + ch)
        else:
            result.append((name, ch))
    return result


def missing_chars(texts, role: str = "hei") -> list[str]:
    """Characters of ``texts`` that no available font can print (warn before printing)."""
    preferred = font(role)
    seen: dict[str, None] = {}
    for text in texts:
        for ch in text or "":
            if ch not in seen and font_for_char(ch, preferred) is None:
                seen[ch] = None
    return list(seen)


def markup(text: str, role_or_font: str = "hei") -> str:
    """XML-escaped Paragraph markup with <font> tags around characters the main font lacks."""
    preferred = _resolve(role_or_font)
    parts = []
    for name, chunk in runs(str(text), preferred):
        chunk = escape(chunk)
        parts.append(chunk if name == preferred else f'<font name="{name}">{chunk}</font>')
    return "".join(parts)


def string_width(text: str, role_or_font: str, size: float) -> float:
    preferred = _resolve(role_or_font)
    return sum(pdfmetrics.stringWidth(chunk, name, size) for name, chunk in runs(text, preferred))


def draw_string(canvas, x: float, y: float, text: str, role_or_font: str, size: float, *, align: str = "left") -> None:
    """canvas.drawString with per-character fallback; ``align`` is left, centre or right of x."""
    preferred = _resolve(role_or_font)
    pieces = runs(str(text), preferred)
    if align != "left":
        width = sum(pdfmetrics.stringWidth(chunk, name, size) for name, chunk in pieces)
        x -= width / 2 if align == "centre" else width
    thin = serif_fallbacks_for(preferred)
    for name, chunk in pieces:
        text = canvas.beginText(x, y)
        text.setFont(name, size)
        if name in thin:
            # a thin serif fallback glyph among sans ones: stroked to the weight around it
            canvas.saveState()
            canvas.setLineWidth(size * EMBOLDEN)
            text.setTextRenderMode(2)
            text.textOut(chunk)
            canvas.drawText(text)
            canvas.restoreState()
        else:
            text.textOut(chunk)
            canvas.drawText(text)
        x += pdfmetrics.stringWidth(chunk, name, size)


# Share of the font size by which a fallback glyph is stroked when it stands among heavier sans glyphs.
EMBOLDEN = 0.028


def serif_fallbacks_for(preferred: str) -> frozenset[str]:
    """The fallback fonts whose glyphs look too thin beside ``preferred``: the serif ones, in sans text."""
    if not is_sans(preferred):
        return frozenset()
    return frozenset(n for n in _fallback_chain() if not is_sans(n))


def _resolve(role_or_font: str) -> str:
    return font(role_or_font) if role_or_font in ("hei", "song", "fang") else role_or_font


default_font()    # every module that draws imports this one: no PDF refers to a non-embedded Helvetica
