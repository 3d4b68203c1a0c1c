"""reportlab documents: fonts, official-document layout, ballots, certificates, tables."""
