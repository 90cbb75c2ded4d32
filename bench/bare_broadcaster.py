"""Baseline for bench/fanout: a bare python-socketio gevent server that rebroadcasts on GET /fire."""
from gevent import monkey

monkey.patch_all()

import sys  # noqa: E402

import socketio  # noqa: E402
from gevent import pywsgi  # noqa: E402

sio = socketio.Server(async_mode="gevent", transports=["websocket"])
sockets = socketio.WSGIApp(sio)


def app(environ, start_response):
    if environ["PATH_INFO"] == "/fire":
        seq = int(environ["QUERY_STRING"].partition("=")[2])
        sio.emit("event", {"session_id": 1, "seq": seq, "kind": "agenda.current", "patch": {"current_item_id": seq}})
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    return sockets(environ, start_response)


if __name__ == "__main__":
    pywsgi.WSGIServer(("127.0.0.1", int(sys.argv[1])), app, log=None).serve_forever()
