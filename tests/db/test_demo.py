"""The demo township: realistic counts, rare characters, valid ID numbers, determinism, the demo command."""

import argparse
import datetime as dt

import pytest

from desktop_app.commands import demo as demo_command
from desktop_app.db import audit, deputies, districts, groups, settings, stations, terms
from desktop_app.db.connection import open_database
from desktop_app.ops.demo import fill_demo
from desktop_app.domain.idcard import validate_id_number
from desktop_app.domain.roster import validate_deputy
from desktop_app.errors import UserError

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def demo_db(db):
    counts = fill_demo(db, today=TODAY).value
    return db, counts


def test_counts_within_the_promised_ranges(demo_db):
    db, counts = demo_db
    term = terms.current_term(db)
    assert term["name"] == "第十九届" and term["start_date"] <= TODAY.isoformat() <= term["end_date"]
    assert 6 <= len(districts.list_districts(db, term["id"])) <= 10
    assert 55 <= deputies.count_serving(db, term["id"], "乡") <= 65
    assert 8 <= deputies.count_serving(db, term["id"], "县") <= 15
    assert deputies.count_serving(db, term["id"], "市") >= 1
    assert deputies.count_serving(db, term["id"], "省") >= 1
    kinds = [g["kind"] for g in groups.list_groups(db, term["id"])]
    assert kinds.count("代表小组") == len(districts.list_districts(db, term["id"]))
    assert kinds.count("专业代表小组") == 2
    station_kinds = [s["kind"] for s in stations.list_stations(db)]
    assert station_kinds.count("代表之家") == 1 and 3 <= station_kinds.count("联络站") <= 5
    assert counts["deputies"] == len(deputies.list_deputies(db, include_inactive=True))
    assert settings.get(db, "township_name") == "示范镇" and settings.get(db, "county_name") == "示范县"


def test_rare_characters_and_valid_people(demo_db):
    db, _ = demo_db
    rows = deputies.list_deputies(db, include_inactive=True)
    names = "".join(r["name"] for r in rows)
    for ch in ("喆", "堃", "䶮", "𠅤"):
        assert ch in names
    assert len({r["id_number"] for r in rows}) == len(rows)
    for row in rows:
        check = validate_id_number(row["id_number"], today=TODAY)
        assert check.ok, (row["name"], check.message)
        assert check.gender == row["gender"] and check.birth_date.isoformat() == row["birth_date"]
        assert validate_deputy(row) == {}, row["name"]
        assert row["name_initials"]
    by_name = {r["name"]: r for r in rows}
    assert by_name["单晓红"]["name_initials"] == "sxh"


def test_realistic_mix(demo_db):
    db, _ = demo_db
    township = deputies.list_deputies(db, level="乡")
    women = sum(r["gender"] == "女" for r in township) / len(township)
    assert 0.2 <= women <= 0.45
    occupations = {r["occupation"] for r in township}
    assert {"农民", "工人", "专业技术人员", "党政领导干部", "企业负责人"} <= occupations
    assert any(r["ethnicity"] != "汉族" for r in township)
    assert 0.5 <= sum(r["party"] in ("中共党员", "中共预备党员") for r in township) / len(township) <= 0.85
    assert all(r["district_name"] and r["group_names"] for r in township)
    assert all(g["convener_name"] for g in groups.list_groups(db))
    assert all(s["open_days"] and s["address"] for s in stations.list_stations(db))
    departed = [r for r in deputies.list_deputies(db, include_inactive=True) if r["status"] != "在任"]
    assert {r["status"] for r in departed} == {"辞职", "调离"}
    assert all(deputies.status_history(db, r["id"]) for r in departed)


def test_same_seed_same_data(tmp_path):
    def people(path, seed):
        db = open_database(path)
        fill_demo(db, seed=seed, today=TODAY)
        result = [(r["name"], r["id_number"], r["phone"]) for r in deputies.list_deputies(db, include_inactive=True)]
        db.close()
        return result

    first = people(tmp_path / "a.db", 2026)
    assert first == people(tmp_path / "b.db", 2026)
    assert first != people(tmp_path / "c.db", 7)


def test_demo_is_audited(demo_db):
    db, _ = demo_db
    assert audit.verify_chain(db) is None
    assert len(audit.entries(db, entity="deputy")) >= 78


def _args(path, force=False):
    return argparse.Namespace(db=path, force=force, seed=2026)


def test_command_fills_and_refuses_a_second_time(db_path, capsys):
    assert demo_command.run(_args(db_path)) == 0
    out = capsys.readouterr().out
    assert "已在" in out and "乡级 60 名" in out and "县级 12 名" in out
    db = open_database(db_path)
    before = deputies.count_deputies(db, include_deleted=True)
    db.close()
    with pytest.raises(UserError, match=f"已有 {before} 名代表.*--force"):
        demo_command.run(_args(db_path))
    # --force adds nothing twice: same terms, districts, people.
    assert demo_command.run(_args(db_path, force=True)) == 0
    db = open_database(db_path)
    assert deputies.count_deputies(db, include_deleted=True) == before
    assert len(terms.list_terms(db)) == 2
    db.close()
