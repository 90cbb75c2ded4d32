"""An explanation meeting (phiên giải trình, issue 18 item 6) held through the product: the invited official
presents with the explanation's 10 minutes, a delegate questions with 1 minute and the official answers with 3,
the office records what must be done, and the conclusion notice drafted after bế mạc names all of it."""
from __future__ import annotations

from tests.api.test_giao_ban import DATES
from tests.api.test_meetings import groups
from tests.factories import add_agency


def test_an_explanation_meeting_from_the_presentation_to_its_conclusion(app, council, client_for):
    st = groups(client_for, council, {"chutich": ["Thường trực HĐND"], "db01": ["Thường trực HĐND"]})["Thường trực HĐND"]
    add_agency(app, council, "Sở Tài chính")
    official_id = council.users["acoquan"]
    sec, chair, delegate = client_for("athuky"), client_for("achutich"), client_for("adb01")
    sid = sec.post("/api/sessions", {"kind": "explanation", "group_id": st, "title": "Phiên giải trình về nợ đọng XDCB",
                                     **DATES}).json["session"]["id"]
    assert sec.post(f"/api/sessions/{sid}/agenda", {"title": "Giải trình việc xử lý nợ đọng xây dựng cơ bản",
                                                    "kind": "explanation"}).status_code == 201
    assert sec.patch(f"/api/sessions/{sid}", {"status": "published"}).status_code == 200
    assert sec.post(f"/api/sessions/{sid}/invitees", {"user_id": official_id}).status_code == 200
    for u in ("achutich", "adb01"):
        assert client_for(u).post(f"/api/sessions/{sid}/check-in").status_code == 200
    assert chair.post(f"/api/sessions/{sid}/control", {"action": "open"}).status_code == 200

    def give(**body) -> dict:
        r = chair.post(f"/api/sessions/{sid}/floor/chair", {"action": "give", **body})
        assert r.status_code == 200, r.json
        return r.json["event"]["patch"]["speaking"]["current"]

    presented = give(user_id=official_id, kind="explanation", subject="Báo cáo giải trình nợ đọng")
    assert (presented["user_id"], presented["limit_s"]) == (official_id, 600)
    asked = delegate.post(f"/api/sessions/{sid}/floor", {"kind": "question", "addressee": "Giám đốc Sở Tài chính",
                                                         "subject": "Vì sao nợ đọng chưa được xử lý dứt điểm"})
    assert asked.status_code == 201, asked.json
    question = give(request_id=asked.json["event"]["patch"]["speaking"]["queue"][0]["id"])
    assert (question["user_id"], question["kind"], question["limit_s"]) == (council.users["adb01"], "question", 60)
    answer = give(user_id=official_id, kind="answer", answers_speech_id=question["id"])
    assert (answer["kind"], answer["limit_s"]) == ("answer", 180)
    made = sec.post("/api/commitments", {"official_id": official_id, "session_id": sid, "deadline": "2027-06-30",
                                         "text": "Xử lý dứt điểm nợ đọng xây dựng cơ bản trước 30/6/2027"})
    assert made.status_code == 201, made.json
    assert chair.post(f"/api/sessions/{sid}/control", {"action": "close"}).status_code == 200

    text = sec.get(f"/api/sessions/{sid}/conclusion").json["text"]
    for said in ("Cán bộ Sở Tài chính", "Báo cáo giải trình nợ đọng", "Vì sao nợ đọng chưa được xử lý dứt điểm",
                 "Những việc phải thực hiện", "Xử lý dứt điểm nợ đọng xây dựng cơ bản trước 30/6/2027", "30/06/2027"):
        assert said in text, said
