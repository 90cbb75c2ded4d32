"""The live layer, on top of every area: sockets, the snapshot and the events screens receive.

`install(app, socketio)` subscribes to the journal: each recorded event gets its patch (the snapshot
sections its kind changes, server/live/events.py) inside its transaction and is pushed to the session's
room once the transaction commits. No area imports this package.
"""
from __future__ import annotations


def install(app, socketio) -> None:
    from server.journal import subscribe
    from server.live import api, sockets
    from server.live.events import Publisher

    subscribe(app, Publisher(app, socketio))
    sockets.register(socketio)
    app.register_blueprint(api.bp)
