"""Read receipts (issue 16 item 2): the tablet reports the versions it has and the ones it opens; the staff see
per document and delegate chưa nhận / đã nhận / đã mở and '3 đại biểu chưa nhận bản dự thảo lần 2'; nothing of
it reaches a delegate — no route, no snapshot, no event."""
from __future__ import annotations

from sqlalchemy import func, select

from server.db import db
from server.documents.samples import make_pdf
from server.journal.models import SessionEvent
from server.receipts import rules
from server.receipts.models import Receipt


def upload(c, council, title="Dự thảo nghị quyết", kind="draft_resolution", access="public", pages=2):
    r = c.post(f"/api/sessions/{council.session_id}/documents?filename=d.pdf&kind={kind}&access={access}",
               data=make_pdf(title, pages), content_type="application/pdf")
    assert r.status_code == 201, r.json
    return r.json["document"]["id"]


def chain_size(app) -> int:
    with app.app_context():
        return db().scalar(select(func.count()).select_from(SessionEvent))


def receipts_count(app) -> int:
    with app.app_context():
        return db().scalar(select(func.count()).select_from(Receipt))


def by_doc(c, council):
    r = c.get(f"/api/sessions/{council.session_id}/receipts")
    assert r.status_code == 200, r.json
    return {d["document_id"]: d for d in r.json["documents"]}


def test_summary_rules():
    assert rules.summary("draft_resolution", 2, 3, 6) == ("3 đại biểu chưa nhận bản dự thảo lần 2",
                                                          "3 delegates have not received draft 2")
    assert rules.summary("report", 1, 0, 6)[0] == "Tất cả 6 đại biểu đã nhận bản lần 1"
    assert rules.summary("report", 1, 1, 6)[1] == "1 delegate has not received version 1"
    assert rules.status(False, False) == "not_received" and rules.status(True, True) == "opened"
    assert rules.unopened_revision(2, set()) and rules.unopened_revision(3, {1, 2})
    assert not rules.unopened_revision(1, set()) and not rules.unopened_revision(2, {1, 2})


def test_received_opened_and_the_staff_view(app, council, client_for):
    sec = client_for("athuky")
    doc = upload(sec, council)
    assert sec.post(f"/api/documents/{doc}/versions?filename=lan-2.pdf", data=make_pdf("Dự thảo lần 2", 2),
                    content_type="application/pdf").status_code == 201
    before = chain_size(app)
    base = f"/api/sessions/{council.session_id}"
    for u in ("adb01", "adb02"):
        r = client_for(u).post(f"{base}/receipts", {"versions": [{"document_id": doc, "number": 2}]})
        assert r.status_code == 200 and r.json == {"received": 1}, r.json
    assert client_for("adb02").post(f"{base}/receipts", {"versions": [{"document_id": doc, "number": 2}]}).status_code == 200
    assert client_for("adb01").post(f"/api/documents/{doc}/versions/2/opened", {}).json == {"opened": True}
    assert client_for("adb01").post(f"/api/documents/{doc}/versions/2/opened", {}).status_code == 200  # a replay
    # the first version received says nothing about the second
    assert client_for("adb03").post(f"{base}/receipts", {"versions": [{"document_id": doc, "number": 1}]}).status_code == 200
    assert chain_size(app) == before  # not the record: no entry, no event to the session's room
    for staff in ("athuky", "aadmin", "achutich"):
        d = by_doc(client_for(staff), council)[doc]
        assert d["version"] == 2
        status = {x["full_name"]: x["status"] for x in d["delegates"]}
        assert len(status) == 6  # the chair and the five delegates of the term
        assert status["Đại Biểu Số 1"] == "opened" and status["Đại Biểu Số 2"] == "received"
        assert status["Đại Biểu Số 3"] == "not_received"
        assert d["counts"] == {"not_received": 4, "received": 1, "opened": 1}
        assert d["summary_vi"] == "4 đại biểu chưa nhận bản dự thảo lần 2"
        assert d["summary_en"] == "4 delegates have not received draft 2"
    with app.app_context():
        assert db().scalar(select(func.count()).select_from(Receipt)) == 3


