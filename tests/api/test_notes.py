"""Private notes (issue 16 item 1): their author's only — another user, the secretary and admin too, finds
nothing; written by a UUID the tablet made (a replay is the same note); pages bounded by the version written on;
kept across revisions; exported; never on the record, the chain or the bundle."""
from __future__ import annotations

import io
import uuid
import zipfile

from sqlalchemy import func, select, text

from server.db import db
from server.documents.samples import make_pdf
from server.journal.models import SessionEvent
from server.notes.models import Note
from tests.conftest import open_session

SECRET = "Ghi chú riêng: hỏi lại về khoản 3 tỷ đồng"


def upload(c, council, pages=4, access="public", kind="draft_resolution"):
    r = c.post(f"/api/sessions/{council.session_id}/documents?filename=du-thao.pdf&kind={kind}&access={access}",
               data=make_pdf("Dự thảo nghị quyết", pages), content_type="application/pdf")
    assert r.status_code == 201, r.json
    return r.json["document"]["id"]


def chain_size(app) -> int:
    with app.app_context():
        return db().scalar(select(func.count()).select_from(SessionEvent))


def test_only_the_author_reads_their_notes(app, council, client_for):
    doc = upload(client_for("athuky"), council)
    d = client_for("adb01")
    u = str(uuid.uuid4())
    r = d.put(f"/api/documents/{doc}/notes/{u}", {"version": 1, "page": 3, "text": SECRET})
    assert r.status_code == 200 and r.json["created"] is True, r.json
    assert r.json["note"]["where_vi"] == "trang 3"
    assert [n["text"] for n in d.get(f"/api/documents/{doc}/notes").json["notes"]] == [SECRET]
    for other in ("adb02", "athuky", "aadmin", "achutich"):
        c = client_for(other)
        assert c.get(f"/api/documents/{doc}/notes").json["notes"] == [], other
        r = c.put(f"/api/documents/{doc}/notes/{u}", {"version": 1, "page": 1, "text": "đè lên"})
        assert r.status_code == 404, (other, r.json)
        assert c.delete(f"/api/documents/{doc}/notes/{u}").status_code == 404, other
        assert SECRET not in c.get("/api/me/notes/export").get_data(as_text=True)
    assert d.get(f"/api/documents/{doc}/notes").json["notes"][0]["text"] == SECRET  # untouched


def test_put_is_idempotent_and_edits_and_deletes(app, council, client_for):
    doc = upload(client_for("athuky"), council)
    d = client_for("adb01")
    u = str(uuid.uuid4())
    first = d.put(f"/api/documents/{doc}/notes/{u}", {"version": 1, "page": 2, "text": "Một"})
    again = d.put(f"/api/documents/{doc}/notes/{u}", {"version": 1, "page": 2, "text": "Một"})  # an offline replay
    assert first.status_code == again.status_code == 200 and again.json["created"] is False
    assert again.json["note"]["updated_at"] == first.json["note"]["updated_at"]
    edited = d.put(f"/api/documents/{doc}/notes/{u}", {"version": 1, "page": None, "text": "Cả tài liệu"})
    assert edited.json["note"]["page"] is None and edited.json["note"]["where_vi"] == "cả tài liệu"
    with app.app_context():
        assert db().scalar(select(func.count()).select_from(Note)) == 1
    assert d.delete(f"/api/documents/{doc}/notes/{u}").json == {"deleted": True}
    assert d.delete(f"/api/documents/{doc}/notes/{u}").status_code == 404  # a replayed delete: already gone
    assert d.get(f"/api/documents/{doc}/notes").json["notes"] == []


def test_bad_input_is_refused_in_both_languages_and_nothing_is_written(app, council, client_for):
    doc = upload(client_for("athuky"), council, pages=4)
    d = client_for("adb01")
    u = str(uuid.uuid4())
    for bad in ({"version": 1, "page": 5, "text": "x"}, {"version": 1, "page": 0, "text": "x"},
                {"version": 2, "page": 1, "text": "x"}, {"version": 1, "text": "x" * 10_001},
                {"version": 1, "text": "  "}, {"version": 1, "text": "x", "owner": 3}):
        r = d.put(f"/api/documents/{doc}/notes/{u}", bad)
        assert r.status_code == 422, (bad, r.json)
        assert r.json["error"]["message_vi"] and r.json["error"]["message_en"], r.json
    r = d.put(f"/api/documents/{doc}/notes/not-a-uuid", {"version": 1, "text": "x"})
    assert r.status_code == 422 and "UUID" in r.json["error"]["message_en"]
    with app.app_context():
        assert db().scalar(select(func.count()).select_from(Note)) == 0
    assert d.put(f"/api/documents/{doc}/notes/{u}", {"version": 1, "page": 4, "text": "x" * 10_000}).status_code == 200


