"""The audit chain and the seal: an honest record verifies; any edit to it, or to a ballot, is named."""
import os
import subprocess
import sys

from sqlalchemy import select, text

from server.archive.verify import verify
from server.db import db
from server.journal.models import SessionEvent
from tests.conftest import ROOT, open_session


def run_session(council, client_for):
    chair = open_session(client_for, council)
    base = f"/api/sessions/{council.session_id}"
    chair.post(f"{base}/control", {"action": "next", "from_item_id": council.item_ids[0]})
    poll = chair.post(f"{base}/polls", {"title": "Thông qua nghị quyết", "kind": "open"}).json["poll"]
    chair.post(f"/api/polls/{poll['id']}/open")
    for u, c in [("adb01", "for"), ("adb02", "against"), ("adb03", "for")]:
        client_for(u).post(f"/api/polls/{poll['id']}/ballots", {"request_id": f"request-{u}-00000000", "choice": c})
    chair.post(f"/api/polls/{poll['id']}/close")
    closed = chair.post(f"{base}/control", {"action": "close"})
    return poll["id"], closed.json["event"]["patch"]["sealed_hash"]


def problems(app):
    with app.app_context():
        return verify(db())


def test_an_honest_record_verifies_and_is_sealed(app, council, client_for):
    _poll, sealed = run_session(council, client_for)
    assert problems(app) == []
    with app.app_context():
        entries = db().scalars(select(SessionEvent).order_by(SessionEvent.chain_seq)).all()
        assert [e.chain_seq for e in entries] == list(range(1, len(entries) + 1))
        assert entries[-1].kind == "session.closed" and entries[-1].hash == sealed
        assert all(e.prev_hash == p.hash for p, e in zip(entries, entries[1:]))
    assert client_for("adb01").get(f"/api/sessions/{council.session_id}").json["session"]["sealed_hash"] == sealed


def test_editing_a_vote_is_detected(app, council, client_for):
    poll_id, _ = run_session(council, client_for)
    with app.app_context():
        db().execute(text("UPDATE open_ballots SET choice = 'for' WHERE choice = 'against'"))
        db().commit()
    found = problems(app)
    assert len(found) == 1 and f"poll {poll_id}: ballots no longer match the result in chain entry #" in found[0]


def test_editing_or_removing_an_entry_is_detected(app, council, client_for):
    run_session(council, client_for)
    with app.app_context():
        target = db().scalar(select(SessionEvent).where(SessionEvent.kind == "agenda.current"))
        n = target.chain_seq
        db().execute(text("UPDATE session_events SET data = :d WHERE id = :i"), {"d": '{"item_id": 999}', "i": target.id})
        db().commit()
    assert any(f"chain entry #{n} " in p and "content does not match" in p for p in problems(app))
    with app.app_context():
        db().execute(text("DELETE FROM session_events WHERE chain_seq = :n"), {"n": n})
        db().commit()
    assert any("missing entry" in p for p in problems(app))


