"""数据交换 page: export the county package (period, parts, masking, progress) and import one (verify →
preview of additions and changes → apply after confirmation → summary)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox, QDateEdit, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
    QPushButton,
    QScrollArea, QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from ...exchange.layouts import PARTS
from ...ops.changes import Area, Changes, areas_of_tables
from ..widgets.actions import EXPORT, FIND, page_action
from ..widgets.messages import confirm, show_error
from ..widgets.progress import run_with_progress

_ACTIONS = (("add", "新增"), ("change", "修改"), ("skip", "跳过（本库的记录更新）"), ("same", "不变"))


class ExchangePage(QWidget):
    """Two panels: 导出数据包 above, 导入数据包 below."""

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.last_export: Path | None = None
        self.package = None
        self.plan = None
        self.refused_key = None        # (path, KeyRefused) of a package refused for its signing key only
        layout = QVBoxLayout(self)
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(self._export_box())
        splitter.addWidget(self._import_box())
        splitter.setStretchFactor(1, 1)
        # With an import plan shown both panels need more height than a 1366×768 laptop has: the page scrolls.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setWidget(splitter)
        layout.addWidget(scroll)
        self.export_action = page_action(self, "导出数据包", self.choose_export_path, EXPORT)
        self.find_action = page_action(self, "查找", self.focus_filter, FIND)
        self.export_button.setToolTip(self.export_action.toolTip())

    # ------------------------------------------------------------------------------------ export

    def _export_box(self) -> QGroupBox:
        box = QGroupBox("导出数据包（报送县人大常委会）")
        form = QFormLayout(box)
        today = dt.date.today()
        self.start_edit = self._date_edit(QDate(today.year, 1, 1))
        self.end_edit = self._date_edit(QDate(today.year, today.month, today.day))
        period = QHBoxLayout()
        period.addWidget(self.start_edit)
        period.addWidget(QLabel("至"))
        period.addWidget(self.end_edit)
        period.addStretch(1)
        form.addRow("期间", period)
        parts = QHBoxLayout()
        self.part_boxes: dict[str, QCheckBox] = {}
        for key, title in PARTS.items():
            check = QCheckBox(title)
            check.setChecked(True)
            self.part_boxes[key] = check
            parts.addWidget(check)
        parts.addStretch(1)
        form.addRow("内容", parts)
        self.mask_box = QCheckBox("身份证号和电话脱敏（身份证号只留后四位；设置了县级匹配码时县里仍可按身份证号对应代表）")
        self.mask_box.setChecked(True)
        form.addRow("", self.mask_box)
        buttons = QHBoxLayout()
        self.export_button = QPushButton("导出数据包…")
        self.export_button.clicked.connect(self.choose_export_path)
        self.open_folder_button = QPushButton("打开所在文件夹")
        self.open_folder_button.setEnabled(False)
        self.open_folder_button.clicked.connect(self.open_export_folder)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        form.addRow("", buttons)
        self.export_status = QLabel("")
        self.export_status.setWordWrap(True)
        form.addRow("", self.export_status)
        return box

    @staticmethod
    def _date_edit(day: QDate) -> QDateEdit:
        edit = QDateEdit(day)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def selected_parts(self) -> list[str]:
        return [key for key, check in self.part_boxes.items() if check.isChecked()]

    def export_problem(self) -> str | None:
        """What makes a package useless to the county right now (Chinese), or None: a township still
        called by the program's example name (the county tells townships apart by it), or no deputies."""
        from ...db import settings
        from ...db.deputies import count_deputies

        township = settings.get(self.ctx.db, "township_name") or ""
        if not township or township == settings.DEFAULTS.get("township_name"):
            return (f"本乡镇的名称还是软件自带的示例名称“{township}”。县里按乡镇名称区分各乡镇的数据包，"
                    "名称相同的包会互相覆盖。请先到“设置 → 常规”填写本乡镇的名称。")
        if not count_deputies(self.ctx.db):
            return "本机还没有代表名册，导出的数据包将是空的。请先到“代表名册”登记或导入代表。"
        return None

    def choose_export_path(self) -> None:
        from ...db import settings
        from ...exchange.package import default_file_name

        problem = self.export_problem()
        if problem and not confirm(self, "导出数据包", f"{problem}\n\n仍要导出吗？"):
            self.export_status.setText(problem)
            return
        suggested = str(Path.home() / default_file_name(settings.get(self.ctx.db, "township_name") or ""))
        path, _ = QFileDialog.getSaveFileName(self, "保存数据交换包", suggested, "数据交换包 (*.zip)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> Path | None:
        """Build the package with a progress dialog; None when cancelled or refused (message shown)."""
        from ...exchange.package import ExportCancelled, build_package

        options = dict(start=self.start_edit.date().toString("yyyy-MM-dd"),
                       end=self.end_edit.date().toString("yyyy-MM-dd"),
                       parts=self.selected_parts(), mask=self.mask_box.isChecked())
        try:
            written = run_with_progress(
                self, "导出数据包",
                lambda progress: build_package(self.ctx.db, path, progress=progress, cancel=progress.cancelled,
                                               **options),
                label="正在导出数据交换包…")
        except ExportCancelled:
            written = None
        except Exception as err:   # noqa: BLE001 - shown to the user, bugs logged by show_error
            show_error(self, err, "无法导出数据包")
            return None
        if written is None:
            self.export_status.setText("已取消导出，没有生成文件。")
            return None
        self.last_export = Path(written)
        self.open_folder_button.setEnabled(True)
        self.export_status.setText(f"已导出：{written}")
        return self.last_export

    def open_export_folder(self) -> bool:
        from ..about_dialog import open_folder

        return bool(self.last_export) and open_folder(self, self.last_export.parent)

    # ------------------------------------------------------------------------------------ import

    def _import_box(self) -> QGroupBox:
        box = QGroupBox("导入数据包（县人大下发或其他乡镇的数据交换包）")
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.choose_button = QPushButton("选择数据包…")
        self.choose_button.clicked.connect(self.choose_package)
        self.apply_button = QPushButton("导入")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply_with_confirmation)
        self.accept_key_button = QPushButton("接受新密钥…")
        self.accept_key_button.setToolTip("本乡镇换了签名密钥（例如换电脑又没有恢复备份）时：电话核对指纹后接受，再预览导入")
        self.accept_key_button.setVisible(False)
        self.accept_key_button.clicked.connect(self.accept_new_key)
        row.addWidget(self.choose_button)
        row.addWidget(self.apply_button)
        row.addWidget(self.accept_key_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.package_label = QLabel("请选择一个 .zip 数据交换包。导入前会先校验清单和每个文件的校验值，再显示将新增、修改的记录。")
        self.package_label.setWordWrap(True)
        layout.addWidget(self.package_label)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("search")
        self.filter_edit.setPlaceholderText("在预览中搜索姓名、标题、字段…（Ctrl+F）")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.filter_preview)
        layout.addWidget(self.filter_edit)
        self.preview_tree = QTreeWidget()
        self.preview_tree.setObjectName("preview_tree")
        self.preview_tree.setHeaderLabels(["记录", "原值", "新值"])
        self.preview_tree.setColumnWidth(0, 360)
        self.preview_tree.setColumnWidth(1, 200)
        # Package order (tables as in the package) until the clerk clicks a header to sort.
        self.preview_tree.header().setSortIndicator(-1, Qt.AscendingOrder)
        self.preview_tree.setSortingEnabled(True)
        layout.addWidget(self.preview_tree, 1)
        self.problems_view = QPlainTextEdit()
        self.problems_view.setReadOnly(True)
        self.problems_view.setMaximumHeight(110)
        self.problems_view.setPlaceholderText("未能导入的行会列在这里。")
        layout.addWidget(self.problems_view)
        return box

    def choose_package(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择数据交换包", str(Path.home()), "数据交换包 (*.zip)")
        if path:
            self.load_package(Path(path))

    def load_package(self, path: Path, *, accept_new_key: bool = False) -> bool:
        """Verify and preview; on a damaged package the message says so and nothing is shown to apply."""
        from ...exchange.importer import KeyRefused, preview_import
        from ...exchange.package import read_package

        self.plan = self.package = self.refused_key = None
        self.apply_button.setEnabled(False)
        self.accept_key_button.setVisible(False)
        self.preview_tree.clear()
        self.problems_view.clear()
        try:
            self.package = read_package(path)
            self.plan = preview_import(self.ctx.db, self.package, accept_new_key=accept_new_key)
        except KeyRefused as err:
            # Only the key is in question: after the fingerprints are compared by phone it may be accepted.
            self.package = None
            self.refused_key = (Path(path), err)
            self.accept_key_button.setVisible(True)
            self.package_label.setText(f"“{Path(path).name}”的签名密钥不是本库登记的密钥，没有导入，数据库没有任何改动。\n"
                                       f"{err}\n如果确实换了密钥，请核对指纹后点“接受新密钥…”。")
            show_error(self, err, "无法导入数据包")
            return False
        except Exception as err:   # noqa: BLE001 - shown to the user, bugs logged by show_error
            self.package_label.setText(f"“{Path(path).name}”未通过校验，不能导入，数据库没有任何改动。\n{err}\n"
                                       "请向发送方重新索取数据包（用U盘拷贝时，拔出前请先“安全弹出”）。")
            show_error(self, err, "无法导入数据包")
            return False
        start, end = self.package.period
        masked = "（身份证号已脱敏）" if self.package.masked else ""
        self.package_label.setText(
            f"{self.package.township} 的数据交换包，期间 {start} 至 {end}，导出于 "
            f"{self.package.created_at.replace('T', ' ')}，校验通过{masked}。\n{self.plan.summary()}"
            + ("" if self.plan.has_work else "\n本机已有这个数据包的全部内容，没有需要导入的记录。"
               + ("点“导入”记下它已导入（以后比它旧的数据包会被拒绝）。" if self.plan.records_anything else "")))
        self._fill_tree()
        self.filter_preview()
        self.problems_view.setPlainText("\n".join(self.plan.problems + [f"跳过：{s}" for s in self.plan.skipped]))
        # With nothing new the button still records the package as applied (as sync-import does), when it is new.
        self.apply_button.setEnabled(self.plan.records_anything)
        return True

    def accept_new_key(self) -> bool:
        """Preview the refused package again, taking its new key, once the clerk confirms the fingerprint."""
        from ...exchange.signing import fingerprint

        if self.refused_key is None:
            return False
        path, refusal = self.refused_key
        if not confirm(self, "接受新密钥", (
                f"数据包“{path.name}”使用了{refusal.township}的新签名密钥，指纹：\n\n"
                f"    {fingerprint(refusal.public_key)}\n\n请先电话核对：导出这个包的电脑在“设置 → 常规”中显示的"
                "签名密钥指纹必须与此一致。接受后本库只认这个新密钥，用原密钥签名的包会被拒绝。\n\n确定接受吗？")):
            return False
        # The key is registered only when the previewed package is then applied.
        return self.load_package(path, accept_new_key=True)

    def _fill_tree(self) -> None:
        from ...exchange.importer import TABLE_TITLES

        for table, rows in self.plan.rows.items():
            counts = self.plan.counts[table]
            skipped = f"，跳过 {counts['skip']}" if counts["skip"] else ""
            top = QTreeWidgetItem([f"{TABLE_TITLES[table]}（新增 {counts['add']}，修改 {counts['change']}，"
                                   f"不变 {counts['same']}{skipped}）"])
            self.preview_tree.addTopLevelItem(top)
            for action, title in _ACTIONS[:3]:
                for row in self.plan.of(table, action):
                    item = QTreeWidgetItem([f"{title}：{row.label}"])
                    for name, old, new in row.changes:
                        item.addChild(QTreeWidgetItem([name, "" if old is None else str(old),
                                                       "" if new is None else str(new)]))
                    top.addChild(item)
            top.setExpanded(counts["add"] + counts["change"] <= 50)

    def focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def filter_preview(self, text: str | None = None) -> int:
        """Show the records whose text (or a changed field's) contains every word; returns how many are shown."""
        words = (self.filter_edit.text() if text is None else text).split()
        shown = 0
        for t in range(self.preview_tree.topLevelItemCount()):
            top = self.preview_tree.topLevelItem(t)
            for r in range(top.childCount()):
                record = top.child(r)
                texts = [record.text(0)] + [record.child(c).text(k) for c in range(record.childCount())
                                            for k in range(3)]
                blob = " ".join(texts)
                match = all(word in blob for word in words)
                record.setHidden(not match)
                shown += match
        return shown

    def apply_with_confirmation(self) -> dict | None:
        if self.plan is None or not self.plan.records_anything:
            return None
        if not self.plan.has_work and not (self.plan.keyring is not None and self.plan.keyring.changed):
            return self.apply_plan()     # no record to write: only the package is recorded as applied
        text = (f"将导入 {self.package.township} 的数据：\n\n{self.plan.summary()}\n\n"
                "导入前会自动备份当前数据库。是否继续？")
        if not confirm(self, "确认导入", text):
            return None
        return self.apply_plan()

    def apply_plan(self) -> dict | None:
        from ...exchange.importer import TABLE_TITLES, apply_import

        try:
            result = apply_import(self.ctx.db, self.plan)
        except Exception as err:   # noqa: BLE001 - shown to the user, bugs logged by show_error
            show_error(self, err, "导入失败")
            return None
        if not self.plan.has_work:
            self.ctx.announce(Changes(Area.SETTINGS))
            self.package_label.setText(f"没有需要导入的记录；已记下这个数据包（导出于 "
                                       f"{self.package.created_at.replace('T', ' ')}）已导入，以后比它旧的数据包会被拒绝。")
            self.apply_button.setEnabled(False)
            self.plan = None
            return result
        self.ctx.announce(Changes(areas_of_tables(self.plan.rows)))
        lines = [f"{TABLE_TITLES[t]}：新增 {c['add']}，修改 {c['change']}" for t, c in result["counts"].items()]
        self.package_label.setText("导入完成。\n" + "\n".join(lines) +
                                   (f"\n导入前的备份：{result['backup']}" if result["backup"] else ""))
        self.apply_button.setEnabled(False)
        self.plan = None
        return result
