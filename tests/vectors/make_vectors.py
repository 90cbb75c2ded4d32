"""Builds tests/vectors/ballots.json: the encrypted-ballot protocol (docs/ballots.md) run by the Python
reference (server/voting/elgamal.py, threshold.py) with deterministic randomness, so that the tablet's
copy (client/src/ballots/) can reproduce every value byte for byte and both refuse the same forgeries.

Randomness comes from named streams: scalar number i of stream `seed` is
SHA-512("kyhop/v1/vector|<seed>|<i>") read little-endian mod q, nonce number i is
SHA-256("kyhop/v1/nonce|<seed>|<i>")[:24]; each vector names the stream it used.

    .venv/bin/python tests/vectors/make_vectors.py      # rewrites the file
tests/unit/test_ballot_vectors.py checks the committed file is what this builds.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "ballots.json"
sys.path.insert(0, str(ROOT))

import pysodium as na  # noqa: E402

from server.voting import elgamal as eg  # noqa: E402
from server.voting import threshold as th  # noqa: E402


class Stream:
    """The deterministic stand-in for a tablet's randomness (same definition in client/tests/vectors.test.mjs)."""

    def __init__(self, seed: str):
        self.seed, self.i, self.n = seed, 0, 0

    def scalar(self) -> int:
        data = f"kyhop/v1/vector|{self.seed}|{self.i}".encode()
        self.i += 1
        return int.from_bytes(hashlib.sha512(data).digest(), "little") % eg.Q

    def nonce(self) -> bytes:
        data = f"kyhop/v1/nonce|{self.seed}|{self.n}".encode()
        self.n += 1
        return hashlib.sha256(data).digest()[:24]


CEREMONY = "ceremony:3:12"
N = 3
K = th.threshold(N)
OTHER_POLL = "poll:44:3"

# Each poll: its context, kind, options and ballots (name, the choice as the screen gives it, the expected
# 0/1 lists — written out by hand so that they pin the tablet's plainFor too).
POLLS = [
    {"name": "secret", "context": "poll:41:3", "kind": "secret", "option_ids": [], "seats": None, "ballots": [
        ("secret-for", "for", [[1, 0, 0]]),
        ("secret-abstain", "abstain", [[0, 0, 1]]),
        ("secret-against", "against", [[0, 1, 0]]),
        ("secret-for-again", "for", [[1, 0, 0]]),
    ]},
    {"name": "election", "context": "poll:42:3", "kind": "election", "option_ids": [101, 102, 103, 104], "seats": 2,
     "ballots": [
         ("election-none", [], [[0, 0, 0, 0]]),
         ("election-one", [103], [[0, 0, 1, 0]]),
         ("election-two", [104, 101], [[1, 0, 0, 1]]),
     ]},
    {"name": "confidence", "context": "poll:43:3", "kind": "confidence", "option_ids": [201, 202, 203], "seats": None,
     "ballots": [
         ("confidence-a", {"201": "high", "202": "low", "203": "medium"}, [[1, 0, 0], [0, 0, 1], [0, 1, 0]]),
         ("confidence-b", {"201": "high", "202": "medium", "203": "low"}, [[1, 0, 0], [0, 1, 0], [0, 0, 1]]),
     ]},
]
COMBINE = [[1, 3], [2, 3]]


def questions_for(kind: str, n: int, seats: int | None) -> list[list[int]]:
    return {"secret": [[3, 1, 1]], "election": [[n, 0, seats]], "confidence": [[3, 1, 1]] * n}[kind]


