"""The minutes as an official document (NĐ 30/2020 layout, every result, the seal and its RFC 3161
timestamp from a real local TSA) and signed PDFs: PAdES with a PKCS#12 or a PKCS#11 token (SoftHSM),
validated with pyHanko; a PDF signed elsewhere uploaded back and shown; a tampered one named."""
import io
import re
import shutil
import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from server import migrate
from server.app import create_app
from server.db import transaction
from server.documents.samples import make_pdf
from server.sessions.models import Sitting
from tests.api.test_secret_ballots import count, open_secret
from tests.conftest import make_config, open_session
from tests.factories import build_council
from tests.pki import pki, tsa  # noqa: F401 - fixtures
from tests.tablets import Committee, cast, ok

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def app(tmp_path, pki, tsa):  # noqa: F811 - the app of these tests: a TSA, the office's certificate, the root
    cfg = make_config(tmp_path, tsa_url=tsa, sign_p12=pki.p12, sign_p12_passphrase=pki.passphrase, trust_roots=pki.root)
    migrate.upgrade(cfg.database_url)
    return create_app(cfg)


def held_session(app, client_for, before_close=None):
    """A session as the demo runs it: a sitting opened today, one delegate excused, an open vote, an
    election, a confidence rating, a written opinion, bế mạc. Returns (data, names)."""
    data = build_council(app, "m", delegates=9, name="Hội đồng nhân dân tỉnh Vân Sơn")
    now = datetime.now(VN)
    with app.app_context(), transaction() as s:
        s.add(Sitting(council_id=data.council_id, session_id=data.session_id, date=now.date(),
                      part="morning" if now.hour < 12 else "afternoon", title="Phiên họp thứ nhất"))
    sec = client_for("mthuky")
    ok(sec.put(f"/api/sessions/{data.session_id}/attendance/{data.users['mdb08']}",
               {"status": "excused", "reason": "Đi công tác nước ngoài"}))
    chair = open_session(client_for, data, present=8)
    com = Committee(data.session_id, [(data.users[n], client_for(n)) for n in ("mdb01", "mdb02", "mdb03")])
    com.ceremony(sec)
    voters = ["mchutich"] + [f"mdb0{i}" for i in range(1, 8)]  # 8 present of 9
    base = f"/api/sessions/{data.session_id}"
    chair.post(f"{base}/control", {"action": "next", "from_item_id": data.item_ids[0]})
    poll = ok(chair.post(f"{base}/polls", {"title": "Thông qua nghị quyết về dự toán ngân sách", "kind": "open"}))["poll"]
    ok(chair.post(f"/api/polls/{poll['id']}/open"))
    for i, u in enumerate(voters):
        ok(client_for(u).post(f"/api/polls/{poll['id']}/ballots",
                              {"request_id": f"request-{u}-00000000", "choice": "for" if i < 6 else "against"}))
    ok(chair.post(f"/api/polls/{poll['id']}/close"))
    election = open_secret(chair, data, kind="election", seats=1, title="Bầu Phó Chủ tịch HĐND tỉnh",
                           options=["Nguyễn Văn An", "Trần Thị Bình"])
    a, b = [o["id"] for o in election["options"]]
    for i, u in enumerate(voters):
        ok(cast(client_for(u), election, [a] if i < 6 else [b]))
    count(chair, com, election["id"])
    rating = open_secret(chair, data, kind="confidence", title="Lấy phiếu tín nhiệm",
                         options=["Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"])
    p1, p2, p3 = [str(o["id"]) for o in rating["options"]]
    for i, u in enumerate(voters):  # 9 delegates: p1 6 low (two-thirds), p2 5 low (over half), p3 none
        ok(cast(client_for(u), rating, {p1: "low" if i < 6 else "high", p2: "low" if i < 5 else "medium", p3: "high"}))
    count(chair, com, rating["id"])
    ok(chair.post(f"{base}/floor/chair", {"action": "close"}))
    ok(client_for("mdb07").post(f"{base}/opinions", {"text": "Đề nghị tăng chi cho giáo dục vùng cao."}))
    if before_close:  # documents come before bế mạc: uploads are locked after it
        before_close(data, sec)
    ok(chair.post(f"{base}/control", {"action": "close"}))
    return data


