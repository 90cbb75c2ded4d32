"""Socket.IO: server → client state. A client authenticates with its login cookie and follows one session."""
from __future__ import annotations

from flask_login import current_user
from flask_socketio import join_room, leave_room, rooms
from sqlalchemy import select

from server.accounts.rules import can
from server.db import db
from server.errors import DATABASE_UNAVAILABLE
from server.live.rooms import board_room, room
from server.sessions.models import CouncilSession
from server.sessions.rules import visible_to
from server.validation import MAX_ID


def register(socketio) -> None:
    @socketio.on("connect")
    def _connect(_auth=None):
        if not current_user.is_authenticated:
            raise ConnectionRefusedError("unauthenticated")

    @socketio.on("follow")
    def _follow(data):
        """Join the session's room; answers with the current seq so the client knows if it is behind.
        Always answers: a client left without an answer would silently miss every event."""
        try:
            return _join(data)
        except DATABASE_UNAVAILABLE:  # ask again
            return {"ok": False, "error": "retry"}

    def _join(data) -> dict:
        if not current_user.is_authenticated:
            return {"ok": False, "error": "unauthenticated"}
        session_id = data.get("session_id") if isinstance(data, dict) else None
        if not isinstance(session_id, int) or isinstance(session_id, bool) or not 1 <= session_id <= MAX_ID:
            return {"ok": False, "error": "invalid"}
        cs = db().scalar(select(CouncilSession).where(CouncilSession.id == session_id,
                                                      CouncilSession.council_id == current_user.council_id))
        if cs is None or not visible_to(current_user.role, cs.status) or not can(current_user.role, "live.follow"):
            return {"ok": False, "error": "not_found"}
        for r in rooms():
            if r.startswith("session:"):
                leave_room(r)
        join_room(room(cs.id))
        if can(current_user.role, "live.board"):
            join_room(board_room(cs.id))
        return {"ok": True, "seq": cs.seq}
