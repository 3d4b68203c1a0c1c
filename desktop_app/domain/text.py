"""Text clean-up for typed and imported values, and pinyin initials for roster search."""

from __future__ import annotations

import functools
import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Characters that hide or reorder what a name shows (F14): the C0 controls, DEL, the left-to-right and
# right-to-left marks, the embeddings and overrides, and the isolates. A name holding one can print as
# another name; normalize_text would turn some of them into spaces, so names are checked before it.
_UNSAFE_IN_NAMES = re.compile("[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# Full-width ASCII block (！ … ～) maps to ASCII by a fixed offset; the ideographic space to a space.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
# Chinese punctuation a clerk means literally: NFKC or the table above would turn it into ASCII.
_KEEP = set("，。、；：？！（）【】《》“”‘’…—·")

# Surnames whose reading differs from the common reading of the character (单 shan, not dan).
_SURNAME_INITIALS = {
    "单": "s", "曾": "z", "解": "x", "仇": "q", "朴": "p", "查": "z", "区": "o", "乐": "y",
    "尉": "y", "缪": "m", "覃": "q", "盖": "g", "种": "c", "秘": "b", "召": "s", "员": "y",
    "黑": "h", "折": "s", "翟": "z", "繁": "p", "隗": "w", "句": "g", "能": "n", "华": "h",
    "任": "r", "纪": "j", "燕": "y", "宁": "n", "沈": "s", "贲": "b", "阚": "k", "过": "g",
}
_COMPOUND_SURNAMES = {"尉迟": "yc", "万俟": "mq", "单于": "cy", "长孙": "zs", "澹台": "tt"}


def normalize_text(value: object) -> str:
    """Full-width letters/digits to ASCII, stray and inner spaces collapsed; Chinese punctuation kept."""
    if value is None:
        return ""
    text = str(value)
    if not text.isascii():
        text = "".join(map(_normalize_char, text))
    return _SPACES.sub(" ", text).strip()


@functools.lru_cache(maxsize=4096)
def _normalize_char(ch: str) -> str:
    if ch in _KEEP:
        return ch
    if ord(ch) in _FULLWIDTH:
        return chr(_FULLWIDTH[ord(ch)])
    # NFKC only per character and only for compatibility forms (e.g. ㈠, ﬁ, Ⅳ stay readable);
    # a CJK ideograph is never changed by it, so rare name characters survive.
    normalized = unicodedata.normalize("NFKC", ch)
    return normalized if len(normalized) <= 2 else ch


def unsafe_name_characters(value: object) -> list[str]:
    """The control and text-direction characters in ``value``, as U+XXXX codes in order of first appearance."""
    if not isinstance(value, str):
        return []
    codes: list[str] = []
    for ch in _UNSAFE_IN_NAMES.findall(value):
        code = f"U+{ord(ch):04X}"
        if code not in codes:
            codes.append(code)
    return codes


def name_problem(value: object, label: str) -> str | None:
    """A Chinese sentence naming the field when a name holds control or text-direction characters, else None."""
    codes = unsafe_name_characters(value)
    if not codes:
        return None
    return (f"{label}中含有不可见的控制字符或文字方向控制符（{'、'.join(codes)}），"
            "可能是从网页或其他文件中复制带来的，请删除后重新输入")


def compact(value: object) -> str:
    """Normalised text with every space removed (names and ID numbers never contain spaces)."""
    return normalize_text(value).replace(" ", "")


def _char_initial(ch: str) -> str:
    if ch.isascii():
        return ch.lower() if ch.isalnum() else ""
    from pypinyin import Style, lazy_pinyin

    letters = lazy_pinyin(ch, style=Style.FIRST_LETTER, errors="ignore")
    return letters[0][:1].lower() if letters and letters[0] else ""


def pinyin_initials(name: object) -> str:
    """'张三' → 'zs'; polyphonic surnames read as surnames; unknown characters are skipped, never fatal."""
    text = compact(name)
    if not text:
        return ""
    head = ""
    if text[:2] in _COMPOUND_SURNAMES:
        head, text = _COMPOUND_SURNAMES[text[:2]], text[2:]
    elif text[0] in _SURNAME_INITIALS:
        head, text = _SURNAME_INITIALS[text[0]], text[1:]
    if not text:
        return head
    from pypinyin import Style, lazy_pinyin

    # The whole remainder at once, so pypinyin's phrase dictionary picks readings in context.
    letters = lazy_pinyin(text, style=Style.FIRST_LETTER, errors=lambda chars: [_char_initial(c) for c in chars])
    return head + "".join(part[:1].lower() for part in letters if part and part[:1].isalnum())


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def ordinal_number(name: object) -> int | None:
    """The number in an ordinal name: '第十九届' → 19, '第二十一届' → 21, '第18届' → 18; None when there is none."""
    match = re.search(r"第\s*([0-9０-９]+|[零〇一二两三四五六七八九十]+)", normalize_text(name))
    if not match:
        return None
    text = match.group(1)
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    tens, _, units = text.partition("十")
    if "十" in units:
        return None
    value = (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)
    return value
