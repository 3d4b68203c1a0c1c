"""An edit dialog over a :class:`ValidatedForm` that refuses to close until the save succeeds."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QScrollArea, QVBoxLayout, QWidget

from ...errors import UserError
from .field_errors import ErrorLabel, ValidatedForm


class FormErrors(UserError):
    """Problems found before saving: field key → Chinese message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("；".join(problems.values()))
        self.problems = problems


class FormScrollArea(QScrollArea):
    """Holds a form at its natural size while the screen allows, scrolling it (not the buttons) when not.

    A plain QScrollArea caps its size hint and does not notice fields added after it was built, so a
    dialog would open with its form squeezed into a strip.
    """

    # The least height the form keeps when the dialog is made smaller: a few rows, then it scrolls.
    MIN_HEIGHT = 120

    def __init__(self, form: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("form_scroll")
        self.setFrameShape(QScrollArea.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setWidget(form)
        form.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.widget() and event.type() == QEvent.LayoutRequest:
            self.updateGeometry()   # fields were added or shown: the dialog's layout asks again
        return super().eventFilter(watched, event)

    def sizeHint(self) -> QSize:
        return self.widget().sizeHint() + QSize(self.verticalScrollBar().sizeHint().width(), 0)

    def minimumSizeHint(self) -> QSize:
        form = self.widget().minimumSizeHint()
        return QSize(form.width() + self.verticalScrollBar().sizeHint().width(), min(form.height(), self.MIN_HEIGHT))


class RecordDialog(QDialog):
    """Subclasses fill ``self.form`` and implement ``save()``; errors keep the dialog open.

    ``save()`` raises :class:`FormErrors` (or any UserError with a ``problems`` dict) for messages
    next to fields, or another UserError for a message at the bottom of the dialog.

    The form scrolls (``scroll``) so that on a small screen the error line and 保存/取消 stay visible;
    a form that shares the dialog with a larger stretching panel (the activity's tabs) passes False.
    """

    def __init__(self, title: str, parent: QWidget | None = None, *, columns: int = 1,
                 scroll: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = ValidatedForm(columns)
        self.general_error = ErrorLabel()
        self.general_error.setObjectName("general_error")
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Save).setText("保存")
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if scroll:
            layout.addWidget(FormScrollArea(self.form), 1)
        else:
            layout.addWidget(self.form, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        raise NotImplementedError

    def check_on_leave(self, keys, problems: Callable[[], dict[str, str]]) -> None:
        """Check the fields ``keys`` when the clerk leaves them (Tab, click elsewhere), not only on 保存.

        ``problems()`` gives every problem of the form (field key → message); the field just left shows
        its own, and messages already shown disappear once their field is right.
        """
        for key in keys:
            widget = self.form.fields[key]
            widget.editingFinished.connect(lambda key=key: self._check_left_field(key, problems))

    def _check_left_field(self, key: str, problems: Callable[[], dict[str, str]]) -> None:
        found = problems()
        self.form.set_error(key, found.get(key))
        for shown in self.form.shown_errors():
            if shown not in found:
                self.form.set_error(shown, None)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # A clerk opening a form types at once: the cursor starts in the first field, not on 保存.
        focus = self.focusWidget()
        if focus is None or not self.form.isAncestorOf(focus):
            first = next((w for w in self.form.fields.values()
                          if w.isEnabled() and w.focusPolicy() != Qt.NoFocus), None)
            if first is not None:
                first.setFocus()

    def try_save(self) -> bool:
        """Run ``save()``; on a UserError show its messages in the form and return False."""
        self.form.clear_errors()
        self.general_error.show_error(None)
        try:
            self.save()
        except UserError as err:
            problems = getattr(err, "problems", None)
            if problems:
                known = {k: v for k, v in problems.items() if k in self.form.fields}
                self.form.set_errors(known)
                rest = [v for k, v in problems.items() if k not in self.form.fields]
                if rest:
                    self.general_error.show_error("；".join(rest))
            else:
                self.general_error.show_error(str(err))
            return False
        return True

    def accept(self) -> None:
        if self.try_save():
            super().accept()
