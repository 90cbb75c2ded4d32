"""No file breaks a session (issue 16, item 5): after the project's broken-PDF corpus and files built to fail
merging or stamping are uploaded (public and confidential), the packet answers 200 and every confidential read
200 or a clear 4xx, never a 500; a file that breaks after ingest is left out of the packet with a notice page,
and its stamp failure names the document; the worker's errors reach the log with the document's id."""
from __future__ import annotations

import io
import logging
import random
import time
import zlib
from urllib.parse import quote

from pypdf import PdfReader

from server.documents import storage
from server.documents.samples import make_pdf
from tests.pdf_corpus import PAGE, _doc, _stream, corpus


def jbig2_bomb(images: int = 3) -> bytes:
    """Three 100000 × 100000 JBIG2 images: a few bytes each, 10 gigapixels each for a reader to allocate."""
    names = b"".join(b"/I%d %d 0 R" % (i, 5 + i) for i in range(images))
    draw = b"".join(b"q 100 0 0 100 0 0 cm /I%d Do Q\n" % i for i in range(images))
    return _doc(b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
                PAGE % (b"/Contents 4 0 R/Resources<</XObject<<" + names + b">>>>"), _stream(draw),
                *[_stream(bytes(64), b"/Type/XObject/Subtype/Image/Width 100000/Height 100000/BitsPerComponent 1"
                                     b"/ColorSpace/DeviceGray/Filter/JBIG2Decode") for _ in range(images)])


def shared_content(pages: int = 60, ops: int = 12_000) -> bytes:
    """Pages sharing one large compressed content stream: a stamper that rewrites each page's content (pypdf's
    merge_page) writes it out once per page, uncompressed."""
    rng = random.Random(5)
    body = b"".join(b"%d %d m %d %d l S\n" % (rng.randrange(600), rng.randrange(840), rng.randrange(600),
                                               rng.randrange(840)) for _ in range(ops))
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    return _doc(b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[" + kids + b"]/Count %d>>" % pages,
                _stream(zlib.compress(body, 9), b"/Filter/FlateDecode"),
                *[PAGE % b"/Contents 3 0 R" for _ in range(pages)])