def ceremony() -> tuple[dict, dict[int, int], str]:
    transport, xs = {}, {}
    for j in range(1, N + 1):
        seed = f"transport:{j}"
        x, X = th.transport_key(Stream(seed).scalar)
        xs[j] = x
        transport[str(j)] = {"stream": seed, "x": eg.hx(x), "X": X}
    deals = {}
    for i in range(1, N + 1):
        s = Stream(f"deal:{i}")
        deals[i] = th.deal(CEREMONY, i, K, {j: t["X"] for j, t in ((int(j), t) for j, t in transport.items())},
                           s.scalar, s.nonce)
    for d in deals.values():
        th.check_deal(CEREMONY, K, list(range(1, N + 1)), d)
    shares = {j: th.receive(CEREMONY, j, xs[j], deals) for j in range(1, N + 1)}
    y = th.public_key(deals)
    members = {}
    for j, s_j in shares.items():
        vk = th.verification_key(deals, j)
        assert eg.base(s_j) == vk
        seed = f"share-proof:{j}"
        proof = th.prove_share(CEREMONY, s_j, Stream(seed).scalar)
        th.check_knowledge(CEREMONY, vk, proof)
        members[str(j)] = {"share": eg.hx(s_j), "verification_key": eg.hx(vk), "stream": seed, "proof": proof}
    out = {"context": CEREMONY, "n": N, "k": K, "transport": transport,
           "deals": {str(i): {"stream": f"deal:{i}", "deal": d} for i, d in deals.items()},
           "members": members, "public_key": eg.hx(y)}
    return out, shares, eg.hx(y)


def polls(shares: dict[int, int], y_hex: str) -> tuple[list[dict], list[dict]]:
    y = eg.point(y_hex)
    ballots, tallies = [], []
    for poll in POLLS:
        qs = questions_for(poll["kind"], len(poll["option_ids"]), poll["seats"])
        cts, names = [], []
        for name, choice, plain in poll["ballots"]:
            seed = f"ballot:{name}"
            b = eg.encrypt_ballot(poll["context"], y, [tuple(q) for q in qs], plain, Stream(seed).scalar)
            cts.append(eg.verify_ballot(poll["context"], y, [tuple(q) for q in qs], b))
            names.append(name)
            ballots.append({"name": name, "poll": poll["name"], "context": poll["context"], "kind": poll["kind"],
                            "choice": choice, "option_ids": poll["option_ids"], "seats": poll["seats"],
                            "questions": qs, "plain": plain, "stream": seed, "ballot": b,
                            "tracker": eg.tracker(poll["context"], b)})
        agg = eg.aggregate([tuple(q) for q in qs], cts)
        partials = {}
        for j, s_j in shares.items():
            seed = f"partial:{poll['name']}:{j}"
            part = th.partial_decrypt(poll["context"], s_j, agg, Stream(seed).scalar)
            th.check_partial(poll["context"], eg.base(s_j), agg, part)
            partials[str(j)] = {"stream": seed, "partial": part}
        expected = [[sum(col) for col in zip(*(plain[q] for _, _, plain in poll["ballots"]))] for q in range(len(qs))]
        combined = {}
        for group in COMBINE:
            counts = th.combine(agg, {j: partials[str(j)]["partial"] for j in group}, len(names))
            assert counts == expected, (poll["name"], group, counts, expected)
            combined[",".join(map(str, group))] = counts
        tallies.append({"poll": poll["name"], "context": poll["context"], "questions": qs, "ballots": names,
                        "aggregate": agg, "partials": partials, "combined": combined})
    return ballots, tallies


# --- forgeries both sides must refuse ------------------------------------------------------------------
def _forged_ballot(context: str, y: bytes, bits: list[int], overall_values: list[int], overall_index: int,
                   seed: str) -> dict:
    """Ciphertexts of `bits` (any integers), each "proven" to be 0 or 1 by claiming the nearest branch, and
    an overall proof for `overall_values` claiming `overall_index`: a proof that lies does not verify."""
    s = Stream(seed)
    rs = [s.scalar() for _ in bits]
    cts = [eg.encrypt(y, m, r) for m, r in zip(bits, rs)]
    individual = [eg.prove_in(context, y, a, b, r, [0, 1], 1 if m >= 1 else 0, s.scalar)
                  for (a, b), r, m in zip(cts, rs, bits)]
    sa, sb = eg._sum(cts)
    overall = eg.prove_in(context, y, sa, sb, sum(rs) % eg.Q, overall_values, overall_index, s.scalar)
    return {"answers": [{"choices": [[eg.hx(a), eg.hx(b)] for a, b in cts], "individual": individual,
                         "overall": overall}]}


