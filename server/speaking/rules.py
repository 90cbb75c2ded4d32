"""Speaking rules (docs/domain.md "Speaking"): kinds, the order of the queue, timers — pure. The time limits
are the council's profile (server/councils/rules.py)."""
from __future__ import annotations

from datetime import datetime

# what a delegate (or an invited guest) asks for
REQUEST_KINDS = ("discussion", "debate", "question", "explanation", "procedural")
# what a speech is, for its time limit and the record
SPEECH_KINDS = ("discussion", "second", "debate", "question", "answer", "explanation", "report", "procedural")
MAX_SPEECHES_PER_ITEM = 2  # discussion speeches per delegate per item, unless the chair allows more
WARNING_S = 30


def speech_kind(request_kind: str, earlier_discussion_speeches: int) -> str:
    """A discussion speech is a first (7 min) or a second one (3 min)."""
    if request_kind == "discussion":
        return "discussion" if earlier_discussion_speeches == 0 else "second"
    return request_kind


def may_ask_to_discuss(earlier: int, waiting: int, extra_allowed: int) -> bool:
    return earlier + waiting < MAX_SPEECHES_PER_ITEM + extra_allowed


def queue_key(kind: str, priority: bool, manual: float | None, requested_at: datetime, request_id: int):
    """Procedural points jump the queue; then the asker's follow-up after an answer to their question; then
    debate replies; then everyone in the order they asked — unless the chair placed a request by hand."""
    rank = 0 if kind == "procedural" else 1 if priority else 2 if kind == "debate" else 3
    return (rank, manual if manual is not None else float("inf"), requested_at, request_id)


def remaining_s(now: datetime, started_at: datetime, limit_s: int, added_s: int, paused_at: datetime | None,
                paused_total_s: float) -> float:
    """Seconds left on a speech (negative once over time); frozen while paused."""
    until = paused_at or now
    spoken = (until - started_at).total_seconds() - paused_total_s
    return limit_s + added_s - spoken


def timer_state(remaining: float) -> str:
    return "over" if remaining <= 0 else "warning" if remaining <= WARNING_S else "ok"
