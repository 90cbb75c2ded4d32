"""Polls close at their deadline even if nobody presses anything — and after a restart, at once."""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)
TICK_S = 0.5


def start_deadline_keeper(app) -> None:
    socketio = app.extensions["socketio"]

    def loop():
        from server.voting.lifecycle import close_due
        while True:
            try:
                with app.app_context():
                    close_due()  # each closing is recorded; the journal delivers it after its commit
            except Exception:  # keep ticking; a database hiccup must not stop deadlines for good
                log.exception("deadline keeper tick failed")
            socketio.sleep(TICK_S)

    socketio.start_background_task(loop)