def test_a_confidential_document_takes_notes_only_from_those_who_read_it(app, council, client_for):
    doc = upload(client_for("athuky"), council, access="confidential")
    u = str(uuid.uuid4())
    assert client_for("akhach").put(f"/api/documents/{doc}/notes/{u}", {"version": 1, "text": "x"}).status_code == 403
    assert client_for("adb01").put(f"/api/documents/{doc}/notes/{u}", {"version": 1, "text": "x"}).status_code == 200


def test_another_councils_document_does_not_exist(app, council, other_council, client_for):
    doc = upload(client_for("bthuky"), other_council)
    d = client_for("adb01")
    assert d.get(f"/api/documents/{doc}/notes").status_code == 404
    assert d.put(f"/api/documents/{doc}/notes/{uuid.uuid4()}", {"version": 1, "text": "x"}).status_code == 404


def test_notes_are_kept_across_revisions_against_the_version_written_on(app, council, client_for):
    sec = client_for("athuky")
    doc = upload(sec, council, pages=4)
    d = client_for("adb01")
    d.put(f"/api/documents/{doc}/notes/{uuid.uuid4()}", {"version": 1, "page": 3, "text": "Trên bản đầu"})
    assert sec.post(f"/api/documents/{doc}/versions?filename=lan-2.pdf", data=make_pdf("Dự thảo lần 2", 2),
                    content_type="application/pdf").status_code == 201
    [n] = d.get(f"/api/documents/{doc}/notes").json["notes"]
    assert (n["version"], n["page"], n["where_vi"]) == (1, 3, "ghi trên bản lần 1, trang 3")
    assert n["where_en"] == "written on version 1, page 3"
    # version 2 has 2 pages: page 3 is out of it
    assert d.put(f"/api/documents/{doc}/notes/{uuid.uuid4()}", {"version": 2, "page": 3, "text": "x"}).status_code == 422
    md = d.get("/api/me/notes/export")
    assert md.status_code == 200 and md.mimetype == "text/markdown"
    assert "attachment" in md.headers["Content-Disposition"]
    body = md.get_data(as_text=True)
    assert "### Dự thảo nghị quyết" in body or "Dự thảo" in body
    assert "Ghi trên bản lần 1, trang 3" in body and "Trên bản đầu" in body


def test_notes_are_not_on_the_record_the_chain_or_the_bundle(app, council, client_for):
    doc = upload(client_for("athuky"), council)
    before = chain_size(app)
    d = client_for("adb01")
    u = str(uuid.uuid4())
    d.put(f"/api/documents/{doc}/notes/{u}", {"version": 1, "page": 1, "text": SECRET})
    d.put(f"/api/documents/{doc}/notes/{u}", {"version": 1, "page": 2, "text": SECRET + " (sửa)"})
    assert chain_size(app) == before  # no entry, not even record.changed
    with app.app_context():
        rows = db().execute(text("SELECT CAST(data AS TEXT), CAST(state AS TEXT) FROM session_events")).all()
        assert not any("Ghi chú riêng" in (a or "") + (b or "") for a, b in rows)
        from server.archive.verify import verify
        assert verify(db()) == []
    live = d.get(f"/api/sessions/{council.session_id}/live").get_data(as_text=True)
    assert "Ghi chú riêng" not in live
    chair = open_session(client_for, council)
    assert chair.post(f"/api/sessions/{council.session_id}/control", {"action": "close"}).status_code == 200
    # a private note may still be written after bế mạc: it is not the session's record
    assert d.put(f"/api/documents/{doc}/notes/{uuid.uuid4()}", {"version": 1, "text": SECRET}).status_code == 200
    r = client_for("athuky").get(f"/api/sessions/{council.session_id}/bundle.zip")
    assert r.status_code == 200
    z = zipfile.ZipFile(io.BytesIO(r.data))
    for name in z.namelist():
        assert "Ghi chú riêng".encode() not in z.read(name), name


