"""设置: a tab of general settings (names, masking, backups, version) plus one tab per topic in ``SECTIONS``.

Each topic lives in its own module of this package as ``Class(ctx, parent=None)``; tabs are built when the
page is built, in the order of ``SECTIONS``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QTabWidget, QVBoxLayout,
    QWidget,
)

from ... import __version__
from ...db import auto_backup, settings
from ...domain.text import normalize_text
from ...errors import UserError
from ...ops import first_start as first_start_ops
from ...ops import settings as settings_ops
from ..context import AppContext
from ..widgets.field_errors import ValidatedForm
from ..widgets.messages import show_error
from ...ops.changes import Area, Changes

# (tab title, "module:Class") of the topic tabs after 常规; modules are relative to this package.
SECTIONS: list[tuple[str, str]] = [
    ("活动与建议", ".work_lists:WorkListSettings"),
    ("节假日", ".calendar:CalendarSettings"),
    ("积分规则", ".scoring:ScoringSettings"),
    ("数据安全", ".data_safety:DataSafetySettings"),
    ("打印校准", ".printing:PrintingSettings"),
]


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


class SettingsPage(QWidget):
    """Every control reads from and writes to ``db.settings`` (the settings travel with the database)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tabs = QTabWidget()
        self.tabs.addTab(_scrolled(self._general_tab()), "常规")
        self.sections: dict[str, QWidget] = {}
        for title, target in SECTIONS:
            section = self._load_section(target)(ctx)
            self.sections[title] = section
            self.tabs.addTab(_scrolled(section), title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    @staticmethod
    def _load_section(target: str):
        import importlib

        module_name, class_name = target.split(":")
        return getattr(importlib.import_module(module_name, __package__), class_name)

    def show_section(self, title: str) -> QWidget:
        """Bring the tab of that title to the front (used by links from other pages)."""
        section = self.sections[title]
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index) == title:
                self.tabs.setCurrentIndex(index)
        return section

    def focus_record(self, title: str) -> QWidget:
        """``navigate("settings", "打印校准")`` opens that tab."""
        return self.show_section(title)

    def _general_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self._names_box())
        layout.addWidget(self._privacy_box())
        layout.addWidget(self._data_box())
        self.version_label = QLabel(f"乡镇人大工作台 版本 {__version__}　·　离线运行，数据只保存在本机")
        self.version_label.setObjectName("version")
        layout.addWidget(self.version_label)
        layout.addStretch(1)
        return tab

    # 单位名称 ---------------------------------------------------------------------
    def _names_box(self) -> QGroupBox:
        box = QGroupBox("单位名称（用于报表、公告的标题）")
        self.names_form = ValidatedForm(columns=2)
        self.township_edit = QLineEdit(settings.get(self.ctx.db, "township_name") or "")
        self.county_edit = QLineEdit(settings.get(self.ctx.db, "county_name") or "")
        self.township_edit.setPlaceholderText("例如 示范镇")
        self.county_edit.setPlaceholderText("例如 示范县")
        self.names_form.add_field("township_name", "乡镇（街道）名称", self.township_edit)
        self.names_form.add_field("county_name", "县（市、区）名称", self.county_edit)
        self.save_names_button = QPushButton("保存名称")
        self.save_names_button.clicked.connect(self.save_names)
        self.names_status = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.save_names_button)
        row.addWidget(self.names_status, 1)
        inner = QVBoxLayout(box)
        inner.addWidget(self.names_form)
        inner.addLayout(row)
        self._hint_example_name()
        return box

    def _hint_example_name(self) -> None:
        """A new office still carries the program's example name; every report and package would print it."""
        example = settings.DEFAULTS.get("township_name")
        if normalize_text(self.township_edit.text()) == example:
            self.names_status.setText(f"“{example}”是软件自带的示例名称。请改为本乡镇（街道）和本县的名称后点“保存名称”，"
                                      "报表标题和报送县里的数据包都用这个名称。")
            self.names_status.setStyleSheet("color: #b35a00;")
            self.names_status.setWordWrap(True)

    def save_names(self) -> bool:
        values = {
            "township_name": normalize_text(self.township_edit.text()),
            "county_name": normalize_text(self.county_edit.text()),
        }
        problems = {}
        if not values["township_name"]:
            problems["township_name"] = "请填写乡镇（街道）名称"
        if not values["county_name"]:
            problems["county_name"] = "请填写县（市、区）名称"
        self.names_form.set_errors(problems)
        if problems:
            self.names_status.setText("")
            return False
        changes = settings_ops.set_unit_names(self.ctx.db, values["township_name"], values["county_name"])
        self.township_edit.setText(values["township_name"])
        self.county_edit.setText(values["county_name"])
        self.names_status.setText("已保存。")
        self.names_status.setStyleSheet("")
        self._hint_example_name()
        self.ctx.announce(changes)
        return True

    # 隐私 ---------------------------------------------------------------------------
    def _privacy_box(self) -> QGroupBox:
        box = QGroupBox("个人信息保护")
        self.mask_check = QCheckBox("在名册列表和导出文件中隐藏身份证号、电话号码的部分数字（推荐）")
        self.mask_check.setChecked(bool(settings.get(self.ctx.db, "mask_personal_data")))
        self.mask_check.toggled.connect(self.set_masking)
        inner = QVBoxLayout(box)
        inner.addWidget(self.mask_check)
        hint = QLabel("隐藏时身份证号只显示最后 4 位，出生日期只显示年份。关闭后，名册中显示完整号码。"
                      "打印或发送文件前请确认是否需要完整号码。")
        hint.setWordWrap(True)
        inner.addWidget(hint)
        inner.addLayout(self._county_code_row())
        self.key_label = QLabel(self._key_text())
        self.key_label.setWordWrap(True)
        self.key_label.setTextInteractionFlags(self.key_label.textInteractionFlags() | Qt.TextSelectableByMouse)
        inner.addWidget(self.key_label)
        return box

    def set_masking(self, on: bool) -> None:
        self.ctx.announce(settings_ops.set_masking(self.ctx.db, on))

    def _county_code_row(self) -> QHBoxLayout:
        """县级匹配码: typed once from the county's notice; keys the ID digests of the exchange packages."""
        self.county_code_edit = QLineEdit(settings.get(self.ctx.db, "county_code") or "")
        self.county_code_edit.setPlaceholderText("县人大常委会下发的匹配码（至少 8 个字符）")
        self.county_code_edit.setEchoMode(QLineEdit.PasswordEchoOnEdit)
        self.county_code_edit.setToolTip("数据交换包中的“身份证号摘要”用这个码加密计算，县里用同一个码才能对应代表；"
                                         "不填则数据包中没有摘要。")
        self.save_code_button = QPushButton("保存匹配码")
        self.save_code_button.clicked.connect(self.save_county_code)
        self.code_status = QLabel()
        row = QHBoxLayout()
        row.addWidget(QLabel("县级匹配码"))
        row.addWidget(self.county_code_edit, 1)
        row.addWidget(self.save_code_button)
        row.addWidget(self.code_status)
        return row

    def save_county_code(self) -> bool:
        try:
            changes = settings_ops.set_county_code(self.ctx.db, self.county_code_edit.text())
        except UserError as err:
            self.code_status.setText("")
            show_error(self, err, "匹配码未保存")
            return False
        self.county_code_edit.setText(changes.value or "")
        self.code_status.setText(changes.message)
        self.ctx.announce(changes)
        return True

    def _key_text(self) -> str:
        from ...exchange.signing import ensure_office_key, office_public_key

        made = ensure_office_key(self.ctx.db)    # normally made when the database was opened
        if made:
            return (f"数据交换包签名密钥指纹：{made}（县里第一次收到本乡镇的数据包时登记，也可把这个指纹打印或"
                    "电话告诉县人大核对；换电脑请先恢复备份，密钥随备份保存）")
        try:
            office_public_key(self.ctx.db)
        except UserError as err:
            return str(err)
        return "数据交换包签名密钥：无法生成（数据文件夹不能写入），请检查数据文件夹的权限后重新打开软件。"

    # 数据与备份 ---------------------------------------------------------------------
    def _data_box(self) -> QGroupBox:
        box = QGroupBox("数据与备份")
        db_path = Path(self.ctx.db_path)
        self.db_label = QLabel(f"数据库文件：{db_path}")
        self.db_label.setWordWrap(True)
        self.backup_label = QLabel()
        self.backup_label.setWordWrap(True)
        self._show_backup_folder()
        # The folder is chosen in 数据安全; keep this line in step with it.
        self.ctx.events.changed.connect(self._on_data_changed)   # bound: dropped when the page is deleted
        self.backup_button = QPushButton("立即备份")
        self.backup_button.clicked.connect(self.backup_now)
        open_data = QPushButton("打开数据文件夹")
        open_data.clicked.connect(lambda: self.open_folder(db_path.parent))
        open_backups = QPushButton("打开备份文件夹")
        open_backups.clicked.connect(lambda: self.open_folder(auto_backup.backup_folder(self.ctx.db)))
        self.start_empty_button = QPushButton("清空数据，从空白开始…")
        self.start_empty_button.setToolTip("例如试用过演示数据后正式使用：现有数据先完整备份，再换成空白数据库")
        self.start_empty_button.clicked.connect(self.start_empty)
        self.backup_status = QLabel()
        self.backup_status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(open_data)
        buttons.addWidget(open_backups)
        buttons.addStretch(1)
        buttons.addWidget(self.start_empty_button)
        inner = QVBoxLayout(box)
        inner.addWidget(self.db_label)
        inner.addWidget(self.backup_label)
        inner.addLayout(buttons)
        inner.addWidget(self.backup_status)
        return box

    def _on_data_changed(self, changes: Changes) -> None:
        if changes.touches(Area.SETTINGS):
            self._show_backup_folder()

    def start_empty(self) -> bool:
        """清空数据: keep the current data as a verified backup, then reopen an empty database in its place."""
        from ...db.fresh_start import ensure_not_in_use, keep_a_copy, remove_database_file
        from ..first_start import UnitNamesDialog
        from ..widgets.messages import confirm

        window = self.window()
        if not hasattr(window, "reopen_database"):
            return False
        if not confirm(self, "清空数据，从空白开始",
                       "将清空当前数据库中的全部内容：代表名册、活动、意见建议、会议与计票、档案与积分、各项设置"
                       "（包括启动密码）。\n\n清空前会先把现在的数据完整备份（备份原因“清空前”），"
                       "需要时可在“文件 → 恢复备份”中找回。\n\n确定要清空吗？"):
            return False
        try:
            ensure_not_in_use(self.ctx.db_path)     # another process writing would lose its work
            copy = keep_a_copy(self.ctx.db)
        except (UserError, OSError) as err:
            show_error(self, err if isinstance(err, UserError) else UserError(f"备份失败，没有清空：{err}"))
            return False
        ctx = self.ctx
        try:
            window.reopen_database(remove_database_file)
        except UserError as err:        # another process took the file meanwhile: nothing was deleted
            show_error(self, err)
            return False
        ctx.undo_stack.clear()   # the steps refer to records that are gone
        first_start_ops.mark_demo_offered(ctx.db)
        ctx.announce(Area.EVERYTHING)
        window.statusBar().showMessage(f"已清空，从空白开始。原来的数据已备份为 {copy}", 20000)
        UnitNamesDialog(ctx, window).open()
        return True

    def _show_backup_folder(self) -> None:
        self.backup_label.setText(f"备份文件夹：{auto_backup.backup_folder(self.ctx.db)}（可在“数据安全”中更改）")

    def backup_now(self) -> Path | None:
        # The chosen backup folder (the default one stands in when it is unplugged); a manual copy prunes nothing.
        try:
            result = auto_backup.auto_backup(self.ctx.db, "手动", rotate=False)
        except (UserError, OSError) as err:
            show_error(self, err if isinstance(err, UserError) else UserError(f"备份失败：{err}"))
            return None
        self.backup_status.setText(result.message)
        return result.path

    @staticmethod
    def open_folder(folder: Path) -> bool:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
