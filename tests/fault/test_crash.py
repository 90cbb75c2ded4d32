"""A server process killed in the middle of work: nothing acknowledged is lost, nothing half-written stays."""
from __future__ import annotations

import os
import secrets
import signal
import socket
import time

from sqlalchemy import create_engine, func, select

from server import migrate
from server.app import create_app
from server.documents.models import Document, DocumentVersion
from server.documents.samples import make_pdf
from tests.conftest import make_config
from tests.factories import build_council
from tests.live.helpers import Http, check_in_and_open
from tests.tablets import Committee, encrypt_for


def setup(tmp_path):
    cfg = make_config(tmp_path)
    migrate.upgrade(cfg.database_url)
    app = create_app(cfg)
    data = build_council(app, "a")
    app.extensions["kyhop.engine"].dispose()
    return cfg, data


def test_sigkill_during_an_upload_leaves_no_document(tmp_path, server_factory):
    cfg, a = setup(tmp_path)
    srv = server_factory()
    sec = Http(srv.url, "athuky")
    pdf = make_pdf("Tờ trình lớn", 50)
    # send the headers and half the body by hand, then kill the server while it is receiving
    sock = socket.create_connection(("127.0.0.1", srv.port))
    head = (f"POST /api/sessions/{a.session_id}/documents?filename=lon.pdf&kind=report&access=public HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{srv.port}\r\nContent-Type: application/pdf\r\nContent-Length: {len(pdf)}\r\n"
            f"X-CSRF-Token: {sec.csrf}\r\nCookie: {sec.cookie()}\r\n\r\n").encode()
    sock.sendall(head + pdf[: len(pdf) // 2])
    time.sleep(0.5)
    srv.proc.send_signal(signal.SIGKILL)
    srv.proc.wait()
    sock.close()
    partial = list((cfg.documents_dir / "tmp").glob("*"))
    assert partial  # the half-received upload is there, under a temporary name only
    for f in partial:  # as if an hour had passed
        os.utime(f, (time.time() - 7200, time.time() - 7200))
    srv.start()
    assert list((cfg.documents_dir / "tmp").glob("*")) == []  # swept at start-up
    assert list((cfg.documents_dir / "objects").rglob("*.pdf")) == []
    engine = create_engine(cfg.database_url)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Document)) == 0
        assert conn.scalar(select(func.count()).select_from(DocumentVersion)) == 0
    engine.dispose()
    # and the server works: the same upload now succeeds
    r = sec.s.post(f"{srv.url}/api/sessions/{a.session_id}/documents?filename=lon.pdf&kind=report&access=public",
                   data=pdf, headers={"X-CSRF-Token": sec.csrf, "Content-Type": "application/pdf"})
    assert r.status_code == 201


def test_sigkill_during_ballots_loses_nothing_acknowledged(tmp_path, server_factory):
    import threading
    cfg, a = setup(tmp_path)
    srv = server_factory()
    chair = check_in_and_open(srv.url, a)
    com = Committee(a.session_id, [(a.users[u], Http(srv.url, u)) for u in ("adb01", "adb02", "adb03")])
    com.ceremony(Http(srv.url, "athuky"))
    poll = chair.post(f"/api/sessions/{a.session_id}/polls", {"title": "NQ", "kind": "secret", "duration_s": 600}).json()["poll"]
    chair.post(f"/api/polls/{poll['id']}/open", {"acknowledge_small": True})
    poll = chair.get(f"/api/polls/{poll['id']}").json()["poll"]
    voters = [Http(srv.url, u) for u in ("achutich", "adb01", "adb02", "adb03")]
    acked, lock = [], threading.Lock()

    def cast(h):
        try:
            r = h.post(f"/api/polls/{poll['id']}/ballots", {"request_id": secrets.token_urlsafe(16),
                                                              "ballot": encrypt_for(poll, "for")})
            if r.status_code == 200:
                with lock:
                    acked.append(r.json()["tracker"])
        except Exception:  # noqa: BLE001 - the server died under this request: not acknowledged
            pass

    threads = [threading.Thread(target=cast, args=(h,)) for h in voters]
    for t in threads[:2]:
        t.start()
    for t in threads[:2]:
        t.join()
    srv.proc.send_signal(signal.SIGKILL)
    srv.proc.wait()
    for t in threads[2:]:
        t.start()
    for t in threads[2:]:
        t.join()
    srv.start()
    chair = Http(srv.url, "achutich")
    chair.post(f"/api/polls/{poll['id']}/close")
    for n in (1, 2):
        assert com.confirm_count(n, poll["id"]).status_code == 201
    published = set(chair.get(f"/api/polls/{poll['id']}").json()["poll"]["result"]["trackers"])
    assert len(acked) == 2 and set(acked) <= published
