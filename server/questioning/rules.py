"""The rules of questioning over plain values: the statuses of a slip, when a written answer is late, when a
slip or a commitment is overdue, which earlier commitments a meeting lists. Days are Vietnam's days: a
deadline ends at midnight in Asia/Ho_Chi_Minh."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")

# submitted: written, not yet in a group; grouped: in an issue group; selected: its group was chosen for the
# meeting's questioning; answered: live at the meeting or in writing; withdrawn: by its author, before selection
SLIP_STATUSES = ("submitted", "grouped", "selected", "answered", "withdrawn")
SLIP_STATUS_VI = {"submitted": "Đã gửi", "grouped": "Đã xếp nhóm", "selected": "Được chọn chất vấn",
                  "answered": "Đã trả lời", "withdrawn": "Đã rút"}
COMMITMENT_STATUSES = ("open", "done")
COMMITMENT_STATUS_VI = {"open": "Đang thực hiện", "done": "Đã hoàn thành"}
WITHDRAWABLE = ("submitted", "grouped")  # the author may take a slip back until its group is selected
GROUPABLE = ("submitted", "grouped", "selected")  # what a group may hold (an answered one stays where it is)
SUBJECT_CHARS = 120  # the start of a slip's text that its floor request shows


def today_vn(now: datetime) -> date:
    """The day it is in Vietnam at the moment `now` (an aware datetime)."""
    return now.astimezone(VN).date()


def deadline_end(deadline: date) -> datetime:
    """The moment a deadline day ends in Vietnam, in UTC."""
    return datetime.combine(deadline + timedelta(days=1), time(0), VN).astimezone(UTC)


def late(answered_at: datetime | None, deadline: date | None) -> bool:
    """A written answer is late when it came after the end of its deadline day (Vietnam time)."""
    return answered_at is not None and deadline is not None and answered_at >= deadline_end(deadline)


def slip_overdue(status: str, deadline: date | None, answered: bool, today: date) -> bool:
    """A slip asked to be answered in writing is flagged once its deadline day is over without an answer."""
    return deadline is not None and not answered and status != "withdrawn" and deadline < today


def commitment_overdue(status: str, deadline: date, today: date) -> bool:
    """A commitment still open after its deadline day."""
    return status == "open" and deadline < today


def can_withdraw(status: str) -> bool:
    return status in WITHDRAWABLE


def subject(text: str) -> str:
    """The start of a slip's text, for its floor request: whole words, an ellipsis if cut."""
    text = " ".join(text.split())
    if len(text) <= SUBJECT_CHARS:
        return text
    cut = text[:SUBJECT_CHARS - 1].rsplit(" ", 1)[0] or text[:SUBJECT_CHARS - 1]
    return cut + "…"


def listed_at_meeting(made_on: date, made_here: bool, status: str, done_on: date | None, meeting_start: date,
                      previous_start: date | None) -> bool:
    """Whether a meeting's questioning lists an earlier commitment: one made before the meeting (not at it)
    that is still open, or that was done since the previous meeting began (all done ones if there was none)."""
    if made_here or made_on > meeting_start:
        return False
    if status == "open":
        return True
    return done_on is not None and (previous_start is None or done_on >= previous_start)
