"""A page that reloads at once when visible and otherwise on its next show (hidden pages stay cheap)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class ReloadingPage(QWidget):
    """Subclasses define ``reload()`` (which clears ``_stale``) and call ``reload_soon()`` when data changed."""

    _stale = False

    def reload_soon(self) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        if self._stale:
            self.reload()
        super().showEvent(event)
