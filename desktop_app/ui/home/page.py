"""工作台首页: big counts, then what needs attention today — each line one click from its record."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QGridLayout, QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QScrollArea,
    QVBoxLayout, QWidget,
)

from ...db import home, settings
from ...domain.suggestions import PROVISIONAL
from ...ops.changes import Changes
from ..context import AppContext
from ..widgets.actions import REFRESH, page_action
from ..widgets.reloading_page import ReloadingPage
from .setup_steps import pending, setup_steps

WEEKDAYS = "一二三四五六日"
TARGET_ROLE = Qt.UserRole + 1   # (page key, record id) of a line
RED, ORANGE, BLUE, GREY = "#c0392b", "#d35400", "#1f5f99", "#555555"


def cn_date(iso: str) -> str:
    day = dt.date.fromisoformat(iso[:10])
    return f"{day.year}年{day.month}月{day.day}日"


def calendar_prompt_text(year: int, count: int) -> str:
    """The 首页 line asking for a year's official holiday days, with how many deadlines wait for them."""
    return (f"有 {count} 件意见建议的办理期限跨入{year}年，尚未录入{year}年的节假日安排，期限暂按周六、周日休息计算（暂定）。"
            f"请在国务院公布后，到“设置 → 节假日”添加{year}年的放假和调休上班日期（单击前往）。")


def _days_between(a: str, b: dt.date) -> int:
    return (b - dt.date.fromisoformat(a[:10])).days


