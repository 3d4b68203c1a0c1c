"""Importing a package: preview, apply in one go, the same rows by uid, idempotent, masked roster by id_key."""

from __future__ import annotations

import json

import pytest

from desktop_app import cli
from desktop_app.db import deputies, sync
from desktop_app.exchange.importer import ALL, apply_import, preview_import
from desktop_app.exchange.package import build_package, read_package
from desktop_app.ops.settings import set_county_code

from exchange_samples import PERIOD, TODAY, demo_db, empty_db  # noqa: F401 - fixtures

TABLES = ("deputies", "groups", "stations", "activities", "activity_attendance", "suggestions", "suggestion_events")


def _export(db, folder, **options):
    return read_package(build_package(db, folder, today=TODAY, **{**PERIOD, **options}))


def _snapshot(db) -> dict:
    """Every exported record keyed by uid, without row ids (they differ between databases)."""
    def clean(rows, drop=("id", "activity_id", "deputy_id", "recorded_at")):
        return {r["uid"] if "uid" in r else f"{r['activity_uid']}/{r['deputy_uid']}":
                {k: v for k, v in r.items() if k not in drop} for r in rows}
    suggestions = sync.suggestion_rows(db, *ALL)
    for row in suggestions:
        row["submitters_raw"] = sorted(p[0] for p in row["submitters_raw"])
    return {"deputies": clean(sync.deputy_rows(db)), "groups": clean(sync.group_rows(db)),
            "stations": clean(sync.station_rows(db)), "activities": clean(sync.activity_rows(db, *ALL)),
            "attendance": clean(sync.attendance_rows(db, *ALL)), "suggestions": clean(suggestions),
            "events": clean(sync.suggestion_event_rows(db, *ALL))}


def test_round_trip_into_an_empty_database(demo_db, empty_db, tmp_path):
    package = _export(demo_db, tmp_path, mask=False)
    plan = preview_import(empty_db, package)
    assert plan.problems == []
    assert {t: c["add"] for t, c in plan.counts.items()} == {t: len(package.tables[t]) for t in TABLES}
    result = apply_import(empty_db, plan)
    assert result["backup"] and result["counts"]["deputies"]["add"] == len(package.tables["deputies"])
    assert _snapshot(empty_db) == _snapshot(demo_db)
    assert empty_db.execute("PRAGMA foreign_key_check").fetchall() == []
    # The roster functions of the app see the imported deputies like their own.
    assert deputies.count_deputies(empty_db) == deputies.count_deputies(demo_db)


def test_second_import_changes_nothing(demo_db, empty_db, tmp_path):
    package = _export(demo_db, tmp_path)
    apply_import(empty_db, preview_import(empty_db, package))
    before = sync.row_counts(empty_db, ["deputies", "activities", "suggestions", "suggestion_events", "audit_log"])
    plan = preview_import(empty_db, package)
    assert not plan.has_work
    assert all(c["add"] == 0 and c["change"] == 0 for c in plan.counts.values())
    assert apply_import(empty_db, plan)["backup"] is None
    assert sync.row_counts(empty_db, ["deputies", "activities", "suggestions", "suggestion_events",
                                      "audit_log"]) == before


def test_masked_roster_matches_by_id_key(demo_db, empty_db, tmp_path):
    """The county's copy gave every deputy its own uid; a masked package still finds them by the ID digest
    keyed with the county code both offices typed in 设置."""
    for db in (demo_db, empty_db):
        set_county_code(db, "SFX-2026-0815")
    apply_import(empty_db, preview_import(empty_db, _export(demo_db, tmp_path / "full", mask=False)))
    empty_db.execute("UPDATE deputies SET uid = lower(hex(randomblob(16)))")
    numbers = {r["name"]: r["id_number"] for r in sync.deputy_rows(empty_db)}
    target = next(d for d in deputies.list_deputies(demo_db))
    deputies.update_deputy(demo_db, target["id"], {"work_unit": "示范镇农业服务中心"})

    plan = preview_import(empty_db, _export(demo_db, tmp_path / "masked"))
    assert plan.counts["deputies"]["add"] == 0 and plan.problems == []
    changed = plan.of("deputies", "change")
    assert [(r.label, r.changes) for r in changed] == [
        (f"代表 {target['name']}", [("工作单位", target["work_unit"], "示范镇农业服务中心")])]
    # Attendance is matched through the same deputies, so nothing is added twice.
    assert plan.counts["activity_attendance"]["add"] == 0
    apply_import(empty_db, plan)
    after = {r["name"]: r for r in sync.deputy_rows(empty_db)}
    assert after[target["name"]]["work_unit"] == "示范镇农业服务中心"
    # The masked numbers never replaced the real ones.
    assert {name: r["id_number"] for name, r in after.items()} == numbers


def test_rows_referencing_unknown_deputies_are_reported(demo_db, empty_db, tmp_path):
    package = _export(demo_db, tmp_path, parts="activities")
    plan = preview_import(empty_db, package)
    assert plan.counts["activities"]["add"] == len(package.tables["activities"])
    assert plan.counts["activity_attendance"]["add"] == 0
    assert len(plan.problems) >= len(package.tables["activity_attendance"])
    assert "不存在" in plan.problems[0]
    apply_import(empty_db, plan)
    assert sync.row_counts(empty_db, ["activities"])["activities"] == len(package.tables["activities"])


def test_deleted_record_is_not_revived(demo_db, empty_db, tmp_path):
    package = _export(demo_db, tmp_path, mask=False, parts="roster")
    apply_import(empty_db, preview_import(empty_db, package))
    victim = deputies.list_deputies(empty_db)[0]
    deputies.soft_delete_deputy(empty_db, victim["id"])
    plan = preview_import(empty_db, package)
    assert any(victim["name"] in p and "已被删除" in p for p in plan.problems)
    apply_import(empty_db, plan)
    assert deputies.count_deputies(empty_db) == deputies.count_deputies(demo_db) - 1


def test_cli_export_then_import(demo_db, tmp_path, capsys):
    demo_path = tmp_path / "town.db"
    out = tmp_path / "pkg.zip"
    assert cli.main(["sync-export", "--db", str(demo_path), "--out", str(out), "--start", "2025-01-01",
                     "--end", "2026-12-31", "--parts", "roster,activities"]) == 0
    assert "已导出" in capsys.readouterr().out
    target = tmp_path / "other.db"
    assert cli.main(["sync-import", "--db", str(target), str(out), "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["applied"] is False and report["counts"]["deputies"]["add"] > 0
    assert cli.main(["sync-import", "--db", str(target), str(out)]) == 0
    assert "已导入" in capsys.readouterr().out
    assert cli.main(["sync-import", "--db", str(target), str(out)]) == 0
    assert "没有需要导入" in capsys.readouterr().out
    # A damaged file is bad input: exit 2 and a message naming it.
    broken = tmp_path / "broken.zip"
    broken.write_bytes(out.read_bytes()[:-300])
    assert cli.main(["sync-import", "--db", str(target), str(broken)]) == 2
    assert "broken.zip" in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["--parts=roster,nothing", "--start=2026-02-30"])
def test_cli_bad_options_exit_2(demo_db, tmp_path, bad, capsys):
    assert cli.main(["sync-export", "--db", str(tmp_path / "town.db"), "--out", str(tmp_path / "x.zip"), bad]) == 2
    assert "错误" in capsys.readouterr().err