def test_a_page_highlight_is_kept_with_its_note_bounded_and_private(app, council, client_for):
    """The pen's strokes (issue 16 item 1): a page note's `ink`, in fractions of the page, alone or with text; bounded;
    their author's only, like the text; a replay changes nothing."""
    doc = upload(client_for("athuky"), council, pages=4)
    d = client_for("adb01")
    u = str(uuid.uuid4())
    ink = [[0.1, 0.2, 0.5, 0.2000004, 0.9, 0.21], [0, 1, 1, 0]]
    r = d.put(f"/api/documents/{doc}/notes/{u}", {"version": 1, "page": 2, "text": "", "ink": ink})
    assert r.status_code == 200 and r.json["created"], r.json
    assert r.json["note"]["ink"] == [[0.1, 0.2, 0.5, 0.2, 0.9, 0.21], [0, 1, 1, 0]] and r.json["note"]["text"] == ""
    again = d.put(f"/api/documents/{doc}/notes/{u}", {"version": 1, "page": 2, "text": "", "ink": ink})  # a replay
    assert again.json["created"] is False and again.json["note"]["updated_at"] == r.json["note"]["updated_at"]
    assert [n["ink"] for n in d.get(f"/api/documents/{doc}/notes").json["notes"]] == [r.json["note"]["ink"]]
    assert "tô đánh dấu trên trang: 2 nét" in d.get("/api/me/notes/export").get_data(as_text=True)
    for other in ("adb02", "athuky", "aadmin"):
        c = client_for(other)
        assert c.get(f"/api/documents/{doc}/notes").json["notes"] == [], other
        assert c.put(f"/api/documents/{doc}/notes/{u}", {"version": 1, "page": 2, "ink": [[0, 0, 1, 1]]}).status_code == 404

    # text and a highlight together; the text edited, the highlight kept only if sent again (a PUT is the whole note)
    w = str(uuid.uuid4())
    both = d.put(f"/api/documents/{doc}/notes/{w}", {"version": 1, "page": 3, "text": "Xem lại", "ink": [[0.2, 0.3, 0.4, 0.3]]})
    assert both.status_code == 200 and both.json["note"]["ink"] == [[0.2, 0.3, 0.4, 0.3]]
    plain = d.put(f"/api/documents/{doc}/notes/{w}", {"version": 1, "page": 3, "text": "Xem lại"})
    assert plain.json["note"]["ink"] is None

    from server.notes.rules import MAX_POINTS, MAX_STROKES
    too_long = [[0.5, 0.5] * (MAX_POINTS // 2 + 1), [0.5, 0.5] * (MAX_POINTS // 2)]
    for bad in ({"ink": [[0.1, 0.1, 0.2, 0.2]]},  # on the whole document: a highlight has a page
                {"page": 1, "ink": [[0.1, 0.1, 1.2, 0.2]]}, {"page": 1, "ink": [[-0.1, 0.1, 0.2, 0.2]]},
                {"page": 1, "ink": [[0.1, 0.1]]}, {"page": 1, "ink": [[0.1, 0.1, 0.2]]},
                {"page": 1, "ink": [[True, 0.1, 0.2, 0.2]]}, {"page": 1, "ink": [["0.1", 0.1, 0.2, 0.2]]},
                {"page": 1, "ink": [[0.1, 0.1, 0.2, 0.2]] * (MAX_STROKES + 1)}, {"page": 1, "ink": too_long},
                {"page": 1, "ink": {"x": 1}}, {"page": 1, "ink": [0.1, 0.2, 0.3, 0.4]}, {"page": 1, "ink": []},
                {"page": 1}):  # neither text nor a highlight
        r = d.put(f"/api/documents/{doc}/notes/{uuid.uuid4()}", {"version": 1, "text": "", **bad})
        assert r.status_code == 422, (str(bad)[:80], r.json)
        assert r.json["error"]["message_vi"] and r.json["error"]["message_en"], r.json
    with app.app_context():
        assert db().scalar(select(func.count()).select_from(Note)) == 2
