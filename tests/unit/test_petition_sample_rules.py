"""The sample draw (giám sát xác suất) as pure rules: reproducible from seed and population, checked against
the chain entry before it."""
from server.petitions.rules import draw, draw_problems, in_population, round_key

SEED = "ab" * 32


def test_the_draw_depends_on_seed_and_population_only():
    pool = list(range(1, 41))
    picked = draw(SEED, pool, 5)
    assert len(picked) == 5 and len(set(picked)) == 5 and set(picked) <= set(pool)
    assert draw(SEED, list(reversed(pool)) + pool[:3], 5) == picked  # order and repeats of the population do not count
    assert draw(SEED, pool, 8)[:5] == picked  # a bigger sample starts with the smaller one
    assert draw("cd" * 32, pool, 5) != picked
    assert draw(SEED, [3, 1, 2], 10) == draw(SEED, [1, 2, 3], 3) and sorted(draw(SEED, [3, 1, 2], 10)) == [1, 2, 3]
    assert draw(SEED, pool, 0) == []


def test_a_recorded_draw_holds_only_with_its_seed_and_picks():
    good = {"seed": SEED, "population": [4, 8, 15, 16, 23, 42], "size": 2, "picked": draw(SEED, [4, 8, 15, 16, 23, 42], 2)}
    assert draw_problems(SEED, good) == []
    assert draw_problems("ef" * 32, good) == ["its seed is not the hash of the chain entry before it"]
    other = next(c for c in good["population"] if c not in good["picked"])
    assert draw_problems(SEED, {**good, "picked": [other, good["picked"][1]]}) == [
        "its picks are not the draw from its seed over its population"]
    assert draw_problems(SEED, {"seed": SEED}) == ["its picks are not the draw from its seed over its population"]


def test_the_population_is_the_resolved_cases_of_the_filters():
    case = {"status": "resolved", "field": "land", "agency_id": 3}
    assert in_population(case, {})
    assert in_population(case, {"field": "land", "agency_id": None})
    assert not in_population(case, {"field": "health"})
    assert not in_population(case, {"agency_id": 4})
    assert not in_population({**case, "status": "explained"}, {})
    assert not in_population({**case, "status": "reopened"}, {})


def test_a_round_is_one_however_typed():
    assert round_key("Quý IV/2026") == round_key("  quy  iv/2026 ") != round_key("Quý III/2026")
