"""The secretary is told which documents the packet left out and which could not be stamped (issue 16, item 5):
ingest proves both, so this is about files that break afterwards — accepted before that check, damaged on disk.
The staff's list of documents names them from the first failure until a success (or a revision) mends it;
a delegate's list says nothing of it."""
from __future__ import annotations

from server.documents import storage
from server.documents.samples import make_pdf


def upload(c, council, title: str, access: str) -> dict:
    r = c.post(f"/api/sessions/{council.session_id}/documents?filename=d.pdf&kind=other&access={access}&title={title}",
               data=make_pdf(title, 2), content_type="application/pdf")
    assert r.status_code == 201, r.json
    return r.json["document"]


def problems(c, council) -> dict[int, list[str]]:
    r = c.get(f"/api/sessions/{council.session_id}/documents")
    assert r.status_code == 200, r.json
    return {d["id"]: [p["kind"] for p in d["problems"]] for d in r.json["documents"]}


def test_the_staff_list_names_the_documents_left_out_or_not_stamped(app, council, client_for):
    sec, delegate = client_for("athuky"), client_for("adb01")
    good = upload(sec, council, "Báo cáo kinh tế", "public")
    broken = upload(sec, council, "Tờ trình hỏng", "delegates")
    secret = upload(sec, council, "Phụ lục mật", "confidential")
    cfg = app.config["KYHOP"]
    originals = {}
    for d in (broken, secret):  # broken after ingest
        path = storage.object_path(cfg, d["current"]["sha256"])
        originals[d["id"]] = path.read_bytes()
        path.write_bytes(b"%PDF-1.4\n" + bytes(50))
    assert problems(sec, council) == {good["id"]: [], broken["id"]: [], secret["id"]: []}  # nothing tried yet

    r = delegate.get(f"/api/sessions/{council.session_id}/packet")
    assert r.status_code == 200 and r.headers["X-Kyhop-Omitted-Documents"] == str(broken["id"])
    r = delegate.get(secret["current"]["url"])
    assert r.status_code == 422 and r.json["error"]["code"] == "stamp_failed"
    for staff in ("athuky", "aadmin"):
        assert problems(client_for(staff), council) == {good["id"]: [], broken["id"]: ["unmergeable"],
                                                       secret["id"]: ["unstampable"]}
    first = {d["id"]: d["problems"] for d in sec.get(f"/api/sessions/{council.session_id}/documents").json["documents"]}
    assert delegate.get(secret["current"]["url"]).status_code == 422
    again = {d["id"]: d["problems"] for d in sec.get(f"/api/sessions/{council.session_id}/documents").json["documents"]}
    assert again == first  # the first failure's time stays
    for who in ("adb01", "achutich", "akhach"):  # what failed is the staff's to mend, not a delegate's to see
        body = client_for(who).get(f"/api/sessions/{council.session_id}/documents").json
        assert all("problems" not in d for d in body["documents"]), who

    # the stamped file readable again (restored from a backup): the next reader's copy clears it
    storage.object_path(cfg, secret["current"]["sha256"]).write_bytes(originals[secret["id"]])
    assert client_for("adb02").get(secret["current"]["url"]).status_code == 200
    assert problems(sec, council)[secret["id"]] == []
    # a revision is another file: the packet takes it, and the document has no problem left
    r = sec.post(f"/api/documents/{broken['id']}/versions?filename=lan-2.pdf", data=make_pdf("Tờ trình lần 2", 2),
                 content_type="application/pdf")
    assert r.status_code == 201
    assert problems(sec, council) == {good["id"]: [], broken["id"]: [], secret["id"]: []}
    r = delegate.get(f"/api/sessions/{council.session_id}/packet")
    assert r.status_code == 200 and "X-Kyhop-Omitted-Documents" not in r.headers
