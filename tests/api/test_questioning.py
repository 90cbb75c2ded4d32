"""Questioning through the API (issue 18): slips citing petition cases, grouped, selected and applied to the
meeting's agenda (sub-items, the authors waiting for the floor, the official preset as answerer), answered live
and in writing (late after the deadline), unanswered slips and commitments flagged overdue, the next meeting
listing earlier commitments, follow-ups linked, and every change on the chain."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from server.accounts.models import User
from server.archive.verify import verify
from server.db import transaction, utcnow
from server.journal.models import SessionEvent
from server.questioning.rules import today_vn
from tests.api.test_petitions import meeting, petition
from tests.conftest import open_session
from tests.factories import add_agency

TODAY = today_vn(utcnow())  # Vietnam's day: deadlines are its days
YESTERDAY, TOMORROW = (TODAY - timedelta(days=1)).isoformat(), (TODAY + timedelta(days=1)).isoformat()


def chain(app, council_id) -> list[str]:
    with app.app_context(), transaction() as s:
        return list(s.scalars(select(SessionEvent.kind).where(SessionEvent.council_id == council_id)
                              .order_by(SessionEvent.chain_seq)))


def chain_ok(app) -> list[str]:
    with app.app_context(), transaction() as s:
        return verify(s)


def constituency(app, data, username, name="Đơn vị bầu cử số 1"):
    with app.app_context(), transaction() as s:
        s.execute(update(User).where(User.id == data.users[username]).values(constituency=name))


def officials(app, data):
    """Two officials of two agencies: `acoquan` (Sở Xây dựng) and `acoquan2` (Sở Y tế)."""
    add_agency(app, data, "Sở Xây dựng")
    add_agency(app, data, "Sở Y tế", username=f"{data.prefix}coquan2")
    return data.users[f"{data.prefix}coquan"], data.users[f"{data.prefix}coquan2"]


def slip(c, official, text="Đề nghị cho biết tiến độ sửa chữa đường liên xã Đông Tây?", **kw):
    r = c.post("/api/question-slips", {"official_id": official, "text": text, **kw})
    assert r.status_code == 201, r.json
    return r.json


def questioning_item(sec, data) -> int:
    r = sec.post(f"/api/sessions/{data.session_id}/agenda", {"title": "Chất vấn và trả lời chất vấn", "kind": "questioning"})
    assert r.status_code == 201, r.json
    return max(a["id"] for a in r.json["event"]["patch"]["agenda"] if a["kind"] == "questioning")


def test_from_slip_to_answer_commitment_and_the_next_meeting(app, council, client_for):
    official, other_official = officials(app, council)
    constituency(app, council, "adb01")
    sec, chair, d1, d2 = client_for("athuky"), client_for("achutich"), client_for("adb01"), client_for("adb02")
    m1 = meeting(sec, council)
    m2 = meeting(sec, council, constituency="Đơn vị bầu cử số 2", delegate_ids=[])
    mine = petition(sec, m1, "Đề nghị sửa chữa đường liên xã Đông Tây")
    elsewhere = petition(sec, m2, "Đề nghị xây trạm y tế xã")
    # the officials a delegate can ask, with their agencies
    listed = d1.get("/api/officials").json["officials"]
    assert {(o["id"], o["agency"]["name"]) for o in listed} == {(official, "Sở Xây dựng"), (other_official, "Sở Y tế")}
    # a slip citing a case of the author's constituency; a case they may not see is refused, nothing written
    before = chain(app, council.council_id)
    r = d1.post("/api/question-slips", {"official_id": official, "text": "x", "case_ids": [elsewhere["id"]]})
    assert r.status_code == 422 and r.json["error"]["details"]["field"] == "case_ids"
    assert chain(app, council.council_id) == before
    s1 = slip(d1, official, case_ids=[mine["id"]], session_id=council.session_id)
    assert s1["cases"] == [{"id": mine["id"], "code": mine["code"], "summary": mine["summary"], "status": "received"}]
    assert (s1["status"], s1["author"]["id"], s1["official"]["agency"]["name"]) == ("submitted", council.users["adb01"], "Sở Xây dựng")
    s2 = slip(d2, official, "Khi nào hoàn thành đường Đông Tây?")
    s3 = slip(client_for("adb03"), other_official, "Về trạm y tế xã?", session_id=council.session_id)
    board = sec.get(f"/api/sessions/{council.session_id}/questioning").json
    assert [x["id"] for x in board["unplaced"]] == [s1["id"], s2["id"], s3["id"]] and board["groups"] == []
    # grouped by the standing committee, then selected: the slips follow
    g = chair.post(f"/api/sessions/{council.session_id}/question-groups",
                   {"title": "Giao thông nông thôn", "official_id": official, "slip_ids": [s1["id"], s2["id"]]})
    assert g.status_code == 201, g.json
    g = g.json
    assert [x["status"] for x in g["slips"]] == ["grouped", "grouped"] and g["official"]["id"] == official
    g2 = chair.post(f"/api/sessions/{council.session_id}/question-groups",
                    {"title": "Y tế cơ sở", "official_id": other_official, "slip_ids": [s3["id"]]}).json
    r = chair.patch(f"/api/question-groups/{g['id']}", {"selected": True})
    assert r.status_code == 200 and r.json["selected"] and {x["status"] for x in r.json["slips"]} == {"selected"}
    assert d1.post(f"/api/question-slips/{s1['id']}/withdraw").status_code == 409  # selected: too late
    # applied to the questioning item: one sub-item for the selected group only; again: nothing more
    item = questioning_item(sec, council)
    r = chair.post(f"/api/sessions/{council.session_id}/questioning/apply", {"agenda_item_id": item})
    assert r.status_code == 200, r.json
    [applied] = r.json["items"]
    assert applied["group_id"] == g["id"]
    sub = applied["agenda_item_id"]
    assert chair.post(f"/api/sessions/{council.session_id}/questioning/apply", {"agenda_item_id": item}).json["items"] == []
    # the group selected later is applied on its own
    chair.patch(f"/api/question-groups/{g2['id']}", {"selected": True})
    [later] = chair.post(f"/api/sessions/{council.session_id}/questioning/apply", {"agenda_item_id": item}).json["items"]
    assert later["group_id"] == g2["id"]
    # at the meeting: the sub-item, the authors waiting in slip order, the official preset as answerer
    open_session(client_for, council)
    assert chair.post(f"/api/sessions/{council.session_id}/control", {"action": "goto", "item_id": sub}).status_code == 200
    live = d1.get(f"/api/sessions/{council.session_id}/live").json
    agenda = {a["id"]: a for a in live["agenda"]}
    assert agenda[sub]["parent_id"] == item and agenda[sub]["title"] == "Giao thông nông thôn"
    assert agenda[sub]["presenter"] == "Cán bộ Sở Xây dựng"
    assert live["speaking"]["answerer"] == {"id": official, "full_name": "Cán bộ Sở Xây dựng"}
    queue = live["speaking"]["queue"]
    assert [(q["full_name"], q["kind"], q["addressee"]) for q in queue] == [
        ("Đại Biểu Số 1", "question", "Cán bộ Sở Xây dựng"), ("Đại Biểu Số 2", "question", "Cán bộ Sở Xây dựng")]
    assert queue[0]["subject"] == s1["text"]
    # the first asks, the official answers (an agency's official can be given the floor)
    r = chair.post(f"/api/sessions/{council.session_id}/floor/chair", {"action": "give", "request_id": queue[0]["id"]})
    asked = r.json["event"]["patch"]["speaking"]["current"]["id"]
    r = chair.post(f"/api/sessions/{council.session_id}/floor/chair",
                   {"action": "give", "user_id": official, "kind": "answer", "answers_speech_id": asked})
    assert r.status_code == 200, r.json
    answered = r.json["event"]["patch"]["speaking"]["current"]["id"]
    got = sec.get(f"/api/question-slips/{s1['id']}").json
    assert got["status"] == "answered" and got["answer"]["mode"] == "live" and got["answer"]["speech_id"] == answered
    # the official commits to a deadline, already past: overdue
    r = chair.post("/api/commitments", {"official_id": official, "text": "Hoàn thành sửa đường trong quý I",
                                        "deadline": YESTERDAY, "group_id": g["id"], "slip_id": s1["id"]})
    assert r.status_code == 201, r.json
    promise = r.json
    assert promise["session_id"] == council.session_id and promise["overdue"] and promise["status"] == "open"
    assert client_for("acoquan").get("/api/commitments").json["commitments"][0]["overdue"]
    # the next meeting lists it, to everyone and to the official; a follow-up slip is linked to the first
    nxt = sec.post("/api/sessions", {"number": 2, "kind": "regular", "title": "Kỳ họp thứ hai",
                                     "start_date": "2027-03-01", "end_date": "2027-03-01"})
    assert nxt.status_code == 201, nxt.json
    nid = nxt.json["session"]["id"]
    assert sec.patch(f"/api/sessions/{nid}", {"status": "published"}).status_code == 200
    follow = slip(d1, official, "Vì sao chưa hoàn thành như đã hứa?", follows_up_id=s1["id"], session_id=nid)
    assert follow["follows_up"]["id"] == s1["id"] and follow["follows_up"]["official"]["id"] == official
    board = d2.get(f"/api/sessions/{nid}/questioning").json
    assert [c["id"] for c in board["earlier_commitments"]] == [promise["id"]]
    assert [x["id"] for x in board["unplaced"]] == [follow["id"]]
    assert d2.get(f"/api/sessions/{council.session_id}/questioning").json["earlier_commitments"] == []  # made there
    # done: it stays listed at the next meeting, no longer overdue
    done = chair.patch(f"/api/commitments/{promise['id']}", {"status": "done", "progress": "Đã thông xe"}).json
    assert done["done_on"] == TODAY.isoformat() and not done["overdue"]
    assert [c["status"] for c in d2.get(f"/api/sessions/{nid}/questioning").json["earlier_commitments"]] == ["done"]
    # every change on the chain, nothing beside it
    kinds = chain(app, council.council_id)
    for kind in ("question.written", "question.grouped", "question.selected", "question.applied", "commitment.made",
                 "commitment.updated"):
        assert kind in kinds, kind
    assert chain_ok(app) == []


def test_written_answers_late_and_overdue(app, council, client_for):
    official, _ = officials(app, council)
    sec, d1, ag = client_for("athuky"), client_for("adb01"), client_for("acoquan")
    on_time, late, silent, due_today = (slip(d1, official, f"Câu hỏi {n}") for n in range(4))
    for s, deadline in ((on_time, TOMORROW), (late, YESTERDAY), (silent, YESTERDAY), (due_today, TODAY.isoformat())):
        r = sec.post(f"/api/question-slips/{s['id']}/written", {"deadline": deadline})
        assert r.status_code == 200 and r.json["answer_deadline"] == deadline
    assert [sec.get(f"/api/question-slips/{s['id']}").json["overdue"] for s in (on_time, late, silent, due_today)] == [
        False, True, True, False]
    a = ag.post(f"/api/question-slips/{on_time['id']}/answer", {"text": "Đã bố trí vốn năm 2027."})
    assert a.status_code == 200, a.json
    assert (a.json["status"], a.json["answer"]["mode"], a.json["answer"]["late"], a.json["overdue"]) == (
        "answered", "written", False, False)
    b = ag.post(f"/api/question-slips/{late['id']}/answer", {"text": "Trả lời muộn."}).json
    assert b["answer"]["late"] and not b["overdue"]
    assert ag.post(f"/api/question-slips/{late['id']}/answer", {"text": "Lần nữa"}).status_code == 409
    overdue = [x["id"] for x in sec.get("/api/question-slips").json["slips"] if x["overdue"]]
    assert overdue == [silent["id"]]
    # published to the public by the council
    assert sec.post(f"/api/question-slips/{on_time['id']}/publish", {"public": True}).json["public"]
    # a commitment due today is not overdue; the official reports progress on it
    c = sec.post("/api/commitments", {"official_id": official, "text": "Khởi công trong tháng", "deadline": TODAY.isoformat()}).json
    assert c["session_id"] is None and not c["overdue"]
    p = ag.post(f"/api/commitments/{c['id']}/progress", {"progress": "Đã lập hồ sơ mời thầu"})
    assert p.status_code == 200 and p.json["progress"] == "Đã lập hồ sơ mời thầu"
    kinds = chain(app, council.council_id)
    for kind in ("question.answer_requested", "question.answered", "question.published", "commitment.made",
                 "commitment.progress"):
        assert kind in kinds, kind
    with app.app_context(), transaction() as s:
        assert s.scalar(select(func.count()).select_from(SessionEvent).where(
            SessionEvent.council_id == council.council_id, SessionEvent.kind == "question.answered")) == 2
    assert chain_ok(app) == []


def test_a_group_undone_and_a_slip_withdrawn(app, council, client_for):
    official, other = officials(app, council)
    chair, d1 = client_for("achutich"), client_for("adb01")
    a, b = slip(d1, official, "Một"), slip(d1, official, "Hai")
    g = chair.post(f"/api/sessions/{council.session_id}/question-groups",
                   {"title": "Nhóm", "official_id": official, "slip_ids": [a["id"], b["id"]]}).json
    r = chair.patch(f"/api/question-groups/{g['id']}", {"slip_ids": [a["id"]], "official_id": other, "title": "Nhóm A"})
    assert r.status_code == 200 and [x["id"] for x in r.json["slips"]] == [a["id"]] and r.json["official"]["id"] == other
    assert client_for("athuky").get(f"/api/question-slips/{b['id']}").json["status"] == "submitted"
    w = d1.post(f"/api/question-slips/{a['id']}/withdraw")
    assert w.status_code == 200 and (w.json["status"], w.json["group_id"]) == ("withdrawn", None)
    assert chair.delete(f"/api/question-groups/{g['id']}").status_code == 204
    board = chair.get(f"/api/sessions/{council.session_id}/questioning").json
    assert board["groups"] == [] and [x["id"] for x in board["unplaced"]] == [b["id"]]
    assert chain_ok(app) == []