def pdf_text(data: bytes) -> str:
    """The text of every page, without the page numbers NĐ 30 puts at the top of the second page on (a
    sentence running over a page break reads whole)."""
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]
    return "\n".join(text if n == 1 else re.sub(rf"^\s*{n}\s+", "", text, count=1)
                     for n, text in enumerate(pages, start=1))


def flat(text: str) -> str:
    return " ".join(text.split())


def test_minutes_pdf_of_a_held_session_is_an_official_document(app, client_for, tmp_path):
    data = held_session(app, client_for)
    sec = client_for("mthuky")
    minutes = sec.get(f"/api/sessions/{data.session_id}/minutes").json
    stamp = minutes["seal_timestamp"]
    assert stamp["tsa"] == "kyhop test TSA" and stamp["digest"] == minutes["sealed_hash"]  # stamped at bế mạc
    ok(sec.patch(f"/api/sessions/{data.session_id}", {"public": True}))
    public = client_for().get(f"/api/public/sessions/{data.session_id}").json["session"]  # shown to anyone
    assert public["sealed_hash"] == minutes["sealed_hash"] and public["seal_timestamp"]["time"] == stamp["time"]
    pdf = sec.get(f"/api/sessions/{data.session_id}/minutes.pdf")
    assert pdf.status_code == 200
    (tmp_path / "minutes.pdf").write_bytes(pdf.data)
    text = flat(pdf_text(pdf.data))
    # the heading of NĐ 30/2020
    for part in ("HỘI ĐỒNG NHÂN DÂN", "TỈNH VÂN SƠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "/BB-HĐND", f"Vân Sơn, ngày {datetime.now(VN):%d} tháng {datetime.now(VN):%m} năm", "BIÊN BẢN",
                 "Kỳ họp thứ nhất"):
        assert part in text, part
    # attendance at the opening of the sitting, the absent and why
    assert "Phiên họp thứ nhất" in text and "Có mặt: 8/9 đại biểu" in text
    assert "Vắng mặt có lý do: Đại Biểu Số 8 (Đi công tác nước ngoài)" in text
    # every result, the elected, the confidence counts and flags, the written opinion
    assert "Thông qua nghị quyết về dự toán ngân sách" in text and "Tán thành 6/9 — 66,67%" in text
    assert "được thông qua" in text
    assert "Nguyễn Văn An: 6/9 — 66,67% số phiếu bầu — trúng cử" in text and "Người trúng cử: Nguyễn Văn An." in text
    assert "Lê Văn Cường: tín nhiệm cao 2/9 — 22,22%; tín nhiệm 0/9 — 0,00%; tín nhiệm thấp 6/9 — 66,67%" in text
    assert "hai phần ba tổng số đại biểu trở lên đánh giá tín nhiệm thấp" in text
    assert "Phạm Thị Dung" in text and "Quá nửa tổng số đại biểu đánh giá tín nhiệm thấp" in text
    assert "Ý KIẾN BẰNG VĂN BẢN" in text and "Đề nghị tăng chi cho giáo dục vùng cao." in text
    # the seal and its timestamp, the signature block
    assert minutes["sealed_hash"] in text.replace(" ", "") and "RFC 3161" in text and "kyhop test TSA" in text
    assert "THƯ KÝ KỲ HỌP" in text and "CHỦ TỌA KỲ HỌP" in text and "Thư Ký Một" in text and "Chủ Tịch Xã" in text
    fonts = {str(f["/BaseFont"]) for page in PdfReader(io.BytesIO(pdf.data)).pages
             for f in page["/Resources"]["/Font"].values()}
    assert any("LiberationSerif" in f for f in fonts), fonts
    docx = sec.get(f"/api/sessions/{data.session_id}/minutes.docx")
    from docx import Document
    doc = Document(io.BytesIO(docx.data))
    cells = " ".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "TỈNH VÂN SƠN" in cells and "/BB-HĐND" in cells and "CHỦ TỌA KỲ HỌP" in cells and "Chủ Tịch Xã" in cells
    if shutil.which("pdftoppm"):  # a look at page 1 (kept under the test's tmp folder)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(tmp_path / "minutes.pdf"),
                        str(tmp_path / "page")], check=True)


