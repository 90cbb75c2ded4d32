"""Roles only as the permission table allows (the holes an insider found): a secretary made themself chair
and voted; a secretary set a delegate's password and logged in as them while the delegate stayed logged in."""
import io

from tests.factories import PASSWORD


def test_nobody_changes_their_own_role(council, client_for):
    for who in ("athuky", "aadmin"):
        r = client_for(who).patch(f"/api/members/{council.users[who]}", {"role": "chair"})
        assert r.status_code == 403 and r.json["error"]["message_en"] == "Nobody may change their own role.", who
    assert client_for("athuky").get("/api/auth/me").json["user"]["role"] == "secretary"


def test_only_an_administrator_makes_someone_chair_or_secretary(council, client_for):
    sec, admin = client_for("athuky"), client_for("aadmin")
    member = f"/api/members/{council.users['adb01']}"
    for role in ("chair", "secretary"):
        r = sec.patch(member, {"role": role})
        assert r.status_code == 403 and "administrator" in r.json["error"]["message_en"], role
    assert sec.patch(f"/api/members/{council.users['achutich']}", {"role": "delegate"}).status_code == 403
    assert sec.patch(member, {"role": "guest"}).status_code == 200  # the roles staff may give
    assert sec.post("/api/members", {"username": "ct.moi", "full_name": "Chủ Tọa Mới", "role": "chair"}).status_code == 403
    csv = "username,full_name,role\ntk.moi,Thư Ký Mới,secretary\ndb.moi,Đại Biểu Mới,delegate\n"
    r = sec.post("/api/members/import", data={"file": (io.BytesIO(csv.encode()), "m.csv")}, content_type="multipart/form-data")
    assert r.status_code == 422 and [(e["row"], e["field"]) for e in r.json["errors"]] == [(2, "role")]
    assert admin.patch(member, {"role": "chair"}).status_code == 200
    r = admin.post("/api/members/import", data={"file": (io.BytesIO(csv.encode()), "m.csv")},
                   content_type="multipart/form-data")
    assert r.status_code == 200 and r.json["imported"] == 2


def test_a_password_set_by_staff_ends_every_login_of_the_account(council, client_for):
    delegate = client_for("adb01")
    assert delegate.get("/api/auth/me").json["user"]["username"] == "adb01"
    r = client_for("athuky").patch(f"/api/members/{council.users['adb01']}", {"password": "mat-khau-moi-123"})
    assert r.status_code == 200
    assert delegate.get("/api/auth/me").json["user"] is None  # the delegate's own login has ended
    assert client_for().login("adb01", PASSWORD).status_code == 401
    assert client_for().login("adb01", "mat-khau-moi-123").status_code == 200


def test_a_password_reset_by_staff_is_good_for_one_login_then_the_owner_chooses(council, client_for):
    one_time = "mat-khau-mot-lan-1"
    assert client_for("athuky").patch(f"/api/members/{council.users['adb02']}", {"password": one_time}).status_code == 200
    d = client_for()
    r = d.login("adb02", one_time)
    assert r.status_code == 200 and r.json["user"]["must_change_password"] is True
    for path in ("/api/sessions", f"/api/sessions/{council.session_id}/live", "/api/me/votes"):
        r = d.get(path)
        assert r.status_code == 403 and r.json["error"]["code"] == "password_change_required", path
    assert d.post(f"/api/sessions/{council.session_id}/check-in").json["error"]["code"] == "password_change_required"
    bad = [({"current_password": "sai-mat-khau-99", "new_password": "mat-khau-rieng-2"}, "current_password"),
           ({"current_password": one_time, "new_password": one_time}, "new_password"),
           ({"current_password": one_time, "new_password": "ngan"}, "new_password")]
    for body, field in bad:
        r = d.post("/api/auth/password", body)
        assert r.status_code == 422 and r.json["error"]["details"]["field"] == field, body
    other_tablet = client_for()
    assert other_tablet.login("adb02", one_time).status_code == 200
    r = d.post("/api/auth/password", {"current_password": one_time, "new_password": "mat-khau-rieng-2"})
    assert r.status_code == 200 and r.json["user"]["must_change_password"] is False
    assert d.get("/api/sessions").status_code == 200  # this login goes on
    assert other_tablet.get("/api/auth/me").json["user"] is None  # the other login of the account ended
    assert client_for().login("adb02", one_time).status_code == 401
    assert client_for().login("adb02", "mat-khau-rieng-2").json["user"]["must_change_password"] is False


def test_roles_and_password_resets_are_on_the_chain_with_who_did_them(app, council, client_for):
    from sqlalchemy import select

    from server.archive.verify import verify
    from server.db import db
    from server.journal.models import SessionEvent
    admin, sec = client_for("aadmin"), client_for("athuky")
    target = council.users["adb01"]
    assert admin.patch(f"/api/members/{target}", {"role": "secretary"}).status_code == 200
    assert sec.patch(f"/api/members/{target}", {"password": "mat-khau-tam-123"}).status_code == 200
    owner = client_for()
    owner.login("adb01", "mat-khau-tam-123")
    assert owner.post("/api/auth/password", {"current_password": "mat-khau-tam-123",
                                              "new_password": "mat-khau-rieng-456"}).status_code == 200
    with app.app_context():
        entries = db().scalars(select(SessionEvent).where(SessionEvent.kind.like("member.%"))
                               .order_by(SessionEvent.chain_seq)).all()
        assert [(e.kind, e.actor_id, e.data) for e in entries] == [
            ("member.role_changed", council.users["aadmin"], {"user_id": target, "from": "delegate", "to": "secretary"}),
            ("member.password_reset", council.users["athuky"], {"user_id": target}),
            ("member.password_changed", target, {"user_id": target})]
        assert all(e.session_id is None and any(r[0] == "users" and r[1] == [target] for r in e.state) for e in entries)
        assert verify(db()) == []
