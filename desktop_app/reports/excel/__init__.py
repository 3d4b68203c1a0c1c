"""openpyxl workbooks: roster and statistics exports, imports, the tally workbook."""
