"""What the tablets and the secretary's pages rely on: written opinions on any item of the session, no
uploads after bế mạc (nothing stored), sittings in the order they are held."""
from __future__ import annotations

from sqlalchemy import func, select

from server.db import db
from server.documents.models import Document, DocumentVersion
from server.documents.samples import make_pdf
from server.journal.models import SessionEvent
from server.speaking.models import WrittenOpinion
from tests.api.test_documents import stored, upload
from tests.conftest import open_session


def opinion(c, council, text, item_id=None):
    body = {"text": text} if item_id is None else {"text": text, "agenda_item_id": item_id}
    return c.post(f"/api/sessions/{council.session_id}/opinions", body)


def test_written_opinions_on_any_item_from_publication_until_closing(app, council, client_for, other_council):
    d1 = client_for("adb01")
    # published, before khai mạc: an opinion on the report (item 2) and on a later item
    r = opinion(d1, council, "Đề nghị bổ sung số liệu về giảm nghèo.", council.item_ids[1])
    assert r.status_code == 201, r.json
    assert r.json["opinion"]["agenda_item_id"] == council.item_ids[1]
    chair = open_session(client_for, council)  # the current item is Khai mạc, its list open
    # in progress: on an item that is not the current one, the current item's list still open
    assert opinion(d1, council, "Về dự thảo nghị quyết: sửa điều 3.", council.item_ids[2]).status_code == 201
    assert opinion(d1, council, "Khai mạc", council.item_ids[0]).status_code == 201
    # without an item: as before, only on the current item once its list is closed
    assert opinion(d1, council, "Không nêu nội dung").status_code == 409
    # an item of another council's session is refused, and nothing is stored
    r = opinion(d1, council, "Sai kỳ họp", other_council.item_ids[1])
    assert r.status_code == 422 and r.json["error"]["message_en"] and r.json["error"]["message_vi"]
    # a guest does not send opinions
    assert opinion(client_for("akhach"), council, "Khách", council.item_ids[1]).status_code == 403
    written = client_for("athuky").get(f"/api/sessions/{council.session_id}/speeches").json["written"]
    assert [(w["agenda_item_id"], w["full_name"]) for w in written] == [
        (council.item_ids[1], "Đại Biểu Số 1"), (council.item_ids[2], "Đại Biểu Số 1"), (council.item_ids[0], "Đại Biểu Số 1")]
    # after bế mạc: refused in both languages, nothing added
    assert chair.post(f"/api/sessions/{council.session_id}/control", {"action": "close"}).status_code == 200
    r = opinion(d1, council, "Quá muộn", council.item_ids[1])
    assert r.status_code == 409
    assert "bế mạc" in r.json["error"]["message_vi"] and "closes" in r.json["error"]["message_en"]
    with app.app_context():
        assert db().scalar(select(func.count()).select_from(WrittenOpinion)) == 3


def test_uploads_refused_after_closing_change_nothing(app, council, client_for):
    sec = client_for("athuky")
    doc = upload(sec, council, make_pdf("Tờ trình", 2), agenda_item_id=council.item_ids[1]).json["document"]
    chair = open_session(client_for, council)
    assert chair.post(f"/api/sessions/{council.session_id}/control", {"action": "close"}).status_code == 200
    before = stored(app)
    with app.app_context():
        seq = db().scalar(select(func.max(SessionEvent.seq)).where(SessionEvent.session_id == council.session_id))
    r = upload(sec, council, make_pdf("Phụ lục gửi muộn", 1), filename="muon.pdf")
    assert r.status_code == 409
    err = r.json["error"]
    assert err["code"] == "session_closed" and "bế mạc" in err["message_vi"] and "closed" in err["message_en"]
    r = sec.post(f"/api/documents/{doc['id']}/versions?filename=lan-2.pdf", data=make_pdf("Dự thảo lần 2", 3),
                 content_type="application/pdf")
    assert r.status_code == 409 and r.json["error"]["code"] == "session_closed"
    assert stored(app) == before  # no row, no file
    with app.app_context():
        assert db().scalar(select(func.max(SessionEvent.seq)).where(SessionEvent.session_id == council.session_id)) == seq
        assert db().scalar(select(func.count()).select_from(Document)) == 1
        assert db().scalar(select(func.count()).select_from(DocumentVersion)) == 1
    # what was uploaded before stays readable
    assert client_for("adb01").get(doc["current"]["url"]).status_code == 200


def test_sittings_by_date_morning_before_afternoon(council, client_for):
    sec = client_for("athuky")
    for date, part in [("2026-12-02", "afternoon"), ("2026-12-01", "afternoon"), ("2026-12-02", "morning"),
                       ("2026-12-01", "morning")]:
        assert sec.post(f"/api/sessions/{council.session_id}/sittings", {"date": date, "part": part}).status_code == 201
    sittings = sec.get(f"/api/sessions/{council.session_id}").json["sittings"]
    assert [(s["date"], s["part"]) for s in sittings] == [
        ("2026-12-01", "morning"), ("2026-12-01", "afternoon"), ("2026-12-02", "morning"), ("2026-12-02", "afternoon")]
