"""Forms whose validation messages appear right under the field they concern."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from .dates import DateError, DateEdit

ERROR_STYLE = "color: #c0392b;"
INVALID_STYLE = "border: 1px solid #c0392b;"


class ErrorLabel(QLabel):
    """A red message, hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()
        self.unreadable_date: str | None = None   # the message a date field set when left unreadable

    def show_error(self, message: str | None) -> None:
        self.setText(message or "")
        self.setVisible(bool(message))


class ValidatedForm(QWidget):
    """Label / field pairs laid out in ``columns`` columns, each with an :class:`ErrorLabel` under it."""

    def __init__(self, columns: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(4)
        self._columns = max(1, columns)
        self._count = 0
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, ErrorLabel] = {}

    def add_field(self, key: str, label: str, widget: QWidget, *, span: bool = False) -> QWidget:
        """Add a field; ``span`` puts it on its own row across all columns."""
        if span and self._count % self._columns:
            self._count += self._columns - self._count % self._columns
        row, col = divmod(self._count, self._columns)
        title = QLabel(label)
        title.setBuddy(widget)
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(1)
        inner.addWidget(widget)
        error = ErrorLabel()
        error.setObjectName(f"error_{key}")
        inner.addWidget(error)
        self._grid.addWidget(title, row, col * 2)
        self._grid.addWidget(box, row, col * 2 + 1, 1, (self._columns - col) * 2 - 1 if span else 1)
        self._count += self._columns if span else 1
        widget.setObjectName(key)
        self.fields[key] = widget
        self.labels[key] = title
        self.errors[key] = error
        if isinstance(widget, DateEdit):
            # Every form's dates are read when the clerk leaves them, not only on 保存.
            widget.editingFinished.connect(lambda key=key: self._check_date(key))
        return widget

    def _check_date(self, key: str) -> None:
        """A date that is not one says so at once; once it reads as a date that message goes (other
        messages, such as "晚于今天" from 保存, are the form's to clear)."""
        try:
            self.fields[key].iso()
        except DateError as err:
            self.set_error(key, str(err))
            self.errors[key].unreadable_date = str(err)
            return
        if self.errors[key].text() == self.errors[key].unreadable_date:
            self.set_error(key, None)

    def set_errors(self, errors: dict[str, str]) -> None:
        """Show each message under its field (unknown fields go under the first one) and focus the first."""
        self.clear_errors()
        first = None
        for key, message in errors.items():
            target = key if key in self.errors else next(iter(self.errors), None)
            if target is None:
                continue
            error = self.errors[target]
            error.show_error(message if not error.text() else f"{error.text()}；{message}")
            self.fields[target].setStyleSheet(INVALID_STYLE)
            if first is None:
                first = self.fields[target]
        if first is not None:
            first.setFocus()

    def set_error(self, key: str, message: str | None) -> None:
        """Show (or, with None, clear) the message under one field, leaving the others as they are."""
        self.errors[key].show_error(message)
        self.errors[key].unreadable_date = None
        self.fields[key].setStyleSheet(INVALID_STYLE if message else "")

    def clear_errors(self) -> None:
        for key, error in self.errors.items():
            error.show_error(None)
            self.fields[key].setStyleSheet("")

    def error_text(self, key: str) -> str:
        error = self.errors[key]
        return error.text() if error.isVisibleTo(self) or error.text() else ""

    def shown_errors(self) -> dict[str, str]:
        return {key: e.text() for key, e in self.errors.items() if e.text()}
