"""活动登记 page: the activity log tab and the 接待选民日 tab; reloads when activities or the roster change."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ..context import AppContext
from ..widgets.reloading_page import ReloadingPage
from .log_tab import ActivityLogTab
from .reception_tab import ReceptionTab
from ...ops.changes import Area, Changes

# Tables whose changes alter what the page shows.
_LOG_AREAS = (Area.TERMS | Area.DEPUTIES | Area.GROUPS | Area.STATIONS | Area.ACTIVITIES | Area.ARCHIVE |
              Area.SETTINGS | Area.PICK_LISTS)
_RECEPTION_AREAS = (Area.DEPUTIES | Area.GROUPS | Area.STATIONS | Area.ACTIVITIES | Area.RECEPTIONS |
                    Area.SUGGESTIONS | Area.SETTINGS)


class ActivitiesPage(ReloadingPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = False
        self._stale_tables: set[str] = set()
        self.log = ActivityLogTab(ctx)
        self.reception = ReceptionTab(ctx, new_activity=self._new_reception_activity)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.log, "活动登记")
        self.tabs.addTab(self.reception, "接待选民日")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.tabs.currentChanged.connect(lambda _i: self._reload_current_if_stale())
        ctx.events.changed.connect(self._on_data_changed)
        self.log.refresh_choices()
        self.log.reload()
        self._reception_loaded = False   # the reception tab loads when first shown (keeps opening fast)

    def _new_reception_activity(self, preset: dict):
        self.tabs.setCurrentWidget(self.log)
        return self.log.new_activity(preset)

    # Loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        self._stale = False
        self.log.refresh_choices()
        self.log.reload()
        if self.tabs.currentWidget() is self.reception or self._reception_loaded:
            self.reception.reload()
            self._reception_loaded = True

    def _reload_current_if_stale(self) -> None:
        if self.tabs.currentWidget() is self.reception and not self._reception_loaded:
            self.reception.reload()
            self._reception_loaded = True

    def _on_data_changed(self, changes: Changes) -> None:
        if changes.touches(_LOG_AREAS | _RECEPTION_AREAS):
            self.reload_soon()

    # Navigation ----------------------------------------------------------------------------
    def focus_record(self, record_id) -> object:
        """An activity id opens that activity; {'station_id': …, 'date': …} selects a reception day."""
        if isinstance(record_id, dict):
            self.tabs.setCurrentWidget(self.reception)
            self._reload_current_if_stale()
            self.reception.focus_day(record_id.get("station_id"), record_id.get("date"))
            return None
        self.tabs.setCurrentWidget(self.log)
        return self.log.focus_record(int(record_id))
