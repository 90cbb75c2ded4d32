"""Documents: ingest and refusal, versions, access, stamped confidential copies, serving, packet, search."""
from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import func, select

from server.db import db
from server.documents.models import Document, DocumentVersion
from server.documents.samples import make_pdf
from tests.pdf_corpus import corpus


def upload(c, council, data: bytes, filename="to-trinh.pdf", **meta):
    q = {"filename": filename, "kind": "submission", "access": "public", **meta}
    qs = "&".join(f"{k}={v}" for k, v in q.items())
    return c.post(f"/api/sessions/{council.session_id}/documents?{qs}", data=data, content_type="application/pdf")


def stored(app) -> tuple[int, int, list]:
    cfg = app.config["KYHOP"]
    with app.app_context():
        rows = db().scalar(select(func.count()).select_from(DocumentVersion)) + db().scalar(
            select(func.count()).select_from(Document))
    files = sorted(p.name for p in (cfg.documents_dir).rglob("*") if p.is_file())
    return rows, len(files), files


def test_upload_read_and_revise(app, council, client_for):
    sec = client_for("athuky")
    r = upload(sec, council, make_pdf("Tờ trình về dự toán ngân sách năm 2027", 3), title="Tờ trình dự toán",
               agenda_item_id=council.item_ids[1])
    assert r.status_code == 201, r.json
    doc = r.json["document"]
    assert doc["current"]["pages"] == 3 and len(doc["current"]["sha256"]) == 64
    d = client_for("adb01")
    listed = d.get(f"/api/sessions/{council.session_id}/documents").json["documents"]
    assert [x["title"] for x in listed] == ["Tờ trình dự toán"]
    pdf = d.get(doc["current"]["url"])
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and pdf.headers["ETag"]
    r2 = sec.post(f"/api/documents/{doc['id']}/versions?filename=du-thao-lan-2.pdf",
                  data=make_pdf("Tờ trình (dự thảo lần 2)", 4), content_type="application/pdf")
    assert r2.status_code == 201
    revised = d.get(f"/api/documents/{doc['id']}").json["document"]
    assert revised["current"]["number"] == 2 and revised["current"]["pages"] == 4
    assert [v["number"] for v in revised["versions"]] == [1, 2]
    assert d.get(revised["versions"][0]["url"]).status_code == 200  # the earlier version stays readable
    events = sec.get(f"/api/sessions/{council.session_id}/live").json["seq"]
    assert events >= 2


