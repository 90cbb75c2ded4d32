"""Who may do what: one table, checked on the server for every route and socket event."""
from __future__ import annotations

from datetime import datetime, timedelta

STAFF = frozenset({"admin", "secretary"})
PERMISSIONS: dict[str, frozenset[str]] = {
    "members.read_all": frozenset({"admin", "secretary", "chair"}),
    "members.manage": STAFF,
    "council.settings": frozenset({"admin"}),
    "activity.read": STAFF | {"chair"},
    "minutes.read": STAFF | {"chair", "delegate"},
    "sessions.manage": STAFF,            # create/edit sessions and their agenda
    "sessions.read_drafts": STAFF | {"chair"},
    "session.control": frozenset({"chair"}),  # khai mạc, agenda, pause, messages, bế mạc
    "attendance.manage": STAFF | {"chair"},
    "attendance.check_in": frozenset({"chair", "delegate"}),
    "polls.prepare": STAFF | {"chair"},
    "polls.run": frozenset({"chair"}),           # open, close, cancel, repeat
    "polls.vote": frozenset({"chair", "delegate"}),
    "floor.request": frozenset({"chair", "delegate"}),  # guests speak when the chair invites them
    "floor.chair": frozenset({"chair"}),
    "live.follow": frozenset({"admin", "secretary", "chair", "delegate", "guest", "display"}),
}


def can(role: str, action: str) -> bool:
    return role in PERMISSIONS[action]


def login_blocked(failures: list[datetime], now: datetime, max_failures: int, window_s: int) -> int:
    """Seconds to wait before another attempt, or 0: blocked once `max_failures` fell in the window."""
    recent = sorted(t for t in failures if now - t < timedelta(seconds=window_s))
    if len(recent) < max_failures:
        return 0
    unblock_at = recent[-max_failures] + timedelta(seconds=window_s)
    return max(1, int((unblock_at - now).total_seconds()))
