"""``export reception-notice`` prints the warning the 接待选民日 tab shows when a reception day is too close."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader

from desktop_app import cli
from desktop_app.db import receptions, stations
from desktop_app.db.connection import open_database
from desktop_app.domain.activities import WEEKDAY_NAMES


def _town(path, days_ahead: int) -> None:
    """One station whose weekly reception day is ``days_ahead`` days from today."""
    db = open_database(path)
    station = stations.create_station(db, "东山片区代表联络站", address="东山村村委会二楼")
    weekday = (dt.date.today() + dt.timedelta(days=days_ahead)).isoweekday()
    receptions.add_schedule(db, station, f"每周{WEEKDAY_NAMES[weekday - 1]}")
    db.close()


def _export(tmp_path, capsys, days_ahead: int) -> str:
    path = tmp_path / "renda.db"
    _town(path, days_ahead)
    out = tmp_path / "公示.pdf"
    assert cli.main(["--db", str(path), "export", "reception-notice", "--out", str(out)]) == 0
    assert "东山片区代表联络站" in "".join(p.extract_text() for p in PdfReader(out).pages)
    return capsys.readouterr().err


def test_a_reception_day_two_days_away_is_warned_and_the_notice_still_written(tmp_path, capsys):
    day = dt.date.today() + dt.timedelta(days=2)
    err = _export(tmp_path, capsys, 2)
    assert f"东山片区代表联络站（{day.month}月{day.day}日）的接待日距今不足3天" in err
    assert "公示落款日期为今天" in err


def test_a_reception_day_five_days_away_gives_no_warning(tmp_path, capsys):
    assert "不足3天" not in _export(tmp_path, capsys, 5)
