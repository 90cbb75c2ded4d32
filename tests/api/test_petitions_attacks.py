"""Voter petitions under attack: an agency, a delegate or another council's office reaching what is not theirs
(by ids in paths and bodies, by a file's SHA-256 in the shared store), the public pages naming people or
internal ids, odd input, and edits beside the product that `kyhop verify` must name."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import text

from server.db import transaction
from server.documents.samples import make_pdf
from tests.api.test_petition_samples import client_for as one_login_each
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