def validate_with_pyhanko(data: bytes, root) -> object:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from server.timestamping import load_certificates, run_sync
    sig = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    return run_sync(async_validate_pdf_signature(sig, ValidationContext(trust_roots=load_certificates(root),
                                                                         allow_fetching=False)))


def test_the_secretary_signs_the_minutes_pades_with_a_timestamp(app, client_for, pki):  # noqa: F811
    data = held_session(app, client_for)
    sec = client_for("mthuky")
    assert client_for("mdb01").post(f"/api/sessions/{data.session_id}/minutes/sign").status_code == 403
    r = sec.post(f"/api/sessions/{data.session_id}/minutes/sign")
    assert r.status_code == 201, r.json
    (sig,) = r.json["signed"]["signatures"]
    assert sig["signer"] == "Văn phòng HĐND tỉnh Vân Sơn" and sig["intact"] and sig["valid"] and sig["trusted"]
    assert sig["whole_document"] and sig["tsa"] == "kyhop test TSA" and sig["timestamp"]
    signed = client_for("mdb01").get(f"/api/sessions/{data.session_id}/minutes.signed.pdf")
    assert signed.status_code == 200
    status = validate_with_pyhanko(signed.data, pki.root)
    assert status.intact and status.valid and status.trusted and status.timestamp_validity is not None
    assert status.timestamp_validity.intact and status.timestamp_validity.valid
    assert "Nguyễn Văn An" in pdf_text(signed.data)
    assert sec.get(f"/api/sessions/{data.session_id}/minutes").json["signed"]["sha256"] == r.json["signed"]["sha256"]
    with app.app_context():
        from sqlalchemy import select

        from server.db import db
        from server.journal.models import SessionEvent
        last = db().scalars(select(SessionEvent).where(SessionEvent.session_id == data.session_id)
                            .order_by(SessionEvent.seq.desc())).first()
    assert last.kind == "minutes.signed" and last.data["sha256"] == r.json["signed"]["sha256"]


def put_pdf(client, path: str, data: bytes):
    return client._send("put", path, None, data=data, headers={"Content-Type": "application/pdf"})


def tampered(data: bytes) -> bytes:
    """The same signed file with one byte of the signed range changed (same length, offsets kept)."""
    at = data.index(b"ReportLab")
    return data[:at] + b"ReportLbb" + data[at + 9:]


def test_a_signed_pdf_uploaded_back_is_validated_and_a_tampered_one_is_named(app, client_for, pki):  # noqa: F811
    data = held_session(app, client_for)
    sec = client_for("mthuky")
    signed = sec.get(f"/api/sessions/{data.session_id}/minutes.signed.pdf")
    assert signed.status_code == 404 and signed.json["error"]["code"] == "not_signed"
    r = sec.post(f"/api/sessions/{data.session_id}/minutes/sign")
    signed = sec.get(f"/api/sessions/{data.session_id}/minutes.signed.pdf").data
    # as a document of a session in preparation (the held one takes no more uploads): the signatures are in
    # the document's metadata
    other = build_council(app, "n", delegates=3)
    sec_other = client_for("nthuky")
    up = sec_other.post(f"/api/sessions/{other.session_id}/documents?filename=bb.pdf&kind=other&access=public",
                        data=signed, headers={"Content-Type": "application/pdf"})
    assert up.status_code == 201, up.json
    (sig,) = up.json["document"]["current"]["signatures"]
    assert sig["intact"] and sig["valid"] and sig["trusted"] and sig["signer"] == "Văn phòng HĐND tỉnh Vân Sơn"
    bad = sec_other.post(f"/api/sessions/{other.session_id}/documents?filename=sua.pdf&kind=other&access=public",
                         data=tampered(signed), headers={"Content-Type": "application/pdf"})
    assert bad.status_code == 201, bad.json
    (sig,) = bad.json["document"]["current"]["signatures"]
    assert not sig["intact"] and not sig["valid"]
    plain = sec_other.post(f"/api/sessions/{other.session_id}/documents?filename=thuong.pdf&kind=other&access=public",
                           data=sec.get(f"/api/sessions/{data.session_id}/minutes.pdf").data,
                           headers={"Content-Type": "application/pdf"})
    assert plain.json["document"]["current"]["signatures"] is None
    # as the signed minutes: kept when intact, refused (with the validation) when not
    ok_up = put_pdf(sec, f"/api/sessions/{data.session_id}/minutes.signed.pdf?filename=bb-ky.pdf", signed)
    assert ok_up.status_code == 201 and ok_up.json["signed"]["origin"] == "uploaded"
    refused = put_pdf(sec, f"/api/sessions/{data.session_id}/minutes.signed.pdf?filename=bb-sua.pdf", tampered(signed))
    assert refused.status_code == 422 and refused.json["error"]["code"] == "signature_broken"
    assert refused.json["error"]["details"]["signatures"][0]["intact"] is False
    assert "sửa sau khi ký" in refused.json["error"]["message_vi"]
    garbage = put_pdf(sec, f"/api/sessions/{data.session_id}/minutes.signed.pdf?filename=x.pdf",
                      b"%PDF-1.7\n/ByteRange [0 1 2 3] garbage")
    assert garbage.status_code == 422 and garbage.json["error"]["code"] in ("signature_broken", "not_signed")
    assert r.status_code == 201


