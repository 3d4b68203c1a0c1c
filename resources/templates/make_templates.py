"""Regenerate resources/templates/roster.xlsx (the empty roster form) from reports/excel/roster_layout.py.

Run from the repository root: python resources/templates/make_templates.py
"""

from pathlib import Path

from desktop_app.reports.excel.roster_export import write_roster

if __name__ == "__main__":
    target = Path(__file__).resolve().parent / "roster.xlsx"
    write_roster(target, [], mask=False, template=True)
    print(f"已生成 {target}")
