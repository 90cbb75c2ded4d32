"""Every role against the actions it must not reach, and every council against the other's data."""
import pytest

SECRETARY_ACTIONS = [
    ("post", "/api/members", {"username": "newbie", "full_name": "Người Mới", "role": "delegate"}),
    ("patch", "/api/members/{adb01}", {"full_name": "Đổi Tên"}),
    ("post", "/api/sessions", {"number": 9, "kind": "regular", "title": "X", "start_date": "2026-12-01", "end_date": "2026-12-01"}),
    ("patch", "/api/sessions/{session}", {"title": "Đổi"}),
    ("post", "/api/sessions/{session}/agenda", {"title": "Mục mới", "kind": "report"}),
    ("patch", "/api/agenda/{item0}", {"title": "Đổi"}),
    ("post", "/api/agenda/{item0}/move", {"index": 2}),
    ("delete", "/api/agenda/{item3}", None),
    ("put", "/api/sessions/{session}/attendance/{adb01}", {"status": "present"}),
]
CHAIR_ACTIONS = [("post", "/api/sessions/{session}/control", {"action": "open"})]


def fill(path, data):
    return path.format(session=data.session_id, item0=data.item_ids[0], item3=data.item_ids[3],
                       adb01=data.users[f"{data.prefix}db01"])


@pytest.mark.parametrize("role_user", ["adb02", "akhach", "amanhinh"])
def test_delegates_guests_and_display_cannot_do_secretary_work(council, client_for, role_user):
    c = client_for(role_user)
    for method, path, body in SECRETARY_ACTIONS:
        r = getattr(c, method)(fill(path, council), body) if body is not None else getattr(c, method)(fill(path, council))
        assert r.status_code == 403, (role_user, method, path, r.json)


@pytest.mark.parametrize("role_user", ["adb02", "akhach", "amanhinh", "athuky", "aadmin"])
def test_only_the_chair_drives_the_session(council, client_for, role_user):
    c = client_for(role_user)
    for method, path, body in CHAIR_ACTIONS:
        assert getattr(c, method)(fill(path, council), body).status_code == 403


def test_guest_and_display_cannot_check_in(council, client_for):
    for u in ("akhach", "amanhinh", "athuky"):
        assert client_for(u).post(f"/api/sessions/{council.session_id}/check-in").status_code == 403


def test_nothing_of_another_council_is_reachable(council, other_council, client_for):
    """A user of council A gets 404 for every object of council B, read or write, as if it did not exist."""
    b = other_council
    for user in ("athuky", "aadmin", "achutich", "adb01"):
        c = client_for(user)
        assert c.get(f"/api/sessions/{b.session_id}").status_code == 404
        assert c.get(f"/api/sessions/{b.session_id}/live").status_code == 404
        ids = {m["id"] for m in c.get("/api/members").json["members"]}
        assert not ids & set(b.users.values())
        assert all(s["id"] != b.session_id for s in c.get("/api/sessions").json["sessions"])
    sec = client_for("athuky")
    writes = [("patch", f"/api/members/{b.users['bdb01']}", {"full_name": "Bị sửa"}),
              ("patch", f"/api/sessions/{b.session_id}", {"title": "Bị sửa"}),
              ("post", f"/api/sessions/{b.session_id}/agenda", {"title": "Chen", "kind": "report"}),
              ("patch", f"/api/agenda/{b.item_ids[0]}", {"title": "Bị sửa"}),
              ("delete", f"/api/agenda/{b.item_ids[3]}", None),
              ("put", f"/api/sessions/{b.session_id}/attendance/{b.users['bdb01']}", {"status": "present"}),
              ("put", f"/api/sessions/{council.session_id}/attendance/{b.users['bdb01']}", {"status": "present"})]
    for method, path, body in writes:
        r = getattr(sec, method)(path, body) if body is not None else getattr(sec, method)(path)
        assert r.status_code == 404, (path, r.json)
    chair = client_for("achutich")
    assert chair.post(f"/api/sessions/{b.session_id}/control", {"action": "open"}).status_code == 404
    # and nothing changed in council B
    bsec = client_for("bthuky")
    assert bsec.get(f"/api/sessions/{b.session_id}").json["session"]["title"] == "Kỳ họp thứ nhất"
    assert len(bsec.get(f"/api/sessions/{b.session_id}").json["agenda"]) == 4
    assert bsec.get(f"/api/sessions/{b.session_id}/live").json["attendance"]["present"] == 0


def test_drafts_are_hidden_from_delegates(app, client_for):
    from tests.factories import build_council
    d = build_council(app, "d", status="draft")
    assert client_for("ddb01").get(f"/api/sessions/{d.session_id}").status_code == 404
    assert client_for("ddb01").get("/api/sessions").json["sessions"] == []
    assert client_for("dchutich").get(f"/api/sessions/{d.session_id}").status_code == 200


def test_delegates_do_not_see_usernames_or_staff(council, client_for):
    members = client_for("adb01").get("/api/members").json["members"]
    assert members and all("username" not in m for m in members)
    assert {m["role"] for m in members} <= {"chair", "delegate", "guest"}
    assert all("username" in m for m in client_for("athuky").get("/api/members").json["members"])
