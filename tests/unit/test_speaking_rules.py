from datetime import datetime, timedelta, timezone

from server.councils.rules import limits
from server.speaking.rules import may_ask_to_discuss, queue_key, remaining_s, speech_kind, timer_state

T0 = datetime(2026, 12, 8, 8, 0, tzinfo=timezone.utc)


def test_limits_default_to_domain_values_and_follow_the_council_profile():
    d = limits(None)
    assert (d["discussion"], d["second"], d["debate"], d["question"], d["answer"], d["explanation"], d["report"]) == \
        (420, 180, 180, 60, 180, 600, 900)
    assert limits({"discussion": 300, "unknown": 5})["discussion"] == 300


def test_first_and_second_speech_and_the_two_speech_limit():
    assert speech_kind("discussion", 0) == "discussion" and speech_kind("discussion", 1) == "second"
    assert speech_kind("question", 3) == "question"
    assert may_ask_to_discuss(0, 0, 0) and may_ask_to_discuss(1, 0, 0)
    assert not may_ask_to_discuss(1, 1, 0) and not may_ask_to_discuss(2, 0, 0)
    assert may_ask_to_discuss(2, 0, 1)


def test_queue_order():
    reqs = [("discussion", False, None, T0, 1), ("discussion", False, None, T0 + timedelta(seconds=5), 2),
            ("debate", False, None, T0 + timedelta(seconds=9), 3), ("procedural", False, None, T0 + timedelta(seconds=20), 4),
            ("question", True, None, T0 + timedelta(seconds=30), 5)]
    order = [r[4] for r in sorted(reqs, key=lambda r: queue_key(*r))]
    assert order == [4, 5, 3, 1, 2]
    moved = [("discussion", False, None, T0, 1), ("discussion", False, 0.5, T0 + timedelta(seconds=5), 2)]
    assert [r[4] for r in sorted(moved, key=lambda r: queue_key(*r))] == [2, 1]  # placed by the chair


def test_timer_counts_down_pauses_and_goes_over():
    assert remaining_s(T0 + timedelta(seconds=100), T0, 420, 0, None, 0) == 320
    assert remaining_s(T0 + timedelta(seconds=100), T0, 420, 60, None, 0) == 380
    paused = T0 + timedelta(seconds=50)
    assert remaining_s(T0 + timedelta(seconds=500), T0, 420, 0, paused, 0) == 370  # frozen while paused
    assert remaining_s(T0 + timedelta(seconds=100), T0, 420, 0, None, 30) == 350  # after a 30 s pause
    assert timer_state(31) == "ok" and timer_state(30) == "warning" and timer_state(0) == "over"
    assert remaining_s(T0 + timedelta(seconds=430), T0, 420, 0, None, 0) == -10
