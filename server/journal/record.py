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

from flask import current_app, has_app_context, has_request_context
from sqlalchemy import column, event, inspect, select, table, true
from sqlalchemy.orm import Session, SessionTransaction

from server.db import utcnow
from server.journal import chain, tracking
from server.journal.models import SessionEvent

log = logging.getLogger(__name__)

# The journal owns the session's sequence number and serialises appends per council; it reaches those two
# rows by table name, so that it stays below the areas that own them.
_sessions = table("sessions", column("id"), column("seq"))
_councils = table("councils", column("id"))

_ENTRIES = "kyhop.journal.entries"  # [(transaction, SessionEvent, Event | None)] appended, not yet committed
_CHANGED = "kyhop.journal.changed"  # [(transaction, model, key, council_id)]: record rows written, not yet on the chain
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


def record(s: Session, cs, actor_id: int | None, kind: str, data: dict, *, seal: bool = False) -> Event:
    """Inside the caller's transaction: bump the session's seq and append the event to the record and to
    the council's hash chain. `cs` is the session row (id, council_id, seq). The rows the transaction
    changes go on the chain with the transaction's last entry (at commit). `seal`: the entry's hash is used
    at once (the session's seal): it carries the rows changed so far, and later ones go in an entry after it."""
    _lock(s, cs.council_id)
    seq = s.execute(_sessions.update().where(_sessions.c.id == cs.id)
                    .values(seq=_sessions.c.seq + 1).returning(_sessions.c.seq)).scalar_one()
    cs.seq = seq
    state = _take_changes(s, cs.council_id).get(cs.council_id) if seal else None
    row = _append(s, cs.council_id, cs.id, seq, actor_id, kind, data, state)
    ev = Event(cs.id, seq, kind, row.data, row.hash)
    s.info.setdefault(_ENTRIES, []).append((_current(s), row, ev, seal))
    return ev


def record_council(s: Session, council_id: int, actor_id: int | None, kind: str, data: dict) -> None:
    """An entry of the council's own (members, roles, password resets): on the chain, in no session."""
    _lock(s, council_id)
    s.info.setdefault(_ENTRIES, []).append((_current(s), _append(s, council_id, None, None, actor_id, kind, data), None, False))


def _lock(s: Session, council_id: int) -> None:
    # the council row, locked: appends to one council's chain happen one at a time (PostgreSQL; SQLite
    # serializes writers anyway). A transaction that has appended to the chain holds the lock already.
    if _pending(s, council_id) is None:
        s.execute(select(_councils.c.id).where(_councils.c.id == council_id).with_for_update())


def _pending(s: Session, council_id: int) -> SessionEvent | None:
    """The last entry this transaction appended to the council's chain, if any."""
    return next((row for _tx, row, _ev, _seal in reversed(s.info.get(_ENTRIES, [])) if row.council_id == council_id), None)


def head(s: Session, council_id: int) -> str:
    """The hash of the council's last chain entry, with the chain locked until the transaction ends: the next
    entry this transaction appends links to it, and nothing comes between. Read before the transaction appends
    anything (the hashes of its own entries change at commit): a value fixed before whatever the transaction
    decides from it, e.g. a sample's seed."""
    if any(row.council_id == council_id for _tx, row, _ev, _seal in s.info.get(_ENTRIES, [])):
        raise RuntimeError("the chain's head is read before the transaction appends to it")
    _lock(s, council_id)
    return _last(s, council_id)[1]


def _last(s: Session, council_id: int) -> tuple[int, str]:
    """The council's last entry: its chain_seq and hash (0 and the genesis hash before the first)."""
    last = s.execute(select(SessionEvent.chain_seq, SessionEvent.hash).where(SessionEvent.council_id == council_id)
                     .order_by(SessionEvent.chain_seq.desc()).limit(1)).first()
    return (last[0], last[1]) if last else (0, chain.GENESIS)


