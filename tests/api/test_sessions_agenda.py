from sqlalchemy import func, select

from server.agenda.models import AgendaItem
from server.db import db

NEW = {"number": 2, "kind": "thematic", "title": "Kỳ họp chuyên đề về đầu tư công", "start_date": "2026-12-20",
       "end_date": "2026-12-20", "location": "Hội trường"}


def titles(c, sid):
    return [(i["number"], i["title"]) for i in c.get(f"/api/sessions/{sid}").json["agenda"]]


def test_create_session_with_agenda_tree_and_reorder(council, client_for):
    sec = client_for("athuky")
    r = sec.post("/api/sessions", NEW)
    assert r.status_code == 201, r.json
    sid = r.json["session"]["id"]
    assert r.json["session"]["status"] == "draft"
    ids = {}
    for title, kind in [("Khai mạc", "procedural"), ("Tờ trình đầu tư công", "submission"), ("Bế mạc", "procedural")]:
        assert sec.post(f"/api/sessions/{sid}/agenda", {"title": title, "kind": kind, "planned_minutes": 15}).status_code == 201
    agenda = sec.get(f"/api/sessions/{sid}").json["agenda"]
    ids = {i["title"]: i["id"] for i in agenda}
    r = sec.post(f"/api/sessions/{sid}/agenda", {"title": "Dự thảo nghị quyết", "kind": "submission",
                                                 "parent_id": ids["Tờ trình đầu tư công"]})
    assert r.status_code == 201
    assert titles(sec, sid) == [("1", "Khai mạc"), ("2", "Tờ trình đầu tư công"), ("2.1", "Dự thảo nghị quyết"), ("3", "Bế mạc")]
    assert sec.post(f"/api/agenda/{ids['Bế mạc']}/move", {"index": 0}).status_code == 200
    assert titles(sec, sid)[0] == ("1", "Bế mạc")
    assert sec.post(f"/api/agenda/{ids['Bế mạc']}/move", {"parent_id": ids["Tờ trình đầu tư công"], "index": 0}).status_code == 200
    assert titles(sec, sid) == [("1", "Khai mạc"), ("2", "Tờ trình đầu tư công"), ("2.1", "Bế mạc"), ("2.2", "Dự thảo nghị quyết")]
    r = sec.post(f"/api/agenda/{ids['Tờ trình đầu tư công']}/move", {"parent_id": ids["Bế mạc"], "index": 0})
    assert r.status_code == 422  # not inside itself
    assert sec.patch(f"/api/agenda/{ids['Khai mạc']}", {"title": "Khai mạc kỳ họp", "planned_minutes": 20}).status_code == 200
    assert sec.delete(f"/api/agenda/{ids['Tờ trình đầu tư công']}").status_code == 200  # with its children
    assert titles(sec, sid) == [("1", "Khai mạc kỳ họp")]
    assert sec.patch(f"/api/sessions/{sid}", {"status": "published"}).json["session"]["status"] == "published"
    assert client_for("adb01").get(f"/api/sessions/{sid}").status_code == 200


def test_session_validation(council, client_for):
    sec = client_for("athuky")
    assert sec.post("/api/sessions", {**NEW, "number": 1}).status_code == 409  # number taken in the term
    assert sec.post("/api/sessions", {**NEW, "end_date": "2026-12-01"}).status_code == 422
    assert sec.post("/api/sessions", {**NEW, "start_date": "20/12/2026"}).status_code == 422
    assert sec.post("/api/sessions", {**NEW, "kind": "secret"}).status_code == 422
    assert sec.patch(f"/api/sessions/{council.session_id}", {"status": "in_progress"}).status_code == 422
    assert sec.patch(f"/api/sessions/{council.session_id}", {"status": "closed"}).status_code == 422


def test_agenda_validation_changes_nothing(app, council, client_for):
    sec = client_for("athuky")
    sid = council.session_id
    with app.app_context():
        before = db().scalar(select(func.count(AgendaItem.id)))
    for body in [{"title": "", "kind": "report"}, {"title": "X", "kind": "party"}, {"title": "X" * 501, "kind": "report"},
                 {"title": "X", "kind": "report", "parent_id": 999999}, {"title": "X", "kind": "report", "planned_minutes": -5},
                 {"title": "X", "kind": "report", "planned_minutes": "mười"}, {"title": "X\u0000", "kind": "report"}]:
        r = sec.post(f"/api/sessions/{sid}/agenda", body)
        assert r.status_code == 422, body
    with app.app_context():
        assert db().scalar(select(func.count(AgendaItem.id))) == before


def test_agenda_edits_are_sequenced_events(council, client_for):
    sec = client_for("athuky")
    seq0 = sec.get(f"/api/sessions/{council.session_id}/live").json["seq"]
    r = sec.post(f"/api/sessions/{council.session_id}/agenda", {"title": "Mục bổ sung", "kind": "report"})
    assert r.json["seq"] == seq0 + 1
    assert r.json["event"]["patch"]["agenda"][-1]["title"] == "Mục bổ sung"
