"""Archive rules: resolution numbers, the heading of an official document (Nghị định 30/2020/NĐ-CP),
attendance at the opening of each sitting replayed from the record."""
from __future__ import annotations

from datetime import date, datetime, time

LEVELS = ("tỉnh", "thành phố", "xã", "phường", "đặc khu", "huyện", "quận", "thị xã")
NOON = time(12, 0)


def resolution_code(number: int, year: int, normative: bool) -> str:
    """'Số: 12/NQ-HĐND' for an individual resolution, 'Số: 06/2025/NQ-HĐND' for a normative one; numbers
    below 10 with two digits as practice writes them ('Số: 01/NQ-HĐND')."""
    return f"Số: {number:02d}/{year}/NQ-HĐND" if normative else f"Số: {number:02d}/NQ-HĐND"


def issuer_lines(council_name: str) -> list[str]:
    """The issuing body as the heading's left column prints it, upper-case: 'HỘI ĐỒNG NHÂN DÂN' over
    'TỈNH VÂN SƠN' for 'Hội đồng nhân dân tỉnh Vân Sơn'; any other name on one line."""
    prefix = "hội đồng nhân dân "
    if council_name.lower().startswith(prefix) and len(council_name) > len(prefix):
        return ["HỘI ĐỒNG NHÂN DÂN", council_name[len(prefix):].upper()]
    return [council_name.upper()]


def place_of(council_name: str) -> str:
    """The place of the date line: 'Vân Sơn' for 'Hội đồng nhân dân tỉnh Vân Sơn' or 'HĐND tỉnh Vân Sơn'."""
    lowered = council_name.lower()
    for level in sorted(LEVELS, key=len, reverse=True):
        at = lowered.find(f" {level} ")
        if at >= 0:
            return council_name[at + len(level) + 2:].strip()
    return council_name


def date_line(place: str, day: date) -> str:
    """'Vân Sơn, ngày 10 tháng 12 năm 2026': day and month with two digits (NĐ 30/2020: 01–09 and 01–02
    are written with a leading zero)."""
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


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
