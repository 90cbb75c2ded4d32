"""The whole live state of a session as one JSON document, with the seq it corresponds to."""
from __future__ import annotations

from collections import OrderedDict

from flask import current_app
from sqlalchemy.orm import Session

from server.accounts.rules import can
from server.agenda.service import agenda_json, items_of
from server.attendance.service import counts, roll, status_of
from server.councils.models import Council, Term
from server.sessions.models import CouncilSession
from server.db import utcnow
from server.speaking import service as speaking
from server.voting import service as voting
from server.voting.models import Poll


def session_json(cs: CouncilSession) -> dict:
    return {"id": cs.id, "number": cs.number, "kind": cs.kind, "title": cs.title, "location": cs.location,
            "start_date": cs.start_date.isoformat(), "end_date": cs.end_date.isoformat(), "status": cs.status,
            "sealed_hash": cs.sealed_hash, "public": cs.public}


# The shared part of a snapshot is determined by (session, seq): keep the latest few per app, so that a
# hall of tablets reconnecting at once after a restart costs one build, not one per tablet.
_SHARED_MAX = 256


def _shared(s: Session, cs: CouncilSession) -> dict:
    cache: OrderedDict = current_app.extensions.setdefault("kyhop.snapshots", OrderedDict())
    key = (cs.id, cs.seq)
    hit = cache.get(key)
    if hit is not None:
        cache.move_to_end(key)
        return hit
    council, term = s.get(Council, cs.council_id), s.get(Term, cs.term_id)
    poll = voting.current_poll(s, cs.id)
    shared = {
        "seq": cs.seq,
        "session": session_json(cs),
        "council": {"id": council.id, "name": council.name},
        "term": {"id": term.id, "name": term.name},
        "status": cs.status,
        "current_item_id": cs.current_item_id,
        "paused": cs.paused,
        "message": cs.message,
        "agenda": agenda_json(items_of(s, cs.id)),
        "attendance": counts(s, cs),
        "poll": poll and voting.poll_json(s, poll),
        "speaking": speaking.state(s, cs),
    }
    cache[key] = shared
    if len(cache) > _SHARED_MAX:
        cache.popitem(last=False)
    return shared


def build(s: Session, cs: CouncilSession, user) -> dict:
    # seq is read before everything else: events carry whole replacement values, so state newer than
    # seq is harmless (re-applied), while state older than seq would be a missed change.
    s.refresh(cs)
    shared = _shared(s, cs)
    poll = shared["poll"]
    poll_row = s.get(Poll, poll["id"]) if poll else None
    if poll and poll["status"] == "open":  # the live count, which changes without a seq
        shared = {**shared, "poll": {**poll, "progress": voting.progress(s, poll_row)}}
    snap = {**shared, "server_time": utcnow().isoformat(),
            "me": {"id": user.id, "role": user.role, "full_name": user.full_name,
                   "attendance": status_of(s, cs, user.id) if user.is_delegate else None,
                   "vote": voting.my_vote(s, poll_row, user.id) if poll_row else None}}
    if can(user.role, "attendance.manage"):
        snap["roll"] = roll(s, cs)
    return snap
