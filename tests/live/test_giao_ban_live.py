"""A giao ban followed live with a real server and real socket.io clients: the commune's standing member follows the
province's meeting by invitation and gets its events, cannot follow the province's other session, and is dropped
once the invitation is withdrawn."""
from __future__ import annotations


from server import migrate
from server.app import create_app
from tests.conftest import make_config
from tests.factories import build_council
from tests.live.helpers import Follower, Http


def test_an_invitee_follows_the_meeting_live_and_only_while_invited(tmp_path, server_factory):
    cfg = make_config(tmp_path)
    migrate.upgrade(cfg.database_url)
    app = create_app(cfg)
    p = build_council(app, "p", name="HĐND tỉnh Sơn Lâm")
    c = build_council(app, "c", name="HĐND xã Tân Hòa")
    app.extensions["kyhop.engine"].dispose()
    srv = server_factory()
    psec, csec = Http(srv.url, "pthuky"), Http(srv.url, "cthuky")
    for sec, d in ((psec, p), (csec, c)):
        for u in ("chutich", "db01"):
            r = sec.s.patch(f"{srv.url}/api/members/{d.users[d.prefix + u]}", json={"groups": ["Thường trực HĐND"]},
                            headers={"X-CSRF-Token": sec.csrf})
            assert r.status_code == 200
    st = next(g["id"] for g in psec.get("/api/council").json()["groups"] if g["kind"] == "standing")
    gb = psec.post("/api/sessions", {"kind": "giao_ban", "group_id": st, "title": "Hội nghị giao ban quý IV",
                                     "start_date": "2026-12-15", "end_date": "2026-12-15"}).json()["session"]["id"]
    assert psec.post(f"/api/sessions/{gb}/invitees", {"council_id": c.council_id}).status_code == 200
    assert psec.s.patch(f"{srv.url}/api/sessions/{gb}", json={"status": "published"},
                        headers={"X-CSRF-Token": psec.csrf}).status_code == 200

    guest = Http(srv.url, "cchutich")
    elsewhere = Follower(srv.url, guest, p.session_id).connect()
    assert elsewhere.acks.get(timeout=10) == {"ok": False, "error": "not_found"}  # the province's kỳ họp: no
    elsewhere.close()
    follower = Follower(srv.url, guest, gb).connect()
    assert follower.acks.get(timeout=10)["ok"]
    assert guest.post(f"/api/sessions/{gb}/check-in").status_code == 200
    ev = follower.next_event()
    assert ev["kind"] == "attendance.marked" and ev["patch"]["attendance"]["present"] == 0  # never counted

    # the invitation withdrawn: the socket drops, and following again is refused
    assert psec.s.delete(f"{srv.url}/api/sessions/{gb}/invitees/{c.users['cchutich']}",
                         headers={"X-CSRF-Token": psec.csrf}).status_code == 200
    assert follower.dropped(10.0)
    again = Follower(srv.url, guest, gb).connect()
    assert again.acks.get(timeout=10) == {"ok": False, "error": "not_found"}
    again.close()
    # the commune's other standing member, still invited, still follows
    other = Follower(srv.url, Http(srv.url, "cdb01"), gb).connect()
    assert other.acks.get(timeout=10)["ok"]
    other.close()
