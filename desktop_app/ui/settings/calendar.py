"""设置—节假日: the years the working-day calendar covers; add or edit a year's 放假 and 调休上班 days, remove one."""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable, Iterable

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QBrush, QColor, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView, QCalendarWidget, QDialog, QDialogButtonBox, QGridLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QPlainTextEdit, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from ...db import calendar as calendar_db
from ...errors import UserError
from ...ops import calendar as calendar_ops
from ...ops.changes import Area, Changes
from ..context import AppContext
from ..widgets.dates import DateError, parse_date
from ..widgets.field_errors import ErrorLabel
from ..widgets.messages import confirm, show_error
from ..widgets.screen_fit import fit_to_screen

_LIST_SPLIT = re.compile(r"[\n,，、;；]+")
_RANGE_SPLIT = re.compile(r"\s*(?:至|到|~|～|—|–|－－|--)\s*")
MAX_SPAN = 31          # a holiday span longer than a month is surely a typo
OFF_FORMAT_COLOR = QColor("#fadbd8")
WORK_FORMAT_COLOR = QColor("#d6eaf8")
WARNING_STYLE = "color: #a04000; font-weight: bold;"


class DaysInputError(ValueError):
    """A list of days the clerk typed cannot be read; the message names the list and the piece."""


def parse_days(text: str, what: str) -> list[dt.date]:
    """'2027-01-01 至 2027-01-03、2027-02-10' (one piece per line or separated by 、,;) → the dates, sorted.

    Pieces are single dates or ranges (至, 到, ~); several dates on one line may also be separated by spaces.
    """
    days: set[dt.date] = set()
    pieces = [p.strip() for p in _LIST_SPLIT.split(text or "") if p.strip()]
    for number, piece in enumerate(pieces, 1):
        ends = _RANGE_SPLIT.split(piece)
        where = f"{what}第{number}项“{piece}”"
        if len(ends) > 2 or not all(ends):
            raise DaysInputError(f"{where}看不懂：一段日期请写成 2027-01-01 至 2027-01-03。")
        singles = ends if len(ends) == 2 else ends[0].split()
        try:
            parsed = [dt.date.fromisoformat(parse_date(s)) for s in singles]
        except DateError as err:
            raise DaysInputError(f"{what}第{number}项：{err}。") from None
        if len(ends) == 1:
            days.update(parsed)
            continue
        first, last = parsed
        if last < first:
            raise DaysInputError(f"{where}：结束日期早于开始日期。")
        if (last - first).days >= MAX_SPAN:
            raise DaysInputError(f"{where}：一段超过 {MAX_SPAN} 天，请检查是否写错。")
        days.update(first + dt.timedelta(days=i) for i in range((last - first).days + 1))
    return sorted(days)


def format_days(days: Iterable[dt.date | str]) -> str:
    """The dates as lines, consecutive days joined into 'first 至 last' (what parse_days reads back)."""
    ordered = sorted(d if isinstance(d, dt.date) else dt.date.fromisoformat(d) for d in days)
    lines: list[str] = []
    run: list[dt.date] = []
    for day in ordered + [None]:
        if run and (day is None or day - run[-1] != dt.timedelta(days=1)):
            lines.append(run[0].isoformat() if len(run) == 1 else f"{run[0].isoformat()} 至 {run[-1].isoformat()}")
            run = []
        if day is not None:
            run.append(day)
    return "\n".join(lines)


def year_days(db, year: int) -> tuple[list[dt.date], list[dt.date]]:
    """The 放假 and 调休上班 days in use for ``year`` (the user's version when there is one)."""
    table = calendar_db.holiday_table(db)
    return (sorted(d for d in table.days_off if d.year == year), sorted(d for d in table.workdays if d.year == year))


def missing_years(db, today: dt.date) -> list[int]:
    """This year and next year when the calendar does not cover them."""
    covered = set(calendar_db.covered_years(db))
    return [y for y in (today.year, today.year + 1) if y not in covered]


