"""The pure rules of questioning: late answers at the end of the deadline day in Vietnam, overdue slips and
commitments, which earlier commitments a meeting lists."""
from datetime import UTC, date, datetime

from server.questioning import rules

DEADLINE = date(2026, 12, 10)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_a_written_answer_is_late_after_the_deadline_day_ends_in_vietnam():
    # the day ends at 24:00 in Hanoi, 17:00 UTC
    assert not rules.late(utc(2026, 12, 10, 16, 59, 59), DEADLINE)
    assert rules.late(utc(2026, 12, 10, 17, 0, 0), DEADLINE)
    assert not rules.late(utc(2026, 12, 9, 23, 0), DEADLINE)  # 06:00 on the 10th in Hanoi
    assert not rules.late(None, DEADLINE) and not rules.late(utc(2030, 1, 1), None)


def test_today_is_vietnams_day():
    assert rules.today_vn(utc(2026, 12, 10, 16, 59)) == date(2026, 12, 10)
    assert rules.today_vn(utc(2026, 12, 10, 17, 0)) == date(2026, 12, 11)


def test_an_unanswered_slip_is_overdue_once_its_deadline_day_is_over():
    assert not rules.slip_overdue("selected", DEADLINE, False, DEADLINE)
    assert rules.slip_overdue("selected", DEADLINE, False, date(2026, 12, 11))
    assert not rules.slip_overdue("answered", DEADLINE, True, date(2026, 12, 11))
    assert not rules.slip_overdue("withdrawn", DEADLINE, False, date(2026, 12, 11))
    assert not rules.slip_overdue("submitted", None, False, date(2026, 12, 11))


def test_a_commitment_is_overdue_while_open_after_its_deadline():
    assert rules.commitment_overdue("open", DEADLINE, date(2026, 12, 11))
    assert not rules.commitment_overdue("open", DEADLINE, DEADLINE)
    assert not rules.commitment_overdue("done", DEADLINE, date(2027, 1, 1))


def test_withdrawing_ends_at_selection():
    assert [s for s in rules.SLIP_STATUSES if rules.can_withdraw(s)] == ["submitted", "grouped"]


def test_a_floor_requests_subject_is_the_start_of_the_slip():
    assert rules.subject("  Tiến độ   đường tỉnh 295 ") == "Tiến độ đường tỉnh 295"
    long = "chữ " * 100
    cut = rules.subject(long)
    assert len(cut) <= rules.SUBJECT_CHARS and cut.endswith("…") and not cut.endswith(" …")


def test_which_earlier_commitments_a_meeting_lists():
    meeting, previous = date(2027, 3, 1), date(2026, 12, 1)

    def listed(made_on, status="open", done_on=None, made_here=False, prev=previous):
        return rules.listed_at_meeting(made_on, made_here, status, done_on, meeting, prev)

    assert listed(date(2026, 12, 1))  # open, made at the previous meeting
    assert listed(date(2025, 6, 1))  # still open from long ago
    assert not listed(date(2026, 12, 1), made_here=True)  # made at this meeting
    assert not listed(date(2027, 3, 2))  # made after it
    assert listed(date(2026, 12, 1), "done", date(2027, 1, 15))  # done since the previous meeting
    assert not listed(date(2025, 6, 1), "done", date(2026, 6, 1))  # done before it: reported then
    assert listed(date(2025, 6, 1), "done", date(2026, 6, 1), prev=None)  # no previous meeting: every one
