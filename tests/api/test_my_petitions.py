"""A delegate's cases (issue 17, item 7): those heard in their constituency and nobody else's, each with its latest
answer in the list; the chair, who sees every case, asks for their own constituency's with `mine=1`."""
from datetime import date, timedelta

from sqlalchemy import update

from server.accounts.models import User
from server.db import transaction
from tests.factories import add_agency

SOON = (date.today() + timedelta(days=30)).isoformat()


def set_constituency(app, data, **by_user):
    with app.app_context(), transaction() as s:
        for username, constituency in by_user.items():
            s.execute(update(User).where(User.id == data.users[username]).values(constituency=constituency))


def meeting(sec, constituency, delegate_ids):
    r = sec.post("/api/voter-meetings", {"held_on": "2026-11-01", "place": "Nhà văn hóa", "constituency": constituency,
                                         "delegate_ids": delegate_ids})
    assert r.status_code == 201, r.json
    return r.json["meeting"]["id"]


def petition(c, meeting_id, text):
    r = c.post(f"/api/voter-meetings/{meeting_id}/petitions", {"text": text, "field": "transport", "level": "province"})
    assert r.status_code == 201, r.json
    return r.json["case"]


def test_a_delegate_lists_their_constituencys_cases_with_the_latest_answer(app, council, client_for):
    set_constituency(app, council, adb01="Đơn vị số 1", adb02="Đơn vị số 2", achutich="Đơn vị số 1")
    agency = add_agency(app, council)
    sec = client_for("athuky")
    one = meeting(sec, "Đơn vị số 1", [council.users["adb01"]])
    two = meeting(sec, "Đơn vị số 2", [])
    mine = petition(client_for("adb01"), one, "Sửa đường liên thôn")
    theirs = petition(sec, two, "Xây trường mầm non")
    assert sec.post(f"/api/petitions/{mine['id']}/transfer", {"agency_id": agency, "deadline": SOON}).status_code == 200
    agency_account = client_for("acoquan")
    for status, text in (("in_progress", "Đang khảo sát"), ("resolved", "Đã sửa xong")):
        assert agency_account.post(f"/api/petitions/{mine['id']}/answer", {"status": status, "text": text}).status_code == 200

    listed = client_for("adb01").get("/api/petitions?mine=1&page=1").json
    assert [c["code"] for c in listed["cases"]] == [mine["code"]] and listed["total"] == 1
    assert listed["cases"][0]["answer"] == "Đã sửa xong" and listed["cases"][0]["answered_at"]
    assert [c["code"] for c in client_for("adb02").get("/api/petitions?mine=1").json["cases"]] == [theirs["code"]]
    assert client_for("adb02").get(f"/api/petitions/{mine['id']}").status_code == 404
    # the chair sees every case, and their own constituency's when asking for theirs
    chair = client_for("achutich")
    assert {c["code"] for c in chair.get("/api/petitions").json["cases"]} == {mine["code"], theirs["code"]}
    assert [c["code"] for c in chair.get("/api/petitions?mine=1").json["cases"]] == [mine["code"]]
    # no constituency: nothing is theirs; a case not answered has no answer
    assert client_for("adb03").get("/api/petitions?mine=1").json["cases"] == []
    assert agency_account.get("/api/petitions?mine=1").json["cases"] == []
    assert sec.get("/api/petitions?mine=1").json["cases"] == []
    assert [c["answer"] for c in sec.get("/api/petitions").json["cases"] if c["code"] == theirs["code"]] == [None]


def test_the_public_list_by_area_field_and_status(app, council, other_council, client_for):
    sec = client_for("athuky")
    m = meeting(sec, "Đơn vị số 1", [council.users["adb01"]])
    for text, field, area in (("Sửa đường thôn Đông", "transport", "Thôn Đông"), ("Trạm y tế thôn Đông", "health", "Thôn Đông"),
                              ("Đường thôn Tây", "transport", "Thôn Tây")):
        assert sec.post(f"/api/voter-meetings/{m}/petitions", {"text": text, "field": field, "level": "commune",
                                                               "area": area}).status_code == 201
    other = client_for("bthuky")
    other_meeting = meeting(other, "Đơn vị số 1", [])
    petition(other, other_meeting, "Kiến nghị của hội đồng khác")
    public = client_for()
    url = f"/api/public/councils/{council.council_id}/petitions"
    everything = public.get(url).json
    assert everything["total"] == 3 and sorted(everything["areas"]) == ["Thôn Tây", "Thôn Đông"]
    assert everything["council"]["id"] == council.council_id and everything["page_size"] == 50
    assert [c["summary"] for c in public.get(f"{url}?area=Thôn Đông&field=transport").json["cases"]] == ["Sửa đường thôn Đông"]
    assert public.get(f"{url}?status=resolved").json["total"] == 0
    assert "Đại Biểu" not in str(everything) and "Thư Ký" not in str(everything)  # no person's name
    assert public.get(f"{url}?field=weather").status_code == 422
    assert public.get("/api/public/councils/999999/petitions").status_code == 404
