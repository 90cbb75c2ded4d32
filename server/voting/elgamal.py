"""Verifiable encrypted ballots: exponential ElGamal over ristretto255 with zero-knowledge proofs.

The protocol is the Belenios specification's (https://www.belenios.org/specification.pdf, "Ballots"):
each choice is a ciphertext of 0 or 1 with an "individual" disjunctive Chaum-Pedersen proof, each
question an "overall" proof that the sum of its ciphertexts lies in min..max, Fiat-Shamir challenges
bound to the poll. It runs over ristretto255 instead of a Schnorr group. Byte formats and hash inputs are
in docs/ballots.md; client/src/ballots/elgamal.js is the same protocol, tests/vectors/ballots.json pins
both. Group arithmetic is libsodium's (pysodium); here only exponents are added and multiplied mod q.

No function here decrypts a single ballot: ciphertexts are only verified and added (`aggregate`); the
total is decrypted by the counting committee (server/voting/threshold.py).
"""
from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Iterator

import pysodium as na

Q = 2**252 + 27742317777372353535851937790883648493  # the order of ristretto255
IDENTITY = bytes(32)
Rand = Callable[[], int]


class ProofError(ValueError):
    """A ballot, a proof or a key that does not check out; the message says which part."""


def random_scalar() -> int:
    return secrets.randbelow(Q - 1) + 1


# --- encoding: points and scalars are 64 lowercase hex characters (scalars little-endian, canonical) -------
# Exactly one spelling is accepted: the tracker hashes the strings as sent, so a second spelling of the same
# ballot (uppercase, say) would be a copy with a new tracker, slipping past the replay check.
def lower_hex(h, n: int) -> bytes | None:
    """The bytes of `h` if it is exactly 2n lowercase hex digits, else None."""
    return bytes.fromhex(h) if isinstance(h, str) and len(h) == 2 * n and re.fullmatch("[0-9a-f]*", h) else None


def point(h) -> bytes:
    b = lower_hex(h, 32)
    if b is None or not na.crypto_core_ristretto255_is_valid_point(b):
        raise ProofError("not a ristretto255 point")
    return b


def scalar(h) -> int:
    b = lower_hex(h, 32)
    v = Q if b is None else int.from_bytes(b, "little")
    if v >= Q:
        raise ProofError("not a canonical scalar")
    return v


def hx(v: int | bytes) -> str:
    return (v if isinstance(v, bytes) else (v % Q).to_bytes(32, "little")).hex()


# --- the group ------------------------------------------------------------------------------------------
def base(k: int) -> bytes:
    """k·G (G^k in multiplicative notation)."""
    k %= Q
    return IDENTITY if k == 0 else na.crypto_scalarmult_ristretto255_base(k.to_bytes(32, "little"))


def mul(k: int, p: bytes) -> bytes:
    k %= Q
    if k == 0 or p == IDENTITY:
        return IDENTITY
    return na.crypto_scalarmult_ristretto255(k.to_bytes(32, "little"), p)


def add(p: bytes, q: bytes) -> bytes:
    return na.crypto_core_ristretto255_add(p, q)


def sub(p: bytes, q: bytes) -> bytes:
    return na.crypto_core_ristretto255_sub(p, q)


def challenge(tag: str, *parts: str) -> int:
    """Fiat-Shamir: SHA-512 of "kyhop/v1/<tag>|part|part…" (UTF-8), read little-endian, mod q."""
    data = ("kyhop/v1/" + tag + "|" + "|".join(parts)).encode()
    return int.from_bytes(hashlib.sha512(data).digest(), "little") % Q


# --- ElGamal and the disjunctive proof -------------------------------------------------------------------
def encrypt(y: bytes, m: int, r: int) -> tuple[bytes, bytes]:
    return base(r), add(base(m), mul(r, y))


def prove_in(context: str, y: bytes, alpha: bytes, beta: bytes, r: int, values: list[int], index: int,
             rand: Rand) -> list[list[str]]:
    """Proof that (alpha, beta) encrypts values[index] under y with randomness r, without saying which value:
    every other branch is simulated (challenge and response chosen first), the real one answers the rest
    of the Fiat-Shamir challenge."""
    cs, zs, commits = [0] * len(values), [0] * len(values), []
    w = rand()
    for j, m in enumerate(values):
        if j == index:
            commits += [base(w), mul(w, y)]
            continue
        cs[j], zs[j] = rand(), rand()
        commits += _commitments(y, alpha, beta, m, cs[j], zs[j])
    c = challenge("prove", context, hx(y), hx(alpha), hx(beta), *map(hx, commits))
    cs[index] = (c - sum(cs)) % Q
    zs[index] = (w + r * cs[index]) % Q
    return [[hx(c_), hx(z_)] for c_, z_ in zip(cs, zs)]


def _commitments(y: bytes, alpha: bytes, beta: bytes, m: int, c: int, z: int) -> list[bytes]:
    """A = z·G − c·alpha, B = z·y − c·(beta − m·G): what the prover committed to, recomputed."""
    return [sub(base(z), mul(c, alpha)), sub(mul(z, y), mul(c, sub(beta, base(m))))]


