import pytest

from server.voting.rules import (
    PRESETS,
    Rule,
    answer_result,
    confidence_result,
    election_result,
    meets,
    needs_small_electorate_warning,
    percent,
    ballot_bits,
    ballot_questions,
    counts_by_choice,
)

RES, DISMISS, PROC = PRESETS["resolution"], PRESETS["dismissal"], PRESETS["procedural"]


@pytest.mark.parametrize("yes,passed", [(25, False), (26, True), (50, True), (0, False)])
def test_resolution_needs_more_than_half_of_all_delegates(yes, passed):
    assert meets(yes, 50, RES) is passed


@pytest.mark.parametrize("yes,passed", [(33, False), (34, True), (32, False)])
def test_dismissal_needs_two_thirds_of_all(yes, passed):
    assert meets(yes, 50, DISMISS) is passed


def test_two_thirds_at_least_is_inclusive_when_exact():
    assert meets(20, 30, DISMISS) and not meets(19, 30, DISMISS)
    assert not meets(20, 30, Rule("all", 2, 3, True))  # strictly more than two-thirds


def test_threshold_is_against_all_not_present():
    """30 of 50 present, all 30 for but... 26 for of 50 passes, 25 fails, even if everyone present agreed."""
    r = answer_result({"for": 25, "against": 0, "abstain": 0}, total=50, present=25, rule=RES)
    assert r["passed"] is False and r["answers"]["for"]["text"] == "25/50 — 50,00%"
    r = answer_result({"for": 26, "against": 2, "abstain": 1}, total=50, present=30, rule=RES)
    assert r["passed"] is True
    assert (r["cast"], r["did_not_vote"], r["absent"]) == (29, 1, 20)
    assert r["answers"]["for"]["text"] == "26/50 — 52,00%"


def test_other_bases():
    r = answer_result({"for": 16, "against": 14}, total=50, present=30, rule=PROC)
    assert r["base"] == 30 and r["passed"] is True
    r = answer_result({"for": 10, "against": 9, "abstain": 2}, total=50, present=30, rule=Rule("cast", 1, 2, True))
    assert r["base"] == 21 and r["passed"] is False  # 10 of 21 is not more than half


def test_percent_rounding_and_format():
    assert percent(45, 50) == "90,00"
    assert percent(1, 3) == "33,33"
    assert percent(2, 3) == "66,67"
    assert percent(1, 8) == "12,50"
    assert percent(1, 200) == "0,50"
    assert percent(0, 0) == "0,00"


def test_election_more_than_half_of_all_and_most_votes():
    r = election_result({1: 40, 2: 30, 3: 26, 4: 25}, seats=2, total=50, present=45, cast=45)
    candidates = {c["option_id"]: c for c in r["candidates"]}
    assert r["elected"] == [1, 2] and r["tie"] is False and not r["new_round_needed"]
    assert candidates[3]["qualified"] and not candidates[3]["elected"]
    assert not candidates[4]["qualified"]  # 25 of 50 is not more than half


def test_election_tie_for_last_seat_needs_new_round():
    r = election_result({1: 40, 2: 30, 3: 30}, seats=2, total=50, present=50, cast=50)
    assert r["elected"] == [1] and r["tie"] is True and sorted(r["tied"]) == [2, 3] and r["new_round_needed"]


def test_election_too_few_qualified():
    r = election_result({1: 26, 2: 20}, seats=2, total=50, present=50, cast=50)
    assert r["elected"] == [1] and r["new_round_needed"] and r["tie"] is False


def test_confidence_flags():
    r = confidence_result({7: {"high": 10, "medium": 14, "low": 26}, 8: {"high": 10, "medium": 6, "low": 34},
                           9: {"high": 30, "medium": 15, "low": 25}}, total=50, present=50, cast=50)
    r["people"] = {p["option_id"]: p for p in r["people"]}
    assert r["people"][7]["low_over_half"] and not r["people"][7]["low_two_thirds"]
    assert r["people"][8]["low_two_thirds"]
    assert not r["people"][9]["low_over_half"]
    assert r["people"][8]["low"]["text"] == "34/50 — 68,00%"


def test_ballot_shapes():
    """What an encrypted ballot must prove, per kind: one answer; at most `seats` names; one level each."""
    assert ballot_questions("secret", 0, None) == [(3, 1, 1)]
    assert ballot_questions("election", 4, 2) == [(4, 0, 2)]
    assert ballot_questions("confidence", 2, None) == [(3, 1, 1), (3, 1, 1)]
    assert ballot_bits("secret", "against", []) == [[0, 1, 0]]
    assert ballot_bits("election", [3, 1], [1, 2, 3, 4]) == [[1, 0, 1, 0]]
    assert ballot_bits("confidence", {"7": "low", "8": "high"}, [7, 8]) == [[0, 0, 1], [1, 0, 0]]
    assert counts_by_choice("secret", [[5, 2, 1]], []) == {"for": 5, "against": 2, "abstain": 1}
    assert counts_by_choice("election", [[4, 0]], [11, 12]) == {11: 4, 12: 0}
    assert counts_by_choice("confidence", [[1, 2, 3]], [7]) == {7: {"high": 1, "medium": 2, "low": 3}}


def test_small_secret_electorate_warning():
    assert needs_small_electorate_warning("secret", 15)
    assert not needs_small_electorate_warning("open", 15)
    assert not needs_small_electorate_warning("election", 50)


def test_poll_spec_builds_the_rule_and_refuses_contradictions():
    import pytest

    from server.errors import ApiError
    from server.voting.rules import poll_spec
    assert poll_spec("open", [], None, None).rule == PRESETS["resolution"]
    assert poll_spec("open", [], None, None, num=2, den=3, strict=False).rule == Rule("all", 2, 3, False)
    assert poll_spec("open", [], None, "dismissal", base="all").rule == PRESETS["dismissal"]
    assert poll_spec("election", ["A", "B"], None, None).seats == 1
    for args, kw, field in [(("open", [], None, "resolution"), {"base": "present"}, "preset"),
                            (("election", ["A"], None, "procedural"), {}, "preset"),
                            (("confidence", ["A"], None, None), {"strict": False}, "rule_base"),
                            (("open", [], None, None), {"num": 3, "den": 2}, "rule_num"),
                            (("secret", ["A"], None, None), {}, "options"),
                            (("election", ["A"], 2, None), {}, "seats")]:
        with pytest.raises(ApiError) as err:
            poll_spec(*args, **kw)
        assert err.value.status == 422 and err.value.details["field"] == field
