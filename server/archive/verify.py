"""`kyhop verify`: recompute every council's chain, and every closed poll's result from its ballots."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.journal import chain
from server.journal.models import SessionEvent
from server.sessions.models import CouncilSession
from server.voting.models import Poll


def verify(s: Session) -> list[str]:
    """Problems found, each naming the first entry (or poll) that does not match; empty if all hold."""
    problems = []
    for (council_id,) in s.execute(select(SessionEvent.council_id).distinct()).all():
        entries = s.scalars(select(SessionEvent).where(SessionEvent.council_id == council_id)
                            .order_by(SessionEvent.chain_seq)).all()
        broken = chain.first_break(entries)
        if broken:
            e, why = broken
            problems.append(f"council {council_id}: chain entry #{e.chain_seq} (session {e.session_id}, seq {e.seq}, "
                            f"{e.kind}): {why}")
        heads = {e.hash for e in entries}
        for cs in s.scalars(select(CouncilSession).where(CouncilSession.council_id == council_id,
                                                         CouncilSession.sealed_hash.is_not(None))):
            if cs.sealed_hash not in heads:
                problems.append(f"council {council_id}: session {cs.id} sealed at {cs.sealed_hash[:16]}…, "
                                f"which is no longer in the chain")
    problems += _polls(s)
    return problems


def _polls(s: Session) -> list[str]:
    from server.voting.counting import tally  # the same counting as at closing
    out = []
    for p in s.scalars(select(Poll).where(Poll.status == "closed").order_by(Poll.id)):
        entry = s.scalar(select(SessionEvent).where(SessionEvent.session_id == p.session_id,
                                                    SessionEvent.kind == "poll.closed")
                         .where(SessionEvent.data["poll_id"].as_integer() == p.id))
        fresh = {k: v for k, v in tally(s, p).items() if k != "receipts"}
        if entry is None:
            out.append(f"poll {p.id}: no closing entry in the chain")
        elif _jsonable(entry.data.get("result")) != _jsonable(fresh):
            out.append(f"poll {p.id}: ballots no longer match the result in chain entry #{entry.chain_seq}")
        elif _jsonable({k: v for k, v in (p.result or {}).items() if k != "receipts"}) != _jsonable(fresh):
            out.append(f"poll {p.id}: stored result differs from its ballots")
    return out


def _jsonable(value):
    import json
    return json.loads(json.dumps(value, sort_keys=True))
