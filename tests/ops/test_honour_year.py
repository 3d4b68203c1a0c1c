"""荣誉证书 name the 年度 of the honour record: the year before for an award of January to June, editable."""

from __future__ import annotations

import re

from pypdf import PdfReader

from desktop_app.db.deputies import insert_deputy
from desktop_app.ops import archive_records
from desktop_app.ops.certificates import export_honor_certificates


def _certificate_text(db, tmp_path) -> str:
    path = export_honor_certificates(db, tmp_path / "荣誉证书.pdf")
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(path).pages))


def test_a_march_award_is_for_the_year_before_and_the_clerk_can_change_it(db, tmp_path):
    deputy = insert_deputy(db, {"name": "张三", "level": "乡"})
    honor = archive_records.add_honor(db, deputy, {"kind": "荣誉", "title": "优秀人大代表",
                                                   "date": "2025-03-12"}).value
    text = _certificate_text(db, tmp_path)
    assert "2024年度" in text and "2025年度" not in text
    archive_records.edit_honor(db, honor, {"year": "2025"})
    assert "2025年度" in _certificate_text(db, tmp_path)


def test_an_autumn_award_is_for_its_own_year(db, tmp_path):
    deputy = insert_deputy(db, {"name": "李四", "level": "乡"})
    archive_records.add_honor(db, deputy, {"kind": "荣誉", "title": "优秀人大代表", "date": "2025-12-28"})
    assert "2025年度" in _certificate_text(db, tmp_path)


def test_a_year_that_is_not_one_is_refused_and_nothing_is_written(db):
    import pytest

    from desktop_app.errors import InputError

    deputy = insert_deputy(db, {"name": "王五", "level": "乡"})
    with pytest.raises(InputError, match="年度"):
        archive_records.add_honor(db, deputy, {"kind": "荣誉", "title": "优秀人大代表", "date": "2025-03-12",
                                               "year": "25年"})
    assert db.execute("SELECT count(*) FROM honors").fetchone()[0] == 0
