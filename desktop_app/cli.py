"""The command line: argument parsing and dispatch. Each command's work lives in ``commands/``.

Exit status: 0 success, 2 bad input (Chinese message naming file/sheet/row/column) or a full disk, read-only
medium or locked file (a Chinese message saying what to do), 1 anything else.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import re
import sys
from pathlib import Path

from .errors import DatabaseBusyError, InputError, UserError, environment_message

log = logging.getLogger(__name__)

# name → (module in desktop_app.commands, help text). Each module defines add_arguments(parser) and run(args).
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("demo", "用真实感的演示数据填充数据库"),
    "screenshot": ("screenshot", "离屏渲染每个页面为 PNG"),
    "import-roster": ("import_roster", "从 Excel 导入代表名册（先预览，--dry-run 不写入）"),
    "export": ("export", "导出名册、统计等为 .xlsx 或 .pdf"),
    "tally": ("tally", "统计计票数据表（格式见 docs/tally-workbook.md），不写数据库"),
    "import-tally": ("import_tally", "把填好的计票数据表导入会议的表决事项（全部成功或全部不导入）"),
    "scan-ballots": ("scan_ballots", "读取扫描的选票（PDF 或图片），报告每张选票的读数和空白、重复、外来、无法识别的页"),
    "check": ("check", "完整性、外键、审计链检查；有问题时退出码非零"),
    "backup": ("backup", "生成经过校验的备份"),
    "restore": ("restore", "先做安全备份，再从备份文件恢复"),
    "sync-export": ("sync_export", "导出与县人大交换的数据包（.zip：Excel、PDF 与校验清单）"),
    "sync-import": ("sync_import", "校验并导入数据交换包（先预览，--dry-run 不写入）"),
    "reset-password": ("reset_password", "忘记启动密码时由维护人员取消密码（记入操作日志）"),
    "county-report": ("county_report", "县级汇总：合并文件夹中各乡镇的数据交换包，导出汇总统计 .xlsx/.pdf"),
}


PASSWORD_FILE_HELP = "数据库设置了启动密码时，从此文件的第一行读取密码（供脚本使用；不给则在终端中询问）"


# argparse's own complaints, in the words a clerk reads: (English pattern, Chinese template).
_ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (.+)"), "缺少必需的参数：{0}"),
    (re.compile(r"argument (.+?): invalid choice: '(.*?)' \(choose from (.*)\)"), "参数 {0} 的取值“{1}”无效，可选：{2}"),
    (re.compile(r"argument (.+?): invalid (\w+) value: '(.*)'"), "参数 {0} 的值“{2}”无效（应为{1}）"),
    (re.compile(r"argument (.+?): expected one argument"), "参数 {0} 后面需要一个值"),
    (re.compile(r"argument (.+?): not allowed with argument (.+)"), "参数 {0} 不能与 {1} 同时使用"),
    (re.compile(r"unrecognized arguments: (.+)"), "无法识别的参数：{0}"),
)
_KIND_NAMES = {"int": "整数", "float": "数字"}


def chinese_argparse_message(message: str) -> str:
    """argparse's English error as a Chinese sentence (unknown ones are passed through)."""
    for pattern, template in _ARGPARSE_MESSAGES:
        match = pattern.fullmatch(message.strip())
        if match:
            groups = [_KIND_NAMES.get(g, g) for g in match.groups()]
            return template.format(*groups) + "。"
    return message


class ChineseArgumentParser(argparse.ArgumentParser):
    """Wrong arguments print the usage and a Chinese message, exit status 2 (as any bad input)."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{chinese_argparse_message(message)}运行 {self.prog} -h 查看用法。\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="python -m desktop_app",
        description="乡镇人大工作台。不带命令时启动图形界面。",
    )
    parser.add_argument("--db", type=Path, help="数据库文件（默认：用户数据目录中的 renda.db）")
    parser.add_argument("--password-file", type=Path, metavar="FILE", help=PASSWORD_FILE_HELP)
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name, (module_name, help_text) in COMMANDS.items():
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        cmd.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="数据库文件（默认：用户数据目录中的 renda.db）")
        cmd.add_argument("--password-file", type=Path, default=argparse.SUPPRESS, metavar="FILE",
                         help=PASSWORD_FILE_HELP)
        _command_module(module_name).add_arguments(cmd)
    return parser


def _command_module(module_name: str):
    return importlib.import_module(f"desktop_app.commands.{module_name}")


def db_path(args: argparse.Namespace) -> Path:
    from .paths import default_db_path

    return Path(args.db) if getattr(args, "db", None) else default_db_path()


def _gui_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="python -m desktop_app", add_help=False)
    parser.add_argument("--db", type=Path)
    return parser


def main(argv: list[str]) -> int:
    if not any(arg in COMMANDS or arg in ("-h", "--help") for arg in argv):
        # Starting the GUI must not pay for importing every command module.
        gui_args, unknown = _gui_parser().parse_known_args(argv)
        if unknown:
            build_parser().parse_args(argv)  # prints the usage and exits 2
        from .app import run_gui

        return run_gui(db_path(gui_args))
    parser = build_parser()
    args = parser.parse_args(argv)
    module = _command_module(COMMANDS[args.command][0])
    try:
        return int(module.run(args) or 0)
    except (InputError, DatabaseBusyError) as err:
        print(f"错误：{err}", file=sys.stderr)
        return 2
    except UserError as err:
        print(f"错误：{err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 1
    except Exception as err:
        message = environment_message(err)
        if message:
            print(f"错误：{message}", file=sys.stderr)
            return 2
        from .logs import setup_logging

        log_path = setup_logging()
        log.exception("command %s failed", args.command)
        print(f"程序内部错误，命令未完成。详细信息已记录在 {log_path}，请把该文件发给技术支持。", file=sys.stderr)
        return 1