def test_a_delegate_sees_nothing_of_others(app, council, client_for):
    sec = client_for("athuky")
    doc = upload(sec, council)
    base = f"/api/sessions/{council.session_id}"
    d1 = client_for("adb01")
    d1.post(f"{base}/receipts", {"versions": [{"document_id": doc, "number": 1}]})
    d1.post(f"/api/documents/{doc}/versions/1/opened", {})
    for who in ("adb02", "akhach", "amanhinh"):
        c = client_for(who)
        assert c.get(f"{base}/receipts").status_code == 403, who
        for path in (f"{base}/live", f"{base}/documents", f"/api/documents/{doc}", f"{base}"):
            body = c.get(path).get_data(as_text=True)
            assert "opened_at" not in body and "received_at" not in body and "đã mở" not in body, (who, path)
    # the live events of the session: none was recorded by a receipt
    with app.app_context():
        kinds = db().scalars(select(SessionEvent.kind)).all()
    assert not any("receipt" in k or "opened" in k for k in kinds)


def test_bad_reports_are_refused_and_write_nothing(app, council, other_council, client_for):
    sec = client_for("athuky")
    doc = upload(sec, council)
    secret = upload(sec, council, title="Mật", access="confidential")
    other = upload(client_for("bthuky"), other_council)
    d = client_for("adb01")
    base = f"/api/sessions/{council.session_id}"
    for bad in ({"versions": [{"document_id": doc, "number": 2}]},                      # no such version
                {"versions": [{"document_id": doc, "number": 1}, {"document_id": other, "number": 1}]},  # all or nothing
                {"versions": [{"document_id": doc}]}, {"versions": "x"}, {"versions": [doc]},
                {"versions": [{"document_id": doc, "number": 1}] * 501}, {}):
        r = d.post(f"{base}/receipts", bad)
        assert r.status_code == 422, (bad, r.json)
        assert r.json["error"]["message_vi"] and r.json["error"]["message_en"]
    assert d.post(f"/api/documents/{doc}/versions/9/opened", {}).status_code == 422
    assert d.post(f"/api/documents/{other}/versions/1/opened", {}).status_code == 404
    assert receipts_count(app) == 0
    # a guest may not report, a delegate may for a confidential document they read
    assert client_for("akhach").post(f"/api/documents/{doc}/versions/1/opened", {}).status_code == 403
    assert d.post(f"{base}/receipts", {"versions": [{"document_id": secret, "number": 1}]}).status_code == 200
    # another council's session does not exist
    assert d.post(f"/api/sessions/{other_council.session_id}/receipts",
                  {"versions": [{"document_id": other, "number": 1}]}).status_code == 404


def revise(c, doc: int, title: str):
    r = c.post(f"/api/documents/{doc}/versions?filename=lan.pdf", data=make_pdf(title, 2), content_type="application/pdf")
    assert r.status_code == 201, r.json


def test_a_revision_is_marked_for_each_reader_until_they_open_it(council, other_council, client_for):
    """'Đã sửa đổi — lần N' comes from the reader's own receipts: shown after a revision until they open it, on any
    device; another delegate's opening changes nothing of theirs."""
    sec = client_for("athuky")
    doc = upload(sec, council)
    upload(sec, council, title="Báo cáo", kind="report")  # never revised: never marked
    url = f"/api/me/sessions/{council.session_id}/unopened-revisions"
    d1, d2 = client_for("adb01"), client_for("adb02")
    assert d1.get(url).json == {"documents": []}  # a first version is not a revision
    assert d1.post(f"/api/documents/{doc}/versions/1/opened", {}).status_code == 200
    revise(sec, doc, "Dự thảo lần 2")
    marked = {"documents": [{"document_id": doc, "version": 2}]}
    assert d1.get(url).json == marked
    assert d2.get(url).json == marked  # never opened the first either: the text they would read is a revision
    d1.post(f"/api/sessions/{council.session_id}/receipts", {"versions": [{"document_id": doc, "number": 2}]})
    d1.post(f"/api/documents/{doc}/versions/1/opened", {})
    assert d1.get(url).json == marked  # having it, or reading the old version, is not reading the revision
    assert d2.post(f"/api/documents/{doc}/versions/2/opened", {}).status_code == 200
    assert d2.get(url).json == {"documents": []}
    assert d1.get(url).json == marked  # another delegate's receipt is not theirs
    d1.post(f"/api/documents/{doc}/versions/2/opened", {})
    assert client_for("adb01").get(url).json == {"documents": []}  # a new login, another device: the same
    revise(sec, doc, "Dự thảo lần 3")
    assert d1.get(url).json == d2.get(url).json == {"documents": [{"document_id": doc, "version": 3}]}
    assert client_for("akhach").get(url).status_code == 403  # a guest reports nothing, is marked nothing
    assert d1.get(f"/api/me/sessions/{other_council.session_id}/unopened-revisions").status_code == 404