SOFTHSM = next((p for p in ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
                            "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so") if shutil.os.path.exists(p)), None)


def softhsm_token(pki, d, monkeypatch, pin="123456") -> dict:  # noqa: F811
    """A SoftHSM2 token in a folder of its own holding the council office's key and certificate, as a USB
    token would (imported with pkcs11-tool)."""
    from cryptography import x509 as cx509
    from cryptography.hazmat.primitives import serialization
    (d / "tokens").mkdir(parents=True)
    conf = d / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {d / 'tokens'}\nobjectstore.backend = file\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))  # the worker process inherits it
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "kyhop-office", "--pin", pin, "--so-pin", "654321"],
                   check=True, capture_output=True)
    key = serialization.load_pem_private_key(pki.signer_key.read_bytes(), None)
    (d / "key.der").write_bytes(key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                                  serialization.NoEncryption()))
    (d / "cert.der").write_bytes(cx509.load_pem_x509_certificate(pki.signer_cert.read_bytes())
                                 .public_bytes(serialization.Encoding.DER))
    for kind, path in (("privkey", d / "key.der"), ("cert", d / "cert.der")):
        subprocess.run(["pkcs11-tool", "--module", SOFTHSM, "--token-label", "kyhop-office", "--login", "--pin", pin,
                        "--write-object", str(path), "--type", kind, "--label", "council-office", "--id", "01"],
                       check=True, capture_output=True)
    return {"pkcs11_module": SOFTHSM, "pkcs11_token": "kyhop-office", "pkcs11_key": "council-office", "pkcs11_pin": pin}


@pytest.mark.skipif(SOFTHSM is None or not shutil.which("softhsm2-util") or not shutil.which("pkcs11-tool"),
                    reason="SoftHSM2 and OpenSC's pkcs11-tool are needed: apt-get install softhsm2 opensc")
def test_a_resolution_signed_with_a_pkcs11_token(app, client_for, pki, tmp_path, monkeypatch):  # noqa: F811
    token = softhsm_token(pki, tmp_path / "hsm", monkeypatch)
    cfg = app.config["KYHOP"]
    cfg.sign_p12 = None
    for k, v in token.items():
        setattr(cfg, k, v)
    uploaded = {}

    def draft_resolution(data, sec):
        uploaded.update(ok(sec.post(f"/api/sessions/{data.session_id}/documents?filename=nq.pdf&kind=draft_resolution"
                                    "&access=public", data=make_pdf("Nghị quyết về dự toán ngân sách"),
                                    headers={"Content-Type": "application/pdf"}))["document"])
    data = held_session(app, client_for, draft_resolution)
    sec, doc = client_for("mthuky"), uploaded
    from server.voting.models import Poll
    with app.app_context():
        from sqlalchemy import select

        from server.db import db
        poll = db().scalar(select(Poll.id).where(Poll.session_id == data.session_id, Poll.kind == "open"))
    res = ok(sec.post(f"/api/polls/{poll}/resolution", {"normative": False, "document_id": doc["id"]}))["resolution"]
    assert res["code"] == "Số: 01/NQ-HĐND"
    r = sec.post(f"/api/resolutions/{res['id']}/sign")
    assert r.status_code == 201, r.json
    (sig,) = r.json["signed"]["signatures"]
    assert sig["signer"] == "Văn phòng HĐND tỉnh Vân Sơn" and sig["intact"] and sig["valid"] and sig["trusted"]
    signed = client_for("mdb02").get(f"/api/resolutions/{res['id']}/signed.pdf")
    status = validate_with_pyhanko(signed.data, pki.root)
    assert status.intact and status.valid and status.trusted and status.timestamp_validity is not None
    cfg.pkcs11_pin = "000000"  # a wrong PIN: a clear refusal, the PIN in no answer
    wrong = sec.post(f"/api/resolutions/{res['id']}/sign")
    assert wrong.status_code == 502 and wrong.json["error"]["code"] == "signing_failed" and "000000" not in wrong.text


