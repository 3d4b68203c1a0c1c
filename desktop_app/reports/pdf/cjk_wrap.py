"""Chinese line-breaking rules for reportlab: a line never starts with ，。、；：？！）》” and the like.

reportlab's CJK wrapping (``wordWrap="CJK"``) keeps a character that may not start a line on the line
before (it hangs into the margin, the usual 标点悬挂), but its list of such characters is the Japanese one
and lacks most full-width Chinese punctuation: "，满意率……" could start a line. Importing this module adds
them (the package ``__init__`` does, so every PDF of the app gets it).
"""

from __future__ import annotations

from reportlab.lib import textsplit
from reportlab.platypus import paragraph

# Full-width and Chinese closing punctuation (GB/T 15834 点号 and closing 标号) that must not begin a line.
CHINESE_CANNOT_START = (
    "，。、；：？！…—·"
    "）】》〉」』〕］｝"
    "\u201d\u2019"          # ” ’
    "％‰℃"
    "\uff0e\uff64\uff61"    # full-width ．, half-width ､ ｡
)


def install() -> None:
    """Extend reportlab's "cannot start a line" set once (idempotent).

    Both copies of the set are used: ``textsplit`` for one-font paragraphs, ``paragraph`` for mixed fonts.
    """
    for module in (textsplit, paragraph):
        missing = "".join(ch for ch in CHINESE_CANNOT_START if ch not in module.ALL_CANNOT_START)
        if missing:
            module.ALL_CANNOT_START = module.ALL_CANNOT_START + missing


install()
