"""Voter petitions through the API (issue 17): a meeting, petitions with trace codes, merging similar ones,
transfer, an agency's answer and forward, reopening, scopes (an agency sees only its cases, a delegate their
constituency's, nothing of another council), the public page by trace code, every change on the chain."""
from datetime import date, timedelta

from sqlalchemy import select

from server.db import transaction
from server.journal.models import SessionEvent
from server.documents.samples import make_pdf
from tests.factories import add_agency

SOON = (date.today() + timedelta(days=30)).isoformat()


def meeting(sec, data, constituency="Đơn vị bầu cử số 1", **kw):
    r = sec.post("/api/voter-meetings", {"held_on": "2026-11-01", "place": "Nhà văn hóa thôn Đông", "constituency": constituency,
                                         "voters": 120, "delegate_ids": [data.users[f"{data.prefix}db01"]], **kw})
    assert r.status_code == 201, r.json
    return r.json["meeting"]["id"]


def petition(c, meeting_id, text, field="transport", level="province", area="Thôn Đông"):
    r = c.post(f"/api/voter-meetings/{meeting_id}/petitions", {"text": text, "field": field, "level": level, "area": area})
    assert r.status_code == 201, r.json
    return r.json["case"]


def chain_kinds(app, council_id):
    with app.app_context(), transaction() as s:
        return [k for k in s.scalars(select(SessionEvent.kind).where(SessionEvent.council_id == council_id)
                                     .order_by(SessionEvent.chain_seq))]


def test_a_case_from_meeting_to_answer(app, council, other_council, client_for):
    agency = add_agency(app, council, "Sở Giao thông vận tải")
    other_agency = add_agency(app, council, "Sở Xây dựng", username="acoquan2")
    sec, delegate = client_for("athuky"), client_for("adb01")
    m1 = meeting(sec, council)
    m2 = meeting(sec, council, constituency="Đơn vị bầu cử số 2", delegate_ids=[])
    # a delegate present at the meeting enters what was heard; the case has a trace code for the voters
    a = petition(delegate, m1, "Đề nghị sớm sửa chữa tuyến đường liên xã Đông Tây bị xuống cấp nghiêm trọng")
    assert a["code"].startswith("KN-") and a["status"] == "received"
    b = petition(sec, m2, "Cử tri đề nghị sửa chữa đường liên xã Đông Tây đang xuống cấp")
    petition(sec, m2, "Đề nghị tăng mức hỗ trợ học phí cho học sinh nghèo", field="education")
    # a delegate not at a meeting cannot enter its petitions
    assert client_for("adb02").post(f"/api/voter-meetings/{m2}/petitions",
                                    {"text": "x", "field": "land", "level": "commune"}).status_code in (403, 404)
    # similar ones are found, without diacritics, and merged keeping every origin
    similar = sec.get(f"/api/petitions/{a['id']}/similar").json["similar"]
    assert [s["case"]["id"] for s in similar] == [b["id"]]
    merged = sec.post(f"/api/petitions/{a['id']}/merge", {"cases": [b["id"]]}).json["case"]
    assert {o["meeting"]["id"] for o in merged["origins"]} == {m1, m2} and merged["merged_codes"] == [b["code"]]
    assert sec.get(f"/api/petitions/{b['id']}").json["case"]["status"] == "merged"
    # found by a search without diacritics
    assert [c["id"] for c in sec.get("/api/petitions?q=duong lien xa").json["cases"]] == [a["id"]]
    # transferred with a deadline
    r = sec.post(f"/api/petitions/{a['id']}/transfer", {"agency_id": agency, "deadline": SOON, "text": "Đề nghị trả lời"})
    assert r.status_code == 200 and r.json["case"]["status"] == "transferred"
    # the agency sees only its own cases; the other agency sees none, and cannot answer this one
    mine = client_for("acoquan")
    assert [c["id"] for c in mine.get("/api/petitions").json["cases"]] == [a["id"]]
    other = client_for("acoquan2")
    assert other.get("/api/petitions").json["cases"] == []
    assert other.get(f"/api/petitions/{a['id']}").status_code == 404
    # an agency of another council does not see it either
    add_agency(app, other_council)
    assert client_for("bcoquan").get(f"/api/petitions/{a['id']}").status_code == 404
    # forwarded to another department of the same level, which answers with a PDF
    assert mine.post(f"/api/petitions/{a['id']}/forward", {"agency_id": other_agency, "text": "Thuộc thẩm quyền Sở Xây dựng"}).status_code == 200
    assert mine.post(f"/api/petitions/{a['id']}/answer", {"status": "resolved", "text": "x"}).status_code == 403
    up = other.post("/api/petitions/files?filename=tra-loi.pdf", data=make_pdf("Trả lời", 1), content_type="application/pdf")
    assert up.status_code == 201
    r = other.post(f"/api/petitions/{a['id']}/answer", {"status": "resolved", "text": "Đã sửa xong tuyến đường tháng 11/2026.",
                                                          "files": [up.json["file"]]})
    assert r.status_code == 200 and r.json["case"]["status"] == "resolved"
    detail = sec.get(f"/api/petitions/{a['id']}").json["case"]
    assert [s["kind"] for s in detail["steps"]] == ["merged", "transferred", "forwarded", "answered"]
    assert sec.get(f"/api/petitions/{a['id']}/files/{up.json['file']['sha256']}").status_code == 200
    # the office reopens it; the public page follows the merged code to the case and names no person
    assert sec.post(f"/api/petitions/{a['id']}/reopen", {"text": "Kiểm tra thực tế: chưa sửa"}).json["case"]["status"] == "reopened"
    pub = client_for().get(f"/api/public/petitions/{b['code'].lower().replace('-', ' ')}")
    assert pub.status_code == 200, pub.json
    assert pub.json["case"]["code"] == a["code"] and pub.json["case"]["status"] == "reopened"
    assert pub.json["case"]["answer"] == "Đã sửa xong tuyến đường tháng 11/2026."
    assert "Cán bộ" not in str(pub.json) and "Thư Ký" not in str(pub.json)
    # every change on the chain
    kinds = chain_kinds(app, council.council_id)
    for k in ("voter_meeting.held", "petition.received", "petition.merged", "petition.transferred", "petition.forwarded",
              "petition.answered", "petition.reopened"):
        assert k in kinds, k


