"""The voting parts of the runtime: the deadline keeper and coalesced progress counts."""
from __future__ import annotations

import logging

from server.live.bus import board_room, publish

log = logging.getLogger(__name__)
PROGRESS_INTERVAL_S = 0.25  # at most four count updates a second per poll, however many vote
DEADLINE_TICK_S = 0.5

_pending: set[int] = set()


def schedule_progress(app, poll_id: int) -> None:
    """After a ballot commits: publish the count of ballots cast soon, once for every burst of ballots."""
    if poll_id in _pending:
        return
    _pending.add(poll_id)
    socketio = app.extensions["socketio"]

    def later():
        socketio.sleep(PROGRESS_INTERVAL_S)
        _pending.discard(poll_id)
        from server.db import db
        from server.voting.models import Poll
        from server.voting.service import progress
        with app.app_context():
            p = db().get(Poll, poll_id)
            if p is not None and p.status == "open":
                socketio.emit("poll_progress", progress(db(), p), to=board_room(p.session_id))

    socketio.start_background_task(later)


def start_deadline_keeper(app) -> None:
    """Close polls at their deadline even if nobody presses anything — and after a restart, at once."""
    socketio = app.extensions["socketio"]

    def loop():
        from server.voting.service import close_due
        while True:
            try:
                with app.app_context():
                    events = close_due()
                    if events:
                        publish(*events)
            except Exception:  # keep ticking; a database hiccup must not stop deadlines for good
                log.exception("deadline keeper tick failed")
            socketio.sleep(DEADLINE_TICK_S)

    socketio.start_background_task(loop)
