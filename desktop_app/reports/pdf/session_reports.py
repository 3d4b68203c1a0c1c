"""Result documents of a session day: 计票结果报告单, 选举结果公告, 表决/票决/测评结果, marked 草稿 or 正式.

Inputs are plain data: the per-item result dict of ``domain.ballots.count`` (docs/tally-workbook.md)
and a context dict::

    {"township": "示范镇", "session_name": "第十九届人民代表大会第一次会议", "date": "2026-01-15",
     "place": "镇政府大会议室", "certified": False, "present": 43,            # present: optional 实到
     "signers": {"计票人": "王五、赵六", "监票人": "钱七", "总监票人": "孙八"},   # optional
     "posts": {"选举镇长": "示范镇人民政府镇长"},                               # optional, by item id or name
     "number": 1,                                                            # optional 公告 number
     "seals": [["选举镇长", "3F2A-9C1B-77D0-12AB"]],                          # optional, certified items
     "project_rule": "majority" | "rank_only"}                               # optional, 票决 only
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from ...errors import InputError
from ...fileio import atomic_path
from . import fonts, official
from .page_count import draw_page_of, numbered_canvas
from .session_common import date_cn, full_post, missing_glyphs, session_title
from .tables import make_table
from .text_block import TextBlock
from .watermark import DRAFT, draw_status, result_file_name, status_label, title_with_status

__all__ = [
    "render_tally_report",
    "render_announcement",
    "render_vote_result",
    "result_file_name",
    "document_label",
    "missing_glyphs",
    "votes_needed",
]

SIGNER_ROLES = ("计票人", "监票人", "总监票人")
_CELL_PADDING = 6        # reportlab's default left/right cell padding
_REQUIRED = ("name", "type", "total_deputies", "issued", "returned", "valid", "valid_ballots", "invalid_ballots",
             "results")


# --------------------------------------------------------------------------- shared wording


def votes_needed(total_deputies: int) -> int:
    """The fewest 同意 votes that are more than half of 全体代表 (exactly half is not enough)."""
    return total_deputies // 2 + 1


def document_label(kind: str, *, announcement: bool = False) -> str:
    """The document name used in titles and file names: 计票结果报告单, 选举结果公告, 表决结果…"""
    if announcement:
        return "选举结果公告"
    return {"选举": "选举结果", "表决": "表决结果", "票决": "票决结果", "测评": "测评结果"}.get(kind, "计票结果")


def _check_result(result: dict) -> None:
    if not isinstance(result, dict):
        raise InputError("计票结果格式不对：应为一个事项的结果。")
    missing = [key for key in _REQUIRED if key not in result]
    if missing:
        raise InputError(f"计票结果缺少字段：{'、'.join(missing)}。")
    if result["type"] not in ("选举", "票决", "表决", "测评"):
        raise InputError(f"计票结果的类型“{result['type']}”不对，应为选举、票决、表决或测评。")


def _certified(context: dict) -> bool:
    return bool(context.get("certified"))


def _date(context: dict) -> str:
    return context.get("date") or ""


def _names(names) -> str:
    return "、".join(names)


def _post(result: dict, context: dict) -> str:
    """The post an election fills, in full where the township is known: 示范镇人民政府镇长."""
    posts = context.get("posts") or {}
    post = result.get("post") or posts.get(str(result.get("id"))) or posts.get(result["name"])
    if post:
        return str(post)
    post = result["name"]
    for prefix in ("选举", "补选"):
        if post.startswith(prefix):
            post = post[len(prefix):]
    return full_post(post, context.get("township"))


def _votes_of(result: dict) -> dict[str, int]:
    return {r["name"]: r["agree"] for r in result["results"]}


def _outcome(result: dict, name: str) -> str:
    """当选/未当选 (or 入选/未入选 for projects), 需重新投票 for a tie, 投票无效 when the whole vote failed."""
    if not result["valid"]:
        return "投票无效"
    if name in result.get("tied", []):
        return "需重新投票"
    chosen = name in result.get("elected", [])
    if result["type"] == "票决":
        return "入选" if chosen else "未入选"
    return "当选" if chosen else "未当选"


def _percent(rate) -> str:
    return f"{float(rate) * 100:.2f}%"


def _figures_sentence(result: dict, context: dict, ballot_word: str) -> str:
    present = context.get("present")
    head = f"全体代表{result['total_deputies']}名"
    if present is not None:
        head += f"，实到{present}名"
    return (
        f"{head}。共发出{ballot_word}{result['issued']}张，收回{result['returned']}张，"
        f"其中有效票{result['valid_ballots']}张，无效票{result['invalid_ballots']}张。"
    )


def _invalid_sentence(result: dict) -> str:
    return f"收回选票{result['returned']}张，多于发出的{result['issued']}张，本次投票无效，须重新投票。"


def _conclusions(result: dict, context: dict) -> list[str]:
    """Plain sentences: who was elected, which tie needs a new vote, how many seats go to 另行选举."""
    if not result["valid"]:
        return [_invalid_sentence(result)]
    kind = result["type"]
    votes = _votes_of(result)
    out: list[str] = []
    if kind == "表决":
        agree = result["results"][0]["agree"] if result["results"] else 0
        passed = bool(result.get("adopted"))
        out.append(
            f"赞成票{agree}票，{'超过' if passed else '未超过'}全体代表的半数，"
            f"“{result['name']}”{'获得通过' if passed else '未获通过'}。"
        )
        return out
    if kind == "测评":
        return out
    elected = result.get("elected") or []
    seats = result.get("seats") or 0
    if kind == "选举":
        post = _post(result, context)
        if elected:
            out.append(f"{_names(elected)}当选为{post}。")
        else:
            out.append("没有候选人获得全体代表过半数的赞成票，无人当选。")
    else:
        if elected:
            listed = "、".join(f"{name}（同意{votes.get(name, 0)}票）" for name in elected)
            out.append(f"确定的项目：{listed}。")
        else:
            out.append("没有项目获得确定。")
    tied = result.get("tied") or []
    if tied:
        open_seats = seats - len(elected)
        each = votes.get(tied[0], 0)
        out.append(f"{_names(tied)}得票相等（各{each}票），需就剩余的{open_seats}个名额重新投票。")
    further = result.get("further_seats") or 0
    if further:
        if kind == "选举":
            out.append(f"应选{seats}名，当选{len(elected)}名，需另行选举{further}名。")
        else:
            out.append(f"应确定{seats}个项目，确定{len(elected)}个，需另行票决{further}个项目。")
    return out


# --------------------------------------------------------------------------- 计票结果报告单 (a form, not a 公文)


def _form_styles() -> dict[str, ParagraphStyle]:
    song, hei = fonts.font("song"), fonts.font("hei")
    return {
        "session": ParagraphStyle("session", fontName=song, fontSize=15, leading=20, alignment=TA_CENTER),
        "title": ParagraphStyle("title", fontName=hei, fontSize=22, leading=30, alignment=TA_CENTER, spaceAfter=8),
        "body": ParagraphStyle("body", fontName=song, fontSize=12, leading=19, wordWrap="CJK"),
        "strong": ParagraphStyle("strong", fontName=hei, fontSize=12.5, leading=20, wordWrap="CJK"),
    }


def _p(text: str, style: ParagraphStyle) -> TextBlock:
    return TextBlock(text, style)


def _figures_table(result: dict, context: dict, width: float) -> Table:
    header = ["全体代表人数（应到）"]
    values = [result["total_deputies"]]
    if context.get("present") is not None:
        header.append("实到代表")
        values.append(context["present"])
    ballot = "表决票" if result["type"] == "表决" else "选票"
    header += [f"发出{ballot}", f"收回{ballot}", "有效票", "无效票"]
    values += [result["issued"], result["returned"], result["valid_ballots"], result["invalid_ballots"]]
    col = width / len(header)
    return make_table(header, [[str(v) for v in values]], [col] * len(header), size=12, role="song",
                      align=["centre"] * len(header))


def _results_table(result: dict, width: float) -> Table:
    kind = result["type"]
    if kind == "测评":
        header = ["序号", "项目", "满意", "基本满意", "不满意", "弃权", "满意率"]
        rows = [
            [i, s["name"], s["satisfied"], s["basically_satisfied"], s["unsatisfied"], s["abstain"], _percent(s["rate"])]
            for i, s in enumerate(result.get("satisfaction") or [], start=1)
        ]
        fixed = [12 * mm, None, 17 * mm, 21 * mm, 17 * mm, 15 * mm, 21 * mm]
    elif kind == "表决":
        header = ["表决事项", "赞成", "反对", "弃权", "结果"]
        outcome = "投票无效" if not result["valid"] else ("通过" if result.get("adopted") else "未通过")
        rows = [[r["name"], r["agree"], r["oppose"], r["abstain"], outcome] for r in result["results"]]
        fixed = [None, 20 * mm, 20 * mm, 20 * mm, 24 * mm]
    else:
        person = kind == "选举"
        header = ["序号", "候选人" if person else "项目", "赞成票" if person else "同意",
                  "反对票" if person else "不同意", "弃权票" if person else "弃权", "结果"]
        rows = [
            [i, r["name"] + ("（另选他人）" if r.get("write_in") else ""), r["agree"], r["oppose"], r["abstain"],
             _outcome(result, r["name"])]
            for i, r in enumerate(result["results"], start=1)
        ]
        fixed = [12 * mm, None, 20 * mm, 20 * mm, 20 * mm, 26 * mm]
    flexible = width - sum(w for w in fixed if w)
    widths = [w if w else flexible for w in fixed]
    align = ["left" if w is None else "centre" for w in fixed]
    return make_table(header, [[str(v) for v in row] for row in rows], widths, size=12, role="song", align=align)


def _signature_table(context: dict, width: float) -> Table:
    signers = context.get("signers") or {}
    cells = []
    for role in SIGNER_ROLES:
        name = signers.get(role) or ""
        if isinstance(name, (list, tuple)):
            name = "、".join(name)
        cells += [f"{role}：", str(name)]
    hei = fonts.font("hei")
    # each label as wide as its text (总监票人： is longer than 计票人：), the rest shared by the lines to sign on
    label_widths = [fonts.string_width(f"{role}：", hei, 12) + 2 * _CELL_PADDING for role in SIGNER_ROLES]
    line_w = (width - sum(label_widths)) / 3
    data = [[fonts_cell(c, hei) for c in cells]]
    table = Table(data, colWidths=[w for label_w in label_widths for w in (label_w, line_w)], rowHeights=[14 * mm])
    style = [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("FONT", (0, 0), (-1, -1), hei, 12)]
    for col in (1, 3, 5):
        style += [("LINEBELOW", (col, 0), (col, 0), 0.7, colors.black), ("ALIGN", (col, 0), (col, 0), "CENTER")]
    for col in (0, 2, 4):
        style.append(("ALIGN", (col, 0), (col, 0), "RIGHT"))
    table.setStyle(TableStyle(style))
    return table


SEAL_NOTE = "（确认结果时由程序生成；用“检查数据”可核对数据库中的结果与之是否一致）"


def seal_text(context: dict) -> str | None:
    """结果封存码：3F2A-9C1B-77D0-12AB (one item) or 选举主席 …；选举副主席 … (several); None for a draft."""
    seals = context.get("seals") or []
    if not seals:
        return None
    if len(seals) == 1:
        return f"结果封存码：{seals[0][1]}"
    return "结果封存码：" + "；".join(f"{name} {code}" for name, code in seals)


def fonts_cell(text: str, font_name: str):
    """A table cell that keeps rare characters printable: a plain string when the font has every character."""
    if all(fonts.has_char(font_name, ch) for ch in text):
        return text
    return TextBlock(text, ParagraphStyle("cell", fontName=font_name, fontSize=12, leading=15, alignment=TA_CENTER))


def _rule_sentence(result: dict, context: dict) -> str:
    kind = result["type"]
    need = votes_needed(result["total_deputies"])
    if kind == "测评":
        return "满意率 =（满意票 + 基本满意票）÷ 有效票。"
    if kind == "票决" and context.get("project_rule") == "rank_only":
        return f"按同意票多少确定{result.get('seats') or 0}个项目。"
    word = {"选举": "当选", "票决": "入选", "表决": "通过"}[kind]
    return f"{word}须获得全体代表过半数的赞成票，即{need}票以上。"


def render_tally_report(result: dict, context: dict, out_path: str | os.PathLike) -> Path:
    """计票结果报告单 of one item: figures, per-candidate votes, outcome, signature lines and date."""
    _check_result(result)
    certified = _certified(context)
    st = _form_styles()
    width = A4[0] - 40 * mm
    seats = result.get("seats")
    meta = [f"事项：{result['name']}", f"类型：{result['type']}"]
    if seats and result["type"] in ("选举", "票决"):
        meta.append(f"应选：{seats}{'名' if result['type'] == '选举' else '项'}")
    story = [
        _p(session_title(context), st["session"]),
        _p(title_with_status("计票结果报告单", certified), st["title"]),
        _p("\u3000\u3000".join(meta), st["strong"]),
        Spacer(1, 3 * mm),
        _figures_table(result, context, width),
        Spacer(1, 3 * mm),
        _p(_rule_sentence(result, context), st["body"]),
    ]
    if result["valid"]:
        story.append(_p("收回票数不多于发出票数，本次投票有效。", st["body"]))
    story += [Spacer(1, 3 * mm), _results_table(result, width), Spacer(1, 4 * mm)]
    conclusions = _conclusions(result, context)
    if conclusions:
        story.append(_p("计票结果：" + "".join(conclusions), st["strong"]))
    story.append(Spacer(1, 6 * mm))
    seal = seal_text(context)
    # Beside the signatures: the scrutineers sign the figures and the seal of exactly those figures.
    sealed = [_p(seal, st["strong"]), _p(SEAL_NOTE, st["body"])] if seal else []
    story.append(KeepTogether(sealed + [
        _signature_table(context, width),
        Spacer(1, 8 * mm),
        _p(f"日期：{date_cn(_date(context)) or '　　　　年　　月　　日'}", st["body"]),
    ]))

    def decorate(canvas, doc):
        draw_status(canvas, A4[0], A4[1], certified, margin=14 * mm)

    def footer(canvas, page: int, total: int) -> None:
        draw_page_of(canvas, page, total, page_width=A4[0], y=10 * mm)

    out_path = Path(out_path)
    with atomic_path(out_path) as tmp:
        doc = SimpleDocTemplate(str(tmp), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                                bottomMargin=18 * mm, title=title_with_status(f"计票结果报告单 {result['name']}",
                                                                              certified),
                                author="乡镇人大工作台")
        doc.build(story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=numbered_canvas(footer))
    return out_path


# --------------------------------------------------------------------------- 公告 and 结果 in the GB/T 9704 frame


def _build_official(out_path, story, title: str, certified: bool) -> Path:
    # A 公告 or 表决结果 is posted on the wall: no 【正式】 tag in its margin. A draft keeps its watermark and
    # the （草稿） in its title, so it cannot be mistaken for the posted one.
    return official.build_document(out_path, story, doc_title=title, author="乡镇人大工作台",
                                   watermark=None if certified else DRAFT)


def _official_title(session: str, document: str, certified: bool, number=None):
    """The 2号 title; when too long for one line it breaks between the session and the document name."""
    style = official.styles()["title"]
    whole = title_with_status(session + document, certified)
    if fonts.string_width(whole, style.fontName, style.fontSize) <= official.BLOCK_WIDTH:
        return official.title(whole, number=number)
    return official.title(session + "\n" + title_with_status(document, certified), number=number)


def _opening(context: dict, results: list[dict]) -> str:
    """会议于某日在某地举行。会议应到代表N名，实到M名，符合法定人数。"""
    title = session_title(context)
    when = date_cn(_date(context))
    place = context.get("place")
    text = title
    if when:
        text += f"于{when}"
    if place:
        text += f"在{place}"
    text += "举行。"
    total = results[0]["total_deputies"] if results else None
    present = context.get("present")
    if total is not None and present is not None:
        met = present * 3 >= total * 2
        text += f"会议应到代表{total}名，实到代表{present}名，{'符合法定人数' if met else '不足法定人数'}。"
    elif total is not None:
        text += f"全体代表{total}名。"
    return text


def _election_paragraph(result: dict, context: dict) -> str:
    post = _post(result, context)
    if not result["valid"]:
        return f"{result['name']}：{_invalid_sentence(result)}"
    votes = _votes_of(result)
    parts = []
    elected = result.get("elected") or []
    if elected:
        listed = "、".join(f"{name}（得赞成票{votes.get(name, 0)}票）" for name in elected)
        parts.append(f"{listed}当选为{post}。")
    tied = result.get("tied") or []
    if tied:
        open_seats = (result.get("seats") or 0) - len(elected)
        parts.append(f"{_names(tied)}得票相等（各{votes.get(tied[0], 0)}票），需就剩余的{open_seats}个名额重新投票。")
    further = result.get("further_seats") or 0
    if further:
        parts.append(f"{post}应选{result.get('seats')}名，当选{len(elected)}名，另行选举{further}名。")
    if not parts:
        parts.append(f"{post}无人当选。")
    return "".join(parts)


def render_announcement(results: list[dict], context: dict, out_path: str | os.PathLike) -> Path:
    """选举结果公告 of one or more 选举 items, in the official document frame, signed by the 主席团."""
    if isinstance(results, dict):
        results = [results]
    if not results:
        raise InputError("没有可公告的选举结果。")
    for result in results:
        _check_result(result)
    certified = _certified(context)
    title = session_title(context) + (context.get("announcement_title") or "选举结果公告")
    story = [_official_title(session_title(context), context.get("announcement_title") or "选举结果公告", certified,
                             context.get("number"))]
    elections = [r for r in results if r["type"] == "选举"]
    opening = _opening(context, results)
    if elections:
        opening += ("会议依照《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》和"
                    "《中华人民共和国全国人民代表大会和地方各级人民代表大会选举法》的有关规定，"
                    "以无记名投票方式进行了选举。选举结果如下：")
    story.append(official.para(opening))
    for number, result in enumerate(results, start=1):
        text = _election_paragraph(result, context) if result["type"] == "选举" else "".join(_conclusions(result, context))
        story.append(official.para(f"{_cn_ordinal(number)}、{text}" if len(results) > 1 else text))
    story.append(official.para("特此公告。"))
    story += _signature(context)
    return _build_official(out_path, story, title_with_status(title, certified), certified)


def _signature(context: dict) -> list:
    """主席团 centred above the date, the date four characters in from the right edge (GB/T 9704 7.3.5.1); the
    seal of a confirmed result below, as on the 报告单 the scrutineers signed."""
    block = official.signature(f"{session_title(context)}主席团", _date(context) or None)
    seal = seal_text(context)
    if seal:
        block += [Spacer(1, official.LEADING * 0.5), official.para(seal, "small")]
    return block


def _cn_ordinal(n: int) -> str:
    digits = "〇一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _vote_story(result: dict, context: dict) -> list:
    kind = result["type"]
    title = session_title(context)
    when = date_cn(_date(context))
    verb = {"表决": "表决", "票决": "票决", "测评": "测评"}[kind]
    ballot = {"表决": "表决票", "票决": "票决票", "测评": "测评票"}[kind]
    opening = f"{title}{('于' + when) if when else ''}以无记名投票方式对“{result['name']}”进行了{verb}。"
    opening += _figures_sentence(result, context, ballot)
    story = [official.para(opening)]
    if not result["valid"]:
        story.append(official.para(_invalid_sentence(result)))
        return story
    if kind == "表决":
        r = result["results"][0]
        story.append(official.para(f"表决结果：赞成{r['agree']}票，反对{r['oppose']}票，弃权{r['abstain']}票。"))
        story.append(official.para("".join(_conclusions(result, context))))
    elif kind == "票决":
        votes = _votes_of(result)
        elected = result.get("elected") or []
        if elected:
            story.append(official.para(f"按得票多少，确定以下{len(elected)}个项目：", "body"))
            for i, name in enumerate(elected, start=1):
                story.append(official.para(f"{i}. {name}（同意{votes.get(name, 0)}票）"))
        notes = _conclusions(result, context)[1:]  # the first sentence repeats the list above
        if not elected:
            notes = _conclusions(result, context)
        for note in notes:
            story.append(official.para(note))
        story.append(Spacer(1, official.LEADING * 0.4))
        story.append(_results_table(result, official.BLOCK_WIDTH))
    else:
        story.append(official.para("各项目测评结果如下（满意率 =（满意票 + 基本满意票）÷ 有效票）："))
        story.append(_results_table(result, official.BLOCK_WIDTH))
    return story


def render_vote_result(result: dict, context: dict, out_path: str | os.PathLike) -> Path:
    """表决结果 (通过/未通过), 票决结果 (chosen projects in order), 测评结果 (满意率 table); 选举 → 选举结果公告."""
    _check_result(result)
    if result["type"] == "选举":
        return render_announcement([result], context, out_path)
    certified = _certified(context)
    title = session_title(context) + document_label(result["type"])
    story = [_official_title(session_title(context), document_label(result["type"]), certified)]
    story += _vote_story(result, context)
    story += _signature(context)
    return _build_official(out_path, story, title_with_status(title, certified), certified)


def status_of(context: dict) -> str:
    """草稿 or 正式 for a context (for the UI's labels)."""
    return status_label(_certified(context))
