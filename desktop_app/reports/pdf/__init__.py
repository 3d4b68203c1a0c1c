"""reportlab documents: fonts, official-document layout, ballots, certificates, tables."""

from . import cjk_wrap  # noqa: F401  (Chinese punctuation never starts a wrapped line)