def _error(fn) -> str:
    try:
        fn()
    except eg.ProofError as e:
        return str(e)
    raise AssertionError("a forgery was accepted")


def negatives(cer: dict, shares: dict[int, int], xs: dict[int, int], y_hex: str, ballots: list[dict],
              tallies: list[dict]) -> list[dict]:
    y = eg.point(y_hex)
    out = []

    def ballot_case(name, what, context, questions, b):
        err = _error(lambda: eg.verify_ballot(context, y, [tuple(q) for q in questions], b))
        out.append({"name": name, "what": what, "type": "ballot", "context": context, "questions": questions,
                    "ballot": b, "error": err})

    sec, elec = POLLS[0]["context"], POLLS[1]["context"]
    # 2 and −1 sum to 1: the overall proof is true, only the individual proofs stop it.
    b = _forged_ballot(sec, y, [2, -1, 0], [1], 0, "forged:two")
    ans = b["answers"][0]
    sa, sb = eg._sum([(eg.point(a), eg.point(b_)) for a, b_ in ans["choices"]])
    eg.verify_in(sec, y, sa, sb, [1], ans["overall"])
    ballot_case("ciphertext-of-two", "a choice encrypting 2 (and one −1, so the sum is 1) with forged individual "
                "proofs; its overall proof is valid", sec, [[3, 1, 1]], b)
    ballot_case("two-answers", "'for' and 'against' both set: valid individual proofs, forged overall proof",
                sec, [[3, 1, 1]], _forged_ballot(sec, y, [1, 1, 0], [1], 0, "forged:both"))
    wide = eg.encrypt_ballot(elec, y, [(4, 0, 3)], [[1, 1, 1, 0]], Stream("forged:wide").scalar)
    ballot_case("more-names-than-seats", "three names kept for two seats, proven over 0..3; the verifier's range "
                "is 0..2", elec, [[4, 0, 2]], wide)
    ballot_case("more-names-than-seats-forged", "three names kept for two seats, overall proof over 0..2 claiming 2",
                elec, [[4, 0, 2]], _forged_ballot(elec, y, [1, 1, 1, 0], [0, 1, 2], 2, "forged:seats"))
    first = ballots[0]
    ballot_case("other-poll", "a valid ballot of poll 41 cast in poll 44", OTHER_POLL, first["questions"],
                first["ballot"])

    tally = tallies[0]
    part = json.loads(json.dumps(tally["partials"]["1"]["partial"]))
    part["factors"][0][0] = eg.hx(eg.add(eg.point(part["factors"][0][0]), eg.base(1)))
    vk = cer["members"]["1"]["verification_key"]
    err = _error(lambda: th.check_partial(tally["context"], eg.point(vk), tally["aggregate"], part))
    out.append({"name": "tampered-partial", "what": "member 1's factor for 'for' plus G, proof unchanged",
                "type": "partial", "context": tally["context"], "verification_key": vk,
                "aggregate": tally["aggregate"], "partial": part, "error": err})
    part2 = tally["partials"]["2"]["partial"]
    err = _error(lambda: th.check_partial(tally["context"], eg.point(vk), tally["aggregate"], part2))
    out.append({"name": "partial-of-another-member", "what": "member 2's partial decryption checked as member 1's",
                "type": "partial", "context": tally["context"], "verification_key": vk,
                "aggregate": tally["aggregate"], "partial": part2, "error": err})

    # Dealer 2 sends member 1 f(1) + 1, well encrypted: it opens but does not match the commitments.
    deals = {int(i): json.loads(json.dumps(v["deal"])) for i, v in cer["deals"].items()}
    s = Stream("deal:2")
    coeffs = [s.scalar() for _ in range(K)]
    f1 = (sum(coeffs) + 1) % eg.Q
    bad = Stream("forged:share")
    e, X = bad.scalar(), eg.point(cer["transport"]["1"]["X"])
    eph, nonce = eg.base(e), bad.nonce()
    key = th._share_key(CEREMONY, eph, X, eg.mul(e, X))
    ct = na.crypto_aead_xchacha20poly1305_ietf_encrypt(f1.to_bytes(32, "little"), th._share_ad(CEREMONY, 2, 1),
                                                      nonce, key)
    deals[2]["shares"]["1"] = {"eph": eg.hx(eph), "nonce": nonce.hex(), "ct": ct.hex()}
    err = _error(lambda: th.receive(CEREMONY, 1, xs[1], deals))
    out.append({"name": "bad-share", "what": "dealer 2's share for member 1 is f(1) + 1", "type": "receive",
                "context": CEREMONY, "me": 1, "x": eg.hx(xs[1]), "deals": {str(i): d for i, d in deals.items()},
                "error": err})
    # The same deals, member 3's share from dealer 1 with one flipped bit: it cannot be opened.
    deals = {int(i): json.loads(json.dumps(v["deal"])) for i, v in cer["deals"].items()}
    ct = bytearray.fromhex(deals[1]["shares"]["3"]["ct"])
    ct[0] ^= 1
    deals[1]["shares"]["3"]["ct"] = ct.hex()
    err = _error(lambda: th.receive(CEREMONY, 3, xs[3], deals))
    out.append({"name": "corrupt-share", "what": "dealer 1's encrypted share for member 3 with a flipped bit",
                "type": "receive", "context": CEREMONY, "me": 3, "x": eg.hx(xs[3]),
                "deals": {str(i): d for i, d in deals.items()}, "error": err})
    d1 = cer["deals"]["1"]["deal"]
    err = _error(lambda: th.check_deal("ceremony:4:12", K, list(range(1, N + 1)), d1))
    out.append({"name": "deal-of-another-ceremony", "what": "member 1's deal checked in another ceremony",
                "type": "deal", "context": "ceremony:4:12", "k": K, "members": list(range(1, N + 1)), "deal": d1,
                "error": err})
    return out


