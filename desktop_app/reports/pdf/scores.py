"""履职积分 as official-format PDFs: ranking, per-group summary, the list below a threshold, the quarterly 亮分
list for posting, and the term summary for 连任推荐."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Sequence

from reportlab.lib.units import mm

from ...domain.scoring import points_text, quarter_name, quarter_range
from . import official
from .tables import make_table

SIZE = 11


def _org(township: str) -> str:
    return f"{township}人民代表大会主席团"


def _status_note(frozen: dict | None) -> str:
    if frozen:
        return (f"注：本表积分已于{official.cn_date(frozen['frozen_at'][:10])}经{frozen['frozen_by']}审核确认；"
                "积分由系统按积分规则根据活动、会议、建议等记录计算，手工加减分单列。")
    return "注：本表积分尚未审核，为按积分规则根据活动、会议、建议等记录实时计算的结果，手工加减分单列。"


def _document(out_path, title: str, intro: str, table, note: str, township: str, *, doc_title: str,
              day: dt.date | None = None) -> Path:
    story = [official.title(title), official.para(intro), official.para("", "plain"), table,
             official.para(note, "note")]
    story += official.signature(_org(township), day or dt.date.today())
    return official.build_document(out_path, story, doc_title=doc_title)


def ranking_table(rows: Sequence[dict]):
    header = ["名次", "姓名", "所在代表小组", "计算得分", "加减分", "总分", "等次"]
    widths = [14 * mm, 22 * mm, 50 * mm, 18 * mm, 16 * mm, 16 * mm, 20 * mm]
    body = [[r["rank"], r["name"], r.get("group_names") or "", points_text(r["computed"]),
             points_text(r["adjusted"]) if r["adjusted"] else "", points_text(r["total"]), r.get("grade") or ""]
            for r in rows]
    return make_table(header, body, widths, size=SIZE,
                      align=["centre", "centre", "left", "right", "right", "right", "centre"])


def grade_counts_text(rows: Sequence[dict], bands: Sequence[tuple[str, float]]) -> str:
    counts = {name: 0 for name, _ in bands}
    for row in rows:
        counts[row.get("grade")] = counts.get(row.get("grade"), 0) + 1
    return "，".join(f"{name} {counts.get(name, 0)} 名" for name, _ in bands)


def render_ranking(rows: Sequence[dict], out_path: str | Path, *, township: str, year: int,
                   bands: Sequence[tuple[str, float]], frozen: dict | None = None) -> Path:
    """代表履职积分排名表 of one year (rows as db.scoring.annual_scores returns them, best first)."""
    intro = (f"{year}年度参加履职积分考核的代表共 {len(rows)} 名。按积分等次分：{grade_counts_text(rows, bands)}。"
             "排名如下。") if rows else f"{year}年度没有参加履职积分考核的代表。"
    return _document(out_path, f"{township}人大代表\n{year}年度履职积分排名表", intro, ranking_table(rows),
                     _status_note(frozen), township, doc_title=f"{year}年度履职积分排名表")


def render_group_summary(groups: Sequence[dict], out_path: str | Path, *, township: str, year: int,
                         bands: Sequence[tuple[str, float]], frozen: dict | None = None) -> Path:
    """Per group: members, average, highest, lowest and counts per grade."""
    names = [name for name, _ in bands]
    header = ["代表小组", "人数", "平均分", "最高", "最低", *names]
    rest = 156 - 34 - 11 - 15 - 12 - 12
    widths = [34 * mm, 11 * mm, 15 * mm, 12 * mm, 12 * mm] + [rest / max(1, len(names)) * mm] * len(names)
    body = [[g["name"], g["members"], f"{g['average']:.1f}", points_text(g["highest"]), points_text(g["lowest"]),
             *[g["grades"].get(n, 0) for n in names]] for g in groups]
    table = make_table(header, body, widths, size=SIZE,
                       align=["left", "right", "right", "right", "right", *["right"] * len(names)])
    intro = (f"{year}年度各代表小组代表履职积分情况汇总如下（同时参加两个小组的代表在两个小组中均计入）。"
             if groups else f"{year}年度没有参加履职积分考核的代表。")
    return _document(out_path, f"{township}人大代表\n{year}年度履职积分分组汇总表", intro, table,
                     _status_note(frozen), township, doc_title=f"{year}年度履职积分分组汇总表")


def render_below(rows: Sequence[dict], out_path: str | Path, *, township: str, year: int, threshold: float,
                 frozen: dict | None = None) -> Path:
    """The deputies whose total is below ``threshold``, lowest first."""
    header = ["序号", "姓名", "所在代表小组", "计算得分", "加减分", "总分", "等次"]
    widths = [14 * mm, 22 * mm, 50 * mm, 18 * mm, 16 * mm, 16 * mm, 20 * mm]
    body = [[i, r["name"], r.get("group_names") or "", points_text(r["computed"]),
             points_text(r["adjusted"]) if r["adjusted"] else "", points_text(r["total"]), r.get("grade") or ""]
            for i, r in enumerate(rows, start=1)]
    table = make_table(header, body, widths, size=SIZE,
                       align=["centre", "centre", "left", "right", "right", "right", "centre"])
    intro = (f"{year}年度履职积分低于 {threshold:g} 分的代表共 {len(rows)} 名，名单如下。请各代表小组督促其履职，"
             "人大主席团将与其谈心谈话。" if rows else f"{year}年度没有履职积分低于 {threshold:g} 分的代表。")
    return _document(out_path, f"{township}人大代表\n{year}年度履职积分低于{threshold:g}分名单", intro, table,
                     _status_note(frozen), township, doc_title=f"{year}年度履职积分低于{threshold:g}分名单")


def render_interim(rows: Sequence[dict], out_path: str | Path, *, township: str, year: int, quarter: int) -> Path:
    """季度亮分: the points so far this year and those of the quarter, for posting at the stations."""
    header = ["名次", "姓名", "所在代表小组", f"{quarter_name(quarter)}得分", "本年累计"]
    widths = [16 * mm, 24 * mm, 60 * mm, 30 * mm, 26 * mm]
    body = [[r["rank"], r["name"], r.get("group_names") or "", points_text(r["gained"]), points_text(r["total"])]
            for r in rows]
    table = make_table(header, body, widths, size=12, align=["centre", "centre", "left", "right", "right"])
    # With no deputies to list, the quarter's own last day (not the year's) is what the list covers.
    until = rows[0]["until"] if rows else quarter_range(year, quarter)[1].isoformat()
    intro = (f"根据代表履职积分办法，现将截至{official.cn_date(until)}全镇代表履职积分情况予以公示，"
             "接受选民监督。如有异议，请向人大主席团办公室反映。")
    note = "注：本年累计为当年1月1日至本季度末的积分，各项积分的年度上限按全年计算；年度积分以年终审核结果为准。"
    return _document(out_path, f"{township}人大代表\n{year}年{quarter_name(quarter)}履职亮分公示", intro, table, note,
                     township, doc_title=f"{year}年{quarter_name(quarter)}履职亮分")


def render_term_summary(summary: dict, out_path: str | Path, *, township: str) -> Path:
    """连任推荐参考: each deputy's yearly totals and grades over the term, the average and the advice."""
    years = summary["years"][-5:]
    header = ["序号", "姓名", *[f"{y}年" for y in years], "平均分", "建议"]
    fixed = 12 + 22 + 18 + 24
    widths = [12 * mm, 22 * mm] + [(156 - fixed) / max(1, len(years)) * mm] * len(years) + [18 * mm, 24 * mm]
    body = []
    for i, row in enumerate(summary["rows"], start=1):
        cells = []
        for year in years:
            score = row["years"].get(year)
            cells.append(f"{points_text(score['total'])}\n{score['grade']}" if score else "—")
        body.append([i, row["name"], *cells, "" if row["average"] is None else f"{row['average']:.1f}",
                     row["advice"]])
    table = make_table(header, body, widths, size=SIZE, align=["centre", "centre", *["centre"] * len(years),
                                                                 "right", "centre"])
    term = summary["term"]
    intro = (f"{term['name']}代表任期内各年度履职积分及等次如下，供研究代表连任推荐时参考。"
             f"共 {len(summary['rows'])} 名代表。")
    note = ("注：任期内任一年度为最低等次的，列为“不建议推荐”；各年度平均分达到“"
            f"{summary['bands'][-3][0] if len(summary['bands']) >= 3 else summary['bands'][0][0]}”分数线的，列为“建议推荐”；"
            "其余列为“酌情推荐”。建议仅供参考，以组织程序为准。")
    return _document(out_path, f"{township}{term['name']}人大代表\n任期履职积分汇总（连任推荐参考）", intro, table, note,
                     township, doc_title=f"{term['name']}代表任期履职积分汇总")
