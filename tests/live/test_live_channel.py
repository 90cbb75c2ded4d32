"""The live channel with a real server process, real socket.io clients and (for scale-out) real Redis."""
from __future__ import annotations

import queue
import time

import pytest
import redis
import requests
import socketio

from server import migrate
from server.app import create_app
from tests.conftest import make_config
from tests.factories import PASSWORD, build_council
from tests.live.helpers import Follower, Http, check_in_and_open


@pytest.fixture
def live_env(tmp_path, server_factory):
    cfg = make_config(tmp_path)
    migrate.upgrade(cfg.database_url)
    app = create_app(cfg)
    a = build_council(app, "a")
    b = build_council(app, "b")
    return a, b, server_factory


def test_unauthenticated_socket_is_refused(live_env):
    a, _b, servers = live_env
    srv = servers()
    sio = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        sio.connect(srv.url, transports=["websocket"], wait_timeout=5)


def test_followers_get_each_change_in_seq_order(live_env):
    a, b, servers = live_env
    srv = servers()
    chair = check_in_and_open(srv.url, a)
    delegate = Follower(srv.url, Http(srv.url, "adb01"), a.session_id).connect()
    display = Follower(srv.url, Http(srv.url, "amanhinh"), a.session_id).connect()
    outsider = Follower(srv.url, Http(srv.url, "bdb01"), a.session_id).connect()  # council B
    ack = delegate.acks.get(timeout=5)
    assert ack["ok"] and ack["seq"] == 5
    assert display.acks.get(timeout=5)["ok"]
    assert outsider.acks.get(timeout=5) == {"ok": False, "error": "not_found"}
    current = a.item_ids[0]
    for expected_seq, target in [(6, a.item_ids[1]), (7, a.item_ids[2])]:
        chair.post(f"/api/sessions/{a.session_id}/control", {"action": "next", "from_item_id": current})
        for f in (delegate, display):
            ev = f.next_event()
            assert ev["seq"] == expected_seq and ev["patch"]["current_item_id"] == target
        current = target
    with pytest.raises(queue.Empty):
        outsider.next_event(timeout=0.5)
    for f in (delegate, display, outsider):
        f.close()


def test_delegate_socket_cannot_send_chair_commands(live_env):
    a, _b, servers = live_env
    srv = servers()
    check_in_and_open(srv.url, a)
    d = Http(srv.url, "adb01")
    r = d.post(f"/api/sessions/{a.session_id}/control", {"action": "next"})
    assert r.status_code == 403
    f = Follower(srv.url, d, a.session_id).connect()
    f.acks.get(timeout=5)
    # there is no socket event that changes state: unknown events are ignored, state is unchanged
    f.sio.emit("control", {"session_id": a.session_id, "action": "close"})
    time.sleep(0.3)
    assert d.get(f"/api/sessions/{a.session_id}/live").json()["status"] == "in_progress"
    f.close()


def test_reconnecting_client_learns_it_missed_changes(live_env):
    a, _b, servers = live_env
    srv = servers()
    chair = check_in_and_open(srv.url, a)
    d = Http(srv.url, "adb01")
    snap = d.get(f"/api/sessions/{a.session_id}/live").json()
    f = Follower(srv.url, d, a.session_id).connect()
    f.acks.get(timeout=5)
    f.close()  # Wi-Fi drops
    chair.post(f"/api/sessions/{a.session_id}/control", {"action": "goto", "item_id": a.item_ids[2]})
    chair.post(f"/api/sessions/{a.session_id}/control", {"action": "message", "message": "Giải lao 15 phút"})
    f = Follower(srv.url, d, a.session_id).connect()
    ack = f.acks.get(timeout=5)
    assert ack["seq"] == snap["seq"] + 2  # ahead of what the client holds: it reloads
    fresh = d.get(f"/api/sessions/{a.session_id}/live").json()
    assert fresh["seq"] == ack["seq"] and fresh["current_item_id"] == a.item_ids[2] and fresh["message"] == "Giải lao 15 phút"
    f.close()


def test_clients_resume_after_a_server_restart(live_env):
    a, _b, servers = live_env
    srv = servers()
    chair = check_in_and_open(srv.url, a)
    d = Http(srv.url, "adb01")
    f = Follower(srv.url, d, a.session_id, reconnection=True).connect()
    first = f.acks.get(timeout=5)
    srv.stop()
    srv.start()  # same port, same database; the login cookie stays valid
    second = f.acks.get(timeout=15)  # reconnected and followed again by itself
    assert second["ok"] and second["seq"] == first["seq"]
    chair.post(f"/api/sessions/{a.session_id}/control", {"action": "next", "from_item_id": a.item_ids[0]})
    assert f.next_event()["seq"] == first["seq"] + 1
    f.close()


def redis_reason() -> str | None:
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=2).ping()
        return None
    except Exception as exc:  # noqa: BLE001
        return f"Redis not reachable at 127.0.0.1:6379: {type(exc).__name__}"


@pytest.mark.redis
def test_events_cross_processes_through_redis(live_env):
    reason = redis_reason()
    if reason:
        pytest.skip(reason)
    a, _b, servers = live_env
    env = {"KYHOP_MESSAGE_QUEUE": "redis://127.0.0.1:6379/0", "KYHOP_MESSAGE_QUEUE_CHANNEL": f"kyhop-test-{time.time_ns()}"}
    one, two = servers(env=env), servers(env=env)
    chair = check_in_and_open(one.url, a)
    followers = [Follower(two.url, Http(two.url, "adb01"), a.session_id).connect(),
                 Follower(one.url, Http(one.url, "adb02"), a.session_id).connect()]
    for f in followers:
        assert f.acks.get(timeout=5)["ok"]
    chair.post(f"/api/sessions/{a.session_id}/control", {"action": "message", "message": "Đề nghị các đại biểu về chỗ ngồi"})
    for f in followers:
        ev = f.next_event()
        assert ev["patch"] == {"message": "Đề nghị các đại biểu về chỗ ngồi"}
        f.close()


def test_serve_with_tls(live_env, tmp_path):
    """`kyhop serve --tls`: HTTPS with a generated certificate, secure cookies, HSTS, websockets over TLS."""
    a, _b, servers = live_env
    srv = servers(args=("--tls",))
    base = srv.url.replace("http://", "https://")
    cert = tmp_path / "instance" / "tls-ca.pem"  # what a tablet installs once
    r = requests.get(f"{base}/api/auth/me", verify=str(cert), timeout=5)
    assert r.status_code == 200 and r.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Secure" in r.headers["Set-Cookie"]
    assert oct((tmp_path / "instance" / "tls-key.pem").stat().st_mode & 0o777) == "0o600"
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(f"{base}/healthz", timeout=5)  # untrusted until the tablet installs the certificate
    s = requests.Session()
    csrf = s.get(f"{base}/api/auth/me", verify=str(cert)).json()["csrf_token"]
    assert s.post(f"{base}/api/auth/login", json={"username": "adb01", "password": PASSWORD},
                  headers={"X-CSRF-Token": csrf}, verify=str(cert)).status_code == 200
    # the certificate was checked above; here only that the live channel runs over wss
    sio = socketio.Client(reconnection=False, http_session=s, ssl_verify=False)
    sio.connect(base, transports=["websocket"], wait_timeout=10)
    assert sio.call("follow", {"session_id": a.session_id}, timeout=5)["ok"]
    sio.disconnect()
