"""The counting committee's key: any k of n members decrypt a total, k−1 learn nothing.

Pedersen's distributed key generation with Feldman commitments, as in Belenios' threshold mode
(https://www.belenios.org/specification.pdf, "Threshold decryption"), over ristretto255:
1. each member's tablet makes a transport key pair (x, X = x·G) and publishes X;
2. each member deals: a random polynomial f of degree k−1, commitments C_t = a_t·G, a proof of knowing
   a_0, and f(j) for every member j encrypted to X_j (XChaCha20-Poly1305 under a key from x·X_j);
3. each member decrypts the shares dealt to them, checks each against its dealer's commitments, keeps
   s_j = Σ f_i(j) on the tablet and publishes a proof of knowing s_j for its verification key
   h_j = Σ_i Σ_t j^t·C_i,t, which anyone can compute from the commitments.
The public key is Σ_i C_i,0. A member decrypts an aggregate (alpha, beta) with D = s_j·alpha and a
Chaum-Pedersen proof that log_G h_j = log_alpha D; any k factors combine by Lagrange interpolation.

The server runs only the checks (`check_*`), `verification_key`, `public_key` and `combine`; the tablet's
half (`transport_key`, `deal`, `receive`, `prove_share`, `partial_decrypt`) is here for the test tablets
and the vectors shared with client/src/ballots/threshold.js.
"""
from __future__ import annotations

import hashlib
import secrets

import pysodium as na

from server.voting.elgamal import (IDENTITY, Q, ProofError, Rand, add, base, challenge, hx, lower_hex, mul, point,
                                   random_scalar, scalar, small_log, sub)

MIN_MEMBERS, MAX_MEMBERS = 3, 7


def threshold(n: int) -> int:
    """Members needed to decrypt: a majority of the committee (2 of 3, 3 of 4 or 5, 4 of 6 or 7)."""
    return n // 2 + 1


# --- proofs of knowledge (Schnorr) and of equal logarithms (Chaum-Pedersen) -------------------------------
def prove_knowledge(context: str, secret: int, public: bytes, rand: Rand = random_scalar) -> list[str]:
    w = rand()
    c = challenge("pok", context, hx(public), hx(base(w)))
    return [hx(c), hx((w + secret * c) % Q)]


def check_knowledge(context: str, public: bytes, proof) -> None:
    if not isinstance(proof, list) or len(proof) != 2:
        raise ProofError("proof of the wrong shape")
    c, z = scalar(proof[0]), scalar(proof[1])
    if challenge("pok", context, hx(public), hx(sub(base(z), mul(c, public)))) != c:
        raise ProofError("proof of knowledge does not verify")


# --- 1. transport keys -----------------------------------------------------------------------------------
def transport_key(rand: Rand = random_scalar) -> tuple[int, str]:
    x = rand()
    return x, hx(base(x))


# --- 2. dealing ------------------------------------------------------------------------------------------
def _share_key(context: str, eph: bytes, recipient: bytes, shared: bytes) -> bytes:
    return hashlib.sha256(("kyhop/v1/share|" + context + "|" + hx(eph) + "|" + hx(recipient) + "|" + hx(shared))
                          .encode()).digest()


def _share_ad(context: str, dealer: int, recipient: int) -> bytes:
    return f"{context}|{dealer}|{recipient}".encode()


def deal(context: str, dealer: int, k: int, transport: dict[int, str], rand: Rand = random_scalar,
         nonce: callable = lambda: secrets.token_bytes(24)) -> dict:
    coeffs = [rand() for _ in range(k)]
    shares = {}
    for j, x_hex in sorted(transport.items()):
        f_j = sum(a * pow(j, t, Q) for t, a in enumerate(coeffs)) % Q
        e, X = rand(), point(x_hex)
        eph, n = base(e), nonce()
        key = _share_key(context, eph, X, mul(e, X))
        ct = na.crypto_aead_xchacha20poly1305_ietf_encrypt(f_j.to_bytes(32, "little"), _share_ad(context, dealer, j),
                                                          n, key)
        shares[str(j)] = {"eph": hx(eph), "nonce": n.hex(), "ct": ct.hex()}
    commitments = [base(a) for a in coeffs]
    return {"commitments": [hx(c) for c in commitments], "pok": prove_knowledge(context, coeffs[0], commitments[0], rand),
            "shares": shares}


def check_deal(context: str, k: int, members: list[int], d) -> None:
    """What the server can check of a deal: its shape, its commitments and the proof for a_0."""
    if not isinstance(d, dict) or set(d) != {"commitments", "pok", "shares"} or \
            not isinstance(d["commitments"], list) or len(d["commitments"]) != k or \
            not isinstance(d["shares"], dict) or set(d["shares"]) != {str(j) for j in members}:
        raise ProofError("deal of the wrong shape")
    cs = [point(c) for c in d["commitments"]]
    if IDENTITY in cs:
        raise ProofError("a commitment is the identity")
    check_knowledge(context, cs[0], d["pok"])
    for sh in d["shares"].values():
        if not isinstance(sh, dict) or set(sh) != {"eph", "nonce", "ct"} or not _hexlen(sh["nonce"], 24) or \
                not _hexlen(sh["ct"], 48):
            raise ProofError("encrypted share of the wrong shape")
        point(sh["eph"])


