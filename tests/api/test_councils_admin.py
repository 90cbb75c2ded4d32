"""Councils and terms administered: the operator creates and archives councils, a council's admin opens a
new term and carries its delegates over; bad input changes nothing."""
from sqlalchemy import func, select

from server.councils.models import Council, Term
from server.db import db

NEW = {"name": "HĐND xã Mới Lập", "level": "commune", "term_name": "Khóa I", "term_start_year": 2026,
       "term_end_year": 2031, "admin_username": "qt.moilap"}


def count(app, model) -> int:
    with app.app_context():
        return db().scalar(select(func.count()).select_from(model))


def test_the_operator_creates_a_council_whose_admin_can_log_in(app, council, other_council, operator, client_for):
    op = client_for("aoperator")
    listed = {c["name"] for c in op.get("/api/councils").json["councils"]}
    assert {"HĐND xã A", "HĐND xã Bên Kia"} <= listed  # every council of the deployment
    r = op.post("/api/councils", NEW)
    assert r.status_code == 201, r.json
    assert r.json["council"]["term"]["name"] == "Khóa I" and r.json["council"]["delegates"] == 0
    password = r.json["admin"]["initial_password"]
    admin = client_for()
    assert admin.login("qt.moilap", password).status_code == 200
    me = admin.get("/api/auth/me").json
    assert me["council"]["name"] == "HĐND xã Mới Lập" and "terms.manage" in me["permissions"]
    assert "councils.administer" not in me["permissions"]
    assert admin.get("/api/council").json["term"]["start_year"] == 2026


def test_a_bad_council_is_refused_and_nothing_is_created(app, council, operator, client_for):
    op = client_for("aoperator")
    before = (count(app, Council), count(app, Term))
    for bad, field in [({**NEW, "term_end_year": 2020}, "start_year"), ({**NEW, "name": "HĐND xã A"}, "name"),
                       ({**NEW, "admin_username": "athuky"}, "admin_username"), ({**NEW, "quorum_num": 4, "quorum_den": 3}, "quorum")]:
        r = op.post("/api/councils", bad)
        assert r.status_code == 422 and r.json["error"]["details"]["field"] == field, r.json
        assert r.json["error"]["message_vi"] and r.json["error"]["message_en"]
    assert (count(app, Council), count(app, Term)) == before


def test_staff_cannot_take_over_the_operator_account(council, operator, client_for):
    op_id = council.users["aoperator"]
    for who in ("athuky", "aadmin"):
        for change in ({"password": "mat-khau-moi-123"}, {"role": "delegate"}, {"active": False}):
            assert client_for(who).patch(f"/api/members/{op_id}", change).status_code == 403
    assert client_for().login("aoperator").status_code == 200


def test_an_archived_council_cannot_log_in_any_more(council, other_council, operator, client_for):
    delegate = client_for("bdb01")
    assert delegate.get("/api/sessions").status_code == 200
    r = client_for("aoperator").post(f"/api/councils/{other_council.council_id}/archive")
    assert r.status_code == 200 and r.json["council"]["archived"] is True
    assert delegate.get("/api/sessions").status_code == 401  # the open login ended
    again = client_for().login("bdb01")
    assert again.status_code == 403 and again.json["error"]["code"] == "council_archived"
    assert client_for("adb01").get("/api/sessions").status_code == 200  # other councils go on
    own = client_for("aoperator").post(f"/api/councils/{council.council_id}/archive")
    assert own.status_code == 422


def no_session_under_way(council, client_for):
    r = client_for("athuky").patch(f"/api/sessions/{council.session_id}", {"status": "draft"})
    assert r.status_code == 200


def test_no_new_term_while_a_session_of_the_current_one_is_under_way(council, client_for):
    admin = client_for("aadmin")
    r = admin.post("/api/terms", {"name": "Khóa II", "start_year": 2031, "end_year": 2036})
    assert r.status_code == 409 and r.json["error"]["code"] == "session_under_way"
    assert admin.get("/api/council").json["term"]["name"] == "Khóa I"


def test_a_new_term_carries_the_chosen_delegates_over(app, council, client_for):
    no_session_under_way(council, client_for)
    admin = client_for("aadmin")
    keep = [council.users["achutich"], council.users["adb01"], council.users["adb02"]]
    r = admin.post("/api/terms", {"name": "Khóa II", "start_year": 2031, "end_year": 2036, "carry_over": keep})
    assert r.status_code == 201 and r.json["carried_over"] == 3 and r.json["term"]["current"] is True
    info = admin.get("/api/council").json
    assert info["term"]["name"] == "Khóa II" and info["delegates"] == 3
    terms = admin.get("/api/terms").json["terms"]
    assert [t["name"] for t in terms] == ["Khóa II", "Khóa I"] and [t["current"] for t in terms] == [True, False]
    assert terms[1]["delegates"] == 6  # the outgoing term keeps its record: everyone who sat in it


def test_a_bad_term_is_refused_and_changes_nothing(app, council, client_for):
    no_session_under_way(council, client_for)
    admin = client_for("aadmin")
    for body, field in [({"name": "Khóa II", "start_year": 2031, "end_year": 2030}, "start_year"),
                        ({"name": "Khóa II", "start_year": 2031, "end_year": 2036,
                          "carry_over": [council.users["athuky"]]}, "carry_over"),
                        ({"name": "Khóa II", "start_year": 2031, "end_year": 2036, "carry_over": [None]}, "carry_over"),
                        ({"name": "Khóa 0", "start_year": 2020, "end_year": 2025}, "start_year")]:
        r = admin.post("/api/terms", body)
        assert r.status_code == 422 and r.json["error"]["details"]["field"] == field, r.json
    assert admin.get("/api/council").json["term"]["name"] == "Khóa I"
    assert count(app, Term) == 1
