"""F4: masked ID numbers can no longer be rebuilt, and the ID digest is keyed with the county code.

The attack of the report: the 8 hidden digits of a masked number were exactly the birth date printed beside
it, and the region code was shown, so 78 of 78 numbers came back; the bare SHA-256 digest gave any number
back in 0.06 s. Now a masked number shows its last four characters only and a birth date its year, in the
roster and archive exports, the exchange package and the audit log; the digest is an HMAC keyed with the
county code (none without a code).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

import openpyxl
import pytest
from pypdf import PdfReader

from desktop_app.db import deputies, sync
from desktop_app.domain.id_digest import id_key
from desktop_app.exchange.package import build_package, read_package
from desktop_app.ops.exports import export_archive, export_roster
from desktop_app.ops.settings import set_county_code
from package_tools import PERIOD, TODAY

MASKED = re.compile(r"^\*{14}[0-9X]{4}$")


def _real(db) -> dict[str, dict]:
    """name → the deputy's full ID number and birth date, as the database holds them."""
    return {r["name"]: r for r in sync.deputy_rows(db) if r["id_number"]}


def _rebuilt(rows: list[dict], real: dict[str, dict]) -> int:
    """How many full numbers the attack of the report rebuilds from (name, shown ID, shown birth date) rows:
    the region code of the real number (known for a township), the birth date as shown, the last four."""
    count = 0
    for row in rows:
        person = real.get(row["name"])
        if not person or not row.get("id_number"):
            continue
        shown, birth = str(row["id_number"]), row.get("birth_date")
        if isinstance(birth, (dt.date, dt.datetime)):
            birth = birth.strftime("%Y-%m-%d")
        digits = re.sub(r"\D", "", str(birth or ""))
        if len(digits) == 8 and person["id_number"][:6] + digits + shown[-4:] == person["id_number"]:
            count += 1
        elif "*" not in shown and shown == person["id_number"]:
            count += 1
    return count


def _sheet_rows(ws, header_row: int = 1) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    header = [str(h or "") for h in rows[header_row - 1]]
    want = {"姓名": "name", "公民身份号码": "id_number", "出生日期": "birth_date"}
    at = {key: header.index(title) for title, key in want.items() if title in header}
    return [{key: row[i] for key, i in at.items()} for row in rows[header_row:] if any(v is not None for v in row)]


def _assert_masked(rows: list[dict], real: dict[str, dict]) -> None:
    shown = [r for r in rows if r.get("id_number")]
    assert len(shown) >= 50, "the export should hold the demo township's deputies"
    assert all(MASKED.match(str(r["id_number"])) for r in shown), [r["id_number"] for r in shown[:3]]
    assert all(re.fullmatch(r"\d{4}", str(r["birth_date"])) for r in shown if r.get("birth_date"))
    assert _rebuilt(rows, real) == 0


def test_the_roster_workbook_shows_last_four_and_birth_year(town, tmp_path):
    real = _real(town)
    out = export_roster(town, tmp_path / "名册.xlsx")
    book = openpyxl.load_workbook(out)
    ws = book.worksheets[0]
    header_row = next(i for i, row in enumerate(ws.iter_rows(values_only=True), start=1) if "姓名" in row)
    rows = _sheet_rows(ws, header_row)
    _assert_masked(rows, real)
    # Unmasked on request: the full numbers and dates, which is why the attack needed the masked file.
    plain = _sheet_rows(openpyxl.load_workbook(export_roster(town, tmp_path / "全.xlsx", mask=False)).worksheets[0],
                        header_row)
    assert _rebuilt(plain, real) == len([r for r in plain if r.get("id_number")]) > 0


def test_the_archive_workbook_and_pdf_show_last_four_and_birth_year(town, tmp_path):
    real = _real(town)
    book = openpyxl.load_workbook(export_archive(town, tmp_path / "档案.xlsx"))
    _assert_masked(_sheet_rows(book["基本情况"]), real)
    text = "".join(page.extract_text() for page in PdfReader(export_archive(town, tmp_path / "档案.pdf")).pages)
    for person in real.values():
        number, birth = person["id_number"], dt.date.fromisoformat(person["birth_date"])
        assert number[:6] + "********" not in text and number not in text
        assert f"{birth.year}年{birth.month}月{birth.day}日" not in text


def test_the_masked_package_shows_last_four_and_birth_year(town, tmp_path):
    real = _real(town)
    package = read_package(build_package(town, tmp_path, today=TODAY, parts="roster", **PERIOD))
    assert package.masked
    _assert_masked(package.tables["deputies"], real)


def test_the_audit_log_shows_last_four_and_birth_year(town):
    deputy_id = deputies.insert_deputy(town, {"name": "钱新", "level": "乡", "id_number": "110101199003077037"})
    deputies.update_deputy(town, deputy_id, {"id_number": "110101199105085011", "birth_date": "1991-05-08"})
    details = [json.loads(r[0]) for r in town.execute(
        "SELECT detail FROM audit_log WHERE entity = 'deputy' AND entity_id = ? ORDER BY id", [deputy_id])]
    text = json.dumps(details, ensure_ascii=False)
    for number, birth in (("110101199003077037", "1990-03-07"), ("110101199105085011", "1991-05-08")):
        assert number not in text and number[:6] not in text and birth not in text and birth[:7] not in text
        assert "*" * 14 + number[-4:] in text
    assert "1990" in text and "1991" in text


def test_the_digest_changes_with_the_county_code(town, tmp_path):
    number = "110101199003077037"
    a, b = id_key(number, "SFX-2026-AAAA"), id_key(number, "SFX-2026-BBBB")
    assert a and b and a != b and len(a) == 64
    assert id_key(number, None) is None and id_key(number, "") is None
    assert hashlib.sha256(number.encode()).hexdigest() not in (a, b)   # the bare hash that gave numbers back
    assert id_key(number, " sfx-2026-aaaa ") == a                       # typed with spaces or lower case

    def digests(code):
        set_county_code(town, code)
        folder = tmp_path / (code or "none")
        package = read_package(build_package(town, folder, today=TODAY, parts="roster", **PERIOD))
        return {r["uid"]: r["id_key"] for r in package.tables["deputies"]}

    first, second, none = digests("SFX-2026-AAAA"), digests("SFX-2026-BBBB"), digests(None)
    assert set(none.values()) == {None}
    assert all(first[uid] != second[uid] for uid in first if first[uid])
    by_uid = {r["uid"]: r["id_number"] for r in sync.deputy_rows(town)}
    assert all(first[uid] == id_key(by_uid[uid], "SFX-2026-AAAA") for uid in first if by_uid[uid])


@pytest.mark.parametrize("code", ["1234567", "县码"])
def test_a_short_county_code_is_refused(town, code):
    from desktop_app.errors import InputError

    with pytest.raises(InputError, match="至少 8 个字符"):
        set_county_code(town, code)