def test_a_tsa_that_is_down_does_not_stop_bế_mạc(app, client_for, tsa):  # noqa: F811
    app.config["KYHOP"].tsa_url = "http://127.0.0.1:9/tsa"  # nothing listens there
    data = build_council(app, "d", delegates=4)
    chair = open_session(client_for, data, present=4)
    ok(chair.post(f"/api/sessions/{data.session_id}/control", {"action": "close"}))
    sec = client_for("dthuky")
    minutes = sec.get(f"/api/sessions/{data.session_id}/minutes").json
    assert minutes["sealed_hash"] and minutes["seal_timestamp"] is None
    r = sec.post(f"/api/sessions/{data.session_id}/seal/timestamp")
    assert r.status_code == 502 and r.json["error"]["code"] == "tsa_unavailable"
    app.config["KYHOP"].tsa_url = tsa  # the TSA is back: the secretary asks again
    ok(sec.post(f"/api/sessions/{data.session_id}/seal/timestamp"))
    stamp = sec.get(f"/api/sessions/{data.session_id}/minutes").json["seal_timestamp"]
    assert stamp["digest"] == minutes["sealed_hash"] and stamp["tsa"] == "kyhop test TSA"
    assert "Chưa có dấu thời gian" not in pdf_text(sec.get(f"/api/sessions/{data.session_id}/minutes.pdf").data)


def test_a_chain_rewritten_whole_is_caught_by_the_seals_timestamp_without_being_told_the_seal(app, client_for):
    """The TSA's token is the anchor outside the database: the insider who rewrites every hash and the seal
    has a seal the TSA never signed (and it signs nothing backdated)."""
    import json as _json

    from sqlalchemy import select as _select, text

    from server.archive.verify import verify
    from server.db import db
    from server.journal import chain, tracking
    from server.journal.models import SessionEvent
    from server.sessions.models import CouncilSession
    data = build_council(app, "t", delegates=4)
    chair = open_session(client_for, data, present=4)
    ok(chair.post(f"/api/sessions/{data.session_id}/control", {"action": "message", "message": "Khai mạc"}))
    ok(chair.post(f"/api/sessions/{data.session_id}/control", {"action": "close"}))
    with app.app_context():
        s = db()
        assert s.get(CouncilSession, data.session_id).seal_timestamp and verify(s) == []
        prev, seal = chain.GENESIS, None
        for e in s.scalars(_select(SessionEvent).order_by(SessionEvent.chain_seq)):
            if e.kind == "session.message":
                e.data = _json.loads(_json.dumps({**e.data, "message": "Nội dung khác"}))
            e.prev_hash = prev
            e.hash = chain.entry_hash(e.council_id, e.chain_seq, e.session_id, e.seq, e.actor_id, e.kind, e.data,
                                      e.at, e.prev_hash, tracking.digest(e.state))
            prev = e.hash
            seal = e.hash if e.kind == "session.closed" else seal
        s.flush()
        s.execute(text("UPDATE sessions SET sealed_hash = :h WHERE id = :i"), {"h": seal, "i": data.session_id})
        found = verify(s)
        s.rollback()
    assert any("timestamp" in p and "does not cover its seal" in p for p in found), found