def noncanonical(ballots: list[dict]) -> list[dict]:
    """Ballots that are valid ones re-spelt: the tracker hashes the strings, so a second spelling of the same
    values would be a replay with a new tracker. The tablet refuses them (docs: lowercase hex, canonical)."""
    b = json.loads(json.dumps(ballots[0]["ballot"]))
    b["answers"][0]["overall"][0][0] = b["answers"][0]["overall"][0][0].upper()
    c = json.loads(json.dumps(ballots[0]["ballot"]))
    c["answers"][0]["choices"][0][0] = c["answers"][0]["choices"][0][0].upper()
    return [{"name": n, "what": w, "type": "ballot", "context": ballots[0]["context"],
             "questions": ballots[0]["questions"], "ballot": v}
            for n, w, v in (("uppercase-scalar", "secret-for with one challenge in uppercase hex", b),
                            ("uppercase-point", "secret-for with one alpha in uppercase hex", c))]


def build() -> dict:
    cer, shares, y_hex = ceremony()
    xs = {int(j): eg.scalar(t["x"]) for j, t in cer["transport"].items()}
    ballots, tallies = polls(shares, y_hex)
    return {
        "about": "Shared vectors for docs/ballots.md, made by tests/vectors/make_vectors.py from "
                 "server/voting/elgamal.py and threshold.py; checked by tests/unit/test_ballot_vectors.py and "
                 "client/tests/vectors.test.mjs. Do not edit by hand.",
        "streams": {"scalar": "int.from_bytes(SHA-512('kyhop/v1/vector|' + seed + '|' + i), 'little') % q",
                    "nonce": "SHA-256('kyhop/v1/nonce|' + seed + '|' + i)[:24]"},
        "q": str(eg.Q),
        "ceremony": cer,
        "ballots": ballots,
        "tallies": tallies,
        "negative": negatives(cer, shares, xs, y_hex, ballots, tallies),
        "noncanonical": noncanonical(ballots),
    }


def dump(data: dict) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    OUT.write_text(dump(build()))
    print(f"wrote {OUT.relative_to(ROOT)}")
