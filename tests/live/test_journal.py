"""Events reach the screens because they are recorded, not because a route remembered to publish them:
a kind of event nobody has seen before, recorded by a service, arrives at a following socket.io client
after its transaction commits, with every section of the snapshot; a rolled-back one never arrives."""
from __future__ import annotations

import pytest

from server.app import socketio
from server.db import transaction
from server.journal import record
from server.live.snapshot import SECTIONS
from server.sessions.models import CouncilSession


def brand_new_service(session_id: int, actor_id: int, fail: bool = False):
    """A use case the product does not have yet: records a new kind and publishes nothing by hand."""
    with transaction() as s:
        cs = s.get(CouncilSession, session_id)
        ev = record(s, cs, actor_id, "recess.announced", {"minutes": 15})
        if fail:
            raise RuntimeError("refused after recording")
        return ev


@pytest.fixture
def follower(app, council, client_for):
    web = client_for("adb01")
    sock = socketio.test_client(app, flask_test_client=web.c)
    ack = sock.emit("follow", {"session_id": council.session_id}, callback=True)
    assert ack["ok"] is True
    sock.get_received()
    yield sock, ack["seq"]
    sock.disconnect()


def events(sock) -> list[dict]:
    return [m["args"][0] for m in sock.get_received() if m["name"] == "event"]


def test_a_new_kind_reaches_a_client_without_any_publish_call(app, council, follower):
    sock, seq = follower
    with app.app_context():
        ev = brand_new_service(council.session_id, council.users["achutich"])
    got = events(sock)
    assert [(e["kind"], e["seq"]) for e in got] == [("recess.announced", seq + 1)] and ev.seq == seq + 1
    # an unknown kind carries the whole shared snapshot, so no screen is left showing something stale
    assert set(SECTIONS) <= set(got[0]["patch"])
    assert got[0]["patch"]["status"] == "published" and len(got[0]["patch"]["agenda"]) == 4


def test_a_rolled_back_change_publishes_nothing(app, council, follower, client_for):
    sock, seq = follower
    with app.app_context(), pytest.raises(RuntimeError):
        brand_new_service(council.session_id, council.users["achutich"], fail=True)
    assert events(sock) == []
    assert client_for("adb01").get(f"/api/sessions/{council.session_id}/live").json["seq"] == seq


def test_follow_with_a_missing_or_absurd_session_id_gets_an_error(council, follower):
    sock, _ = follower
    for data in ({}, {"session_id": None}, {"session_id": "1"}, {"session_id": 10**30}, {"session_id": -1},
                 {"session_id": 2**31}, "junk", None):
        assert sock.emit("follow", data, callback=True) == {"ok": False, "error": "invalid"}, data
    assert sock.emit("follow", {"session_id": 2**31 - 1}, callback=True) == {"ok": False, "error": "not_found"}


def test_events_and_snapshots_say_the_same(app, council, client_for, follower):
    """Every section an event carries is the snapshot's own value for it at that seq."""
    sock, _ = follower
    chair = client_for("achutich")
    for u in ["achutich", "adb01", "adb02", "adb03"]:
        client_for(u).post(f"/api/sessions/{council.session_id}/check-in")
    chair.post(f"/api/sessions/{council.session_id}/control", {"action": "open"})
    chair.post(f"/api/sessions/{council.session_id}/floor", {"kind": "discussion"})
    got = events(sock)
    snap = client_for("adb01").get(f"/api/sessions/{council.session_id}/live").json
    assert got[-1]["seq"] == snap["seq"]
    latest = {}
    for e in got:
        latest.update(e["patch"])
    for key in ("status", "current_item_id", "attendance", "speaking"):
        assert latest[key] == snap[key], key


def test_only_the_outermost_commit_delivers(app, council, follower):
    """Releasing a savepoint is not a commit: what was recorded waits for the outer transaction, and goes
    nowhere if that one rolls back."""
    sock, seq = follower
    with app.app_context():
        with pytest.raises(RuntimeError), transaction() as s:
            cs = s.get(CouncilSession, council.session_id)
            with s.begin_nested():
                record(s, cs, None, "recess.announced", {"minutes": 5})
            assert events(sock) == []  # the savepoint was released: nothing is out yet
            raise RuntimeError("the outer transaction fails")
        assert events(sock) == []
        with transaction() as s:
            cs = s.get(CouncilSession, council.session_id)
            record(s, cs, None, "recess.announced", {"minutes": 10})
            with s.begin_nested():
                pass
            assert events(sock) == []
    got = events(sock)
    assert [(e["kind"], e["seq"]) for e in got] == [("recess.announced", seq + 1)]
