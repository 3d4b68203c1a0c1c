"""Backup rotation by simulated dates: newest per day/week/month, tagged ones for 30 days, newest always."""

import datetime as dt

from desktop_app.domain.backup_policy import (
    backup_file_name, backups_to_keep, is_tagged, parse_backup_name,
)

NOW = dt.datetime(2025, 6, 18, 12, 0)   # a Wednesday


def name(when: dt.datetime, reason: str = "每日") -> str:
    return backup_file_name("renda", when, reason)


def year_of_daily_backups() -> list[tuple[str, dt.datetime]]:
    start = dt.datetime(2024, 6, 19, 9, 0)
    return [(name(start + dt.timedelta(days=i)), start + dt.timedelta(days=i)) for i in range(365)]


def kept_days(kept: set) -> set:
    return {parse_backup_name(p).created.date() for p in kept}


def test_a_year_of_daily_backups_keeps_7_daily_4_weekly_12_monthly():
    backups = year_of_daily_backups()
    assert backups[-1][1].date() == NOW.date()
    kept = backups_to_keep(backups, NOW)
    d = dt.date
    daily = {d(2025, 6, day) for day in range(12, 19)}
    weekly = {d(2025, 6, 15), d(2025, 6, 8), d(2025, 6, 1)}             # Sundays closing the 3 previous ISO weeks
    monthly = {d(2025, 5, 31), d(2025, 4, 30), d(2025, 3, 31), d(2025, 2, 28), d(2025, 1, 31),
               d(2024, 12, 31), d(2024, 11, 30), d(2024, 10, 31), d(2024, 9, 30), d(2024, 8, 31),
               d(2024, 7, 31)}                                              # June 2024 is the 13th month: gone
    assert kept_days(kept) == daily | weekly | monthly
    assert len(kept) == 20                                                   # 15 June is daily and weekly


def test_rotation_is_stable_when_run_every_day():
    """Pruning day after day keeps the same set as pruning once at the end."""
    survivors: list[tuple[str, dt.datetime]] = []
    for path, when in year_of_daily_backups():
        survivors.append((path, when))
        keep = backups_to_keep(survivors, when + dt.timedelta(minutes=1))
        survivors = [item for item in survivors if item[0] in keep]
    assert set(p for p, _ in survivors) == backups_to_keep(year_of_daily_backups(), NOW)


def test_only_the_newest_of_a_day_is_kept():
    morning, noon = dt.datetime(2025, 6, 17, 8), dt.datetime(2025, 6, 17, 11)
    backups = [(name(morning, "启动"), morning), (name(noon, "每日"), noon), (name(NOW, "启动"), NOW)]
    assert backups_to_keep(backups, NOW) == {name(noon, "每日"), name(NOW, "启动")}


def test_the_newest_backup_is_kept_however_old():
    old = dt.datetime(2021, 1, 5, 9)
    older = dt.datetime(2021, 1, 4, 9)
    assert backups_to_keep([(name(old), old), (name(older), older)], NOW) == {name(old)}


def test_tagged_backups_are_kept_30_days_then_rotate():
    day = dt.timedelta(days=1)
    recent = {reason: NOW - 20 * day - dt.timedelta(hours=i) for i, reason in
              enumerate(["手动", "升级前-v1", "恢复前", "恢复前-原样", "每日"])}
    backups = [(name(when, reason), when) for reason, when in recent.items()]
    stale_manual = NOW - 40 * day
    backups += [(name(stale_manual, "手动"), stale_manual),
                (name(stale_manual + dt.timedelta(hours=1)), stale_manual + dt.timedelta(hours=1)),
                (name(NOW), NOW)]
    kept = backups_to_keep(backups, NOW)
    for reason in ["手动", "升级前-v1", "恢复前", "恢复前-原样"]:
        assert name(recent[reason], reason) in kept
    # the automatic one of that day is the newest of its day, but that day is outside the daily window
    # and neither the newest of its ISO week (the tagged ones share its week) nor of its month
    assert name(recent["每日"]) not in kept
    assert name(stale_manual, "手动") not in kept          # 40 days old and beaten in its month


def test_backups_dated_in_the_future_are_kept():
    future = NOW + dt.timedelta(days=300)
    old = NOW - dt.timedelta(days=500)
    assert backups_to_keep([(name(future), future), (name(old), old), (name(NOW), NOW)], NOW) == {
        name(future), name(NOW)}


def test_file_names_round_trip_and_other_files_are_not_backups():
    when = dt.datetime(2025, 6, 18, 9, 30, 5)
    parsed = parse_backup_name(backup_file_name("my-office", when, "升级前-v1"))
    assert (parsed.stem, parsed.created, parsed.reason, parsed.automatic) == ("my-office", when, "升级前-v1", False)
    assert parse_backup_name("renda.db") is None
    assert parse_backup_name("renda-20251399-000000-每日.db") is None
    assert parse_backup_name("notes-20250101-000000-手动.txt") is None
    assert is_tagged(name(when, "手动")) and not is_tagged(name(when, "启动"))
    assert backups_to_keep([], NOW) == set()
