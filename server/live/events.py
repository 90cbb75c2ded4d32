"""What a screen needs for each kind of event, in one table, and the journal subscriber that sends it.

An event's patch holds whole snapshot sections (server/live/snapshot.py SECTIONS), read in the event's own
transaction, which the client puts in place of its copies. A kind missing from the table carries every
section: a new kind is never silently left off the screens, only sent larger than it needs to be.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from server.journal import Event
from server.live import progress
from server.live.rooms import room
from server.live.snapshot import SECTIONS
from server.sessions.models import CouncilSession

_FLOOR = ("speaking", "server_time")
_AGENDA = ("agenda",)
_POLL = ("poll",)
# event kind (or "area." for every kind of an area) -> the snapshot sections it changes
PATCHES: dict[str, tuple[str, ...]] = {
    "session.opened": ("status", "paused", "current_item_id", "speaking"),
    "session.closed": ("status", "message", "sealed_hash"),
    "session.paused": ("paused",),
    "session.resumed": ("paused",),
    "session.message": ("message",),
    "agenda.current": ("current_item_id", "speaking"),
    "agenda.": _AGENDA,
    "attendance.marked": ("attendance",),
    "poll.": _POLL,
    "committee.": ("committee",),
    "floor.": _FLOOR,
    "speech.": _FLOOR,
    "documents.": (),
    "resolution.registered": (),
    "minutes.edited": (),
    "conclusion.edited": (),
    "invitees.": (),  # who is invited: no screen shows it live
    "question.applied": ("agenda", "speaking"),  # sub-items, their floor requests, the preset answerer
    "question.": (),
    "commitment.": (),
}


def _attendance_change(data: dict) -> dict:
    return {"attendance_change": {"user_id": data["user_id"], "status": data["status"]}}


def _documents_changed(data: dict) -> dict:
    return {"documents_changed": {"document_id": data["document_id"], "version": data.get("version", 1)}}


# what a kind tells screens from its own data rather than from state: which row changed
NOTES = {
    "attendance.marked": _attendance_change,
    "documents.added": _documents_changed,
    "documents.revised": _documents_changed,
}


def sections_of(kind: str) -> tuple[str, ...]:
    found = PATCHES.get(kind)
    if found is None:
        found = PATCHES.get(kind.split(".", 1)[0] + ".", tuple(SECTIONS))
    return found


def patch_for(s: Session, cs: CouncilSession, ev: Event) -> dict:
    patch = {name: SECTIONS[name](s, cs) for name in sections_of(ev.kind)}
    note = NOTES.get(ev.kind)
    return {**patch, **note(ev.data)} if note else patch


class Publisher:
    """Subscribed to the journal: patches are read before commit, events pushed after it."""

    def __init__(self, app, socketio):
        self.app, self.socketio = app, socketio

    def prepare(self, s: Session, events: list[Event]) -> None:
        for ev in events:
            ev.patch = patch_for(s, s.get(CouncilSession, ev.session_id), ev)

    def deliver(self, events: list[Event], signals: list[tuple[str, dict]]) -> None:
        for ev in events:
            self.socketio.emit("event", ev.as_json(), to=room(ev.session_id))
        for kind, data in signals:
            if kind == "ballot.cast":
                progress.schedule(self.app, data["poll_id"])
