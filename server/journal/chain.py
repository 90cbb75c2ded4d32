"""The council's audit chain: every session event carries the SHA-256 of the previous one.

An entry's hash covers who, what, when, which session and seq, its place in the chain, and the previous
entry's hash; changing, inserting or deleting any entry breaks every hash after it. Secret ballots enter
only as totals (the poll.closed entry), never per voter.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime

from server.journal import tracking

GENESIS = "0" * 64


def entry_hash(council_id: int, chain_seq: int, session_id: int | None, seq: int | None, actor_id: int | None,
               kind: str, data: dict, at: datetime, prev_hash: str, state_sha256: str | None = None) -> str:
    """`state_sha256`: the digest of the rows the entry carries (server/journal/tracking.py), if any; entries
    written before the chain carried rows hash as they always did."""
    fields = {"council": council_id, "n": chain_seq, "session": session_id, "seq": seq, "actor": actor_id,
              "kind": kind, "data": data, "at": at.isoformat(), "prev": prev_hash}
    if state_sha256 is not None:
        fields["state"] = state_sha256
    body = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


def first_break(entries) -> tuple[object, str] | None:
    """The first entry (in chain order) whose link or hash does not hold, with the reason; None if all do.
    `entries` have council_id, chain_seq, session_id, seq, actor_id, kind, data, at, prev_hash, hash, state."""
    prev, expected_n = GENESIS, 1
    for e in entries:
        if e.chain_seq != expected_n:
            return e, f"missing entry before #{e.chain_seq} (expected #{expected_n})"
        if e.prev_hash != prev:
            return e, "previous-hash link broken"
        if entry_hash(e.council_id, e.chain_seq, e.session_id, e.seq, e.actor_id, e.kind, e.data, e.at,
                      e.prev_hash, tracking.digest(e.state)) != e.hash:
            return e, "content does not match its hash"
        prev, expected_n = e.hash, expected_n + 1
    return None


def session_break(seqs: list[int], seq: int, closing_hashes: list[str], sealed: str | None) -> str | None:
    """Why a session's entries do not hold together, or None: their seq runs 1…`seq` without a gap, and a
    sealed session's (last) closing entry has the seal as its hash (the minutes and resolutions come after)."""
    if sorted(seqs) != list(range(1, seq + 1)):
        missing = sorted(set(range(1, seq + 1)) - set(seqs))
        return (f"its entries do not run 1…{seq} (missing {missing[:5]}{'…' if len(missing) > 5 else ''})"
                if missing else f"it has entries beyond its seq {seq}")
    if sealed is not None and (not closing_hashes or closing_hashes[-1] != sealed):
        return f"sealed at {sealed[:16]}…, which is not the hash of its closing entry"
    return None
