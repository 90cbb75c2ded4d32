"""The whole live state of a session as one JSON document, with the seq it corresponds to.

The shared part is a set of sections, each read by one function of SECTIONS; events carry the same
sections (server/live/events.py), so what an event says and what a snapshot says cannot drift apart.
"""
from __future__ import annotations

from collections import OrderedDict

from flask import current_app
from sqlalchemy.orm import Session

from server.accounts.rules import can, permissions_of
from server.agenda.service import agenda_json, items_of
from server.attendance.service import counts, roll, status_of
from server.councils.models import Council, Term
from server.db import utcnow
from server.questioning.groups import answerer
from server.sessions.models import CouncilSession
from server.sessions.service import session_json
from server.speaking import service as speaking
from server.voting import reading as voting
from server.voting.committee import committee_json, current_key
from server.voting.counting import progress
from server.voting.models import Poll


def _poll(s: Session, cs: CouncilSession):
    poll = voting.current_poll(s, cs.id)
    return poll and voting.poll_json(s, poll)


def _council(s: Session, cs: CouncilSession) -> dict:
    council = s.get(Council, cs.council_id)
    return {"id": council.id, "name": council.name}


def _term(s: Session, cs: CouncilSession) -> dict:
    term = s.get(Term, cs.term_id)
    return {"id": term.id, "name": term.name}


def _speaking(s: Session, cs: CouncilSession) -> dict:
    """The floor, with the official preset to answer when the current item is a questioning group's sub-item."""
    return {**speaking.state(s, cs), "answerer": answerer(s, cs)}


# snapshot key -> how to read it from the database, in the transaction that asks
SECTIONS = {
    "session": lambda s, cs: session_json(cs),
    "council": _council,
    "term": _term,
    "status": lambda s, cs: cs.status,
    "current_item_id": lambda s, cs: cs.current_item_id,
    "paused": lambda s, cs: cs.paused,
    "message": lambda s, cs: cs.message,
    "sealed_hash": lambda s, cs: cs.sealed_hash,
    "agenda": lambda s, cs: agenda_json(items_of(s, cs.id)),
    "attendance": counts,
    "poll": _poll,
    "committee": lambda s, cs: committee_json(s, current_key(s, cs.id)),  # Ban kiểm phiếu, its ceremony's state
    "speaking": _speaking,
    "server_time": lambda s, cs: utcnow().isoformat(),
}
# read per request, not cached with the shared part
_PER_REQUEST = ("server_time",)

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
    shared = {"seq": cs.seq, **{name: read(s, cs) for name, read in SECTIONS.items() if name not in _PER_REQUEST}}
    cache[key] = shared
    if len(cache) > _SHARED_MAX:
        cache.popitem(last=False)
    return shared


def build(s: Session, cs: CouncilSession, user, role: str | None = None) -> dict:
    """`role`: what the user acts as in this session (an invitee's is "invitee"), by default their own."""
    role = role or user.role
    # seq is read before everything else: events carry whole replacement values, so state newer than
    # seq is harmless (re-applied), while state older than seq would be a missed change.
    s.refresh(cs)
    shared = _shared(s, cs)
    poll = shared["poll"]
    poll_row = s.get(Poll, poll["id"]) if poll else None
    if poll and poll["status"] == "open":  # the live count, which changes without a seq
        shared = {**shared, "poll": {**poll, "progress": progress(s, poll_row)}}
    snap = {**shared, "server_time": SECTIONS["server_time"](s, cs),
            "me": {"id": user.id, "role": role, "full_name": user.full_name,
                   "permissions": permissions_of(role),  # in this session: an invitee's are not their own role's
                   "attendance": status_of(s, cs, user.id) if can(role, "attendance.check_in") else None,
                   "vote": voting.my_vote(s, poll_row, user.id) if poll_row else None}}
    if can(role, "attendance.manage"):
        snap["roll"] = roll(s, cs)
    return snap