class YearDialog(QDialog):
    """Edit one year: two lists typed or filled by picking dates on a calendar; 保存 validates and stores."""

    def __init__(self, ctx: AppContext, year: int | None, parent: QWidget | None = None, *,
                 default_year: int | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.adding = year is None
        self.changes: Changes | None = None
        self.setWindowTitle("添加节假日年份" if year is None else f"编辑 {year} 年节假日安排")
        fit_to_screen(self, 760, 520)
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(year or default_year or dt.date.today().year + 1)
        self.year_spin.setEnabled(year is None)
        self.off_edit = QPlainTextEdit()
        self.work_edit = QPlainTextEdit()
        self.off_edit.setPlaceholderText("每行一个日期或一段日期，例如：\n2027-01-01 至 2027-01-03\n2027-02-05 至 2027-02-11")
        self.work_edit.setPlaceholderText("需要上班的周末，例如：\n2027-02-14\n2027-02-20")
        if year is not None:
            days_off, workdays = year_days(ctx.db, year)
            self.off_edit.setPlainText(format_days(days_off))
            self.work_edit.setPlainText(format_days(workdays))
        self.calendar = QCalendarWidget()
        self.calendar.setLocale(QLocale(QLocale.Chinese, QLocale.China))
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.NoVerticalHeader)
        self.add_off_button = QPushButton("把所选日期加入放假")
        self.add_work_button = QPushButton("把所选日期加入调休上班")
        self.add_off_button.clicked.connect(lambda: self.add_picked(self.off_edit))
        self.add_work_button.clicked.connect(lambda: self.add_picked(self.work_edit))
        self.error_label = ErrorLabel()
        self.error_label.setObjectName("error")
        hint = QLabel("放假日期：国务院通知中放假的每一天（含其中的周末）；调休上班：通知中需要上班的周六、周日。"
                      "日历中红底为放假，蓝底为调休上班。")
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Save).setText("保存")
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        grid = QGridLayout()
        grid.addWidget(QLabel("年份"), 0, 0)
        grid.addWidget(self.year_spin, 0, 1, Qt.AlignLeft)
        grid.addWidget(QLabel("放假日期"), 1, 0, Qt.AlignTop)
        grid.addWidget(self.off_edit, 1, 1)
        grid.addWidget(QLabel("调休上班"), 2, 0, Qt.AlignTop)
        grid.addWidget(self.work_edit, 2, 1)
        picker = QVBoxLayout()
        picker.addWidget(self.calendar)
        picker.addWidget(self.add_off_button)
        picker.addWidget(self.add_work_button)
        picker.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(grid, 1)
        body.addLayout(picker)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(body, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self.year_spin.valueChanged.connect(self._show_year)
        self.off_edit.textChanged.connect(self._mark_calendar)
        self.work_edit.textChanged.connect(self._mark_calendar)
        self._marked: list[QDate] = []
        self._show_year(self.year_spin.value())

    @property
    def year(self) -> int:
        return self.year_spin.value()

    def _show_year(self, year: int) -> None:
        self.calendar.setDateRange(QDate(year, 1, 1), QDate(year, 12, 31))
        self.calendar.setSelectedDate(QDate(year, 1, 1))
        self._mark_calendar()

    def _mark_calendar(self) -> None:
        """Shade the days already in the lists (those that can be read) on the calendar."""
        for day in self._marked:
            self.calendar.setDateTextFormat(day, QTextCharFormat())
        self._marked = []
        for edit, color in ((self.off_edit, OFF_FORMAT_COLOR), (self.work_edit, WORK_FORMAT_COLOR)):
            try:
                days = parse_days(edit.toPlainText(), "")
            except DaysInputError:
                continue
            fmt = QTextCharFormat()
            fmt.setBackground(QBrush(color))
            for day in days:
                qdate = QDate(day.year, day.month, day.day)
                self.calendar.setDateTextFormat(qdate, fmt)
                self._marked.append(qdate)

    def add_picked(self, edit: QPlainTextEdit) -> None:
        """Append the calendar's selected date to a list (unless it is already there)."""
        picked = self.calendar.selectedDate().toPython()
        try:
            if picked in parse_days(edit.toPlainText(), ""):
                return
        except DaysInputError:
            pass
        text = edit.toPlainText().rstrip()
        edit.setPlainText((text + "\n" if text else "") + picked.isoformat())

    def values(self) -> tuple[list[str], list[str]]:
        """The two lists as ISO dates; DaysInputError naming the list and the piece that cannot be read."""
        days_off = parse_days(self.off_edit.toPlainText(), "放假日期")
        workdays = parse_days(self.work_edit.toPlainText(), "调休上班日期")
        return [d.isoformat() for d in days_off], [d.isoformat() for d in workdays]

    def save(self) -> bool:
        """Validate and store the year; on a problem the message shows under the lists and nothing is saved."""
        if self.adding and self.year in calendar_db.covered_years(self.ctx.db):
            self.error_label.show_error(f"{self.year} 年已有节假日安排，请关闭此窗口，在列表中选中该年后点“编辑”。")
            return False
        try:
            days_off, workdays = self.values()
            self.changes = calendar_ops.save_year(self.ctx.db, self.year, days_off, workdays)
        except (DaysInputError, UserError) as err:
            self.error_label.show_error(str(err))
            return False
        self.error_label.show_error(None)
        _announce(self.ctx, self.changes)
        self.accept()
        return True


def _announce(ctx: AppContext, changes: Changes) -> None:
    """Tell the pages: the holiday table changed, and the suggestions too when deadlines moved."""
    ctx.announce(Changes(Area.SETTINGS | Area.CALENDAR | (changes.areas & Area.SUGGESTIONS)))


class CalendarSettings(QWidget):
    """The covered years with their source and counts; 添加年份, 编辑, 删除 (user years only)."""

    COLUMNS = ("年份", "来源", "放假天数", "调休上班天数", "放假日期（摘要）")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.dialog: YearDialog | None = None
        self.warning_label = QLabel()
        self.warning_label.setObjectName("warning")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(WARNING_STYLE)
        intro = QLabel("办理时限按工作日计算：周六、周日和法定节假日不算，调休上班的周末算工作日。"
                       "软件自带 2025、2026 年的安排；国务院每年年底公布下一年的放假安排后，请在这里添加。")
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("years")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.setMinimumHeight(150)
        for i, width in enumerate((70, 200, 80, 100)):
            self.table.setColumnWidth(i, width)
        self.add_button = QPushButton("添加年份…")
        self.edit_button = QPushButton("编辑所选年份…")
        self.remove_button = QPushButton("删除所选年份")
        self.add_button.clicked.connect(self.add_year)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda *_: self.edit_selected())
        self.status_label = QLabel()
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        box = QGroupBox("法定节假日安排")
        inner = QVBoxLayout(box)
        inner.addWidget(intro)
        inner.addWidget(self.warning_label)
        inner.addWidget(self.table)
        inner.addLayout(buttons)
        inner.addWidget(self.status_label)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addStretch(1)
        self.reload()

    # Loading ----------------------------------------------------------------------------------
    def reload(self) -> None:
        selected = self.selected_year()
        db = self.ctx.db
        user = calendar_db.user_years(db)
        shipped = calendar_db.shipped_table().years
        years = calendar_db.covered_years(db)
        self.table.setRowCount(len(years))
        for row, year in enumerate(years):
            days_off, workdays = year_days(db, year)
            if year in user:
                source = "本单位修改（代替软件自带）" if year in shipped else "本单位添加"
            else:
                source = "软件自带"
            summary = "；".join(format_days(days_off).splitlines())
            for col, text in enumerate((str(year), source, str(len(days_off)), str(len(workdays)), summary)):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, year)
                if col in (0, 2, 3):
                    item.setTextAlignment(Qt.AlignCenter)
                if col == 4:
                    item.setToolTip(summary.replace("；", "\n"))
                self.table.setItem(row, col, item)
        missing = missing_years(db, self.today())
        if missing:
            names = "、".join(f"{y}年" for y in missing)
            self.warning_label.setText(f"注意：尚未录入{names}的节假日安排，办理时限暂按周六、周日休息计算，"
                                       "可能算错。请点击“添加年份”录入。")
        self.warning_label.setVisible(bool(missing))
        if selected is not None:
            self.select_year(selected)
        self._update_buttons()

    def years_shown(self) -> list[int]:
        return [self.table.item(r, 0).data(Qt.UserRole) for r in range(self.table.rowCount())]

    def selected_year(self) -> int | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.UserRole) if items else None

    def select_year(self, year: int) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.UserRole) == year:
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        year = self.selected_year()
        self.edit_button.setEnabled(year is not None)
        self.remove_button.setEnabled(year is not None and year in calendar_db.user_years(self.ctx.db))

    # Actions ----------------------------------------------------------------------------------
    def _open(self, dialog: YearDialog) -> YearDialog:
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._saved(dialog.year, dialog.changes))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, year: int, changes: Changes) -> None:
        self.reload()
        self.select_year(year)
        self.status_label.setText(changes.message)

    def add_year(self) -> YearDialog:
        covered = set(calendar_db.covered_years(self.ctx.db))
        default = next(y for y in range(self.today().year, 2101) if y not in covered)
        return self._open(YearDialog(self.ctx, None, self, default_year=default))

    def edit_selected(self) -> YearDialog | None:
        year = self.selected_year()
        if year is None:
            return None
        return self._open(YearDialog(self.ctx, year, self))

    def remove_selected(self) -> bool:
        year = self.selected_year()
        if year is None or year not in calendar_db.user_years(self.ctx.db):
            return False
        shipped = year in calendar_db.shipped_table().years
        after = "删除后恢复使用软件自带的安排。" if shipped else "删除后该年只按周六、周日休息计算办理时限。"
        if not confirm(self, "删除节假日安排", f"确定删除本单位录入的 {year} 年节假日安排吗？{after}"):
            return False
        try:
            changes = calendar_ops.remove_year(self.ctx.db, year)
        except UserError as err:
            show_error(self, err)
            return False
        _announce(self.ctx, changes)
        self.reload()
        self.status_label.setText(changes.message)
        return True
