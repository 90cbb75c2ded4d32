"""The published board of an encrypted poll, and its verification by anyone (docs/ballots.md).

The board holds everything needed to recheck a secret result offline, and nothing that names a voter:
the committee's ceremony (transport keys, deals, verification keys, proofs, the public key), every ballot
with its tracker and proofs, the encrypted totals, the committee's partial decryptions with their proofs
and the counts. `check` recomputes all of it; `kyhop verify` runs it on the database and on bundles.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.voting import elgamal, threshold
from server.voting.committee import committee_json
from server.voting.counting import ballots_of, poll_context, questions_of
from server.voting.models import CountingKey, PartialDecryption, Poll


def board_json(s: Session, p: Poll) -> dict:
    parts = s.scalars(select(PartialDecryption).where(PartialDecryption.poll_id == p.id)
                      .order_by(PartialDecryption.number))
    return {"poll_id": p.id, "kind": p.kind, "status": p.status, "context": poll_context(p),
            "questions": [list(q) for q in questions_of(s, p)],
            "committee": committee_json(s, s.get(CountingKey, p.key_id), full=True),
            "ballots": [{"tracker": b.tracker, "ballot": b.ballot} for b in ballots_of(s, p.id)],
            "aggregate": p.aggregate,
            "decryptions": [{"number": d.number, "partial": d.partial} for d in parts],
            "counts": (p.result or {}).get("counts")}


def check(board: dict) -> list[list[int]] | None:
    """Recheck a board; returns the counts it proves (None while not yet decrypted), or raises ProofError
    naming the first thing that does not hold."""
    com, ctx = board["committee"], board["context"]
    y = _ceremony(com)
    questions = [tuple(q) for q in board["questions"]]
    seen, rows = set(), []
    for b in board["ballots"]:
        try:
            rows.append(elgamal.verify_ballot(ctx, y, questions, b["ballot"]))
        except elgamal.ProofError as e:
            raise elgamal.ProofError(f"ballot {b['tracker'][:12]}: {e}") from None
        alphas = {elgamal.hx(a) for row in rows[-1] for a, _ in row}
        if elgamal.tracker(ctx, b["ballot"]) != b["tracker"] or alphas & seen or len(alphas) < sum(q[0] for q in questions):
            raise elgamal.ProofError(f"ballot {b['tracker'][:12]}: wrong tracker, or a ciphertext of another ballot")
        seen |= alphas
    if board["aggregate"] is None:
        return None
    if elgamal.aggregate(questions, rows) != board["aggregate"]:
        raise elgamal.ProofError("the encrypted totals are not the sum of the ballots")
    vks = {m["number"]: elgamal.point(m["verification_key"]) for m in com["members"]}
    parts = {}
    for d in board["decryptions"]:
        try:
            threshold.check_partial(ctx, vks[d["number"]], board["aggregate"], d["partial"])
        except (elgamal.ProofError, KeyError) as e:
            raise elgamal.ProofError(f"decryption by member {d['number']}: {e}") from None
        parts[d["number"]] = d["partial"]
    if len(parts) < com["threshold"]:
        return None
    counts = threshold.combine(board["aggregate"], dict(sorted(parts.items())[:com["threshold"]]), len(rows))
    if board.get("counts") is not None and counts != board["counts"]:
        raise elgamal.ProofError(f"the published counts {board['counts']} are not the decrypted {counts}")
    return counts


def _ceremony(com: dict) -> bytes:
    """The committee's public key, rechecked from the deals and every member's proof."""
    ctx, members = com["context"], com["members"]
    deals = {m["number"]: m["deal"] for m in members}
    for m in members:
        try:
            threshold.check_deal(ctx, com["threshold"], list(deals), m["deal"])
            vk = threshold.verification_key(deals, m["number"])
            if elgamal.hx(vk) != m["verification_key"]:
                raise elgamal.ProofError("verification key does not follow from the commitments")
            threshold.check_knowledge(ctx, vk, m["share_proof"])
        except (elgamal.ProofError, TypeError) as e:
            raise elgamal.ProofError(f"committee member {m['number']}: {e}") from None
    y = threshold.public_key(deals)
    if elgamal.hx(y) != com["public_key"]:
        raise elgamal.ProofError("the public key does not follow from the deals")
    return y

