"""reportlab documents: fonts, official-document layout, ballots, certificates, tables."""

from . import fonts

fonts.default_font()    # no PDF refers to reportlab's non-embedded Helvetica
