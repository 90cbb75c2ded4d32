"""Archive rules: resolution numbers, attendance at the opening of each sitting replayed from the record (the
heading of an official document: server/documents/official.py)."""
from __future__ import annotations

from datetime import date, datetime, time

NOON = time(12, 0)


def resolution_code(number: int, year: int, normative: bool) -> str:
    """'Số: 12/NQ-HĐND' for an individual resolution, 'Số: 06/2025/NQ-HĐND' for a normative one; numbers
    below 10 with two digits as practice writes them ('Số: 01/NQ-HĐND')."""
    return f"Số: {number:02d}/{year}/NQ-HĐND" if normative else f"Số: {number:02d}/NQ-HĐND"


def sitting_openings(sittings: list[tuple[int, date, str]], moments: list[datetime]) -> dict[int, datetime]:
    """When each sitting (id, date, 'morning'/'afternoon') opened: the first moment of the session's record
    (local time) in its half-day. A sitting with none in it was not held and is left out."""
    opened: dict[int, datetime] = {}
    for sid, day, part in sittings:
        inside = [m for m in moments if m.date() == day and (m.time() < NOON) == (part == "morning")]
        if inside:
            opened[sid] = min(inside)
    return opened


def attendance_at(marks: list[tuple[datetime, int, str, str]], moment: datetime, delegates: list[int]) -> dict:
    """Each delegate's (status, reason) at `moment`, from the attendance marks (at, user id, status, reason)
    made before it; a delegate never marked is absent."""
    state = {uid: ("absent", "") for uid in delegates}
    for at, uid, status, reason in sorted(marks, key=lambda m: m[0]):
        if at <= moment and uid in state:
            state[uid] = (status, reason)
    return state