def _append(s: Session, council_id: int, session_id: int | None, seq: int | None, actor_id: int | None, kind: str,
            data: dict, state: list | None = None) -> SessionEvent:
    # after the transaction's own last entry (its hash is final until commit, where only the last one changes);
    # asked of the database, every append would flush the whole transaction first: an import of thousands
    # of petitions spent most of its time there
    mine = _pending(s, council_id)
    n, prev = (mine.chain_seq, mine.hash) if mine is not None else _last(s, council_id)
    n += 1
    data = json.loads(json.dumps(data))  # exactly what the database will give back, for the hash
    row = SessionEvent(council_id=council_id, session_id=session_id, seq=seq, actor_id=actor_id, kind=kind, data=data,
                       at=utcnow(), chain_seq=n, prev_hash=prev, state=state)
    _rehash(row)
    s.add(row)
    return row


def _rehash(row: SessionEvent) -> None:
    row.hash = chain.entry_hash(row.council_id, row.chain_seq, row.session_id, row.seq, row.actor_id, row.kind,
                                row.data, row.at, row.prev_hash, tracking.digest(row.state))


def signal(s: Session, kind: str, **data) -> None:
    """A notice without a record or a seq, delivered after commit like an event (e.g. "a ballot was cast in
    poll 7", so that counts can be refreshed). It must not carry anything the record would not."""
    s.info.setdefault(_SIGNALS, []).append((_current(s), kind, data))


def _current(s: Session) -> SessionTransaction:
    return s.get_nested_transaction() or s.get_transaction()


def _subscriber() -> Subscriber | None:
    return current_app.extensions.get("kyhop.journal") if has_app_context() else None


@event.listens_for(Session, "after_flush")
def _after_flush(s: Session, _context) -> None:
    """Note every record row this flush inserted, changed (in a record column) or deleted."""
    tx, changed = _current(s), s.info.setdefault(_CHANGED, [])
    for obj in (*s.new, *s.dirty, *s.deleted):
        cls = type(obj)
        if not tracking.is_record(cls):
            continue
        if obj in s.dirty and obj not in s.deleted:
            attrs = inspect(obj).attrs
            if not any(attrs[c].history.has_changes() for c in tracking.columns(cls)):
                continue
        changed.append((tx, cls, tracking.key_of(cls, obj), tracking.council_of(cls, obj)))


@event.listens_for(Session, "before_flush")
def _before_flush(s: Session, _context, _instances) -> None:
    """The rows the database will change by itself when this flush deletes what they refer to."""
    for obj in s.deleted:
        mapper = inspect(obj).mapper
        for cls, fk in tracking.dependents(mapper.local_table):
            _note_dependents(s, cls, fk, fk.column == getattr(obj, mapper.get_property_by_column(fk.column).key))


def _note_dependents(s: Session, cls, fk, referenced) -> None:
    """Note the rows of `cls` whose foreign key `fk` points at the rows the condition `referenced` selects (of
    the referenced table), before they are deleted: read back at commit, set to null or gone."""
    table = cls.__table__
    council = table.c.id if cls.__tablename__ == "councils" else table.c.council_id
    targets = select(fk.column).where(referenced)
    for *key, council_id in s.execute(select(*table.primary_key.columns, council).where(fk.parent.in_(targets))):
        changed(s, cls, key, council_id)


def changed(s: Session, cls, key: list, council_id: int) -> None:
    """A record row written beside the ORM's unit of work (by a mapper event): on the chain all the same."""
    s.info.setdefault(_CHANGED, []).append((_current(s), cls, key, council_id))