def test_ranges_etag_last_modified(council, client_for):
    sec = client_for("athuky")
    doc = upload(sec, council, make_pdf("Báo cáo", 2)).json["document"]
    url = doc["current"]["url"]
    full = sec.get(url)
    etag = full.headers["ETag"]
    part = sec.get(url, headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and part.data == full.data[:100]
    assert part.headers["Content-Range"] == f"bytes 0-99/{len(full.data)}"
    assert sec.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert full.headers["Last-Modified"]
    assert "no-store" not in full.headers["Cache-Control"]


def test_access_levels(council, other_council, client_for):
    sec = client_for("athuky")
    docs = {a: upload(sec, council, make_pdf(f"Tài liệu {a}", 1), title=f"Tài liệu {a}", access=a).json["document"]
            for a in ("public", "delegates", "confidential")}
    seen = {u: {d["title"] for d in client_for(u).get(f"/api/sessions/{council.session_id}/documents").json["documents"]}
            for u in ("akhach", "amanhinh", "adb01")}
    assert seen["akhach"] == seen["amanhinh"] == {"Tài liệu public"}
    assert seen["adb01"] == {"Tài liệu public", "Tài liệu delegates", "Tài liệu confidential"}
    guest = client_for("akhach")
    for a in ("delegates", "confidential"):
        assert guest.get(docs[a]["current"]["url"]).status_code == 404
        assert guest.get(f"/api/documents/{docs[a]['id']}").status_code == 404
    outsider = client_for("bdb01")
    for d in docs.values():
        assert outsider.get(d["current"]["url"]).status_code == 404
    assert client_for().get(docs["public"]["current"]["url"]).status_code == 401
    assert client_for("adb01").post(f"/api/sessions/{council.session_id}/documents?filename=x.pdf&kind=other&access=public",
                                    data=make_pdf("x", 1), content_type="application/pdf").status_code == 403


def test_confidential_copies_carry_the_readers_name(council, client_for):
    sec = client_for("athuky")
    doc = upload(sec, council, make_pdf("Báo cáo mật", 3), access="confidential").json["document"]
    copies = {}
    for u, name in [("adb01", "Đại Biểu Số 1"), ("adb02", "Đại Biểu Số 2")]:
        r = client_for(u).get(doc["current"]["url"])
        assert r.status_code == 200
        pages = PdfReader(io.BytesIO(r.data)).pages
        texts = [p.extract_text() for p in pages]
        assert len(texts) == 3 and all(name in t for t in texts), texts[0][-200:]
        copies[u] = r.data
        again = client_for(u).get(doc["current"]["url"])
        assert again.headers["ETag"] == r.headers["ETag"]  # made once, then kept
    assert copies["adb01"] != copies["adb02"]


def test_packet_has_a_bookmark_per_item_and_document(council, client_for):
    sec = client_for("athuky")
    upload(sec, council, make_pdf("Báo cáo KT-XH", 2), title="Báo cáo KT-XH", agenda_item_id=council.item_ids[1])
    upload(sec, council, make_pdf("Khai mạc", 1), title="Diễn văn khai mạc", agenda_item_id=council.item_ids[0])
    upload(sec, council, make_pdf("Mật", 1), title="Mật", access="confidential")
    r = client_for("adb01").get(f"/api/sessions/{council.session_id}/packet")
    assert r.status_code == 200
    reader = PdfReader(io.BytesIO(r.data))
    assert len(reader.pages) == 3  # the confidential one is not in the packet
    outline = reader.outline
    titles = [o.title for o in outline if not isinstance(o, list)]
    assert titles == ["1. Khai mạc", "2. Báo cáo kinh tế – xã hội"]
    assert [o.title for o in outline[1]] == ["Diễn văn khai mạc"]


def test_diacritic_insensitive_search(council, client_for):
    sec = client_for("athuky")
    upload(sec, council, make_pdf("Nghị quyết về đầu tư công", 2, extra="Đường giao thông liên xã Hòa Bình"),
           title="Dự thảo NQ đầu tư công")
    upload(sec, council, make_pdf("Mật", 1, extra="Đường giao thông mật"), title="Mật", access="confidential")
    for q in ("duong giao thong", "ĐƯỜNG GIAO THÔNG", "hoa binh"):
        hits = sec.get(f"/api/sessions/{council.session_id}/search?q={q}").json["hits"]
        # ranked best first (tests/api/test_search.py): the document's first page is among the hits
        assert ("Dự thảo NQ đầu tư công", 1) in [(h["title"], h["page"]) for h in hits]
    conf = [h for h in sec.get(f"/api/sessions/{council.session_id}/search?q=duong giao thong").json["hits"]
            if h["title"] == "Mật"]
    assert [(h["page"], h["snippet"]) for h in conf] == [(1, None)]  # its page, never its words
    guest_hits = client_for("akhach").get(f"/api/sessions/{council.session_id}/search?q=duong giao thong").json["hits"]
    assert {h["title"] for h in guest_hits} == {"Dự thảo NQ đầu tư công"}  # never the confidential one
    assert sec.get(f"/api/sessions/{council.session_id}/search?q=a").status_code == 422


def test_bad_pdfs_are_refused_clearly_and_leave_nothing(app, council, client_for):
    sec = client_for("athuky")
    for name, data in corpus("small"):
        before = stored(app)
        r = upload(sec, council, data, filename=name)
        assert r.status_code in (201, 422), (name, r.status_code, r.json)
        if r.status_code == 422:
            err = r.json["error"]
            assert name in err["message_vi"] and name in err["message_en"], err
            assert stored(app)[:2] == before[:2], name  # no row, no file
        if name in ("empty.pdf", "zip.pdf", "text.pdf", "random-0.pdf", "encrypted.pdf", "only-header.pdf", "bomb.pdf"):
            assert r.status_code == 422, name
    encrypted = upload(sec, council, dict(corpus("small"))["encrypted.pdf"], filename="encrypted.pdf")
    assert encrypted.json["error"]["code"] == "pdf_encrypted"
    assert "mật khẩu" in encrypted.json["error"]["message_vi"]


def test_upload_limits_and_wrong_requests(app, council, client_for):
    sec = client_for("athuky")
    app.config["KYHOP"].max_upload_bytes = 50_000
    big = make_pdf("Lớn", 1) + b"%" * 60_000
    r = upload(sec, council, big, filename="lon.pdf")
    assert r.status_code == 413 and "lon.pdf" in r.json["error"]["message_en"]
    assert stored(app)[:2] == (0, 0)
    assert sec.post(f"/api/sessions/{council.session_id}/documents?filename=a.pdf&kind=other&access=public",
                    data=b"x", content_type="text/plain").status_code == 415
    assert upload(sec, council, make_pdf("x", 1), kind="novel").status_code == 422
    assert upload(sec, council, make_pdf("x", 1), agenda_item_id=999999).status_code == 422
    assert upload(sec, council, make_pdf("x", 1), agenda_item_id="abc").status_code == 422
    assert stored(app)[:2] == (0, 0)


def test_nginx_serves_the_bytes_when_configured(app, council, client_for):
    sec = client_for("athuky")
    doc = upload(sec, council, make_pdf("Báo cáo", 1)).json["document"]
    app.config["KYHOP"].x_accel_prefix = "/_kyhop_documents/"
    r = sec.get(doc["current"]["url"])
    sha = doc["current"]["sha256"]
    assert r.status_code == 200 and r.data == b""
    assert r.headers["X-Accel-Redirect"] == f"/_kyhop_documents/objects/{sha[:2]}/{sha}.pdf"
    assert r.headers["ETag"] == f'"{sha}"'
    assert client_for("akhach").get(doc["current"]["url"]).status_code == 200  # public
    conf = upload(sec, council, make_pdf("Mật", 1), access="confidential").json["document"]
    assert client_for("akhach").get(conf["current"]["url"]).status_code == 404  # authorization before nginx
