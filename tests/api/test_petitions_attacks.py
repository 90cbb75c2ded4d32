"""Voter petitions under attack: an agency, a delegate or another council's office reaching what is not theirs
(by ids in paths and bodies, by a file's SHA-256 in the shared store), the public pages naming people or
internal ids, odd input, and edits beside the product that `kyhop verify` must name."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from server.archive.verify import verify
from server.db import db, transaction
from server.documents.samples import make_pdf
from tests.api.test_petition_samples import client_for as one_login_each, group
from tests.api.test_petitions import meeting, petition
from tests.factories import add_agency

client_for = one_login_each  # the fixture: one login per user and test (each login is an Argon2 run)
SOON = (date.today() + timedelta(days=30)).isoformat()


def sql(app, statement: str, **params):
    with app.app_context(), transaction() as s:
        result = s.execute(text(statement), params)
        return result.all() if result.returns_rows else None


def steps_of(app, case_id: int) -> int:
    return sql(app, "SELECT count(*) FROM petition_steps WHERE case_id = :c", c=case_id)[0][0]


# ---- the shared, content-addressed store: naming a SHA-256 is not having the file
def test_an_answer_attaches_only_files_its_author_uploaded(app, council, other_council, client_for):
    """The documents store is shared by every council and addressed by content: an agency naming in its answer
    the SHA-256 of another council's confidential document (or another agency's upload) must not get to attach
    it — and then read it through the case."""
    agency = add_agency(app, council)
    sec, ag = client_for("athuky"), client_for("acoquan")
    case = petition(sec, meeting(sec, council), "Đề nghị lắp đèn đường thôn Tây")
    assert sec.post(f"/api/petitions/{case['id']}/transfer", {"agency_id": agency, "deadline": SOON}).status_code == 200
    # council B's confidential document: its SHA-256 is on B's chain and in its delegates' screens
    secret = make_pdf("Tờ trình mật của Bên Kia", 1)
    doc = client_for("bthuky").post(f"/api/sessions/{other_council.session_id}/documents?filename=mat.pdf&kind=submission"
                                    "&access=confidential&title=Mật", data=secret, content_type="application/pdf")
    assert doc.status_code == 201, doc.json
    sha = doc.json["document"]["current"]["sha256"]
    # another agency of the same council uploads a file of its own
    add_agency(app, council, "Sở Y tế", username="acoquan2")
    theirs = client_for("acoquan2").post("/api/petitions/files?filename=noi-bo.pdf", data=make_pdf("Nội bộ Sở Y tế", 1),
                                         content_type="application/pdf").json["file"]
    before = steps_of(app, case["id"])
    for named in ({"filename": "x.pdf", "sha256": sha, "size": len(secret)}, {**theirs, "filename": "y.pdf"}, theirs):
        r = ag.post(f"/api/petitions/{case['id']}/answer", {"status": "resolved", "text": "Xem tệp.", "files": [named]})
        assert r.status_code == 422 and r.json["error"]["details"]["field"] == "files", r.json
        assert r.json["error"]["message_vi"] and r.json["error"]["message_en"]
    assert steps_of(app, case["id"]) == before  # nothing written
    assert ag.get(f"/api/petitions/{case['id']}").json["case"]["status"] == "transferred"
    assert ag.get(f"/api/petitions/{case['id']}/files/{sha}").status_code == 404
    # what it uploaded itself it attaches, and reads back
    own = ag.post("/api/petitions/files?filename=tra-loi.pdf", data=make_pdf("Trả lời", 1), content_type="application/pdf")
    r = ag.post(f"/api/petitions/{case['id']}/answer", {"status": "resolved", "text": "Đã lắp.", "files": [own.json["file"]]})
    assert r.status_code == 200, r.json
    got = ag.get(f"/api/petitions/{case['id']}/files/{own.json['file']['sha256']}")
    assert got.status_code == 200 and got.data.startswith(b"%PDF")
    detail = sec.get(f"/api/petitions/{case['id']}").json["case"]
    assert detail["steps"][-1]["files"] == [{k: own.json["file"][k] for k in ("filename", "sha256", "size")}]
# ---- bad input
def test_a_report_period_out_of_the_calendar_is_refused(app, council, client_for):
    """Year 1 or 9999 is a date the form accepts and UTC does not hold: a bilingual 422, not a 500."""
    sec = client_for("athuky")
    for q in ("from=0001-01-01", "to=9999-12-31", "from=0001-01-01&to=9999-12-31"):
        for ext in ("json", "pdf", "docx", "xlsx"):
            r = sec.get(f"/api/petitions/report.{ext}?{q}")
            assert r.status_code == 422 and r.json["error"]["message_vi"] and r.json["error"]["message_en"], (q, ext)
    r = sec.post("/api/petitions/report/attach", {"session_id": council.session_id, "agenda_item_id": council.item_ids[1],
                                                  "to": "9999-12-31"})
    assert r.status_code == 422, r.json
    assert sec.get(f"/api/sessions/{council.session_id}/documents").json["documents"] == []  # nothing attached
    assert sec.get("/api/petitions/report.json?from=1990-01-01&to=2999-12-31").status_code == 200


# ---- integrity: every change on the chain, every edit beside the product named by verify
def a_petitions_year(app, council, client_for) -> dict:
    """Meetings with a record, two cases merged, transferred, forwarded, answered with a PDF, sampled and reopened by
    the finding; the ids the edits aim at."""
    sec = client_for("athuky")
    first, second = add_agency(app, council), add_agency(app, council, "Sở Giao thông", username="acoquan2")
    m = meeting(sec, council)
    assert sec.put(f"/api/voter-meetings/{m}/record?filename=bien-ban.pdf", data=make_pdf("Biên bản", 1),
                   content_type="application/pdf").status_code == 200
    a = petition(sec, m, "Đề nghị sửa đường liên xã Đông Tây xuống cấp")
    b = petition(sec, meeting(sec, council, constituency="Đơn vị bầu cử số 2"), "Sửa đường liên xã Đông Tây")
    assert sec.post(f"/api/petitions/{a['id']}/merge", {"cases": [b["id"]]}).status_code == 200
    assert sec.patch(f"/api/petitions/{a['id']}", {"area": "Thôn Đông", "summary": "Sửa đường liên xã"}).status_code == 200
    assert sec.post(f"/api/petitions/{a['id']}/transfer", {"agency_id": first, "deadline": SOON}).status_code == 200
    assert client_for("acoquan").post(f"/api/petitions/{a['id']}/forward", {"agency_id": second}).status_code == 200
    ag = client_for("acoquan2")
    up = ag.post("/api/petitions/files?filename=tra-loi.pdf", data=make_pdf("Trả lời", 1), content_type="application/pdf")
    assert ag.post(f"/api/petitions/{a['id']}/answer", {"status": "resolved", "text": "Đã sửa.",
                                                         "files": [up.json["file"]]}).status_code == 200
    ban = group(client_for, council, "Ban Kinh tế - Ngân sách", ["adb01"])
    sample = client_for("adb01").post("/api/petitions/samples", {"group_id": ban, "round": "Quý IV/2026", "size": 1})
    assert sample.status_code == 201, sample.json
    assert client_for("adb01").post(f"/api/petitions/samples/{sample.json['sample']['id']}/findings",
                                    {"case_id": a["id"], "verdict": "reopened", "text": "Chưa sửa"}).status_code == 201
    answered = sql(app, "SELECT id FROM petition_steps WHERE case_id = :c AND kind = 'answered'", c=a["id"])[0][0]
    origin = sql(app, "SELECT id FROM petitions WHERE case_id = :c ORDER BY id", c=a["id"])[0][0]
    return {"case": a["id"], "merged": b["id"], "meeting": m, "agency": first, "step": answered, "origin": origin,
            "sample": sample.json["sample"]["id"], "account": council.users["acoquan"]}


def verify_edited(app, statements: list[tuple[str, dict]]) -> list[str]:
    """verify() on the database as the edits leave it, inside a transaction rolled back after."""
    from sqlalchemy.orm import Session
    with app.app_context(), db().get_bind().connect() as conn:
        tx = conn.begin()
        try:
            for statement, params in statements:
                conn.execute(text(statement), params)
            with Session(bind=conn) as s:
                return verify(s)
        finally:
            tx.rollback()


class TestEditsBesideTheProduct:
    @pytest.fixture
    def app(self, app_on_both):  # on SQLite and PostgreSQL
        return app_on_both

    def test_every_change_of_a_case_is_on_the_chain_and_every_quiet_edit_named(self, app, council, client_for):
        ids = a_petitions_year(app, council, client_for)
        assert verify_edited(app, []) == []  # every change made through the product is on the chain
        for kind, state in sql(app, "SELECT kind, state FROM session_events"):  # under its own name
            tables = {row[0] for row in (json.loads(state) if isinstance(state, str) else state) or []}
            if tables & {"voter_meetings", "petitions", "petition_cases", "petition_steps", "petition_samples",
                         "petition_findings"}:
                assert kind.startswith(("petition.", "voter_meeting.")), (kind, tables)
        c, st, sm = ids["case"], ids["step"], ids["sample"]
        edits = {  # what the insider does -> what verify must name
            "a case's status": ("UPDATE petition_cases SET status = 'resolved' WHERE id = :i", {"i": c},
                                f"petition_cases {c}: status"),
            "a case moved to another agency": ("UPDATE petition_cases SET agency_id = :a WHERE id = :i",
                                               {"a": ids["agency"], "i": c}, f"petition_cases {c}: agency_id"),
            "a deadline pushed back": ("UPDATE petition_cases SET deadline = '2099-01-01' WHERE id = :i", {"i": c},
                                       f"petition_cases {c}: deadline"),
            "a merged case taken out": ("UPDATE petition_cases SET merged_into_id = NULL, status = 'received' WHERE id = :i",
                                        {"i": ids["merged"]}, f"petition_cases {ids['merged']}: status"),
            "a case created in another period (out of a report)": (
                "UPDATE petition_cases SET created_at = '2001-01-01 00:00:00' WHERE id = :i", {"i": c},
                f"petition_cases {c}: created_at"),
            "an answer deleted": ("DELETE FROM petition_steps WHERE id = :i", {"i": st},
                                  f"petition_steps {st}: deleted beside the product"),
            "an answer rewritten": ("UPDATE petition_steps SET text = 'Khác' WHERE id = :i", {"i": st},
                                    f"petition_steps {st}: text"),
            "an answer's files swapped": ("UPDATE petition_steps SET files = '[]' WHERE id = :i", {"i": st},
                                          f"petition_steps {st}: files"),
            "an answer backdated": ("UPDATE petition_steps SET at = '2001-01-01 00:00:00' WHERE id = :i", {"i": st},
                                    f"petition_steps {st}: at"),
            "a petition moved to another case": ("UPDATE petitions SET case_id = :m WHERE id = :i",
                                                 {"m": ids["merged"], "i": ids["origin"]}, f"petitions {ids['origin']}: case_id"),
            "a meeting's record swapped": ("UPDATE voter_meetings SET record_sha256 = :h WHERE id = :i",
                                           {"h": "0" * 64, "i": ids["meeting"]}, f"voter_meetings {ids['meeting']}: record_sha256"),
            "a sample's picks changed": ("UPDATE petition_samples SET picked = '[]' WHERE id = :i", {"i": sm},
                                         f"petition_samples {sm}: picked"),
            "a sample redated": ("UPDATE petition_samples SET at = '2001-01-01 00:00:00' WHERE id = :i", {"i": sm},
                                 f"petition_samples {sm}: at"),
            "a finding turned": ("UPDATE petition_findings SET verdict = 'confirmed'", {}, "petition_findings 1: verdict"),
            "a finding redated": ("UPDATE petition_findings SET at = '2001-01-01 00:00:00'", {}, "petition_findings 1: at"),
            "an agency renamed": ("UPDATE agencies SET name = 'Khác' WHERE id = :i", {"i": ids["agency"]},
                                  f"agencies {ids['agency']}: name"),
            "an account given to another agency": ("UPDATE users SET agency_id = NULL WHERE id = :i", {"i": ids["account"]},
                                                   f"users {ids['account']}: agency_id"),
        }
        missed = {}
        for what, (statement, params, named) in edits.items():
            found = verify_edited(app, [(statement, params)])
            if not any(named in p for p in found):
                missed[what] = found
        assert not missed, json.dumps(missed, ensure_ascii=False, indent=1)


# ---- scope: ids of another council in bodies and filters, another constituency, another agency
def test_ids_of_another_council_in_bodies_reach_nothing(app, council, other_council, client_for):
    """Agency, group, committee, delegate, case, meeting and session ids of council B sent by council A's office,
    delegates and agency: refused, and nothing of A changes nor anything of B shows."""
    ours = {"agency": add_agency(app, council)}
    theirs = {"agency": add_agency(app, other_council), "second": add_agency(app, other_council, "Sở Y tế", username="bcoquan2")}
    sec, bsec = client_for("athuky"), client_for("bthuky")
    case = petition(sec, meeting(sec, council), "Đề nghị sửa cầu treo thôn Bắc")
    bm = meeting(bsec, other_council)
    bcase = petition(bsec, bm, "Đề nghị sửa cầu treo thôn Bắc")  # the same words: `similar` must not find it
    bban = group(client_for, other_council, "Ban Pháp chế", ["bdb01"])
    n = len(sql(app, "SELECT id FROM session_events"))
    refused = [
        (sec, "post", "/api/voter-meetings", {"held_on": "2026-11-01", "place": "X", "constituency": "X", "group_id": bban}),
        (sec, "post", "/api/voter-meetings", {"held_on": "2026-11-01", "place": "X", "constituency": "X",
                                              "delegate_ids": [other_council.users["bdb01"]]}),
        (sec, "post", f"/api/voter-meetings/{bm}/petitions", {"text": "x", "field": "land", "level": "commune"}),
        (sec, "patch", f"/api/petitions/{case['id']}", {"committee_id": bban}),
        (sec, "post", f"/api/petitions/{case['id']}/merge", {"cases": [bcase["id"]]}),
        (sec, "post", f"/api/petitions/{case['id']}/transfer", {"agency_id": theirs["agency"], "deadline": SOON}),
        (sec, "post", "/api/petitions/samples", {"group_id": bban, "round": "Q4", "size": 1}),
        (sec, "post", "/api/petitions/samples", {"group_id": bban, "round": "Q4", "size": 1, "agency_id": theirs["agency"]}),
        (sec, "patch", f"/api/agencies/{theirs['agency']}", {"name": "Đổi tên"}),
        (sec, "post", f"/api/agencies/{theirs['agency']}/accounts", {"username": "gian-diep", "full_name": "X"}),
        (sec, "post", "/api/petitions/report/attach", {"session_id": other_council.session_id,
                                                       "agenda_item_id": other_council.item_ids[1]}),
        (sec, "post", "/api/petitions/report/attach", {"session_id": council.session_id,
                                                       "agenda_item_id": other_council.item_ids[1]}),
    ]
    for c, method, path, body in refused:
        r = getattr(c, method)(path, body)
        assert r.status_code in (403, 404, 409, 422), (path, body, r.status_code)
        assert "Bên Kia" not in r.get_data(as_text=True), path
    assert sec.post(f"/api/petitions/{case['id']}/transfer", {"agency_id": ours["agency"], "deadline": SOON}).status_code == 200
    ag = client_for("acoquan")
    r = ag.post(f"/api/petitions/{case['id']}/forward", {"agency_id": theirs["agency"]})
    assert r.status_code == 422, r.json
    assert ag.post(f"/api/petitions/{bcase['id']}/answer", {"status": "resolved", "text": "x"}).status_code == 404
    assert len(sql(app, "SELECT id FROM session_events")) == n + 1  # the transfer only: nothing refused was written
    assert sec.get(f"/api/petitions/{case['id']}/similar").json["similar"] == []
    # listing, export and reminders filtered by B's agency or committee: empty, from every role of A
    for user in ("athuky", "achutich", "adb01", "acoquan"):
        c = client_for(user)
        for q in (f"agency_id={theirs['agency']}", f"committee_id={bban}"):
            assert c.get(f"/api/petitions?{q}").json["cases"] == [], (user, q)
            assert bcase["code"] not in c.get(f"/api/petitions/export.csv?{q}").get_data(as_text=True), (user, q)
        assert bcase["code"] not in c.get("/api/petitions/export.csv").get_data(as_text=True)
    assert sec.get("/api/petitions/report.json").json["total"] == 1  # A's one case, not B's
    assert [a["id"] for a in ag.get("/api/agencies").json["agencies"]] == [ours["agency"]]
    # an account pointed at B's agency beside the product (verify names it) still reads nothing of B's
    sql(app, "UPDATE users SET agency_id = :a WHERE id = :u", a=theirs["agency"], u=council.users["acoquan"])
    assert sec.post(f"/api/petitions/{bcase['id']}/transfer", {"agency_id": theirs["agency"], "deadline": SOON}).status_code == 404
    assert bsec.post(f"/api/petitions/{bcase['id']}/transfer", {"agency_id": theirs["agency"], "deadline": SOON}).status_code == 200
    spy = client_for("acoquan")
    assert spy.get("/api/petitions").json["cases"] == [] and spy.get(f"/api/petitions/{bcase['id']}").status_code == 404
    assert spy.post(f"/api/petitions/{bcase['id']}/answer", {"status": "resolved", "text": "x"}).status_code == 404


def test_an_agency_and_a_delegate_read_only_their_own_cases(app, council, client_for):
    """By every route: the detail, an answer's file, the export, the listing's filters, reminders, the
    report and the samples (an agency follows no sample)."""
    mine, other = add_agency(app, council), add_agency(app, council, "Sở Y tế", username="acoquan2")
    sec = client_for("athuky")
    with app.app_context(), transaction() as s:
        from server.accounts.models import User
        s.get(User, council.users["adb01"]).constituency = "Đơn vị bầu cử số 1"
        s.get(User, council.users["adb02"]).constituency = "Đơn vị bầu cử số 2"
    theirs = petition(sec, meeting(sec, council, constituency="Đơn vị bầu cử số 2", delegate_ids=[]), "Đề nghị xây trạm y tế")
    assert sec.post(f"/api/petitions/{theirs['id']}/transfer", {"agency_id": other, "deadline": SOON}).status_code == 200
    ag2 = client_for("acoquan2")
    up = ag2.post("/api/petitions/files?filename=y-te.pdf", data=make_pdf("Y tế", 1), content_type="application/pdf").json["file"]
    assert ag2.post(f"/api/petitions/{theirs['id']}/answer", {"status": "in_progress", "text": "Đang làm",
                                                             "files": [up]}).status_code == 200
    ours = petition(sec, meeting(sec, council), "Đề nghị nạo vét kênh Đông")
    assert sec.post(f"/api/petitions/{ours['id']}/transfer", {"agency_id": mine, "deadline": SOON}).status_code == 200
    for user, visible in (("acoquan", ours), ("adb01", ours), ("adb02", theirs)):
        c, hidden = client_for(user), theirs if visible is ours else ours
        assert c.get(f"/api/petitions/{hidden['id']}").status_code == 404, user
        assert c.get(f"/api/petitions/{hidden['id']}/files/{up['sha256']}").status_code == 404, user
        assert [x["id"] for x in c.get("/api/petitions").json["cases"]] == [visible["id"]], user
        for q in (f"agency_id={other}", f"agency_id={mine}", "status=in_progress", "q=tram y te", "q=kenh", "mine=1"):
            assert hidden["id"] not in [x["id"] for x in c.get(f"/api/petitions?{q}").json["cases"]], (user, q)
            assert hidden["code"] not in c.get(f"/api/petitions/export.csv?{q}").get_data(as_text=True), (user, q)
        assert hidden["code"] not in json.dumps(c.get("/api/petitions/reminders").json)
    ag = client_for("acoquan")
    for path in ("/api/petitions/report.json", "/api/petitions/samples", "/api/voter-meetings"):
        assert ag.get(path).status_code == 403, path
    assert ag.post(f"/api/petitions/{theirs['id']}/forward", {"agency_id": mine}).status_code == 404
    assert client_for("adb01").get(f"/api/petitions/{theirs['id']}/files/{up['sha256']}").status_code == 404


# ---- the public pages
def test_the_public_pages_name_no_person_and_show_nothing_internal(app, council, client_for):
    """Whoever acted (staff, delegates, the agency's account) and what only the office and the agency read —
    notes, reasons, findings, the petitions as heard, the meeting, files, ids — stays off the public pages."""
    sec = client_for("athuky")
    first, second = add_agency(app, council), add_agency(app, council, "Sở Giao thông", username="acoquan2")
    m = meeting(sec, council, constituency="Đơn vị bầu cử số 7")
    a = petition(client_for("adb01"), m, "Đề nghị sửa đường liên xã Đông Tây")
    b = petition(sec, m, "Ý kiến riêng: sửa đường liên xã Đông Tây")
    assert sec.post(f"/api/petitions/{a['id']}/merge", {"cases": [b["id"]]}).status_code == 200
    assert sec.post(f"/api/petitions/{a['id']}/transfer", {"agency_id": first, "deadline": SOON,
                                                           "text": "Ghi chú nội bộ của văn phòng"}).status_code == 200
    assert client_for("acoquan").post(f"/api/petitions/{a['id']}/forward",
                                      {"agency_id": second, "text": "Lý do chuyển nội bộ"}).status_code == 200
    ag = client_for("acoquan2")
    up = ag.post("/api/petitions/files?filename=cong-van-noi-bo.pdf", data=make_pdf("Công văn", 1),
                 content_type="application/pdf").json["file"]
    assert ag.post(f"/api/petitions/{a['id']}/answer", {"status": "resolved", "text": "Đã sửa xong đường.",
                                                         "files": [up]}).status_code == 200
    ban = group(client_for, council, "Ban Kinh tế - Ngân sách", ["adb02"])
    sample = client_for("adb02").post("/api/petitions/samples", {"group_id": ban, "round": "Q4", "size": 1}).json["sample"]
    assert client_for("adb02").post(f"/api/petitions/samples/{sample['id']}/findings", {
        "case_id": a["id"], "verdict": "reopened", "text": "Kết quả giám sát tại chỗ"}).status_code == 201
    anon = client_for()
    pages = [anon.get(f"/api/public/petitions/{code}") for code in (a["code"], b["code"])]
    pages.append(anon.get(f"/api/public/councils/{council.council_id}/petitions"))
    assert all(p.status_code == 200 for p in pages)
    assert pages[0].json["case"]["answer"] == "Đã sửa xong đường." and pages[0].json["case"]["status"] == "reopened"
    assert pages[2].json["cases"][0]["code"] == a["code"]
    said = " ".join(p.get_data(as_text=True) for p in pages)
    with app.app_context(), transaction() as s:
        people = [n for (n,) in s.execute(text("SELECT full_name FROM users")).all()]
        logins = [n for (n,) in s.execute(text("SELECT username FROM users")).all()]
    for secret in [*people, *logins, "Ghi chú nội bộ", "Lý do chuyển", "Kết quả giám sát", "Ý kiến riêng",
                   "Nhà văn hóa", "Đơn vị bầu cử số 7", "cong-van-noi-bo", up["sha256"], "Ban Kinh tế"]:
        assert json.dumps(secret, ensure_ascii=False).strip('"') not in said, secret
    for page in pages[:2]:
        case = page.json["case"]
        assert "id" not in case and "agency_id" not in case and "committee_id" not in case
        assert all(set(st) == {"kind", "status", "agency", "at"} for st in case["steps"])
    assert all(set(c) == {"code", "summary", "field", "area", "status", "agency", "updated_at"} for c in pages[2].json["cases"])


@pytest.mark.parametrize("code", ["KN-2345-6789", "9" * 5000, "KN-2345-678\u202e", "KN%00", "..%2F..%2Fetc", "ＫＮ２３４５６７８９",
                                  " ", "KN-" + "A" * 17])
def test_an_unknown_or_absurd_trace_code_is_a_bilingual_404(app, client_for, code):
    r = client_for().get(f"/api/public/petitions/{code}")
    assert r.status_code == 404, (code, r.status_code)
    assert r.json["error"]["code"] == "not_found" and r.json["error"]["message_vi"] and r.json["error"]["message_en"]


# ---- odd input on the agency's routes (the API fuzz acts as the office and delegates, not as an agency)
def test_odd_answers_forwards_and_files_are_4xx_and_change_nothing(app, council, client_for):
    agency = add_agency(app, council)
    add_agency(app, council, "Sở Giao thông", username="acoquan2")
    sec, ag = client_for("athuky"), client_for("acoquan")
    case = petition(sec, meeting(sec, council), "Đề nghị sửa cống thoát nước")
    assert sec.post(f"/api/petitions/{case['id']}/transfer", {"agency_id": agency, "deadline": SOON}).status_code == 200
    own = ag.post("/api/petitions/files?filename=a.pdf", data=make_pdf("Trả lời", 1), content_type="application/pdf").json["file"]
    before = (steps_of(app, case["id"]), len(sql(app, "SELECT id FROM session_events")))
    answers = [None, "x", 5, [], {"status": "resolved"}, {"status": "merged", "text": "x"}, {"status": "received", "text": "x"},
               {"status": None, "text": "x"}, {"status": 1, "text": "x"}, {"status": "resolved", "text": None},
               {"status": "resolved", "text": "x" * 20001}, {"status": "resolved", "text": "nul\x00"},
               {"status": "resolved", "text": "\u202eđảo"}, {"status": "resolved", "text": ["x"]},
               {"status": "resolved", "text": "x", "extra": 1}]
    files = ["x", 5, {"a": 1}, [None], [1], [[]], [{}], [{**own, "sha256": None}], [{**own, "sha256": own["sha256"].upper()}],
             [{**own, "sha256": "g" * 64}], [{**own, "token": None}], [{**own, "token": 7}], [{**own, "token": "é" * 64}],
             [{**own, "token": own["token"][:-1]}], [{**own, "filename": ""}], [{**own, "filename": "\u202efdp.exe"}],
             [{**own, "filename": "a\r\nSet-Cookie: x=1"}], [{**own, "filename": "x" * 256}], [own] * 11]
    answers += [{"status": "resolved", "text": "x", "files": f} for f in files]
    for body in answers:
        r = ag.post(f"/api/petitions/{case['id']}/answer", body)
        assert 400 <= r.status_code < 500 and r.json["error"]["message_vi"] and r.json["error"]["message_en"], (body, r.status_code)
    for body in ({"agency_id": "1"}, {"agency_id": 1.5}, {"agency_id": True}, {"agency_id": -1}, {"agency_id": 2**31},
                 {"agency_id": None}, {"agency_id": agency}, {"agency_id": 2**31 - 1}, {"agency_id": agency, "text": "x" * 2001}):
        r = ag.post(f"/api/petitions/{case['id']}/forward", body)
        assert 400 <= r.status_code < 500, (body, r.status_code)
    assert (steps_of(app, case["id"]), len(sql(app, "SELECT id FROM session_events"))) == before  # nothing half-written
    # files: not a PDF, no name, a name with control characters, another media type
    store = app.config["KYHOP"].documents_dir / "objects"
    count = sum(1 for _ in store.rglob("*.pdf"))
    for query, data, media in (("filename=a.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"),
                               ("filename=a.pdf", b"", "application/pdf"), ("", make_pdf("x", 1), "application/pdf"),
                               ("filename=a%0D%0Ab.pdf", make_pdf("x", 1), "application/pdf"),
                               ("filename=" + "x" * 300, make_pdf("x", 1), "application/pdf"),
                               ("filename=a.pdf", make_pdf("x", 1), "text/html")):
        r = ag.post(f"/api/petitions/files?{query}", data=data, content_type=media)
        assert 400 <= r.status_code < 500 and r.json["error"]["message_en"], (query, data[:20], media, r.status_code)
    assert sum(1 for _ in store.rglob("*.pdf")) == count  # nothing of a refused file stays
    # folders in a file's name are dropped: the name is only a name, the file is where its SHA-256 says
    odd = ag.post("/api/petitions/files?filename=..%2F..%2F..%2Fetc%2Fpasswd.pdf", data=make_pdf("Đường dẫn", 1),
                  content_type="application/pdf")
    assert odd.status_code == 201 and odd.json["file"]["filename"] == "passwd.pdf"
    renamed = {**odd.json["file"], "filename": "C:\\Users\\can-bo\\..\\tra-loi.pdf"}
    assert ag.post(f"/api/petitions/{case['id']}/answer", {"status": "in_progress", "text": "Đang xử lý",
                                                            "files": [renamed]}).status_code == 200
    got = ag.get(f"/api/petitions/{case['id']}/files/{odd.json['file']['sha256']}")
    assert got.status_code == 200 and got.data.startswith(b"%PDF")
    assert got.headers["Content-Disposition"] == 'inline; filename=tra-loi.pdf'
    m = meeting(sec, council)
    r = sec.put(f"/api/voter-meetings/{m}/record?filename=..%2Fbien-ban.pdf", data=make_pdf("Biên bản", 1),
                content_type="application/pdf")
    assert r.json["meeting"]["record_filename"] == "bien-ban.pdf"
