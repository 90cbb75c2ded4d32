"""The scaled topology with real processes: two gunicorn/gevent kyhop processes on PostgreSQL and Redis,
behind nginx (websocket proxying, X-Accel-Redirect); one process killed mid-session."""
from __future__ import annotations

import shutil
import sys
import time

import pytest
import redis as redis_lib

from server import migrate
from server.app import create_app
from server.documents.samples import make_pdf
from tests.conftest import ROOT, make_config
from tests.factories import build_council
from tests.live.helpers import Follower, Http, check_in_and_open

sys.path.insert(0, str(ROOT / "deploy"))
from scaled import Topology  # noqa: E402


@pytest.fixture
def topology(tmp_path, pg_url):
    if shutil.which("nginx") is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    try:
        redis_lib.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"Redis not reachable at 127.0.0.1:6379: {type(exc).__name__}")
    migrate.upgrade(pg_url)
    app = create_app(make_config(tmp_path, pg_url))
    a, b = build_council(app, "a"), build_council(app, "b")
    app.extensions["kyhop.engine"].dispose()
    topo = Topology(pg_url, "redis://127.0.0.1:6379/0", processes=2).start()  # its own folder: nginx must read it
    yield topo, a, b
    topo.stop()


@pytest.mark.postgres
@pytest.mark.redis
def test_two_processes_behind_nginx_survive_losing_one(topology):
    topo, a, b = topology
    chair = check_in_and_open(topo.url, a)
    followers = [Follower(topo.url, Http(topo.url, u), a.session_id, reconnection=True).connect() for u in ("adb01", "adb02")]
    for f in followers:
        assert f.acks.get(timeout=10)["ok"]
    seq0 = chair.get(f"/api/sessions/{a.session_id}/live").json()["seq"]
    # moves go to either process (nginx round robin); every follower gets every one, in order, via Redis
    for target in (a.item_ids[1], a.item_ids[2], a.item_ids[1]):
        chair.post(f"/api/sessions/{a.session_id}/control", {"action": "goto", "item_id": target})
    for f in followers:
        got = [f.next_event(timeout=10)["seq"] for _ in range(3)]
        assert got == [seq0 + 1, seq0 + 2, seq0 + 3]

    # documents through nginx: the app authorizes, nginx sends the bytes
    sec = Http(topo.url, "athuky")
    pdf = make_pdf("Tờ trình", 2)
    r = sec.s.post(f"{topo.url}/api/sessions/{a.session_id}/documents?filename=t.pdf&kind=submission&access=delegates",
                   data=pdf, headers={"X-CSRF-Token": sec.csrf, "Content-Type": "application/pdf"})
    assert r.status_code == 201, r.text
    url = topo.url + r.json()["document"]["current"]["url"]
    d = Http(topo.url, "adb01")
    assert d.s.get(url).content == pdf
    part = d.s.get(url, headers={"Range": "bytes=0-9"})
    assert part.status_code == 206 and part.content == pdf[:10]
    assert Http(topo.url, "akhach").s.get(url).status_code == 404
    assert Http(topo.url, "bdb01").get(f"/api/sessions/{a.session_id}/live").status_code == 404  # other council

    # one process dies: requests go on through the other, followers reconnect and keep receiving
    topo.kill_app(0)
    deadline = time.time() + 20
    while time.time() < deadline:
        r = chair.post(f"/api/sessions/{a.session_id}/control", {"action": "message", "message": f"m{time.time()}"})
        if r.status_code == 200:
            break
        time.sleep(0.5)
    assert r.status_code == 200
    last = r.json()["seq"]
    for f in followers:
        seen = 0
        end = time.time() + 20
        while time.time() < end and seen < last:
            try:
                seen = max(seen, f.next_event(timeout=1)["seq"])
            except Exception:  # noqa: BLE001 - reconnecting: on follow the client learns the seq and reloads
                if f.sio.connected:
                    seen = max(seen, f.follow()["seq"])
        assert seen >= last
        f.close()
