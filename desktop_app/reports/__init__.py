"""PDF (reportlab) and Excel (openpyxl) documents; no Qt here."""
