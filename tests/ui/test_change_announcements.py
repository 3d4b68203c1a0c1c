"""Changes are announced by area (``ops.changes``): a page reloads for the areas it shows and for no other."""

from __future__ import annotations

import pytest

from desktop_app.ops.changes import Area, Changes, area_of_table, areas_of_tables


def test_a_hidden_page_goes_stale_only_for_the_areas_it_shows(ctx, qtbot):
    from desktop_app.ui.groups.page import GroupsPage

    page = GroupsPage(ctx)
    qtbot.addWidget(page)
    page.reload()
    assert page._stale is False
    ctx.announce(Area.BALLOTS | Area.SCORES)
    assert page._stale is False                        # nothing a groups list shows
    ctx.announce(Changes(Area.STATIONS, message="站点已改"))
    assert page._stale is True                         # groups list their station


def test_a_shown_page_reloads_at_once(ctx, qtbot, monkeypatch):
    from desktop_app.ui.roster.page import RosterPage

    page = RosterPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    reloads = []
    monkeypatch.setattr(page, "reload", lambda: reloads.append(1))
    ctx.announce(Area.VOTE_ITEMS)
    assert reloads == []
    ctx.announce(Area.DEPUTIES)
    assert reloads == [1]


def test_nothing_is_announced_for_no_change(ctx):
    got = []
    ctx.events.changed.connect(got.append)
    ctx.announce(Changes())
    ctx.announce(Area.TERMS)
    assert [c.areas for c in got] == [Area.TERMS]


def test_tables_map_to_areas_and_a_typo_is_an_error():
    assert area_of_table("honors") == Area.HONORS | Area.ARCHIVE
    assert areas_of_tables(["deputies", "activities", "suggestion_events"]) == Area.DEPUTIES | Area.ACTIVITIES
    with pytest.raises(KeyError):
        area_of_table("deputy")