class CountCard(QPushButton):
    """A big number with a caption; clicking it opens the page behind the number."""

    def __init__(self, caption: str, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption, self.colour = caption, colour
        self.setCursor(Qt.PointingHandCursor)
        self.setMinimumSize(150, 92)
        self.number = QLabel("0")
        self.number.setAlignment(Qt.AlignCenter)
        font = QFont(self.font())
        font.setPointSize(26)
        font.setBold(True)
        self.number.setFont(font)
        self.label = QLabel(caption)
        self.label.setAlignment(Qt.AlignCenter)
        for label in (self.number, self.label):
            label.setAttribute(Qt.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(0)
        layout.addWidget(self.number)
        layout.addWidget(self.label)

    def set_value(self, value: int | str, *, alert: bool) -> None:
        self.number.setText(str(value))
        colour = self.colour if alert else GREY
        self.number.setStyleSheet(f"color: {colour};")
        self.setStyleSheet(f"QPushButton {{ border: 1px solid {'#e0b4ae' if alert else '#cccccc'}; "
                           f"border-radius: 6px; background: {'#fdf3f2' if alert else '#fafafa'}; }}"
                           "QPushButton:hover { background: #eef4fb; }")


class AttentionList(QGroupBox):
    """A titled list whose lines navigate on a single click."""

    def __init__(self, title: str, empty_text: str, navigate, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.empty_text = empty_text
        self._fitted = False    # once fit_to_lines is used, a resize fits the lines again
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setCursor(Qt.PointingHandCursor)
        self.list.itemClicked.connect(lambda item: self._go(item, navigate))
        self.list.itemActivated.connect(lambda item: self._go(item, navigate))
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)

    @staticmethod
    def _go(item: QListWidgetItem, navigate) -> None:
        target = item.data(TARGET_ROLE)
        if target:
            navigate(*target)

    def set_items(self, items: list[tuple[str, tuple | None, str | None]]) -> None:
        """(text, (page key, record id) or None, colour or None) per line."""
        self.list.clear()
        if not items:
            item = QListWidgetItem(self.empty_text)
            item.setForeground(QBrush(QColor("#888888")))
            item.setFlags(Qt.ItemIsEnabled)
            self.list.addItem(item)
            return
        for text, target, colour in items:
            item = QListWidgetItem(text)
            item.setData(TARGET_ROLE, target)
            if colour:
                item.setForeground(QBrush(QColor(colour)))
            if target:
                item.setToolTip("单击打开")
            self.list.addItem(item)

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def fit_to_lines(self) -> None:
        """Make the list exactly as tall as its wrapped lines at its present width (no scrolling, no cut line)."""
        self._fitted = True
        width = max(self.list.viewport().width() - 2 * self.list.spacing() - 8, 100)
        metrics = self.list.fontMetrics()
        height = sum(metrics.boundingRect(QRect(0, 0, width, 10_000), Qt.TextWordWrap,
                                          self.list.item(i).text()).height() + 4
                     for i in range(self.list.count()))
        self.list.setFixedHeight(height + 2 * self.list.frameWidth() + 4)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self._fitted:
            self.fit_to_lines()   # a narrower window wraps the lines again


class HomePage(ReloadingPage):
    """Reloads whenever any data changes (cheap: one call to db.home.attention)."""

    today: dt.date | None = None   # tests and screenshots fix the day

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = False
        self.data: dict = {}
        self.heading = QLabel()
        self.heading.setObjectName("home_heading")
        font = QFont(self.font())
        font.setPointSize(15)
        font.setBold(True)
        self.heading.setFont(font)
        self.subheading = QLabel()
        self.subheading.setStyleSheet("color: #666;")

        go = self.navigate
        # A new office (no term, no deputies…) is told what to set up first, in order.
        self.setup_list = AttentionList("开始使用：新单位请按顺序完成以下几步（单击一行打开相应页面）", "", go)
        self.setup_list.setObjectName("setup_steps")
        # Deadlines counted into a year without its 放假/调休 days are 暂定 until the clerk adds that year.
        self.calendar_prompt = AttentionList("节假日安排", "", go)
        self.calendar_prompt.setObjectName("calendar_prompt")
        self.cards = {
            "overdue": CountCard("逾期未办结建议", RED),
            "due_soon": CountCard("即将到期建议", ORANGE),
            "receptions": CountCard("近期接待选民日", BLUE),
            "behind": CountCard("本季度已完成/应完成", RED),
            "session": CountCard("距下次会议（天）", BLUE),
        }
        # The cards open the page filtered to what the number counts.
        self.cards["overdue"].clicked.connect(lambda: go("suggestions", {"flag": "overdue"}))
        self.cards["due_soon"].clicked.connect(lambda: go("suggestions", {"flag": "due_soon"}))
        self.cards["receptions"].clicked.connect(lambda: go("activities", {"station_id": None}))
        self.cards["behind"].clicked.connect(lambda: go("compliance", {"period": "本季度"}))
        self.cards["session"].clicked.connect(lambda: go("session", (self.data.get("next_session") or {}).get("id")))
        cards = QHBoxLayout()
        for card in self.cards.values():
            cards.addWidget(card)
        cards.addStretch(1)

        self.overdue_list = AttentionList("逾期的意见建议", "没有逾期的意见建议。", go)
        self.due_soon_list = AttentionList("即将到期的意见建议", "近期没有到期的意见建议。", go)
        self.reception_list = AttentionList("近期接待选民日", "还没有设置接待日安排（在“活动登记 → 接待选民日”中设置）。", go)
        self.behind_list = AttentionList("本季度未达标和进行中的小组、联络站", "各小组、联络站本季度均已达标。", go)
        self.session_list = AttentionList("下次人代会", "没有安排中的会议。", go)
        grid = QGridLayout()
        grid.addWidget(self.overdue_list, 0, 0)
        grid.addWidget(self.due_soon_list, 0, 1)
        grid.addWidget(self.reception_list, 1, 0)
        grid.addWidget(self.behind_list, 1, 1)
        grid.addWidget(self.session_list, 2, 0, 1, 2)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 3)
        grid.setRowStretch(2, 1)

        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addWidget(self.heading)
        inner.addWidget(self.subheading)
        inner.addWidget(self.setup_list)
        inner.addWidget(self.calendar_prompt)
        inner.addLayout(cards)
        inner.addLayout(grid, 1)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.NoFrame)
        area.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(area)
        # A bound method, not a lambda: Qt drops the connection when the page is deleted (database reopened).
        ctx.events.changed.connect(self._on_data_changed)
        self.refresh_action = page_action(self, "刷新", self.reload, REFRESH)
        self.reload()

    def _on_data_changed(self, _changes: Changes) -> None:
        self.reload_soon()

    def navigate(self, key: str, record_id=None) -> None:
        self.ctx.events.navigate.emit(key, record_id)

    # Loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        self._stale = False
        today = self.today or dt.date.today()
        db = self.ctx.db
        self.data = data = home.attention(db, today)
        township = settings.get(db, "township_name") or ""
        self.heading.setText(f"{township}人大工作台")
        self.subheading.setText(f"今天是{cn_date(today.isoformat())}，星期{WEEKDAYS[today.weekday()]}。"
                                "单击下面任意一行可直接打开相应记录。")
        self._show_setup(db)
        self._show_calendar_gap(data["calendar_gap"])
        behind = len(data["groups_behind"]) + len(data["stations_behind"])
        running = data["units_in_progress"]
        done = data["units_total"] - behind - len(running)
        self.cards["overdue"].set_value(data["overdue_count"], alert=data["overdue_count"] > 0)
        self.cards["due_soon"].set_value(data["due_soon_count"], alert=data["due_soon_count"] > 0)
        self.cards["receptions"].set_value(len(data["receptions"]), alert=bool(data["receptions"]))
        # progress, not a list of failures, while the quarter runs: 已完成 x / 应 y, and how many are 进行中
        self.cards["behind"].set_value(f"{done}/{data['units_total']}", alert=behind > 0)
        self.cards["behind"].label.setText("本季度已完成/应完成" + ("，进行中" if running else ""))
        self.cards["behind"].setToolTip(f"本季度已完成 {done} 个，应完成 {data['units_total']} 个；"
                                        f"进行中 {len(running)} 个，未达标 {behind} 个。")
        session = data["next_session"]
        days = -_days_between(session["start_date"], today) if session and session.get("start_date") else None
        shown = "—" if days is None else "今天" if days == 0 else "进行中" if days < 0 else days
        self.cards["session"].set_value(shown, alert=days is not None and days <= 14)

        self.overdue_list.set_items(self._suggestion_items(data["overdue"], data["overdue_count"], today, True))
        self.due_soon_list.set_items(self._suggestion_items(data["due_soon"], data["due_soon_count"], today, False))
        self.reception_list.set_items([
            (f"{cn_date(r['date'])}（星期{WEEKDAYS[dt.date.fromisoformat(r['date']).weekday()]}）"
             f"{'  今天' if r['date'] == today.isoformat() else ''}　{r['station_name']}　{r.get('place') or ''}",
             ("activities", {"station_id": r["station_id"], "date": r["date"]}),
             RED if r["date"] == today.isoformat() else None)
            for r in data["receptions"]])
        behind_items = [(self._behind_text(row), ("groups", row.unit_id), RED) for row in data["groups_behind"]]
        behind_items += [(self._behind_text(row), ("stations", row.unit_id), RED) for row in data["stations_behind"]]
        behind_items += [(self._running_text(row), ("groups" if row.kind == "group" else "stations", row.unit_id),
                          ORANGE) for row in running]
        self.behind_list.set_items(behind_items)
        self.session_list.set_items([] if not session else [(
            f"{session['name']}　{cn_date(session['start_date'])}"
            + (f"—{cn_date(session['end_date'])}" if session.get("end_date") and session["end_date"] != session["start_date"]
               else "")
            + (f"　{session['place']}" if session.get("place") else "")
            + ("　（今天）" if session["start_date"] == today.isoformat() else f"　（还有 {days} 天）" if days and days > 0
               else "　（进行中）"),
            ("session", session["id"]), None)])

    def _show_setup(self, db) -> None:
        steps = setup_steps(db)
        has_units = steps[2].done or steps[3].done
        self.behind_list.empty_text = ("各小组、联络站本季度均已达标。" if has_units
                                       else "还没有代表小组和联络站，建好后这里会列出本季度未达标的。")
        self.setup_list.setVisible(pending(steps))
        if not pending(steps):
            return
        first = next(i for i, step in enumerate(steps) if not step.done)
        self.setup_list.set_items([
            (f"{'✓ 已完成' if step.done else '→ 下一步' if i == first else '○ 未完成'}　{i + 1}. {step.text}",
             (step.page, None), GREY if step.done else BLUE if i == first else None)
            for i, step in enumerate(steps)])
        self.setup_list.fit_to_lines()

    def _show_calendar_gap(self, gap: dict[int, int]) -> None:
        self.calendar_prompt.setVisible(bool(gap))
        if not gap:
            return
        self.calendar_prompt.set_items([(calendar_prompt_text(year, count), ("settings", "节假日"), RED)
                                        for year, count in sorted(gap.items())])
        self.calendar_prompt.fit_to_lines()

    @staticmethod
    def _running_text(row) -> str:
        """'第五代表小组：2026年第四季度 已 0 次，进行中（应至少 1 次）' — a period still running, short so far."""
        short = "、".join(f"{label} 已 {count} 次" for label, count, _met in row.per_period
                          if label in row.running and count < row.required_each)
        return f"{row.name}：{short}，进行中（应至少 {row.required_each} 次）"

    @staticmethod
    def _behind_text(row) -> str:
        """'第五代表小组：2026年第四季度 0 次（应至少 1 次）' — the periods not yet met."""
        unmet = "、".join(f"{label} {count} 次" for label, count, met in row.per_period if not met)
        return f"{row.name}：{unmet}（应至少 {row.required_each} 次）"

    @staticmethod
    def _suggestion_items(rows: list[dict], total: int, today: dt.date, overdue: bool) -> list:
        items = []
        for row in rows:
            deadline = row.get("deadline") or ""
            shown = deadline + (f"，{PROVISIONAL}" if row.get("deadline_provisional") else "")
            if overdue:
                when = f"已逾期 {_days_between(deadline, today)} 天（期限 {shown}）"
            else:
                left = -_days_between(deadline, today)
                when = f"{'今天到期' if left == 0 else f'还剩 {left} 天'}（期限 {shown}）"
            unit = f"　{row['unit_name']}" if row.get("unit_name") else ""
            items.append((f"【{row['state']}】{row['title']}　{when}{unit}", ("suggestions", row["id"]),
                          RED if overdue else ORANGE))
        if total > len(rows):
            items.append((f"……另有 {total - len(rows)} 条，单击打开意见建议页查看全部",
                          ("suggestions", {"flag": "overdue" if overdue else "due_soon"}), None))
        return items
