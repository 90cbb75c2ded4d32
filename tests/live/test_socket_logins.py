"""A socket lives only as long as its login, as it was: after logout, deactivation or a role change — made
on any process — the tablet's socket is dropped and receives nothing more of the session."""
from __future__ import annotations


from tests.live.helpers import Follower, Http, check_in_and_open
from tests.live.test_voting_live import setup


def test_logout_deactivation_and_role_change_drop_the_socket_on_every_process(tmp_path, server_factory):
    a = setup(tmp_path)
    one, two = server_factory(), server_factory()  # two processes on one database
    chair = check_in_and_open(one.url, a)
    tablets = {u: Http(one.url, u) for u in ("adb01", "adb02", "adb03")}
    followers = {u: Follower(one.url, h, a.session_id).connect() for u, h in tablets.items()}
    for f in followers.values():
        assert f.acks.get(timeout=10)["ok"]

    # logout, sent to the other process with the same login
    tablets["adb01"].base = two.url
    assert tablets["adb01"].post("/api/auth/logout").status_code == 200
    assert followers["adb01"].dropped(5.0)
    admin = Http(two.url, "aadmin")
    assert admin.s.patch(f"{two.url}/api/members/{a.users['adb02']}", json={"active": False},
                         headers={"X-CSRF-Token": admin.csrf}).status_code == 200
    assert followers["adb02"].dropped(5.0)
    assert admin.s.patch(f"{two.url}/api/members/{a.users['adb03']}", json={"role": "guest"},
                         headers={"X-CSRF-Token": admin.csrf}).status_code == 200
    assert followers["adb03"].dropped(5.0)

    # a dropped socket gets nothing more; one whose login still holds does
    watcher = Follower(one.url, Http(one.url, "adb04"), a.session_id).connect()
    assert watcher.acks.get(timeout=10)["ok"]
    chair.post(f"/api/sessions/{a.session_id}/control", {"action": "message", "message": "Nghỉ giải lao"})
    assert watcher.next_event()["kind"] == "session.message"
    for f in followers.values():
        assert f.events.empty() or all(e["kind"] != "session.message" for e in list(f.events.queue))
    watcher.close()


def test_a_socket_connecting_while_the_sweep_reads_is_not_dropped(app, council, client_for, monkeypatch):
    """The sweep's query yields to other greenlets; a tablet that connects meanwhile was not in the query
    and must not be taken for an ended login (it was, and a reconnecting tablet stayed dark)."""
    from types import SimpleNamespace

    from server.accounts.service import token_hash
    from server.db import db
    from server.live import sockets
    dropped_sids = []
    fake = SimpleNamespace(server=SimpleNamespace(disconnect=lambda sid, namespace: dropped_sids.append(sid)))
    with app.app_context():
        here = app.extensions.setdefault("kyhop.sockets", {})
        here["ended"] = (token_hash("no-such-login"), "delegate")
        real_execute = db().execute

        def execute(*a, **kw):  # a tablet connects while the query is on its way
            here["arriving"] = (token_hash("another-login"), "delegate")
            return real_execute(*a, **kw)
        monkeypatch.setattr(db(), "execute", execute)
        sockets.sweep(fake)
        assert dropped_sids == ["ended"] and "arriving" in here