@event.listens_for(Session, "do_orm_execute")
def _bulk_changes(state) -> None:
    """A bulk UPDATE or DELETE of record rows (a compare-and-set on a poll's status, say): the rows it
    reaches are noted before it runs, and read back at commit like the rest; a DELETE also notes the rows
    the database changes by itself for it (ON DELETE SET NULL, CASCADE)."""
    if not (state.is_update or state.is_delete) or state.bind_mapper is None:
        return
    cls = state.bind_mapper.class_
    table, where = cls.__table__, state.statement.whereclause
    if tracking.is_record(cls):
        council = table.c.id if cls.__tablename__ == "councils" else table.c.council_id
        query = select(*table.primary_key.columns, council)
        for *key, council_id in state.session.execute(query if where is None else query.where(where)):
            changed(state.session, cls, key, council_id)
    if state.is_delete:
        for dep, fk in tracking.dependents(table):
            _note_dependents(state.session, dep, fk, true() if where is None else where)


def _take_changes(s: Session, council_id: int | None = None) -> dict[int, list]:
    """The record rows changed (of one council, or all) and not yet on the chain, read back from the
    database: council id -> [[table, key, state or None]], in a stable order."""
    if s.new or s.dirty or s.deleted:
        s.flush()
    pending = s.info.pop(_CHANGED, [])
    if council_id is not None:
        left = [p for p in pending if p[3] != council_id]
        if left:
            s.info[_CHANGED] = left
        pending = [p for p in pending if p[3] == council_id]
    by_model: dict[type, dict[tuple, int]] = {}
    for _tx, cls, key, council in pending:
        by_model.setdefault(cls, {})[tuple(key)] = council
    out: dict[int, list] = {}
    connection = s.connection()
    for cls in sorted(by_model, key=lambda c: c.__tablename__):
        keys = by_model[cls]
        states = tracking.read_states(connection, cls, [list(k) for k in keys])
        for key in sorted(keys, key=repr):
            if keys[key] is not None:
                out.setdefault(keys[key], []).append([cls.__tablename__, list(key), states[key]])
    return out


def _actor() -> int | None:
    if not has_request_context():
        return None
    from flask_login import current_user
    user = current_user._get_current_object()
    return user.id if getattr(user, "is_authenticated", False) else None


# SQLAlchemy fires the commit events when a savepoint is released too: only the outermost commit delivers.
@event.listens_for(Session, "before_commit")
def _before_commit(s: Session) -> None:
    if s.in_nested_transaction():
        return
    changes = _take_changes(s) if (s.info.get(_CHANGED) or s.new or s.dirty or s.deleted) else {}
    entries = s.info.get(_ENTRIES, [])
    for council_id, rows in changes.items():
        last = next((e for e in reversed(entries) if e[1].council_id == council_id), None)
        if last is None or last[3]:  # none yet, or a seal: the rows get an entry of their own
            with s.no_autoflush:
                actor = _actor()
            record_council(s, council_id, actor, "record.changed",
                           {"rows": {t: sum(1 for r in rows if r[0] == t) for t in sorted({r[0] for r in rows})}})
            last = s.info[_ENTRIES][-1]
        _tx, row, ev, _seal = last
        row.state = (row.state or []) + rows
        _rehash(row)
        if ev is not None:
            ev.hash = row.hash
    events = [ev for _tx, _row, ev, _seal in s.info.get(_ENTRIES, []) if ev is not None]
    sub = _subscriber()
    if events and sub is not None:
        sub.prepare(s, events)


@event.listens_for(Session, "after_commit")
def _after_commit(s: Session) -> None:
    if s.in_nested_transaction():
        return
    events = [ev for _tx, _row, ev, _seal in s.info.pop(_ENTRIES, []) if ev is not None]
    signals = [(kind, data) for _tx, kind, data in s.info.pop(_SIGNALS, [])]
    s.info.pop(_CHANGED, None)
    sub = _subscriber()
    if (events or signals) and sub is not None:
        try:
            sub.deliver(events, signals)
        except Exception:  # the change is committed; screens catch up from the snapshot
            log.exception("delivering %d events failed", len(events))


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(s: Session, rolled_back: SessionTransaction) -> None:
    """Forget what the rolled-back transaction (or savepoint) and those inside it recorded or changed."""
    for key in (_ENTRIES, _CHANGED, _SIGNALS):
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
