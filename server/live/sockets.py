"""Socket.IO: server → client state. A client authenticates with its login cookie and follows one session.

A socket lives only as long as the login that opened it, as that login was: every process checks its own
sockets every second and drops those whose login ended (logout, deactivation, an archived council, a
password reset) or whose role changed — whichever process the change was made on. A dropped tablet
reconnects and is asked to log in, or follows again with what its new role may see. A socket following a meeting by
invitation drops as well once the invitation is withdrawn."""
from __future__ import annotations

import logging

from flask import current_app, request
from flask_login import current_user
from flask_socketio import join_room, leave_room, rooms
from sqlalchemy import select

from server.accounts.authz import invitation_to
from server.accounts.models import LoginSession, User
from server.accounts.rules import INVITEE, can
from server.accounts.service import token_hash
from server.councils.models import Council
from server.db import db
from server.errors import DATABASE_UNAVAILABLE
from server.live.rooms import board_room, room
from server.sessions.models import CouncilSession, SessionInvitee
from server.sessions.rules import visible_to
from server.validation import MAX_ID

log = logging.getLogger(__name__)
SWEEP_S = 1.0


def _here() -> dict[str, tuple[str, str]]:
    """This process's sockets: sid -> (login token hash, role at connection)."""
    return current_app.extensions.setdefault("kyhop.sockets", {})


def _invited() -> dict[str, tuple[int, int]]:
    """This process's sockets that follow a session by invitation: sid -> (session id, user id)."""
    return current_app.extensions.setdefault("kyhop.invited_sockets", {})


def sweep(socketio) -> None:
    """Drop the sockets whose login has ended or whose role has changed since they connected."""
    here = _here()
    judged = list(here.items())  # sockets connecting while the query runs are judged next time, not now
    logins = dict(db().execute(select(LoginSession.token_hash, User.role)
                               .join(User, User.id == LoginSession.user_id)
                               .join(Council, Council.id == User.council_id)
                               .where(LoginSession.token_hash.in_({t for _, (t, _) in judged}),
                                      User.active.is_(True), Council.archived.is_(False))).all())
    invited = list(_invited().items())
    still = set(db().execute(select(SessionInvitee.session_id, SessionInvitee.user_id).where(
        SessionInvitee.user_id.in_({uid for _, (_, uid) in invited}))).all()) if invited else set()
    db().commit()
    for sid, (token, role) in judged:
        if logins.get(token) != role:
            here.pop(sid, None)
            _invited().pop(sid, None)
            socketio.server.disconnect(sid, namespace="/")
    for sid, pair in invited:
        if pair not in still:
            _invited().pop(sid, None)
            socketio.server.disconnect(sid, namespace="/")


def start_sweeper(app, socketio) -> None:
    def loop():
        while True:
            socketio.sleep(SWEEP_S)
            try:
                with app.app_context():
                    if _here() or _invited():
                        sweep(socketio)
            except Exception:  # keep sweeping: a database hiccup must not keep ended logins connected
                log.exception("socket sweep failed")

    socketio.start_background_task(loop)


def register(socketio) -> None:
    @socketio.on("connect")
    def _connect(_auth=None):
        if not current_user.is_authenticated:
            raise ConnectionRefusedError("unauthenticated")
        _here()[request.sid] = (token_hash(current_user.token), current_user.role)

    @socketio.on("disconnect")
    def _disconnect(*_reason):
        _here().pop(request.sid, None)
        _invited().pop(request.sid, None)

    @socketio.on("follow")
    def _follow(data):
        """Join the session's room; answers with the current seq so the client knows if it is behind.
        Always answers: a client left without an answer would silently miss every event."""
        try:
            return _join(data)
        except DATABASE_UNAVAILABLE:  # ask again
            return {"ok": False, "error": "retry"}

    def _join(data) -> dict:
        if not current_user.is_authenticated or current_user.must_change_password:
            return {"ok": False, "error": "unauthenticated"}
        session_id = data.get("session_id") if isinstance(data, dict) else None
        if not isinstance(session_id, int) or isinstance(session_id, bool) or not 1 <= session_id <= MAX_ID:
            return {"ok": False, "error": "invalid"}
        invitation = invitation_to(current_user, session_id)  # then they act there as an invitee, nothing more
        role = INVITEE if invitation else current_user.role
        cs = db().scalar(select(CouncilSession).where(
            CouncilSession.id == session_id,
            CouncilSession.council_id == (invitation.council_id if invitation else current_user.council_id)))
        if cs is None or not visible_to(role, cs.status) or not can(role, "live.follow"):
            return {"ok": False, "error": "not_found"}
        for r in rooms():
            if r.startswith("session:"):
                leave_room(r)
        _invited().pop(request.sid, None)
        join_room(room(cs.id))
        if invitation:
            _invited()[request.sid] = (cs.id, current_user.id)
        if can(role, "live.board"):
            join_room(board_room(cs.id))
        return {"ok": True, "seq": cs.seq}
