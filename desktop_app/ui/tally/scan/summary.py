"""What one import of scan files did, in lines for the clerk: counted, pending, and every page not counted."""

from __future__ import annotations

from ....ops.scan_ballots import skipped_lines


def _number(value) -> int:
    return len(value) if isinstance(value, (list, tuple, set)) else int(value or 0)


def _pages(pages) -> str:
    return "、".join(str(p) for p in pages)


def summary_lines(report: dict) -> list[str]:
    """The import's report (``import_scan``'s ``Changes.value``) as lines; every reported page list in full."""
    ballots = report.get("ballots") or []
    duplicates = set(report.get("duplicate_pages") or [])
    pending_pages = [b["page"] for b in ballots if b.get("review")]
    counted_pages = [b["page"] for b in ballots if not b.get("review") and b["page"] not in duplicates]
    counted = _number(report.get("counted", len(counted_pages)))
    pending = _number(report.get("pending", len(pending_pages)))
    lines = [f"共读取 {report.get('pages', 0)} 页：计入 {counted} 张，待核 {pending} 张。"]
    if counted_pages:
        lines.append(f"计入：第 {_pages(counted_pages)} 页")
    if pending_pages:
        lines.append(f"待核：第 {_pages(pending_pages)} 页（列在下方，请监票人逐项核定）")
    lines += skipped_lines(report)
    if report.get("already_entered"):
        listed = "、".join(f"事项{b['item']}第{b['serial']:03d}号（第{b['page']}页）" for b in report["already_entered"])
        lines.append(f"该组已录入过、未重复写入：{listed}")
    for code in report.get("double_entry_switched_on") or []:
        lines.append(f"事项{code}原未设置两组录入，已开启两组录入（扫描记入二组）。")
    if report.get("backup"):
        lines.append(f"读取前已自动备份：{report['backup']}")
    return lines
