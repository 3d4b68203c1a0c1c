"""Make characters beyond the Basic Multilingual Plane (𠅤 U+20164 and other Extension B names) searchable in PDFs.

reportlab writes the ToUnicode map of a TrueType subset as ``<%04X>``, which for a code above U+FFFF gives
five hex digits, an invalid entry: viewers cannot copy or search the character and pypdf cannot read it.
The PDF specification wants the UTF-16BE form (a surrogate pair). Importing this module installs the fix.
"""

from __future__ import annotations

from reportlab.pdfbase import ttfonts

_original = ttfonts.makeToUnicodeCMap


def _utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


def make_to_unicode_cmap(fontname, subset):
    """reportlab's ToUnicode CMap with every destination written as UTF-16BE hex."""
    if all(code <= 0xFFFF for code in subset):
        return _original(fontname, subset)
    text = _original(fontname, [0x20] * len(subset))
    head, _sep, tail = text.partition("beginbfchar\n")
    entries = "\n".join(f"<{i:02X}> <{_utf16_hex(code)}>" for i, code in enumerate(subset))
    _old_entries, sep, rest = tail.partition("\nendbfchar")
    return head + "beginbfchar\n" + entries + sep + rest


if getattr(ttfonts.makeToUnicodeCMap, "__name__", "") != make_to_unicode_cmap.__name__:
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
