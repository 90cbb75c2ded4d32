"""Sequenced session events: recorded inside the change's transaction, delivered after it commits.

Every change to a session's live state increments `sessions.seq` in the same transaction and appends a
SessionEvent (who, what, when) to the council's hash chain. Clients apply an event only if its seq is
exactly one more than theirs; otherwise they reload the snapshot. So a lost or reordered event costs one
snapshot, never a wrong screen.

Delivery is automatic: `record` queues the event on the database session, and the session's commit hands
the queue to the subscriber (SQLAlchemy's before_commit/after_commit events). A transaction that rolls
back — or a savepoint that does — delivers nothing of what it recorded.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Protocol

from flask import current_app, has_app_context
from sqlalchemy import column, event, select, table
from sqlalchemy.orm import Session, SessionTransaction

from server.db import utcnow
from server.journal import chain
from server.journal.models import SessionEvent

log = logging.getLogger(__name__)

# The journal owns the session's sequence number and serialises appends per council; it reaches those two
# rows by table name, so that it stays below the areas that own them.
_sessions = table("sessions", column("id"), column("seq"))
_councils = table("councils", column("id"))

_EVENTS = "kyhop.journal.events"    # [(transaction, Event)] recorded and not yet delivered
_SIGNALS = "kyhop.journal.signals"  # [(transaction, kind, data)]: unsequenced notices (a ballot was cast)


@dataclass
class Event:
    session_id: int
    seq: int
    kind: str
    data: dict
    hash: str = ""
    patch: dict = field(default_factory=dict)  # what screens replace: filled in by the subscriber before commit

    def as_json(self) -> dict:
        return {"session_id": self.session_id, "seq": self.seq, "kind": self.kind, "patch": self.patch}


class Subscriber(Protocol):
    def prepare(self, s: Session, events: list[Event]) -> None:
        """Inside the transaction, before it commits: complete each event (its patch)."""

    def deliver(self, events: list[Event], signals: list[tuple[str, dict]]) -> None:
        """After the commit: send them on."""


def subscribe(app, subscriber: Subscriber) -> None:
    app.extensions["kyhop.journal"] = subscriber


def record(s: Session, cs, actor_id: int | None, kind: str, data: dict) -> Event:
    """Inside the caller's transaction: bump the session's seq and append the event to the record and to
    the council's hash chain. `cs` is the session row (id, council_id, seq)."""
    # the council row, locked: appends to one council's chain happen one at a time (PostgreSQL; SQLite
    # serializes writers anyway)
    s.execute(select(_councils.c.id).where(_councils.c.id == cs.council_id).with_for_update())
    seq = s.execute(_sessions.update().where(_sessions.c.id == cs.id)
                    .values(seq=_sessions.c.seq + 1).returning(_sessions.c.seq)).scalar_one()
    cs.seq = seq
    last = s.execute(select(SessionEvent.chain_seq, SessionEvent.hash).where(SessionEvent.council_id == cs.council_id)
                     .order_by(SessionEvent.chain_seq.desc()).limit(1)).first()
    n, prev = (last[0] + 1, last[1]) if last else (1, chain.GENESIS)
    at = utcnow()
    data = json.loads(json.dumps(data))  # exactly what the database will give back, for the hash
    digest = chain.entry_hash(cs.council_id, n, cs.id, seq, actor_id, kind, data, at, prev)
    s.add(SessionEvent(council_id=cs.council_id, session_id=cs.id, seq=seq, actor_id=actor_id, kind=kind, data=data,
                       at=at, chain_seq=n, prev_hash=prev, hash=digest))
    ev = Event(cs.id, seq, kind, data, digest)
    s.info.setdefault(_EVENTS, []).append((_current(s), ev))
    return ev


def signal(s: Session, kind: str, **data) -> None:
    """A notice without a record or a seq, delivered after commit like an event (e.g. "a ballot was cast in
    poll 7", so that counts can be refreshed). It must not carry anything the record would not."""
    s.info.setdefault(_SIGNALS, []).append((_current(s), kind, data))


def _current(s: Session) -> SessionTransaction:
    return s.get_nested_transaction() or s.get_transaction()


def _subscriber() -> Subscriber | None:
    return current_app.extensions.get("kyhop.journal") if has_app_context() else None


# SQLAlchemy fires the commit events when a savepoint is released too: only the outermost commit delivers.
@event.listens_for(Session, "before_commit")
def _before_commit(s: Session) -> None:
    if s.in_nested_transaction():
        return
    queued = s.info.get(_EVENTS)
    sub = _subscriber()
    if queued and sub is not None:
        sub.prepare(s, [ev for _tx, ev in queued])


@event.listens_for(Session, "after_commit")
def _after_commit(s: Session) -> None:
    if s.in_nested_transaction():
        return
    events = [ev for _tx, ev in s.info.pop(_EVENTS, [])]
    signals = [(kind, data) for _tx, kind, data in s.info.pop(_SIGNALS, [])]
    sub = _subscriber()
    if (events or signals) and sub is not None:
        try:
            sub.deliver(events, signals)
        except Exception:  # the change is committed; screens catch up from the snapshot
            log.exception("delivering %d events failed", len(events))


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(s: Session, rolled_back: SessionTransaction) -> None:
    """Forget what the rolled-back transaction (or savepoint) and those inside it recorded."""
    for key in (_EVENTS, _SIGNALS):
        kept = [entry for entry in s.info.get(key, []) if not _within(entry[0], rolled_back)]
        if kept:
            s.info[key] = kept
        else:
            s.info.pop(key, None)


def _within(tx: SessionTransaction | None, outer: SessionTransaction) -> bool:
    while tx is not None:
        if tx is outer:
            return True
        tx = tx.parent
    return False
