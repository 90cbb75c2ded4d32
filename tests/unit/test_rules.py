from datetime import datetime, timedelta, timezone

import pytest

from server.accounts.rules import can, login_blocked
from server.agenda.rules import Node, descendants, flatten, move, numbering, step
from server.attendance.rules import quorum_met, required_for_quorum, summary

TREE = [Node(1, None, 0), Node(2, None, 1), Node(3, 2, 0), Node(4, 2, 1), Node(5, None, 2), Node(6, 4, 0)]


def test_flatten_is_depth_first_by_position():
    assert flatten(TREE) == [1, 2, 3, 4, 6, 5]
    shuffled = [Node(5, None, 2), Node(1, None, 0), Node(4, 2, 1), Node(6, 4, 0), Node(3, 2, 0), Node(2, None, 1)]
    assert flatten(shuffled) == [1, 2, 3, 4, 6, 5]


def test_numbering_like_a_printed_agenda():
    assert numbering(TREE) == {1: "1", 2: "2", 3: "2.1", 4: "2.2", 6: "2.2.1", 5: "3"}


def test_step_walks_reading_order_and_clamps():
    order = flatten(TREE)
    assert step(order, 2, +1) == 3
    assert step(order, 6, +1) == 5
    assert step(order, 5, +1) == 5
    assert step(order, 1, -1) == 1
    assert step(order, None, 0) == 1
    assert step([], None, 1) is None


def test_move_within_siblings_and_to_new_parent():
    assert move(TREE, 5, None, 0) == {5: (None, 0), 1: (None, 1), 2: (None, 2)}
    changed = move(TREE, 3, 4, 5)  # index beyond the end appends
    assert changed[3] == (4, 1)
    assert changed[4] == (2, 0)  # closes the gap left behind


def test_move_refuses_cycles():
    assert descendants(TREE, 2) == {3, 4, 6}
    with pytest.raises(ValueError):
        move(TREE, 2, 6, 0)
    with pytest.raises(ValueError):
        move(TREE, 2, 2, 0)


@pytest.mark.parametrize("present,total,ok", [(34, 50, True), (33, 50, False), (10, 15, True), (9, 15, False),
                                              (0, 0, False), (2, 3, True)])
def test_quorum_is_two_thirds_of_all_delegates(present, total, ok):
    assert quorum_met(present, total, 2, 3) is ok
    assert (present >= required_for_quorum(total, 2, 3)) is ok or total == 0


def test_required_for_quorum_uses_integer_arithmetic():
    assert required_for_quorum(50, 2, 3) == 34
    assert required_for_quorum(95, 2, 3) == 64
    assert required_for_quorum(30, 2, 3) == 20
    assert required_for_quorum(7, 1, 2) == 4
    assert summary(20, 30, 2, 3) == {"present": 20, "total": 30, "absent": 10, "required": 20, "quorum_met": True}


def test_permissions():
    assert can("chair", "session.control") and not can("delegate", "session.control")
    assert not can("secretary", "session.control") and can("secretary", "attendance.manage")
    assert can("secretary", "members.manage") and not can("chair", "members.manage")
    assert not can("guest", "attendance.check_in") and not can("display", "attendance.check_in")


def test_login_blocked_after_max_failures_in_window():
    now = datetime(2026, 11, 22, 8, 0, tzinfo=timezone.utc)
    fails = [now - timedelta(seconds=s) for s in (10, 20, 30, 40)]
    assert login_blocked(fails, now, 5, 600) == 0
    fails.append(now - timedelta(seconds=50))
    assert login_blocked(fails, now, 5, 600) == 550  # until the oldest of the last five leaves the window
    old = [now - timedelta(seconds=700 + s) for s in range(10)]
    assert login_blocked(old, now, 5, 600) == 0


def test_resolution_codes():
    from server.archive.rules import resolution_code
    assert resolution_code(12, 2026, False) == "Số: 12/NQ-HĐND"
    assert resolution_code(6, 2025, True) == "Số: 06/2025/NQ-HĐND"
    assert resolution_code(1, 2026, False) == "Số: 01/NQ-HĐND"  # two digits, as practice writes them
    assert resolution_code(123, 2026, False) == "Số: 123/NQ-HĐND"


def test_official_heading_of_a_council():
    from datetime import date

    from server.documents.official import date_line, issuer_lines, place_of
    assert issuer_lines("Hội đồng nhân dân tỉnh Vân Sơn") == ["HỘI ĐỒNG NHÂN DÂN", "TỈNH VÂN SƠN"]
    assert issuer_lines("HĐND xã A") == ["HĐND XÃ A"]
    assert place_of("Hội đồng nhân dân tỉnh Vân Sơn") == "Vân Sơn"
    assert place_of("Hội đồng nhân dân thành phố Hà Nội") == "Hà Nội"
    assert place_of("HĐND xã A") == "A"
    assert date_line("Vân Sơn", date(2026, 3, 5)) == "Vân Sơn, ngày 05 tháng 03 năm 2026"


def test_attendance_at_the_opening_of_each_sitting():
    from datetime import date, datetime

    from server.archive.rules import attendance_at, sitting_openings
    sittings = [(1, date(2026, 12, 8), "morning"), (2, date(2026, 12, 8), "afternoon"), (3, date(2026, 12, 9), "morning")]
    moments = [datetime(2026, 12, 8, 7, 30), datetime(2026, 12, 8, 9), datetime(2026, 12, 8, 13, 45)]
    assert sitting_openings(sittings, moments) == {1: datetime(2026, 12, 8, 7, 30), 2: datetime(2026, 12, 8, 13, 45)}
    marks = [(datetime(2026, 12, 8, 7, 20), 10, "present", ""), (datetime(2026, 12, 8, 7, 25), 11, "excused", "Ốm"),
             (datetime(2026, 12, 8, 13, 0), 12, "present", ""), (datetime(2026, 12, 8, 13, 5), 11, "present", "")]
    assert attendance_at(marks, datetime(2026, 12, 8, 7, 30), [10, 11, 12]) == {
        10: ("present", ""), 11: ("excused", "Ốm"), 12: ("absent", "")}
    assert attendance_at(marks, datetime(2026, 12, 8, 13, 45), [10, 11, 12])[11] == ("present", "")


def test_partial_updates_nulls():
    from server.validation import Field, parse
    spec = {"title": Field("text", required=True), "note": Field("text"), "ref": Field("id"), "n": Field("int"),
            "flag": Field("bool")}
    assert parse(spec, {"note": None, "ref": None, "n": None, "flag": None}, partial=True) == {"note": "", "ref": None}
    with pytest.raises(Exception):
        parse(spec, {"title": None}, partial=True)
    assert parse(spec, {"title": " T "}, partial=True) == {"title": "T"}