def test_delegates_see_their_constituency(app, council, client_for):
    with app.app_context(), transaction() as s:
        from server.accounts.models import User
        s.get(User, council.users["adb02"]).constituency = "Đơn vị bầu cử số 2"
    sec = client_for("athuky")
    mine = petition(sec, meeting(sec, council, constituency="Đơn vị bầu cử số 2"), "Đề nghị xây trạm y tế", field="health")
    petition(sec, meeting(sec, council), "Đề nghị nạo vét kênh", field="environment")
    assert [c["id"] for c in client_for("adb02").get("/api/petitions").json["cases"]] == [mine["id"]]
    assert client_for("akhach").get("/api/petitions").status_code == 403


def test_bad_input_changes_nothing(app, council, client_for):
    sec = client_for("athuky")
    m = meeting(sec, council)
    case = petition(sec, m, "Đề nghị làm đèn chiếu sáng")
    assert sec.post(f"/api/petitions/{case['id']}/transfer", {"agency_id": 999999, "deadline": SOON}).status_code == 422
    past = (date.today() - timedelta(days=1)).isoformat()
    agency = add_agency(app, council)
    assert sec.post(f"/api/petitions/{case['id']}/transfer", {"agency_id": agency, "deadline": past}).status_code == 422
    assert sec.get(f"/api/petitions/{case['id']}").json["case"]["status"] == "received"
    assert sec.post(f"/api/voter-meetings/{m}/petitions", {"text": "x", "field": "nonsense", "level": "province"}).status_code == 422
    assert sec.put(f"/api/voter-meetings/{m}/record?filename=a.pdf", data=b"not a pdf", content_type="application/pdf").status_code == 415
    assert sec.get(f"/api/voter-meetings/{m}/record").status_code == 404
    assert client_for().get("/api/public/petitions/KN-0000-0000").status_code == 404


def test_an_agency_account_stays_an_agency_account(app, council, client_for):
    """Its agency is what scopes it: turned into a delegate it would keep reading the agency's cases."""
    add_agency(app, council)
    admin = client_for("aadmin")
    uid = council.users["acoquan"]
    r = admin.patch(f"/api/members/{uid}", {"role": "delegate"})
    assert r.status_code == 403 and "cơ quan" in r.json["error"]["message_vi"]
    assert admin.patch(f"/api/members/{uid}", {"title": "Chánh Văn phòng"}).status_code == 200
    assert client_for("acoquan").get("/api/auth/me").json["user"]["role"] == "agency"


def test_agencies_keep_unique_names(app, council, client_for):
    sec = client_for("athuky")
    a = sec.post("/api/agencies", {"name": "Sở Y tế", "level": "province"}).json["agency"]["id"]
    sec.post("/api/agencies", {"name": "Sở Tài chính", "level": "province"})
    r = sec.patch(f"/api/agencies/{a}", {"name": "Sở Tài chính"})
    assert r.status_code == 409 and r.json["error"]["code"] == "agency_exists"
    assert sec.patch(f"/api/agencies/{a}", {"name": "", "active": None}).status_code == 422
    got = {x["id"]: x for x in sec.get("/api/agencies").json["agencies"]}[a]
    assert (got["name"], got["active"]) == ("Sở Y tế", True)
    assert sec.patch(f"/api/agencies/{a}", {"email": "soyte@example.vn", "active": False}).json["agency"]["active"] is False
