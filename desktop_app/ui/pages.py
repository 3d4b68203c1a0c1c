"""The registry of pages shown in the main window's sidebar, in order.

Each entry names a class ``Page(ctx: AppContext, parent=None)`` imported lazily, so start-up stays fast.
"""

from __future__ import annotations

import importlib
from typing import NamedTuple


class PageSpec(NamedTuple):
    # A named tuple rather than a dataclass: the sidebar is built before the window shows, without dataclasses.
    key: str
    title: str
    target: str   # "module.path:ClassName"

    def load(self):
        module_name, class_name = self.target.split(":")
        return getattr(importlib.import_module(module_name), class_name)


PAGES: list[PageSpec] = [
    PageSpec("home", "首页", "desktop_app.ui.home.page:HomePage"),
    PageSpec("roster", "代表名册", "desktop_app.ui.roster.page:RosterPage"),
    PageSpec("groups", "代表小组", "desktop_app.ui.groups.page:GroupsPage"),
    PageSpec("stations", "代表之家/联络站", "desktop_app.ui.stations.page:StationsPage"),
    PageSpec("districts", "届次与选区", "desktop_app.ui.districts.page:DistrictsPage"),
    PageSpec("activities", "活动登记", "desktop_app.ui.activities.page:ActivitiesPage"),
    PageSpec("suggestions", "意见建议", "desktop_app.ui.suggestions.page:SuggestionsPage"),
    PageSpec("compliance", "履职达标", "desktop_app.ui.compliance.page:CompliancePage"),
    PageSpec("session", "人代会", "desktop_app.ui.session.page:SessionPage"),
    PageSpec("tally", "计票", "desktop_app.ui.tally.page:TallyPage"),
    PageSpec("archive", "一人一档", "desktop_app.ui.archive.page:ArchivePage"),
    PageSpec("scoring", "履职积分", "desktop_app.ui.scoring.page:ScoringPage"),
    PageSpec("certificates", "证书打印", "desktop_app.ui.certificates.page:CertificatesPage"),
    PageSpec("exchange", "数据交换", "desktop_app.ui.exchange.page:ExchangePage"),
    PageSpec("county", "县级汇总", "desktop_app.ui.county.page:CountyPage"),
    PageSpec("settings", "设置", "desktop_app.ui.settings.page:SettingsPage"),
]
