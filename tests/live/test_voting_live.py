"""Voting against real server processes: deadlines across a restart, concurrent double votes on PostgreSQL."""
from __future__ import annotations

import secrets
import threading
import time

import pytest

from server import migrate
from server.app import create_app
from tests.conftest import make_config
from tests.factories import build_council
from tests.live.helpers import Follower, Http, check_in_and_open
from tests.tablets import Committee, encrypt_for


def setup(tmp_path, url=None):
    cfg = make_config(tmp_path, url)
    migrate.upgrade(cfg.database_url)
    app = create_app(cfg)
    data = build_council(app, "a")
    app.extensions["kyhop.engine"].dispose()
    return data


def test_poll_closes_itself_at_the_deadline_even_across_a_restart(tmp_path, server_factory):
    a = setup(tmp_path)
    srv = server_factory()
    chair = check_in_and_open(srv.url, a)
    poll = Http(srv.url, "athuky").post(f"/api/sessions/{a.session_id}/polls",
                                        {"title": "Biểu quyết", "kind": "open", "duration_s": 10}).json()["poll"]
    assert chair.post(f"/api/polls/{poll['id']}/open").status_code == 200
    d = Http(srv.url, "adb01")
    assert d.post(f"/api/polls/{poll['id']}/ballots", {"request_id": secrets.token_urlsafe(16), "choice": "for"}).ok
    srv.stop()  # the server is down when the deadline passes
    time.sleep(10.5)
    srv.start()
    follower = Follower(srv.url, Http(srv.url, "adb02"), a.session_id).connect()
    follower.acks.get(timeout=5)
    deadline = time.time() + 5
    while time.time() < deadline:
        p = d.get(f"/api/polls/{poll['id']}").json()["poll"]
        if p["status"] == "closed":
            break
        time.sleep(0.2)
    assert p["status"] == "closed" and p["result"]["cast"] == 1
    late = d.post(f"/api/polls/{poll['id']}/ballots", {"request_id": secrets.token_urlsafe(16), "choice": "against"})
    assert late.status_code == 409
    follower.close()


def test_closing_reaches_followers_with_the_result(tmp_path, server_factory):
    a = setup(tmp_path)
    srv = server_factory()
    chair = check_in_and_open(srv.url, a)
    poll = chair.post(f"/api/sessions/{a.session_id}/polls", {"title": "Biểu quyết", "kind": "open"}).json()["poll"]
    f = Follower(srv.url, Http(srv.url, "adb01"), a.session_id).connect()
    f.acks.get(timeout=5)
    chair.post(f"/api/polls/{poll['id']}/open")
    assert f.next_event()["patch"]["poll"]["status"] == "open"
    Http(srv.url, "adb01").post(f"/api/polls/{poll['id']}/ballots", {"request_id": secrets.token_urlsafe(16), "choice": "for"})
    chair.post(f"/api/polls/{poll['id']}/close")
    ev = f.next_event()
    assert ev["kind"] == "poll.closed" and ev["patch"]["poll"]["result"]["answers"]["for"]["count"] == 1
    f.close()


@pytest.mark.postgres
def test_two_ballots_at_once_from_one_delegate_count_once(tmp_path, server_factory, pg_url):
    """Two tablets of the same delegate (or a double tap through two processes) race: exactly one counts."""
    a = setup(tmp_path, pg_url)
    one, two = server_factory(pg_url), server_factory(pg_url)
    chair = check_in_and_open(one.url, a)
    com = Committee(a.session_id, [(a.users[u], Http(one.url, u)) for u in ("adb02", "adb03", "adb04")])
    com.ceremony(Http(two.url, "athuky"))
    for kind in ("open", "secret"):
        poll = chair.post(f"/api/sessions/{a.session_id}/polls", {"title": kind, "kind": kind}).json()["poll"]
        assert chair.post(f"/api/polls/{poll['id']}/open", {"acknowledge_small": True}).status_code == 200
        poll = chair.get(f"/api/polls/{poll['id']}").json()["poll"]
        sessions = [Http(srv.url, "adb01") for srv in (one, two, one, two)]
        choices = ["for", "against", "abstain", "for"]
        # four different ballots (the secret ones encrypted, each with its own tracker)
        bodies = [{"choice": c} if kind == "open" else {"ballot": encrypt_for(poll, c)} for c in choices]
        results = []
        barrier = threading.Barrier(len(sessions))

        def go(http, b):
            barrier.wait()
            results.append(http.post(f"/api/polls/{poll['id']}/ballots",
                                     {"request_id": secrets.token_urlsafe(16), **b}).status_code)

        threads = [threading.Thread(target=go, args=(h, b)) for h, b in zip(sessions, bodies)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results) == [200, 409, 409, 409]
        chair.post(f"/api/polls/{poll['id']}/close")
        if kind == "secret":
            for n in (1, 2):
                assert com.confirm_count(n, poll["id"]).status_code == 201
        result = chair.get(f"/api/polls/{poll['id']}").json()["poll"]["result"]
        assert result["cast"] == 1 and result["consistent"] is True
