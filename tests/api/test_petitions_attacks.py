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
        return s.execute(text(statement), params).all() if statement.lstrip().upper().startswith("SELECT") else None


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
