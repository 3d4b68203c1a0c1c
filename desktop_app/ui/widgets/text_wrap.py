"""Wrapping Chinese text between phrases, never inside one ("第十|九届" was split across two lines)."""

from __future__ import annotations

# U+2060 WORD JOINER: invisible, and Qt's line breaking (Unicode UAX #14) never breaks beside it.
WORD_JOINER = "\u2060"


def keep_together(phrase: str) -> str:
    """``phrase`` with no line break possible inside it (a wrapping label breaks only around it)."""
    return WORD_JOINER.join(phrase)


def phrases(parts, separator: str = "　") -> str:
    """The non-empty ``parts`` joined by ``separator``, each kept whole on one line."""
    return separator.join(keep_together(part) for part in parts if part)


def plain(text: str) -> str:
    """``text`` without the joiners (for comparing or copying)."""
    return text.replace(WORD_JOINER, "")
