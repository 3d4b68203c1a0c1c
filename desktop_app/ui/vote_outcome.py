"""The words of a count on the 计票 page and the projector: counts, outcome, or 暂计 while counting."""

from __future__ import annotations

from ..domain.counting import OVER_ENTERED

ELECTED_WORD = {"选举": "当选", "票决": "入选"}


def outcome_text(result: dict) -> str:
    """The sentence under the table: elected / tied / further seats / adopted."""
    if result["returned"] == 0:
        return "尚未录入选票。"
    if not result["valid"]:
        return "收回票数多于发出票数，本次投票无效，应重新投票。"
    kind = result["type"]
    if kind == "表决":
        return "表决结果：通过" if result["adopted"] else "表决结果：未通过"
    if kind == "测评":
        return "测评结果见上表。"
    word = ELECTED_WORD[kind]
    parts = [f"{word}：" + ("、".join(result["elected"]) if result["elected"] else "无")]
    if result["tied"]:
        open_seats = result["seats"] - len(result["elected"])
        parts.append(f"得票相等需再次投票：{'、'.join(result['tied'])}（争 {open_seats} 个名额）")
    if result["further_seats"]:
        parts.append(f"尚缺 {result['further_seats']} 名，需另行选举" if kind == "选举"
                     else f"尚缺 {result['further_seats']} 项")
    return "；".join(parts)


def summary_text(result: dict, counting=None) -> str:
    """发出/收回/有效/无效 on one line; while counting, 计票中（已录入 x / 收回 y） leads it."""
    if counting is not None and counting.provisional:
        return (f"{counting.progress_text}　发出 {result['issued']} 张　"
                f"有效 {result['valid_ballots']} 张　无效 {result['invalid_ballots']} 张")
    returned = counting.collected if counting is not None and counting.void else result["returned"]
    return (f"发出 {result['issued']} 张　收回 {returned} 张　"
            f"有效 {result['valid_ballots']} 张　无效 {result['invalid_ballots']} 张")


PROVISIONAL = "暂计，计票尚未完成，不是结果"


def provisional_text(result: dict) -> str:
    """What may be said of a count in progress: who has passed the threshold so far, never who is missing."""
    kind = result["type"]
    if result["returned"] == 0:
        return "尚未录入选票。"
    if kind == "表决":
        r = result["results"][0]
        return f"{PROVISIONAL}：赞成 {r['agree']} 票，反对 {r['oppose']} 票，弃权 {r['abstain']} 票"
    if kind == "测评":
        return f"{PROVISIONAL}，见上表。"
    majority = result["total_deputies"] // 2 + 1
    ahead = [r["name"] for r in result["results"] if r["agree"] >= majority]
    noun = "候选人" if kind == "选举" else "项目"
    if ahead:
        return f"{PROVISIONAL}：目前同意票已过半数的{noun}有 {'、'.join(ahead)}"
    return f"{PROVISIONAL}：目前还没有同意票过半数的{noun}"


def hall_outcome_text(result: dict, counting=None) -> str:
    """The sentence the panel and the projector show, by where the count stands (domain.counting.Counting).

    Without a counting state (a workbook, a test) it is ``outcome_text``. During the count it is provisional;
    a complete count not yet certified says so; 收回 > 发出 voids the vote before any ballot is entered.
    """
    if counting is None:
        return outcome_text(result)
    if counting.void:
        return f"收回票数 {counting.collected} 张多于发出票数 {counting.issued} 张，本次投票无效，应重新投票。"
    if counting.state == OVER_ENTERED:
        return f"{counting.progress_text}（重复录入的选票请删除，或更正收回票数）。"
    if counting.provisional and result["valid"]:
        return provisional_text(result)
    if counting.provisional:
        return outcome_text(result)    # more ballots entered than issued: void, whatever is still to come
    if not counting.certified and result["returned"]:
        return outcome_text(result) + "（计票完成，待确认）"
    return outcome_text(result)


def alarming(result: dict, counting=None) -> bool:
    """Whether the sentence is shown in red: a void vote, a tie, a shortfall — only once counting is complete."""
    if counting is not None and counting.state == OVER_ENTERED:
        return True
    if counting is not None and counting.provisional:
        return not result["valid"]
    return bool(not result["valid"] or result["tied"] or result["further_seats"])
