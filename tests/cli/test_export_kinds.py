"""Every export kind the README lists works on the demo township, through the same code as ``export``."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from desktop_app.ops.exports import EXPORTERS
from desktop_app.ops.session_exports import SESSION_EXPORTERS

ROOT = Path(__file__).resolve().parents[2]


def _documented() -> dict[str, list[str]]:
    """kind → suffixes, from the README's table of export kinds."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return {m.group(1): re.findall(r"\.(xlsx|pdf)", m.group(2))
            for m in re.finditer(r"^\| `([a-z-]+)` \|[^|]*\|([^|]*)\|$", readme, flags=re.M)}


def test_every_kind_is_documented_and_every_documented_kind_exists():
    assert set(_documented()) == set(EXPORTERS)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from desktop_app.db.connection import open_database
    from desktop_app.ops.demo import fill_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = open_database(path)
    fill_demo(db, seed=11)
    yield db
    db.close()


# The session-day kinds need ballots and an item: tests/cli/test_session_documents.py runs each after import-tally.
@pytest.mark.parametrize("kind, suffix", [(k, s) for k, suffixes in _documented().items() for s in suffixes
                                          if k not in SESSION_EXPORTERS])
def test_kind_writes_a_readable_file(demo, tmp_path, kind, suffix):
    out = tmp_path / f"{kind}.{suffix}"
    EXPORTERS[kind](demo, out)
    assert out.exists() and out.stat().st_size > 0
    if suffix == "pdf":
        text = "".join(page.extract_text() for page in PdfReader(out).pages[:3])
        assert re.search(r"[\u4e00-\u9fff]{4}", text), "the PDF should carry Chinese text"
    else:
        workbook = openpyxl.load_workbook(out, read_only=True)
        cells = [c for ws in workbook.worksheets for row in ws.iter_rows(max_row=5, values_only=True) for c in row]
        workbook.close()
        assert any(isinstance(c, str) and re.search(r"[\u4e00-\u9fff]", c) for c in cells)
