"""What a meeting's kind decides, as pure rules: the group that sits it, what its number counts, its quorum."""
from __future__ import annotations

import pytest

from server.attendance.rules import quorum_met, required_for_quorum, summary
from server.sessions.rules import (
    group_refused,
    is_meeting,
    next_number,
    quorum_rule,
    series_of,
)


@pytest.mark.parametrize("kind", ["regular", "thematic", "extraordinary"])
def test_a_plenary_session_counts_in_one_series_and_keeps_the_councils_fraction(kind):
    assert not is_meeting(kind)
    assert series_of(kind, None) == "session"
    assert quorum_rule(kind, 2, 3) == (2, 3, False)
    assert group_refused(kind, None, None) is None
    assert group_refused(kind, 4, "standing") is not None  # a kỳ họp has no group


@pytest.mark.parametrize("kind, group_kind", [("standing", "standing"), ("explanation", "standing"),
                                              ("giao_ban", "standing"), ("committee", "committee")])
def test_a_meeting_needs_its_kind_of_group_and_counts_per_kind_and_group(kind, group_kind):
    assert is_meeting(kind)
    assert series_of(kind, 7) == f"{kind}:7" != series_of(kind, 8)
    assert group_refused(kind, 7, group_kind) is None
    assert group_refused(kind, None, None) is not None  # no group
    assert group_refused(kind, 7, None) is not None  # not a group of the council
    wrong = "committee" if group_kind == "standing" else "standing"
    assert group_refused(kind, 7, wrong) is not None
    assert group_refused(kind, 7, "delegate_group") is not None


def test_a_meetings_quorum_is_more_than_half_of_its_group():
    num, den, strict = quorum_rule("standing", 2, 3)
    assert (num, den, strict) == (1, 2, True)
    # 3 members: 2 needed; 4 members: 3 (half is not more than half); 5: 3
    assert [required_for_quorum(n, num, den, strict) for n in (1, 2, 3, 4, 5, 6)] == [1, 2, 2, 3, 3, 4]
    assert quorum_met(2, 4, num, den, strict) is False
    assert quorum_met(3, 4, num, den, strict) is True
    assert quorum_met(0, 0, num, den, strict) is False  # a group of nobody never meets
    assert summary(2, 3, num, den, strict) == {"present": 2, "total": 3, "absent": 1, "required": 2, "quorum_met": True}


def test_the_plenary_fraction_is_still_at_least_two_thirds():
    assert required_for_quorum(30, 2, 3) == 20 and quorum_met(20, 30, 2, 3)
    assert required_for_quorum(30, 1, 2) == 15  # "at least half" where a council sets 1/2: not strict


def test_the_next_number_follows_the_highest_taken():
    assert next_number(set()) == 1
    assert next_number({1, 2, 5}) == 6
