"""草稿/正式 marking of result documents: the diagonal watermark, the corner label, titles and file names."""

from __future__ import annotations

import re

from reportlab.lib.colors import Color

from . import fonts

DRAFT = "草稿"
FINAL = "正式"

_WATERMARK_COLOUR = Color(0.55, 0.55, 0.55, alpha=0.13)
_LABEL_COLOUR = Color(0.45, 0.45, 0.45)
# Characters Windows does not allow in file names, plus the path separators.
_BAD_FILENAME_CHARS = re.compile(r'[\\/:*?"<>|\r\n\t]+')


def status_label(certified: bool) -> str:
    """正式 once the results are certified, 草稿 before."""
    return FINAL if certified else DRAFT


def title_with_status(title: str, certified: bool) -> str:
    """A draft's title carries （草稿）; a certified document keeps its plain title."""
    return title if certified else f"{title}（{DRAFT}）"


def result_file_name(kind_label: str, item_name: str, certified: bool) -> str:
    """计票结果报告单 + 选举镇长 + 草稿 → "计票结果报告单-选举镇长-草稿.pdf" (safe on Windows)."""
    parts = [kind_label, item_name, status_label(certified)]
    cleaned = [_BAD_FILENAME_CHARS.sub("_", str(p)).strip(" .") for p in parts if str(p or "").strip()]
    return "-".join(cleaned) + ".pdf"


def draw_status(canvas, page_width: float, page_height: float, certified: bool, *, margin: float = 20,
                watermark: bool = True) -> None:
    """Mark one page: a small 草稿/正式 label in the top-right margin and, for drafts, a diagonal watermark."""
    canvas.saveState()
    label = f"【{status_label(certified)}】"
    canvas.setFillColor(_LABEL_COLOUR)
    fonts.draw_string(canvas, page_width - margin, page_height - margin, label, "hei", 10, align="right")
    if watermark and not certified:
        canvas.setFillColor(_WATERMARK_COLOUR)
        canvas.translate(page_width / 2, page_height / 2)
        canvas.rotate(35)
        size = min(page_width, page_height) / 4.2
        fonts.draw_string(canvas, 0, -size / 3, f"{DRAFT}　{DRAFT}", "hei", size, align="centre")
    canvas.restoreState()