def _hexlen(v, n: int) -> bool:
    return lower_hex(v, n) is not None


def _feldman(commitments: list[str], j: int) -> bytes:
    acc = IDENTITY
    for t, c in enumerate(commitments):
        acc = add(acc, mul(pow(j, t, Q), point(c)))
    return acc


# --- 3. receiving --------------------------------------------------------------------------------------
def receive(context: str, me: int, x: int, deals: dict[int, dict]) -> int:
    """The member's share s_j, after checking every share dealt to it; ProofError names a bad dealer."""
    s = 0
    for dealer, d in sorted(deals.items()):
        sh = d["shares"][str(me)]
        eph = point(sh["eph"])
        key = _share_key(context, eph, base(x), mul(x, eph))
        try:
            f = int.from_bytes(na.crypto_aead_xchacha20poly1305_ietf_decrypt(
                bytes.fromhex(sh["ct"]), _share_ad(context, dealer, me), bytes.fromhex(sh["nonce"]), key), "little")
        except Exception as e:
            raise ProofError(f"the share from member {dealer} cannot be opened") from e
        if f >= Q or base(f) != _feldman(d["commitments"], me):
            raise ProofError(f"the share from member {dealer} does not match its commitments")
        s = (s + f) % Q
    return s


def verification_key(deals: dict[int, dict], j: int) -> bytes:
    acc = IDENTITY
    for d in deals.values():
        acc = add(acc, _feldman(d["commitments"], j))
    return acc


def public_key(deals: dict[int, dict]) -> bytes:
    acc = IDENTITY
    for d in deals.values():
        acc = add(acc, point(d["commitments"][0]))
    return acc


def prove_share(context: str, share: int, rand: Rand = random_scalar) -> list[str]:
    return prove_knowledge(context, share, base(share), rand)


# --- decrypting a total ------------------------------------------------------------------------------
def partial_decrypt(context: str, share: int, agg: list[list[list[str]]], rand: Rand = random_scalar) -> dict:
    vk = base(share)
    factors, proofs = [], []
    for row in agg:
        frow, prow = [], []
        for a_hex, _ in row:
            a = point(a_hex)
            d, w = mul(share, a), rand()
            c = challenge("decrypt", context, hx(vk), hx(a), hx(d), hx(base(w)), hx(mul(w, a)))
            frow.append(hx(d))
            prow.append([hx(c), hx((w + share * c) % Q)])
        factors.append(frow)
        proofs.append(prow)
    return {"factors": factors, "proofs": proofs}


def check_partial(context: str, vk: bytes, agg: list[list[list[str]]], part) -> None:
    if not isinstance(part, dict) or set(part) != {"factors", "proofs"} or \
            not _same_shape(part["factors"], agg) or not _same_shape(part["proofs"], agg):
        raise ProofError("partial decryption of the wrong shape")
    for row, frow, prow in zip(agg, part["factors"], part["proofs"]):
        for (a_hex, _), d_hex, proof in zip(row, frow, prow):
            a, d = point(a_hex), point(d_hex)
            if not isinstance(proof, list) or len(proof) != 2:
                raise ProofError("proof of the wrong shape")
            c, z = scalar(proof[0]), scalar(proof[1])
            A, B = sub(base(z), mul(c, vk)), sub(mul(z, a), mul(c, d))
            if challenge("decrypt", context, hx(vk), hx(a), hx(d), hx(A), hx(B)) != c:
                raise ProofError("proof of partial decryption does not verify")


def _same_shape(rows, agg) -> bool:
    return isinstance(rows, list) and len(rows) == len(agg) and \
        all(isinstance(r, list) and len(r) == len(a) for r, a in zip(rows, agg))


def lagrange(j: int, members: list[int]) -> int:
    """The coefficient of member j's factor when the members in `members` combine (at x = 0)."""
    num, den = 1, 1
    for m in members:
        if m != j:
            num, den = num * m % Q, den * (m - j) % Q
    return num * pow(den, -1, Q) % Q


def combine(agg: list[list[list[str]]], partials: dict[int, dict], limit: int) -> list[list[int]]:
    """The counts: beta − Σ λ_j·D_j = count·G, for each choice, from (already checked) factors of k members."""
    members = sorted(partials)
    counts = []
    for q, row in enumerate(agg):
        out = []
        for i, (_, b_hex) in enumerate(row):
            acc = IDENTITY
            for j in members:
                acc = add(acc, mul(lagrange(j, members), point(partials[j]["factors"][q][i])))
            out.append(small_log(sub(point(b_hex), acc), limit))
        counts.append(out)
    return counts
