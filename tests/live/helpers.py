"""Real HTTP sessions and real socket.io clients against a running server."""
from __future__ import annotations

import queue
import time

import requests
import socketio

from tests.factories import PASSWORD


class Http:
    def __init__(self, base: str, username: str, password: str = PASSWORD):
        self.base, self.s = base, requests.Session()
        csrf = self.s.get(f"{base}/api/auth/me").json()["csrf_token"]
        r = self.s.post(f"{base}/api/auth/login", json={"username": username, "password": password},
                        headers={"X-CSRF-Token": csrf})
        r.raise_for_status()
        self.csrf = r.json()["csrf_token"]

    def get(self, path):
        return self.s.get(self.base + path)

    def post(self, path, body=None):
        return self.s.post(self.base + path, json=body or {}, headers={"X-CSRF-Token": self.csrf})

    def put(self, path, body=None):
        return self.s.put(self.base + path, json=body or {}, headers={"X-CSRF-Token": self.csrf})

    def post_pdf(self, path, data: bytes) -> dict:
        """Upload a PDF as the browser does (the file is the body); the document as the server answers it."""
        r = self.s.post(self.base + path, data=data, headers={"X-CSRF-Token": self.csrf, "Content-Type": "application/pdf"})
        assert r.status_code == 201, r.text
        return r.json()["document"]

    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.s.cookies)


class Follower:
    """A socket.io client (websocket only) that follows one session and queues the events it gets."""

    def __init__(self, base: str, http: Http | None, session_id: int, reconnection: bool = False):
        self.events: queue.Queue = queue.Queue()
        self.sio = socketio.Client(reconnection=reconnection, reconnection_delay=0.2, reconnection_delay_max=1)
        self.sio.on("event", self.events.put)
        self.base, self.http, self.session_id = base, http, session_id
        self.acks: queue.Queue = queue.Queue()
        self.sio.on("connect", lambda: self.acks.put(self.follow()))

    def connect(self):
        headers = {"Cookie": self.http.cookie()} if self.http else {}
        self.sio.connect(self.base, headers=headers, transports=["websocket"], wait_timeout=10)
        return self

    def follow(self):
        return self.sio.call("follow", {"session_id": self.session_id}, timeout=10)

    def next_event(self, timeout: float = 10):
        return self.events.get(timeout=timeout)

    def dropped(self, within: float) -> bool:
        """Whether the server drops this socket within `within` seconds."""
        deadline = time.time() + within
        while time.time() < deadline:
            if not self.sio.connected:
                return True
            time.sleep(0.05)
        return False

    def close(self):
        ws = self.sio.eio.ws
        if ws is not None:
            ws.shutdown()  # drop the connection at once, as a tablet losing Wi-Fi does (no close handshake)
        self.sio.eio.disconnect(abort=True)


def check_in_and_open(base: str, data, present: int = 4) -> Http:
    """Check in the chair and enough delegates for quorum, open the session; returns the chair's session."""
    for u in ([f"{data.prefix}chutich"] + data.delegates())[:present]:
        assert Http(base, u).post(f"/api/sessions/{data.session_id}/check-in").status_code == 200
    chair = Http(base, f"{data.prefix}chutich")
    assert chair.post(f"/api/sessions/{data.session_id}/control", {"action": "open"}).status_code == 200
    return chair