def verify_in(context: str, y: bytes, alpha: bytes, beta: bytes, values: list[int], proof) -> None:
    if not isinstance(proof, list) or len(proof) != len(values) or \
            not all(isinstance(p, list) and len(p) == 2 for p in proof):
        raise ProofError("proof of the wrong shape")
    cs = [scalar(c) for c, _ in proof]
    zs = [scalar(z) for _, z in proof]
    commits = [pt for m, c, z in zip(values, cs, zs) for pt in _commitments(y, alpha, beta, m, c, z)]
    if sum(cs) % Q != challenge("prove", context, hx(y), hx(alpha), hx(beta), *map(hx, commits)):
        raise ProofError("proof does not verify")


# --- ballots ---------------------------------------------------------------------------------------------
# A ballot answers questions; a question is (number of choices, min kept, max kept). Each choice is a
# ciphertext of 0 or 1; the overall proof shows the question's sum is within min..max.
Question = tuple[int, int, int]


def encrypt_ballot(context: str, y: bytes, questions: list[Question], plain: list[list[int]],
                   rand: Rand = random_scalar) -> dict:
    answers = []
    for (n, lo, hi), bits in zip(questions, plain, strict=True):
        if len(bits) != n or any(b not in (0, 1) for b in bits) or not lo <= sum(bits) <= hi:
            raise ProofError("the choice does not fit the question")
        rs = [rand() for _ in bits]
        cts = [encrypt(y, b, r) for b, r in zip(bits, rs)]
        individual = [prove_in(context, y, a, b_, r, [0, 1], bit, rand) for (a, b_), r, bit in zip(cts, rs, bits)]
        sa, sb = _sum(cts)
        overall = prove_in(context, y, sa, sb, sum(rs) % Q, list(range(lo, hi + 1)), sum(bits) - lo, rand)
        answers.append({"choices": [[hx(a), hx(b_)] for a, b_ in cts], "individual": individual, "overall": overall})
    return {"answers": answers}


def _sum(cts: list[tuple[bytes, bytes]]) -> tuple[bytes, bytes]:
    sa, sb = IDENTITY, IDENTITY
    for a, b in cts:
        sa, sb = add(sa, a), add(sb, b)
    return sa, sb


def verify_ballot(context: str, y: bytes, questions: list[Question], ballot) -> list[list[tuple[bytes, bytes]]]:
    """Every proof of the ballot, or ProofError; returns its ciphertexts for the aggregate."""
    answers = ballot.get("answers") if isinstance(ballot, dict) else None
    if not isinstance(answers, list) or len(answers) != len(questions) or set(ballot) != {"answers"}:
        raise ProofError("ballot of the wrong shape")
    out = []
    for (n, lo, hi), ans in zip(questions, answers):
        if not isinstance(ans, dict) or set(ans) != {"choices", "individual", "overall"} or \
                not isinstance(ans["choices"], list) or len(ans["choices"]) != n or \
                not isinstance(ans["individual"], list) or len(ans["individual"]) != n:
            raise ProofError("answer of the wrong shape")
        cts = [_ciphertext(c) for c in ans["choices"]]
        for (a, b), proof in zip(cts, ans["individual"]):
            verify_in(context, y, a, b, [0, 1], proof)
        sa, sb = _sum(cts)
        verify_in(context, y, sa, sb, list(range(lo, hi + 1)), ans["overall"])
        out.append(cts)
    return out


def _ciphertext(c) -> tuple[bytes, bytes]:
    if not isinstance(c, list) or len(c) != 2:
        raise ProofError("ciphertext of the wrong shape")
    a, b = point(c[0]), point(c[1])
    if a == IDENTITY:
        raise ProofError("degenerate ciphertext")
    return a, b


def ballot_strings(ballot: dict) -> Iterator[str]:
    for ans in ballot["answers"]:
        for a, b in ans["choices"]:
            yield from (a, b)
        for proof in ans["individual"]:
            for c, z in proof:
                yield from (c, z)
        for c, z in ans["overall"]:
            yield from (c, z)


def tracker(context: str, ballot: dict) -> str:
    """The ballot tracker: SHA-256 of the whole encrypted ballot. It names the ballot on the board and says
    nothing about the choice (the ciphertexts are random)."""
    return hashlib.sha256(("kyhop/v1/ballot|" + context + "|" + "|".join(ballot_strings(ballot))).encode()).hexdigest()


def aggregate(questions: list[Question], ballots: list[list[list[tuple[bytes, bytes]]]]) -> list[list[list[str]]]:
    """The homomorphic sum of every ballot, choice by choice: an encryption of the count of each choice."""
    sums = [[[IDENTITY, IDENTITY] for _ in range(n)] for n, _, _ in questions]
    for cts in ballots:
        for q, row in enumerate(cts):
            for i, (a, b) in enumerate(row):
                sums[q][i] = [add(sums[q][i][0], a), add(sums[q][i][1], b)]
    return [[[hx(a), hx(b)] for a, b in row] for row in sums]


def small_log(p: bytes, limit: int) -> int:
    """m with m·G == p, for 0 ≤ m ≤ limit (a count of ballots): found by stepping, it is small."""
    acc, g = IDENTITY, base(1)
    for m in range(limit + 1):
        if acc == p:
            return m
        acc = add(acc, g)
    raise ProofError("the decrypted total is out of range")
