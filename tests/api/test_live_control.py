from sqlalchemy import select

from server.db import db
from server.journal.models import SessionEvent


def check_in_all(client_for, council, n):
    for u in (["achutich"] + council.delegates())[:n]:
        assert client_for(u).post(f"/api/sessions/{council.session_id}/check-in").status_code == 200


def control(c, council, **body):
    return c.post(f"/api/sessions/{council.session_id}/control", body)


def test_opening_is_refused_without_quorum(council, client_for):
    chair = client_for("achutich")
    check_in_all(client_for, council, 3)  # 3 of 6: two-thirds needs 4
    r = control(chair, council, action="open")
    assert r.status_code == 409 and r.json["error"]["code"] == "no_quorum"
    assert "3/6" in r.json["error"]["message_vi"] and "4" in r.json["error"]["message_en"]
    assert chair.get(f"/api/sessions/{council.session_id}/live").json["status"] == "published"
    check_in_all(client_for, council, 4)
    r = control(chair, council, action="open")
    assert r.status_code == 200 and r.json["event"]["patch"]["status"] == "in_progress"
    assert r.json["event"]["patch"]["current_item_id"] == council.item_ids[0]


def test_attendance_counts_and_quorum(council, client_for):
    sec = client_for("athuky")
    sid = council.session_id
    r = client_for("adb01").post(f"/api/sessions/{sid}/check-in")
    assert r.json["event"]["patch"]["attendance"] == {"present": 1, "total": 6, "absent": 5, "required": 4, "quorum_met": False}
    again = client_for("adb01").post(f"/api/sessions/{sid}/check-in")
    assert again.json["event"] is None and again.json["seq"] == r.json["seq"]  # a repeated tap changes nothing
    r = sec.put(f"/api/sessions/{sid}/attendance/{council.users['adb02']}", {"status": "excused", "reason": "Đi công tác"})
    assert r.status_code == 200
    snap = sec.get(f"/api/sessions/{sid}/live").json
    roll = {row["user_id"]: row for row in snap["roll"]}
    assert roll[council.users["adb02"]]["status"] == "excused" and roll[council.users["adb02"]]["reason"] == "Đi công tác"
    assert roll[council.users["adb01"]]["status"] == "present"
    assert snap["attendance"]["present"] == 1
    assert "roll" not in client_for("adb03").get(f"/api/sessions/{sid}/live").json
    mine = client_for("adb01").get(f"/api/sessions/{sid}/live").json["me"]
    assert mine["attendance"] == "present"
    assert sec.put(f"/api/sessions/{sid}/attendance/{council.users['akhach']}", {"status": "present"}).status_code == 404
    assert sec.put(f"/api/sessions/{sid}/attendance/{council.users['adb03']}", {"status": "here"}).status_code == 422


def test_chair_moves_through_the_agenda_idempotently(app, council, client_for):
    chair = client_for("achutich")
    check_in_all(client_for, council, 4)
    control(chair, council, action="open")
    first, second, third = council.item_ids[:3]
    r = control(chair, council, action="next", from_item_id=first)
    assert r.json["event"]["patch"]["current_item_id"] == second
    assert r.json["event"]["patch"]["speaking"]["item_id"] == second  # the floor follows the agenda
    retry = control(chair, council, action="next", from_item_id=first)  # the same tap, retried after a drop
    assert retry.json["event"] is None
    assert chair.get(f"/api/sessions/{council.session_id}/live").json["current_item_id"] == second
    control(chair, council, action="goto", item_id=third)
    control(chair, council, action="previous", from_item_id=third)
    assert chair.get(f"/api/sessions/{council.session_id}/live").json["current_item_id"] == second
    assert control(chair, council, action="goto", item_id=999999).status_code == 422
    assert control(chair, council, action="goto").status_code == 422
    control(chair, council, action="message", message="Đề nghị các đại biểu về chỗ ngồi")
    control(chair, council, action="pause")
    snap = client_for("adb01").get(f"/api/sessions/{council.session_id}/live").json
    assert snap["message"] == "Đề nghị các đại biểu về chỗ ngồi" and snap["paused"] is True
    control(chair, council, action="resume")
    r = control(chair, council, action="close")
    assert r.json["event"]["patch"]["status"] == "closed"
    assert control(chair, council, action="next").status_code == 409
    with app.app_context():
        events = db().scalars(select(SessionEvent).where(SessionEvent.session_id == council.session_id)
                              .order_by(SessionEvent.seq)).all()
    seqs = [e.seq for e in events]
    assert seqs == list(range(1, len(seqs) + 1))  # gapless, in order
    kinds = [e.kind for e in events]
    assert kinds[-8:] == ["session.opened", "agenda.current", "agenda.current", "agenda.current", "session.message",
                          "session.paused", "session.resumed", "session.closed"]
    assert all(e.actor_id == council.users["achutich"] for e in events[-8:])
    assert all(e.at is not None and e.at.tzinfo is not None for e in events)


def test_control_requires_a_valid_action(council, client_for):
    chair = client_for("achutich")
    assert control(chair, council, action="explode").status_code == 422
    assert control(chair, council, action="next").status_code == 409  # not opened yet
    assert control(chair, council, action="message", message="x" * 301).status_code == 422
