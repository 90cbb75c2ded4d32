"""The parts around a server going away under real processes: the database link, Redis, the disk."""
from __future__ import annotations

import os
import queue
import shutil
import subprocess
import time

import pytest
import redis as redis_lib
from sqlalchemy import create_engine, func, select

from server import migrate
from server.app import create_app
from server.documents.models import Document, DocumentVersion
from server.documents.samples import make_pdf
from tests.conftest import free_port, make_config
from tests.factories import build_council
from tests.fault.test_crash import setup
from tests.live.helpers import Follower, Http, check_in_and_open
from tests.tcp_proxy import Proxy


def assert_unavailable(r, status: int = 503):
    assert r.status_code == status, (r.status_code, r.text[:300])
    err = r.json()["error"]
    assert err["message_vi"] and err["message_en"], err


@pytest.mark.postgres
def test_database_link_lost_then_restored(tmp_path, pg_url, server_factory):
    migrate.upgrade(pg_url)
    app = create_app(make_config(tmp_path, pg_url))
    a = build_council(app, "a")
    app.extensions["kyhop.engine"].dispose()
    link = Proxy(5432).start()
    srv = server_factory(pg_url.replace("127.0.0.1:5432", f"127.0.0.1:{link.port}"))
    chair = check_in_and_open(srv.url, a)
    live = f"/api/sessions/{a.session_id}/live"
    seq = chair.get(live).json()["seq"]

    link.cut()
    t0 = time.monotonic()
    assert_unavailable(chair.get(live))
    assert_unavailable(chair.post(f"/api/sessions/{a.session_id}/control", {"action": "next"}))
    assert_unavailable(chair.get("/api/sessions"))
    assert time.monotonic() - t0 < 60  # answered, not hung
    assert srv.proc.poll() is None

    link.restore()
    snap = chair.get(live).json()
    assert snap["seq"] == seq  # the refused command changed nothing
    r = chair.post(f"/api/sessions/{a.session_id}/control", {"action": "next"})
    assert r.status_code == 200 and r.json()["seq"] == seq + 1
    link.cut()


class RedisServer:
    """A private redis-server, so restarting it disturbs nobody else."""

    def __init__(self, tmp):
        self.port, self.tmp, self.proc = free_port(), tmp, None

    def start(self) -> "RedisServer":
        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", str(self.tmp)], stdout=subprocess.DEVNULL)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                redis_lib.Redis(port=self.port, socket_connect_timeout=0.5).ping()
                return self
            except redis_lib.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


@pytest.mark.redis
def test_redis_restart_under_live_clients(tmp_path, server_factory):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    _cfg, a = setup(tmp_path)
    rs = RedisServer(tmp_path).start()
    try:
        env = {"KYHOP_MESSAGE_QUEUE": f"redis://127.0.0.1:{rs.port}/0"}
        one, two = server_factory(env=env), server_factory(env=env)
        chair = check_in_and_open(one.url, a)
        control = f"/api/sessions/{a.session_id}/control"
        followers = [Follower(srv.url, Http(srv.url, u), a.session_id, reconnection=True).connect()
                     for srv, u in ((one, "adb01"), (two, "adb02"))]
        for f in followers:
            assert f.acks.get(timeout=10)["ok"]
        assert chair.post(control, {"action": "next"}).status_code == 200
        for f in followers:
            assert f.next_event()["kind"]

        rs.stop()
        # while Redis is away, commands still succeed: they are committed; only their broadcast is lost
        r = chair.post(control, {"action": "message", "message": "Redis vắng"})
        assert r.status_code == 200
        missed = r.json()["seq"]
        time.sleep(1)
        rs.start()
        # after it returns, followers on both processes receive again (within the listeners' back-off)
        got: dict[int, dict] = {}
        deadline = time.time() + 45
        while time.time() < deadline and len(got) < 2:
            seq = chair.post(control, {"action": "message", "message": f"thử {time.time()}"}).json()["seq"]
            for i, f in enumerate(followers):
                try:
                    while i not in got:
                        ev = f.next_event(timeout=1)
                        if ev["seq"] == seq:
                            got[i] = ev
                except queue.Empty:
                    pass
        assert len(got) == 2, "a follower never received again after Redis came back"
        for ev in got.values():
            # later than the change whose broadcast was lost: the tablet sees the gap in seq and reloads its
            # snapshot, which has that change
            assert ev["seq"] > missed
        assert chair.get(f"/api/sessions/{a.session_id}/live").json()["seq"] >= missed
        for f in followers:
            f.close()
    finally:
        rs.stop()


def test_disk_full_on_upload(tmp_path, server_factory):
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs to fill needs root")
    cfg, a = setup(tmp_path)
    docs = cfg.documents_dir
    docs.mkdir(parents=True, exist_ok=True)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(docs)]).returncode != 0:
        pytest.skip("could not mount a tmpfs here (no privilege in this container)")
    try:
        srv = server_factory()
        sec = Http(srv.url, "athuky")
        url = f"{srv.url}/api/sessions/{a.session_id}/documents?filename=%s&kind=report&access=public"
        big = make_pdf("Báo cáo dài", 3) + b"%" * (3 << 20)  # 3 MB of comment after %%EOF: valid, too big for the disk
        r = sec.s.post(url % "lon.pdf", data=big, headers={"X-CSRF-Token": sec.csrf, "Content-Type": "application/pdf"})
        assert_unavailable(r, 507)
        assert "lon.pdf" in r.json()["error"]["message_vi"]
        assert [p for p in docs.rglob("*") if p.is_file()] == []  # nothing partial
        engine = create_engine(cfg.database_url)
        with engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(Document)) == 0
            assert conn.scalar(select(func.count()).select_from(DocumentVersion)) == 0
        engine.dispose()
        # the space it took is free again: a normal document still goes in
        r = sec.s.post(url % "nho.pdf", data=make_pdf("Tờ trình", 2),
                       headers={"X-CSRF-Token": sec.csrf, "Content-Type": "application/pdf"})
        assert r.status_code == 201, r.text
        srv.stop()
    finally:
        subprocess.run(["umount", "-l", str(docs)])