def compressible_pages(pages: int = 40, ops: int = 20_000) -> bytes:
    """Pages whose content compresses a hundredfold: a stamper that rewrites each page's content uncompressed
    (pypdf's merge_page) grows the file by that factor."""
    body = b"10 10 m 500 800 l S\n" * ops
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(pages))
    objects = []
    for i in range(pages):
        objects += [PAGE % (b"/Contents %d 0 R" % (4 + 2 * i)), _stream(zlib.compress(body, 9), b"/Filter/FlateDecode")]
    return _doc(b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[" + kids + b"]/Count %d>>" % pages, *objects)


def broken_page(entry: bytes) -> bytes:
    text = _stream(b"BT /F1 12 Tf 72 720 Td (Xin chao) Tj ET")
    return _doc(b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
                b"<</Type/Page/Parent 2 0 R" + entry + b">>", text)


def generated() -> list[tuple[str, bytes]]:
    good = make_pdf("Tờ trình dự toán", 2)
    return [
        ("jbig2-bomb.pdf", jbig2_bomb()),
        ("junk-before-header.pdf", random.Random(3).randbytes(3000).replace(b"%", b"x") + good),
        ("no-header.pdf", good[good.index(b"\n") + 1:]),
        ("compressible-pages.pdf", compressible_pages()),
        ("shared-content.pdf", shared_content()),
        ("resources-not-dict.pdf", broken_page(b"/MediaBox[0 0 595 842]/Contents 4 0 R/Resources 5")),
        ("xobject-not-dict.pdf", broken_page(b"/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</XObject 5>>")),
        ("mediabox-string.pdf", broken_page(b"/MediaBox(abc)/Contents 4 0 R")),
        ("contents-not-stream.pdf", broken_page(b"/MediaBox[0 0 595 842]/Contents 5")),
    ]


def upload(c, council, data: bytes, filename: str, access: str):
    return c.post(f"/api/sessions/{council.session_id}/documents?filename={quote(filename)}&kind=other&access={access}",
                  data=data, content_type="application/pdf")


def test_no_file_breaks_the_packet_or_a_confidential_read(app, council, client_for, caplog):
    caplog.set_level(logging.WARNING, logger="kyhop.documents")
    sec, delegate = client_for("athuky"), client_for("adb01")
    files = corpus("small") + generated()
    accepted: dict[str, list[dict]] = {"public": [], "confidential": []}
    seconds: dict[str, float] = {}
    for i, (name, data) in enumerate(files):
        access = ("public", "confidential")[i % 2] if not name.endswith(("pages.pdf", "content.pdf")) else "confidential"
        started = time.monotonic()
        r = upload(sec, council, data, name, access)
        seconds[name] = time.monotonic() - started
        assert r.status_code in (201, 422), (name, r.status_code, r.json)
        if r.status_code == 422:
            err = r.json["error"]
            assert name in err["message_vi"] and name in err["message_en"], err
        else:
            accepted[access].append({**r.json["document"], "size": len(data), "name": name})
    answers = {name: upload(sec, council, data, name, "public") for name, data in generated()[:3]}
    assert answers["jbig2-bomb.pdf"].json["error"]["code"] == "pdf_image_bomb"
    assert "điểm ảnh" in answers["jbig2-bomb.pdf"].json["error"]["message_vi"]
    assert answers["junk-before-header.pdf"].status_code == answers["no-header.pdf"].status_code == 201
    html = upload(sec, council, b"<!DOCTYPE html><html></html>", "trang.pdf", "public").json["error"]
    assert html["code"] == "pdf_not_pdf" and "%PDF-" in html["message_en"] and "%PDF-" in html["message_vi"]
    accepted_names = {d["name"] for d in accepted["public"] + accepted["confidential"]}
    assert {"compressible-pages.pdf", "shared-content.pdf", "resources-not-dict.pdf", "xobject-not-dict.pdf",
            "mediabox-string.pdf", "contents-not-stream.pdf"} <= accepted_names  # repaired on the way, not refused

    # files that break after ingest (accepted before this check existed, or damaged on disk)
    cfg = app.config["KYHOP"]
    broken_public, broken_conf = accepted["public"][:2], accepted["confidential"][:2]
    assert len(broken_public) == len(broken_conf) == 2
    for n, d in enumerate(broken_public + broken_conf):
        storage.object_path(cfg, d["current"]["sha256"]).write_bytes((b"%PDF-1.4\n", b"garbage")[n % 2] + bytes(50))

    r = delegate.get(f"/api/sessions/{council.session_id}/packet")
    assert r.status_code == 200, r.json
    left_out = {d["id"] for d in broken_public}
    assert set(map(int, r.headers["X-Kyhop-Omitted-Documents"].split(","))) >= left_out
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.data)).pages)
    assert "Không ghép được" in text and "Could not be merged" in text
    for d in broken_public:
        assert f"document {d['id']}" in caplog.text  # the worker's error, under the document's id

    statuses = {}
    for d in accepted["confidential"]:
        r = delegate.get(d["current"]["url"])
        statuses[d["name"]] = r.status_code
        assert r.status_code == 200 or 400 <= r.status_code < 500, (d["name"], r.status_code)
        if d in broken_conf:
            err = r.json["error"]
            assert r.status_code == 422 and err["code"] == "stamp_failed" and d["title"] in err["message_vi"], err
            assert f"document {d['id']}" in caplog.text
        else:
            assert r.status_code == 200, (d["name"], r.json)
            # stamping keeps size within a small multiple of the original
            assert len(r.data) <= 3 * d["size"] + 512 * 1024, (d["name"], d["size"], len(r.data))
    assert sum(1 for s in statuses.values() if s == 200) >= len(accepted["confidential"]) - 2
    assert seconds["compressible-pages.pdf"] < 10


def test_stamped_copy_of_a_compressible_file_stays_small(council, client_for):
    data = compressible_pages()
    sec = client_for("athuky")
    doc = upload(sec, council, data, "so-lieu.pdf", "confidential").json["document"]
    r = client_for("adb01").get(doc["current"]["url"])
    assert r.status_code == 200
    pages = PdfReader(io.BytesIO(r.data)).pages
    assert len(pages) == 40 and "Đại Biểu Số 1" in pages[-1].extract_text()
    assert len(r.data) < 3 * len(data)  # merge_page wrote each page's content out uncompressed: 48 KB → 16 MB


def test_packet_of_a_session_without_documents_is_a_404(council, client_for):
    """Without an uploaded document the packet answers 404 no_documents, never 500."""
    assert client_for("adb01").get(f"/api/sessions/{council.session_id}/packet").status_code == 404
