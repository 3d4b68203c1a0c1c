"""Workbooks through LibreOffice and back (``make check-office``): the roster and the tally workbook are written
by the app, converted by ``soffice --headless --convert-to`` (xlsx → xls → xlsx; the roster also xlsx → csv and
the csv opened and saved as xlsx), and each file read back imports with no error and identical data."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop_app.db import ballots as ballots_db
from desktop_app.db import vote_items as items_db
from desktop_app.db.connection import open_database
from desktop_app.db.deputies import list_deputies
from desktop_app.db.terms import create_term
from desktop_app.domain.ballots import ABSTAIN, AGREE, OPPOSE, RATING_MARKS, BallotEntry
from desktop_app.ops import roster_import
from desktop_app.ops.roster_documents import export_roster_workbook
from desktop_app.ops.tally_workbook import import_session_workbook
from desktop_app.reports.excel.tally_workbook import read_workbook, write_workbook

pytestmark = pytest.mark.office

# CSV as Excel and WPS save it for a clerk: comma, double quotes, UTF-8, text cells quoted, so that an
# 18-digit ID opened again stays text ("quoted field as text" on the way in).
CSV_OUT = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,true"
CSV_IN = "CSV:44,34,76,1,,0,true,false"
FIELDS = ("name", "gender", "ethnicity", "birth_date", "id_number", "party", "education", "work_unit", "post",
          "occupation", "phone", "address", "level", "first_elected", "reelected", "status", "status_date",
          "status_reason", "notes", "district_name")


def convert(soffice: str, source: Path, target: str, out_dir: Path, infilter: str | None = None) -> Path:
    """``soffice --headless --convert-to target source`` with its own profile (no clash with a running one)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / ".profile"
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", target, "--outdir", str(out_dir), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    converted = out_dir / f"{source.stem}.{target.split(':')[0]}"
    assert converted.is_file(), f"soffice wrote no {converted.name}"
    return converted


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from desktop_app.ops.demo import fill_demo

    path = tmp_path_factory.mktemp("office") / "demo.db"
    db = open_database(path)
    fill_demo(db, seed=11)
    db.close()
    return path


def _roster(db) -> list[tuple]:
    rows = [tuple(d.get(f) if d.get(f) != "" else None for f in FIELDS)
            for d in list_deputies(db, include_inactive=True)]
    return sorted(rows, key=lambda r: r[4] or r[0])


def _import_into_fresh_db(path: Path, tmp_path: Path) -> list[tuple]:
    db = open_database(tmp_path / f"{path.stem}-{path.suffix[1:]}.db")
    try:
        create_term(db, "第十九届", 19, "2026-10-01", "2031-09-30", is_current=True)
        preview = roster_import.preview(db, path)
        assert not preview.has_errors, "\n".join(preview.problems[:10])
        roster_import.apply(db, preview, backup=False)
        return _roster(db)
    finally:
        db.close()


@pytest.fixture(scope="module")
def roster_files(demo, soffice, tmp_path_factory):
    work = tmp_path_factory.mktemp("roster")
    db = open_database(demo)
    try:
        original = export_roster_workbook(db, work / "名册.xlsx", mask=False)
        expected = _roster(db)
    finally:
        db.close()
    xls = convert(soffice, original, "xls", work / "xls")
    xls_xlsx = convert(soffice, xls, "xlsx", work / "xls-xlsx")
    csv = convert(soffice, original, CSV_OUT, work / "csv")
    csv_xlsx = convert(soffice, csv, "xlsx", work / "csv-xlsx", infilter=CSV_IN)
    return expected, {"xlsx": original, "xls": xls, "xls→xlsx": xls_xlsx, "csv": csv, "csv→xlsx": csv_xlsx}


@pytest.mark.parametrize("step", ["xlsx", "xls", "xls→xlsx", "csv", "csv→xlsx"])
def test_the_roster_survives_libreoffice(roster_files, tmp_path, step):
    expected, files = roster_files
    assert _import_into_fresh_db(files[step], tmp_path) == expected


def _ballots(spec, count: int, rng: random.Random) -> list[BallotEntry]:
    """Valid ballots for ``spec``: at most ``seats`` agreed, a write-in on the first when allowed, one void."""
    entries = []
    width = 1 if spec.kind == "表决" else len(spec.candidates)
    for serial in range(1, count + 1):
        if spec.kind == "测评":
            marks = "".join(rng.choice(RATING_MARKS) for _ in range(width))
        elif spec.kind == "表决":
            marks = rng.choice((AGREE, AGREE, OPPOSE, ABSTAIN))
        else:
            chosen = set(rng.sample(range(width), min(spec.seats or 1, width)))
            marks = "".join(AGREE if i in chosen else rng.choice((OPPOSE, ABSTAIN)) for i in range(width))
        write_ins = ()
        if spec.allow_write_in and serial == 1:
            marks = marks.replace(AGREE, OPPOSE, 1)
            write_ins = ("刘䶮",)
        entries.append(BallotEntry(serial, marks, write_ins, void=serial == count))
    return entries


@pytest.fixture(scope="module")
def tally_files(demo, soffice, tmp_path_factory):
    work = tmp_path_factory.mktemp("tally")
    db = open_database(demo)
    try:
        session_id = db.execute("SELECT id FROM sessions ORDER BY id LIMIT 1").fetchone()[0]
        rng = random.Random(7)
        pairs = [(spec, _ballots(spec, 12, rng))
                 for spec in (items_db.item_spec(db, item["id"]) for item in items_db.list_items(db, session_id))]
    finally:
        db.close()
    original = work / "计票数据表.xlsx"
    write_workbook(original, pairs)
    xls = convert(soffice, original, "xls", work / "xls")
    xls_xlsx = convert(soffice, xls, "xlsx", work / "xls-xlsx")
    return session_id, pairs, {"xlsx": original, "xls": xls, "xls→xlsx": xls_xlsx}


@pytest.mark.parametrize("step", ["xlsx", "xls", "xls→xlsx"])
def test_the_tally_workbook_survives_libreoffice(demo, tally_files, tmp_path, step):
    session_id, pairs, files = tally_files
    read = read_workbook(files[step])
    assert [(spec.code, spec.candidates, entries) for spec, entries in read] == \
        [(spec.code, spec.candidates, entries) for spec, entries in pairs]
    copy = tmp_path / "demo.db"
    shutil.copy(demo, copy)
    db = open_database(copy)
    try:
        report = import_session_workbook(db, files[step], session_id, team=1).value
        assert report.imported == sum(len(entries) for _, entries in pairs)
        for item in items_db.list_items(db, session_id):
            spec = next(s for s, _ in pairs if s.code == item["code"])
            assert ballots_db.entries(db, item["id"], 1) == dict((s.code, e) for s, e in pairs)[spec.code]
    finally:
        db.close()