def test_kyhop_verify_command(app, council, client_for, tmp_path):
    run_session(council, client_for)
    cfg = app.config["KYHOP"]
    env = {**os.environ, "KYHOP_DATABASE_URL": cfg.database_url, "KYHOP_INSTANCE_DIR": str(cfg.instance_dir),
           "KYHOP_DOCUMENTS_DIR": str(cfg.documents_dir), "KYHOP_SECRET_KEY": cfg.secret_key}
    ok = subprocess.run([sys.executable, "-m", "server.cli", "verify"], env=env, cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0 and "nguyên vẹn" in ok.stdout
    with app.app_context():
        db().execute(text("UPDATE session_events SET actor_id = NULL WHERE chain_seq = 3"))
        db().commit()
    bad = subprocess.run([sys.executable, "-m", "server.cli", "verify"], env=env, cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 1 and "chain entry #3 " in bad.stderr


def test_delegate_activity_against_a_scripted_session(app, council, client_for):
    base = f"/api/sessions/{council.session_id}"
    client_for("athuky").put(f"{base}/attendance/{council.users['adb04']}", {"status": "excused", "reason": "Ốm"})
    run_session(council, client_for)  # chair + db01..03 present; db01, db02, db03 voted
    sec = client_for("athuky")
    rows = {r["full_name"]: r for r in sec.get("/api/activity").json["delegates"]}
    assert rows["Đại Biểu Số 1"]["attendance"]["percent"] == "100,00" and rows["Đại Biểu Số 1"]["polls_voted"] == 1
    assert rows["Đại Biểu Số 4"]["present"] == 0 and rows["Đại Biểu Số 4"]["excused"] == 1
    assert rows["Đại Biểu Số 4"]["polls_present"] == 0
    assert rows["Chủ Tịch Xã"]["polls_present"] == 1 and rows["Chủ Tịch Xã"]["polls_voted"] == 0
    csv_text = sec.get("/api/activity?format=csv").data.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("Họ và tên,") and "Đại Biểu Số 1" in csv_text
    assert client_for("adb01").get("/api/activity").status_code == 403


def test_speaking_time_counts_in_activity(app, council, client_for):
    chair = open_session(client_for, council)
    base = f"/api/sessions/{council.session_id}"
    client_for("adb02").post(f"{base}/floor", {"kind": "question", "addressee": "Giám đốc Sở", "subject": "Đường"})
    q = chair.get(f"{base}/live").json["speaking"]["queue"]
    chair.post(f"{base}/floor/chair", {"action": "give", "request_id": q[0]["id"]})
    chair.post(f"{base}/floor/chair", {"action": "end"})
    row = {r["full_name"]: r for r in client_for("athuky").get("/api/activity").json["delegates"]}["Đại Biểu Số 2"]
    assert row["speeches"]["question"] == 1 and row["speaking_s"] >= 0


def test_resolution_numbering_per_council_and_year(app, council, other_council, client_for):
    poll_id, _ = run_session(council, client_for)  # 2 of 6 for: not passed
    sec = client_for("athuky")
    refused = sec.post(f"/api/polls/{poll_id}/resolution", {"normative": False})
    assert refused.status_code == 409 and refused.json["error"]["code"] == "not_passed"

    def passed_poll(title):
        with app.app_context():
            from server.db import db as dbs
            from server.voting.models import Poll
            p = dbs().get(Poll, poll_id)
            clone = Poll(council_id=p.council_id, session_id=p.session_id, kind="open", title=title, status="closed",
                         result={"passed": True}, closed_at=p.closed_at, total_snapshot=6, present_snapshot=4)
            dbs().add(clone)
            dbs().commit()
            return clone.id

    first = passed_poll("Nghị quyết về dự toán")
    r1 = sec.post(f"/api/polls/{first}/resolution", {"normative": False})
    assert r1.status_code == 201, r1.json
    assert r1.json["resolution"]["code"] == "Số: 01/NQ-HĐND" and r1.json["resolution"]["poll_id"] == first
    assert sec.post(f"/api/polls/{first}/resolution", {"normative": False}).status_code == 409  # once
    r2 = sec.post(f"/api/polls/{passed_poll('NQ quy phạm')}/resolution",
                  {"normative": True, "title": "Nghị quyết quy định mức hỗ trợ"})
    year = r2.json["resolution"]["year"]
    assert r2.json["resolution"]["code"] == f"Số: 02/{year}/NQ-HĐND"
    assert [r["number"] for r in sec.get("/api/resolutions").json["resolutions"]] == [2, 1]
    assert client_for("bthuky").get("/api/resolutions").json["resolutions"] == []  # per council
    assert client_for("bthuky").post(f"/api/polls/{first}/resolution", {"normative": False}).status_code == 404
    assert client_for("adb01").post(f"/api/polls/{first}/resolution", {"normative": False}).status_code == 403


def test_minutes_draft_edit_and_exports(app, council, client_for):
    import io

    from docx import Document
    from pypdf import PdfReader
    client_for("athuky").put(f"/api/sessions/{council.session_id}/attendance/{council.users['adb04']}",
                             {"status": "excused", "reason": "Đi công tác"})
    _poll, sealed = run_session(council, client_for)
    sec = client_for("athuky")
    base = f"/api/sessions/{council.session_id}/minutes"
    draft = sec.get(base).json["text"]
    assert "# Thành phần" in draft and "Có mặt: 4" in draft
    assert "Vắng mặt có lý do: Đại Biểu Số 4 (Đi công tác)." in draft
    assert "Biểu quyết «Thông qua nghị quyết»: Tán thành 2/6 — 33,33%" in draft and "không được thông qua" in draft
    assert sealed not in draft  # the seal is printed from the record, under the text (it cannot be edited out)
    edited = draft.replace("# Bế mạc", "# Ý kiến kết luận\nChủ tọa kết luận các nội dung.\n# Bế mạc")
    assert sec.put(base, {"text": edited}).status_code == 200
    assert sec.get(base).json["text"] == edited
    assert client_for("adb01").put(base, {"text": "sửa"}).status_code == 403
    with app.app_context():
        kinds = [e.kind for e in db().scalars(select(SessionEvent).order_by(SessionEvent.chain_seq))]
    assert kinds[-1] == "minutes.edited"  # the edit is on the record (after the seal)
    assert problems(app) == []
    pdf = sec.get(base + ".pdf")
    assert pdf.status_code == 200
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "BIÊN BẢN" in text and "Kỳ họp thứ nhất" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert sealed in text.replace("\n", "")
    assert "V. Ý KIẾN KẾT LUẬN" in text and "Đi công tác" in text and "CHỦ TỌA KỲ HỌP" in text
    docx = Document(io.BytesIO(sec.get(base + ".docx").data))
    assert any("Ý KIẾN KẾT LUẬN" in p.text for p in docx.paragraphs)
    assert sec.get(base + ".odt").status_code == 404


def test_bundle_verifies_offline_and_tampering_is_named(app, council, client_for, tmp_path):
    import io
    import json
    import zipfile
    run_session(council, client_for)
    sec = client_for("athuky")
    r = sec.get(f"/api/sessions/{council.session_id}/bundle.zip")
    assert r.status_code == 200
    z = zipfile.ZipFile(io.BytesIO(r.data))
    events = json.loads(z.read("vote_events.json"))["vote_events"]
    counts = {c["option"]: c["value"] for c in events[0]["counts"]}
    assert counts == {"yes": 2, "no": 1, "abstain": 0, "absent": 2, "not voting": 1}
    assert {v["option"] for v in events[0]["votes"]} >= {"yes", "no", "absent"}
    assert {"session.json", "votes.csv", "speeches.csv", "minutes.pdf", "chain.json", "MANIFEST.sha256"} <= set(z.namelist())
    bundle = tmp_path / "ky-hop.zip"
    bundle.write_bytes(r.data)
    env = {**os.environ}
    ok = subprocess.run([sys.executable, "-m", "server.cli", "verify", str(bundle)], env=env, cwd=ROOT,
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    # change one count in the vote events (and fix up the manifest, as a forger would): still caught
    files = {n: z.read(n) for n in z.namelist()}
    ev = json.loads(files["vote_events.json"])
    ev["vote_events"][0]["counts"][0]["value"] = 5
    files["vote_events.json"] = json.dumps(ev).encode()
    import hashlib
    files["MANIFEST.sha256"] = "".join(f"{hashlib.sha256(b).hexdigest()}  {n}\n" for n, b in sorted(files.items())
                                       if n != "MANIFEST.sha256").encode()
    forged = io.BytesIO()
    with zipfile.ZipFile(forged, "w") as out:
        for n, b in files.items():
            out.writestr(n, b)
    bad = tmp_path / "forged.zip"
    bad.write_bytes(forged.getvalue())
    res = subprocess.run([sys.executable, "-m", "server.cli", "verify", str(bad)], env=env, cwd=ROOT,
                         capture_output=True, text=True)
    assert res.returncode == 1 and "counts differ from the sealed result" in res.stderr


def test_the_minutes_and_the_bundle_keep_every_version(app, council, client_for):
    """A revision replaces what delegates read, not what the record keeps."""
    import io
    import zipfile
    from server.documents.samples import make_pdf
    sec = client_for("athuky")
    doc = sec.post(f"/api/sessions/{council.session_id}/documents?filename=to-trinh.pdf&kind=submission&access=public"
                   "&title=T%E1%BB%9D%20tr%C3%ACnh%20ph%C3%AD%20ch%E1%BB%A3",
                   data=make_pdf("Tờ trình lần 1", 2), content_type="application/pdf").json["document"]
    assert sec.post(f"/api/documents/{doc['id']}/versions?filename=lan-2.pdf", data=make_pdf("Tờ trình lần 2", 3),
                    content_type="application/pdf").status_code == 201
    text = sec.get(f"/api/sessions/{council.session_id}/minutes").json["text"]
    line = next(x for x in text.splitlines() if x.startswith(doc["title"]))
    assert "bản lần 1 ngày" in line and "bản lần 2 ngày" in line
    run_session(council, client_for)
    z = zipfile.ZipFile(io.BytesIO(sec.get(f"/api/sessions/{council.session_id}/bundle.zip").data))
    versions = sorted(n for n in z.namelist() if n.startswith(f"documents/{doc['id']}-"))
    assert len(versions) == 2 and versions[0].endswith("-lan-1.pdf")
