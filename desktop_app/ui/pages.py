"""The registry of pages shown in the main window's sidebar, in order.

Each entry names a class ``Page(ctx: AppContext, parent=None)`` imported lazily, so start-up stays fast.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    target: str   # "module.path:ClassName"

    def load(self):
        module_name, class_name = self.target.split(":")
        return getattr(importlib.import_module(module_name), class_name)


PAGES: list[PageSpec] = [
    PageSpec("roster", "代表名册", "desktop_app.ui.roster.page:RosterPage"),
    PageSpec("groups", "代表小组", "desktop_app.ui.groups.page:GroupsPage"),
    PageSpec("stations", "代表之家/联络站", "desktop_app.ui.stations.page:StationsPage"),
    PageSpec("districts", "届次与选区", "desktop_app.ui.districts.page:DistrictsPage"),
    PageSpec("session", "人代会", "desktop_app.ui.session.page:SessionPage"),
    PageSpec("tally", "计票", "desktop_app.ui.tally.page:TallyPage"),
    PageSpec("settings", "设置", "desktop_app.ui.settings.page:SettingsPage"),
]
