"""The sentence under a vote's result (elected, tied, further seats, adopted), on the 计票 page and the projector."""

from __future__ import annotations

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
