import io

from sqlalchemy import func, select

from server.accounts.models import User
from server.councils.models import GroupMember
from server.db import db


def count_users(app):
    with app.app_context():
        return db().scalar(select(func.count(User.id)))


def upload(c, text: str):
    return c.post("/api/members/import", data={"file": (io.BytesIO(text.encode("utf-8")), "members.csv")},
                  content_type="multipart/form-data")


def test_create_and_edit_member(council, client_for):
    sec = client_for("athuky")
    r = sec.post("/api/members", {"username": "Le.Van.Moi", "full_name": "  Lê Văn Mới ", "role": "delegate",
                                  "title": "Đại biểu", "groups": ["Ban Pháp chế", "Tổ đại biểu số 1"]})
    assert r.status_code == 201, r.json
    m = r.json["member"]
    assert m["username"] == "le.van.moi" and m["full_name"] == "Lê Văn Mới"
    assert sorted(g["name"] for g in m["groups"]) == ["Ban Pháp chế", "Tổ đại biểu số 1"]
    assert len(r.json["initial_password"]) >= 12
    assert client_for().login("le.van.moi", r.json["initial_password"]).status_code == 200
    r = sec.patch(f"/api/members/{m['id']}", {"title": "Phó Trưởng ban", "groups": ["Ban Pháp chế"]})
    assert r.status_code == 200 and r.json["member"]["title"] == "Phó Trưởng ban"
    assert [g["name"] for g in r.json["member"]["groups"]] == ["Ban Pháp chế"]
    council_info = sec.get("/api/council").json
    assert council_info["delegates"] == 7  # the new delegate counts in the term's total


def test_member_validation_changes_nothing(app, council, client_for):
    sec = client_for("athuky")
    before = count_users(app)
    bad = [
        {"username": "ab", "full_name": "Ngắn", "role": "delegate"},
        {"username": "adb01", "full_name": "Trùng", "role": "delegate"},
        {"username": "okname", "full_name": "", "role": "delegate"},
        {"username": "okname", "full_name": "X", "role": "admin"},
        {"username": "okname", "full_name": "X" * 201, "role": "delegate"},
        {"username": "okname", "full_name": "X", "role": "delegate", "groups": ["Câu lạc bộ"]},
        {"username": "okname", "full_name": "X", "role": "delegate", "password": "short"},
        {"username": "okname", "full_name": "X", "role": "delegate", "surprise": 1},
        {"username": 5, "full_name": "X", "role": "delegate"},
        ["not", "an", "object"],
    ]
    for body in bad:
        r = sec.post("/api/members", body)
        assert r.status_code in (400, 409, 422), (body, r.status_code)
        assert r.json["error"]["message_vi"] and r.json["error"]["message_en"]
    assert sec.c.post("/api/members", data="{not json", headers={"X-CSRF-Token": sec.csrf},
                      content_type="application/json").status_code == 400
    assert count_users(app) == before


def test_csv_import_all_or_nothing(app, council, client_for):
    sec = client_for("athuky")
    before = count_users(app)
    r = upload(sec, "username,full_name,role,groups\nmoi1,Người Một,delegate,Tổ đại biểu số 3\n"
                    "MOI 2,Người Hai,delegate,\nmoi3,Người Ba,ông trùm,\n")
    assert r.status_code == 422
    assert r.json["imported"] == 0
    assert [(e["row"], e["field"]) for e in r.json["errors"]] == [(3, "username"), (4, "role")]
    assert all(e["message_vi"] and e["message_en"] for e in r.json["errors"])
    assert count_users(app) == before
    with app.app_context():
        assert db().scalar(select(func.count()).select_from(GroupMember)) == 0

    r = upload(sec, "username,full_name,role,groups,password\nmoi1,Người Một,delegate,Tổ đại biểu số 3,\n"
                    "moi2,Người Hai,guest,,mat-khau-rieng\n")
    assert r.status_code == 200 and r.json["imported"] == 2
    pw = {m["username"]: m["initial_password"] for m in r.json["members"]}
    assert pw["moi2"] is None and pw["moi1"]
    assert client_for().login("moi1", pw["moi1"]).status_code == 200
    assert client_for().login("moi2", "mat-khau-rieng").status_code == 200
    assert count_users(app) == before + 2


def test_csv_import_refuses_oversize_and_missing_file(council, client_for):
    sec = client_for("athuky")
    assert sec.post("/api/members/import", data={}, content_type="multipart/form-data").status_code == 422
    big = "username,full_name,role\n" + "x" * 3_000_000
    assert upload(sec, big).status_code == 413


def test_secretary_cannot_edit_admin_or_deactivate_self(council, client_for):
    sec = client_for("athuky")
    assert sec.patch(f"/api/members/{council.users['aadmin']}", {"full_name": "Đổi"}).status_code == 403
    assert sec.patch(f"/api/members/{council.users['athuky']}", {"active": False}).status_code == 422
