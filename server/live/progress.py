"""The count of ballots cast in an open poll, pushed to the board screens at most four times a second."""
from __future__ import annotations

from server.db import db
from server.live.rooms import board_room
from server.voting.counting import progress
from server.voting.models import Poll

INTERVAL_S = 0.25  # at most four count updates a second per poll, however many vote

_pending: set[int] = set()


def schedule(app, poll_id: int) -> None:
    """After a ballot commits: publish the count soon, once for every burst of ballots."""
    if poll_id in _pending:
        return
    _pending.add(poll_id)
    socketio = app.extensions["socketio"]

    def later():
        socketio.sleep(INTERVAL_S)
        _pending.discard(poll_id)
        with app.app_context():
            p = db().get(Poll, poll_id)
            if p is not None and p.status == "open":
                socketio.emit("poll_progress", progress(db(), p), to=board_room(p.session_id))

    socketio.start_background_task(later)
