"""Sequenced session events: bumped inside the change's transaction, published after it commits.

Every change to a session's live state increments `sessions.seq` in the same transaction and appends a
SessionEvent (who, what, when). Clients apply an event only if its seq is exactly one more than theirs;
otherwise they reload the snapshot. So a lost or reordered event costs one snapshot, never a wrong screen.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.archive import chain
from server.councils.models import Council
from server.db import utcnow
from server.sessions.models import CouncilSession, SessionEvent


@dataclass
class LiveEvent:
    session_id: int
    seq: int
    kind: str
    patch: dict = field(default_factory=dict)  # top-level snapshot keys, replaced whole

    def as_json(self) -> dict:
        return {"session_id": self.session_id, "seq": self.seq, "kind": self.kind, "patch": self.patch}


def room(session_id: int) -> str:
    return f"session:{session_id}"


# Screens that show running counts (chair, secretary, hall display) also join the board room, so that
# frequent, unsequenced updates such as ballots cast reach them without waking every tablet.
BOARD_ROLES = frozenset({"chair", "secretary", "admin", "display"})


def board_room(session_id: int) -> str:
    return f"session:{session_id}:board"


def record(s: Session, cs: CouncilSession, actor_id: int | None, kind: str, data: dict,
           patch: dict | None = None) -> LiveEvent:
    """Inside the caller's transaction: bump the session's seq and append the event to the record and to
    the council's hash chain."""
    # the council row, locked: appends to one council's chain happen one at a time (PostgreSQL; SQLite
    # serializes writers anyway)
    s.execute(select(Council.id).where(Council.id == cs.council_id).with_for_update())
    seq = s.execute(update(CouncilSession).where(CouncilSession.id == cs.id)
                    .values(seq=CouncilSession.seq + 1).returning(CouncilSession.seq)).scalar_one()
    cs.seq = seq
    last = s.execute(select(SessionEvent.chain_seq, SessionEvent.hash).where(SessionEvent.council_id == cs.council_id)
                     .order_by(SessionEvent.chain_seq.desc()).limit(1)).first()
    n, prev = (last[0] + 1, last[1]) if last else (1, chain.GENESIS)
    at = utcnow()
    data = json.loads(json.dumps(data))  # exactly what the database will give back, for the hash
    s.add(SessionEvent(council_id=cs.council_id, session_id=cs.id, seq=seq, actor_id=actor_id, kind=kind, data=data,
                       at=at, chain_seq=n, prev_hash=prev,
                       hash=chain.entry_hash(cs.council_id, n, cs.id, seq, actor_id, kind, data, at, prev)))
    return LiveEvent(cs.id, seq, kind, patch if patch is not None else data)


def publish(*events: LiveEvent) -> None:
    """After commit: push to every client following the session, in this and (via the queue) other processes."""
    socketio = current_app.extensions["socketio"]
    for ev in events:
        socketio.emit("event", ev.as_json(), to=room(ev.session_id))
