"""Session lifecycle rules, and what a meeting's kind decides: whose group sits, what its number counts, its
quorum."""
from __future__ import annotations

from server.accounts.rules import can

# Status changes the secretary may make from the preparation pages; opening and closing a session
# (in_progress, closed) belong to the chair's console.
PREPARATION_TRANSITIONS = {("draft", "published"), ("published", "draft")}

# a meeting's kind -> the kind of group whose members sit in it (councils.models GROUP_KINDS); plenary kinds sit
# the council's delegates and have no group
MEETING_GROUP_KIND = {"standing": "standing", "explanation": "standing", "giao_ban": "standing",
                      "committee": "committee"}


def visible_to(role: str, status: str) -> bool:
    """Drafts are seen by those who prepare and chair the session; everyone else sees it once published. An
    agency's account sees no session by its role (only those it is invited to, as an invitee)."""
    return can(role, "sessions.follow") and (status != "draft" or can(role, "sessions.read_drafts"))


def is_meeting(kind: str) -> bool:
    return kind in MEETING_GROUP_KIND


def series_of(kind: str, group_id: int | None) -> str:
    """What a session's number counts: every kỳ họp of the term together; a meeting, the meetings of its kind
    held by its group ("standing:3": the standing committee's 3rd meeting)."""
    return f"{kind}:{group_id}" if is_meeting(kind) else "session"


def group_refused(kind: str, group_id: int | None, group_kind: str | None) -> tuple[str, str] | None:
    """Why this group cannot sit this kind of session (None: it can). `group_kind` is the kind of the group
    named, None if the council has no such group."""
    needed = MEETING_GROUP_KIND.get(kind)
    if needed is None:
        return None if group_id is None else ("Kỳ họp toàn thể không gắn với một nhóm.",
                                              "A plenary session has no group.")
    if group_id is None:
        return ("Cuộc họp cần chọn nhóm dự họp (Thường trực hoặc Ban).",
                "A meeting needs the group whose members sit (the standing committee or a committee).")
    if group_kind != needed:
        return (("Phiên họp này phải do Thường trực HĐND dự họp.", "This meeting must be sat by the standing committee.")
                if needed == "standing" else
                ("Họp Ban phải chọn một Ban của Hội đồng.", "A committee meeting must name one of the council's committees."))
    return None


def quorum_rule(kind: str, council_num: int, council_den: int) -> tuple[int, int, bool]:
    """(numerator, denominator, strict): a kỳ họp needs the council's fraction of all its delegates (at least);
    a meeting, more than half of its group's members."""
    return (1, 2, True) if is_meeting(kind) else (council_num, council_den, False)


def next_number(taken: set[int]) -> int:
    """The next free number of a series: one after the highest taken."""
    return max(taken, default=0) + 1
