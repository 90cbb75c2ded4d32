"""The shared vectors of the encrypted-ballot protocol (docs/ballots.md), tests/vectors/ballots.json: they are
what tests/vectors/make_vectors.py builds from the Python reference today; Python verifies every positive
vector and refuses every forgery; the tablet's copy (client/src/ballots/) reproduces them byte for byte
(client/tests/vectors.test.mjs, run from here) and what it makes with fresh randomness checks out here."""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from server.voting import elgamal as eg
from server.voting import threshold as th

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors" / "ballots.json"
V = json.loads(VECTORS.read_text())
C = V["ceremony"]


def _make_vectors():
    spec = importlib.util.spec_from_file_location("make_vectors", ROOT / "tests" / "vectors" / "make_vectors.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _qs(questions) -> list[tuple[int, int, int]]:
    return [tuple(q) for q in questions]


def _deals(obj: dict) -> dict[int, dict]:
    return {int(i): v.get("deal", v) for i, v in obj.items()}


def test_the_committed_vectors_are_what_make_vectors_builds():
    mv = _make_vectors()
    assert mv.dump(mv.build()) == VECTORS.read_text(), "run .venv/bin/python tests/vectors/make_vectors.py"


def test_python_checks_the_ceremony():
    members = [int(j) for j in C["transport"]]
    deals = _deals(C["deals"])
    for d in deals.values():
        th.check_deal(C["context"], C["k"], members, d)
    for j, m in C["members"].items():
        assert eg.hx(th.receive(C["context"], int(j), eg.scalar(C["transport"][j]["x"]), deals)) == m["share"]
        assert eg.hx(th.verification_key(deals, int(j))) == m["verification_key"]
        th.check_knowledge(C["context"], eg.point(m["verification_key"]), m["proof"])
    assert eg.hx(th.public_key(deals)) == C["public_key"]


def test_python_checks_ballots_and_tallies():
    y = eg.point(C["public_key"])
    by_name = {b["name"]: b for b in V["ballots"]}
    for b in V["ballots"]:
        eg.verify_ballot(b["context"], y, _qs(b["questions"]), b["ballot"])
        assert eg.tracker(b["context"], b["ballot"]) == b["tracker"]
    for t in V["tallies"]:
        cts = [eg.verify_ballot(t["context"], y, _qs(t["questions"]), by_name[n]["ballot"]) for n in t["ballots"]]
        assert eg.aggregate(_qs(t["questions"]), cts) == t["aggregate"]
        for j, p in t["partials"].items():
            th.check_partial(t["context"], eg.point(C["members"][j]["verification_key"]), t["aggregate"], p["partial"])
        for group, counts in t["combined"].items():
            partials = {int(j): t["partials"][j]["partial"] for j in group.split(",")}
            assert th.combine(t["aggregate"], partials, len(t["ballots"])) == counts


@pytest.mark.parametrize("n", V["negative"], ids=[n["name"] for n in V["negative"]])
def test_python_refuses_the_forgeries(n):
    run = {
        "ballot": lambda: eg.verify_ballot(n["context"], eg.point(C["public_key"]), _qs(n["questions"]), n["ballot"]),
        "partial": lambda: th.check_partial(n["context"], eg.point(n["verification_key"]), n["aggregate"], n["partial"]),
        "receive": lambda: th.receive(n["context"], n["me"], eg.scalar(n["x"]), _deals(n["deals"])),
        "deal": lambda: th.check_deal(n["context"], n["k"], n["members"], n["deal"]),
    }[n["type"]]
    with pytest.raises(eg.ProofError) as e:
        run()
    assert str(e.value) == n["error"]


@pytest.mark.parametrize("n", V["noncanonical"], ids=[n["name"] for n in V["noncanonical"]])
def test_python_refuses_a_respelt_ballot(n):
    """A copy of a ballot with a value spelt otherwise (uppercase) would get a new tracker: refused."""
    with pytest.raises(eg.ProofError):
        eg.verify_ballot(n["context"], eg.point(C["public_key"]), _qs(n["questions"]), n["ballot"])


def test_javascript_reproduces_the_vectors_and_python_checks_its_own(tmp_path):
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed: the tablet's side (client/tests/vectors.test.mjs) cannot run")
    if not (ROOT / "client" / "node_modules" / "@noble" / "curves").is_dir():
        pytest.skip("client/node_modules is missing (cd client && npm ci): the tablet's side cannot run")
    out = tmp_path / "js_vectors.json"
    proc = subprocess.run([node, "--test", "client/tests/vectors.test.mjs"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "KYHOP_JS_VECTORS_OUT": str(out)})
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    js = json.loads(out.read_text())

    cer, poll = js["ceremony"], js["poll"]
    members = [int(j) for j in cer["transport"]]
    deals = _deals(cer["deals"])
    for d in deals.values():
        th.check_deal(cer["context"], cer["k"], members, d)
    shares = {}
    for j, t in cer["transport"].items():
        x = eg.scalar(t["x"])
        assert eg.hx(eg.base(x)) == t["X"]
        shares[int(j)] = th.receive(cer["context"], int(j), x, deals)  # opens what JavaScript encrypted
        assert eg.hx(shares[int(j)]) == cer["members"][j]["share"]
        vk = th.verification_key(deals, int(j))
        assert eg.hx(vk) == cer["members"][j]["verification_key"]
        th.check_knowledge(cer["context"], vk, cer["members"][j]["proof"])
    y = th.public_key(deals)
    assert eg.hx(y) == cer["public_key"]

    qs = _qs(poll["questions"])
    cts = [eg.verify_ballot(poll["context"], y, qs, b) for b in poll["ballots"]]
    assert [eg.tracker(poll["context"], b) for b in poll["ballots"]] == poll["trackers"]
    agg = eg.aggregate(qs, cts)
    assert agg == poll["aggregate"]
    for j, part in poll["partials"].items():
        th.check_partial(poll["context"], th.verification_key(deals, int(j)), agg, part)
    limit = len(poll["ballots"])
    assert th.combine(agg, {int(j): p for j, p in poll["partials"].items()}, limit) == poll["counts"]
    # Python's own partial decryptions by two of the three members give the same counts.
    for group in ([1, 2], [2, 3]):
        ours = {j: th.partial_decrypt(poll["context"], shares[j], agg) for j in group}
        assert th.combine(agg, ours, limit) == poll["counts"]
