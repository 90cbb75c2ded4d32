"""The tamper suite: an insider with the database (SQLite file or PostgreSQL) in hand edits each kind of
record directly in SQL, deletes entries, rewrites the chain; `kyhop verify` names what was touched.

A whole session is run once per database through the API — attendance with an excused delegate, a speech,
written opinions, a confidential document and its revision, an open vote with a correction, a secret ballot
counted by its committee, a resolution, the minutes, a role given and a password reset, the session made
public — then every edit is made inside a transaction that verify reads and that is rolled back after.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from server.archive.verify import verify
from server.db import db
from server.documents.samples import make_pdf
from tests.api.test_secret_ballots import committee_of, count, open_secret
from tests.conftest import ROOT, open_session
from tests.tablets import cast, ok


@pytest.fixture
def app(app_on_both):  # every test here, on SQLite and on PostgreSQL
    return app_on_both


def run_everything(council, client_for) -> dict:
    """One session with every kind of record; the ids the edits aim at."""
    sec, admin, base = client_for("athuky"), client_for("aadmin"), f"/api/sessions/{council.session_id}"
    ok(sec.put(f"{base}/attendance/{council.users['adb05']}", {"status": "excused", "reason": "Đi công tác"}))
    q = {"filename": "to-trinh.pdf", "kind": "submission", "access": "confidential", "title": "Tờ trình mật"}
    doc = sec.post(f"{base}/documents?" + "&".join(f"{k}={v}" for k, v in q.items()), data=make_pdf("Tờ trình"),
                   content_type="application/pdf").json["document"]
    ok(sec.post(f"/api/documents/{doc['id']}/versions?filename=to-trinh-2.pdf", data=make_pdf("Tờ trình sửa", pages=3),
                content_type="application/pdf"))
    chair = open_session(client_for, council, present=5)
    ok(chair.post(f"{base}/control", {"action": "next", "from_item_id": council.item_ids[0]}))
    ok(client_for("adb02").post(f"{base}/floor", {"kind": "discussion", "subject": "Giao thông"}))
    queue = chair.get(f"{base}/live").json["speaking"]["queue"]
    ok(chair.post(f"{base}/floor/chair", {"action": "give", "request_id": queue[0]["id"]}))
    ok(chair.post(f"{base}/floor/chair", {"action": "end"}))
    ok(chair.post(f"{base}/floor/chair", {"action": "close"}))
    ok(client_for("adb03").post(f"{base}/opinions", {"text": "Đề nghị bổ sung kinh phí cho trường học."}))

    open_poll = chair.post(f"{base}/polls", {"title": "Thông qua nghị quyết", "kind": "open"}).json["poll"]
    ok(chair.post(f"/api/polls/{open_poll['id']}/open", {"acknowledge_small": True}))
    for u in ("achutich", "adb01", "adb02", "adb03", "adb04"):
        ok(client_for(u).post(f"/api/polls/{open_poll['id']}/ballots", {"request_id": f"rq-{u}-0000000000", "choice": "for"}))
    ok(chair.post(f"/api/polls/{open_poll['id']}/close"))
    ok(sec.post(f"/api/polls/{open_poll['id']}/corrections", {"reason": "Đại biểu bấm nhầm"}))
    ok(sec.post(f"/api/polls/{open_poll['id']}/resolution", {"normative": False}))

    com = committee_of(council, client_for)
    com.ceremony(sec)
    secret = open_secret(chair, council, kind="secret", title="Bỏ phiếu kín")
    for u, choice in [("adb01", "for"), ("adb02", "against"), ("adb03", "for")]:
        ok(cast(client_for(u), secret, choice))
    count(chair, com, secret["id"])

    ok(admin.patch(f"/api/members/{council.users['adb04']}", {"role": "chair"}))
    ok(sec.patch(f"/api/members/{council.users['adb01']}", {"password": "mat-khau-tam-123"}))
    sealed = ok(chair.post(f"{base}/control", {"action": "close"}))["event"]["patch"]["sealed_hash"]
    ok(sec.put(f"{base}/minutes", {"text": "# Thời gian, địa điểm\nBiên bản đã sửa."}))
    ok(sec.patch(base, {"public": True}))
    return {"open": open_poll["id"], "secret": secret["id"], "document": doc["id"], "sealed": sealed}


def _verify_edited(app, statements: list[tuple[str, dict]], seal: str | None = None) -> list[str]:
    """verify() on the database as the edits leave it, inside a transaction rolled back after."""
    with app.app_context():
        with db().get_bind().connect() as conn:
            tx = conn.begin()
            try:
                for statement, params in statements:
                    conn.execute(text(statement), params)
                with Session(bind=conn) as s:
                    return verify(s, seal)
            finally:
                tx.rollback()


def _one(app, query: str, **params):
    with app.app_context():
        return db().execute(text(query), params).first()


def _entries_after(app, kind: str) -> list:
    seq = _one(app, f"SELECT chain_seq FROM session_events WHERE kind = '{kind}'")[0]
    with app.app_context():
        return db().execute(text("SELECT id, kind FROM session_events WHERE chain_seq > :n"), {"n": seq}).all()


def test_every_edit_beside_the_product_is_named(app, council, client_for):
    ids = run_everything(council, client_for)
    assert _verify_edited(app, []) == []
    assert _verify_edited(app, [], ids["sealed"]) == []
    sid, excused, delegate = council.session_id, council.users["adb05"], council.users["adb04"]
    ballots = [(v, b if isinstance(b, dict) else json.loads(b))
               for v, b in _one_all(app, "SELECT voter_id, ballot FROM encrypted_ballots ORDER BY voter_id")]
    after_seal = _entries_after(app, "session.closed")
    edits = {  # what the insider does -> what verify must name
        "a speech's duration": ([("UPDATE speeches SET duration_s = duration_s + 300", {})], "speeches 1: duration_s"),
        "an excused delegate made present": (
            [("UPDATE attendance SET status = 'present', reason = '' WHERE user_id = :u", {"u": excused})],
            "attendance"),
        "a resolution's number": ([("UPDATE resolutions SET number = number + 1", {})], "resolutions 1: number"),
        "a confidential document made public": (
            [("UPDATE documents SET access = 'public' WHERE id = :d", {"d": ids["document"]})], "documents"),
        "a document's file swapped": ([("UPDATE document_versions SET sha256 = :h WHERE number = 2", {"h": "0" * 64})],
                                      "document_versions"),
        "a poll's title": ([("UPDATE polls SET title = 'Khác' WHERE id = :p", {"p": ids["open"]})],
                           f"polls {ids['open']}: title"),
        "a poll's rule": ([("UPDATE polls SET rule_num = 1, rule_den = 3 WHERE id = :p", {"p": ids["open"]})],
                          f"polls {ids['open']}: rule_"),
        "a closed poll set to cancelled": ([("UPDATE polls SET status = 'cancelled' WHERE id = :p", {"p": ids["open"]})],
                                           f"poll {ids['open']}: status"),
        "a correction deleted": ([("DELETE FROM poll_corrections", {})], "poll_corrections 1: deleted"),
        "two secret ballots swapped": ([("UPDATE encrypted_ballots SET ballot = :b WHERE voter_id = :v",
                                         {"b": json.dumps(ballots[1][1]), "v": ballots[0][0]}),
                                        ("UPDATE encrypted_ballots SET ballot = :b WHERE voter_id = :v",
                                         {"b": json.dumps(ballots[0][1]), "v": ballots[1][0]})], f"poll {ids['secret']}"),
        "a receipt renamed": ([("UPDATE encrypted_ballots SET tracker = :t WHERE voter_id = :v",
                                {"t": "f" * 64, "v": ballots[0][0]})], f"poll {ids['secret']}"),
        "the minutes rewritten": ([("UPDATE minutes SET text = 'Biên bản khác'", {})], "minutes 1: text"),
        "a secretary made chair": ([("UPDATE users SET role = 'chair' WHERE username = 'athuky'", {})],
                                   f"users {council.users['athuky']}: role"),
        "a role given back": ([("UPDATE users SET role = 'delegate' WHERE id = :u", {"u": delegate})],
                              f"users {delegate}: role"),
        "a password set in the database": ([("UPDATE users SET password_hash = 'x' WHERE username = 'adb02'", {})],
                                           f"users {council.users['adb02']}: password_hash"),
        "the session's publication withdrawn": ([("UPDATE sessions SET public = :f WHERE id = :s", {"f": False, "s": sid})],
                                                f"sessions {sid}: public"),
        "a written opinion deleted": ([("DELETE FROM written_opinions", {})], "written_opinions 1: deleted"),
        "a speech added": ([("INSERT INTO speeches (council_id, session_id, agenda_item_id, user_id, kind, addressee, "
                             "subject, limit_s, added_s, started_at, paused_total_s) SELECT council_id, session_id, "
                             "agenda_item_id, user_id, kind, addressee, subject, limit_s, added_s, started_at, "
                             "paused_total_s FROM speeches", {})], "not on the chain"),
        "the quorum lowered": ([("UPDATE councils SET quorum_num = 1, quorum_den = 2", {})],
                               f"councils {council.council_id}: quorum_num"),
        "an agenda item renamed": ([("UPDATE agenda_items SET title = 'Khác' WHERE id = :i", {"i": council.item_ids[0]})],
                                   f"agenda_items {council.item_ids[0]}: title"),
        "a chain entry's data edited": ([("UPDATE session_events SET data = :d WHERE kind = 'poll.opened'",
                                          {"d": json.dumps({"edited": True})})], "content does not match its hash"),
        "the entries after the seal deleted": (
            [("DELETE FROM session_events WHERE id IN (" + ",".join(str(i) for i, _k in after_seal) + ")", {})],
            "minutes 1"),
        "the entries after the seal deleted, the session's seq lowered to match": (
            [("DELETE FROM session_events WHERE id IN (" + ",".join(str(i) for i, _k in after_seal) + ")", {}),
             ("UPDATE sessions SET seq = (SELECT MAX(seq) FROM session_events WHERE session_id = :s) WHERE id = :s",
              {"s": sid})], "minutes 1"),
    }
    missed = {}
    for what, (statements, named) in edits.items():
        found = _verify_edited(app, statements)
        if not any(named in p for p in found):
            missed[what] = found
    assert not missed, json.dumps(missed, ensure_ascii=False, indent=1)


def _one_all(app, query: str, **params) -> list:
    with app.app_context():
        return db().execute(text(query), params).all()


def test_a_rewritten_chain_is_caught_only_with_the_seal_kept_elsewhere(app, council, client_for):
    """The insider recomputes every hash after an edit, and the seal with them: consistent in itself."""
    from server.journal import chain, tracking
    ids = run_everything(council, client_for)
    rows = _one_all(app, "SELECT id, council_id, chain_seq, session_id, seq, actor_id, kind, data, at, state "
                         "FROM session_events ORDER BY chain_seq")
    statements, prev, seal = [("UPDATE speeches SET duration_s = 1", {})], chain.GENESIS, None
    for r in rows:
        data = r.data if isinstance(r.data, dict) else json.loads(r.data)
        state = r.state if r.state is None or isinstance(r.state, list) else json.loads(r.state)
        for row in state or ():
            if row[0] == "speeches" and row[2] is not None:
                row[2]["duration_s"] = 1
        at = r.at if not isinstance(r.at, str) else __import__("datetime").datetime.fromisoformat(r.at)
        if at.tzinfo is None:
            at = at.replace(tzinfo=__import__("datetime").timezone.utc)
        h = chain.entry_hash(r.council_id, r.chain_seq, r.session_id, r.seq, r.actor_id, r.kind, data, at, prev,
                             tracking.digest(state))
        statements.append(("UPDATE session_events SET state = :st, prev_hash = :p, hash = :h WHERE id = :i",
                           {"st": json.dumps(state), "p": prev, "h": h, "i": r.id}))
        prev = h
        if r.kind == "session.closed":
            seal = h
    statements.append(("UPDATE sessions SET sealed_hash = :h WHERE id = :s", {"h": seal, "s": council.session_id}))
    assert _verify_edited(app, statements) == []  # nothing inside the database can tell
    found = _verify_edited(app, statements, ids["sealed"])
    assert any("seal given" in p for p in found), found

    # and for good, through the command an auditor runs
    with app.app_context():
        with db().get_bind().begin() as conn:
            for statement, params in statements:
                conn.execute(text(statement), params)
    cfg = app.config["KYHOP"]
    env = {**os.environ, "KYHOP_DATABASE_URL": cfg.database_url, "KYHOP_INSTANCE_DIR": str(cfg.instance_dir),
           "KYHOP_DOCUMENTS_DIR": str(cfg.documents_dir), "KYHOP_SECRET_KEY": cfg.secret_key}

    def kyhop_verify(*args):
        return subprocess.run([sys.executable, "-m", "server.cli", "verify", *args], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
    assert kyhop_verify().returncode == 0
    told = kyhop_verify("--seal", ids["sealed"])
    assert told.returncode == 1 and "seal given" in told.stderr, (told.stdout, told.stderr)


def test_the_last_entries_of_an_open_session_deleted_are_named_even_with_its_seq_lowered(app, council, client_for):
    chair = open_session(client_for, council)
    base = f"/api/sessions/{council.session_id}"
    ok(chair.post(f"{base}/control", {"action": "next", "from_item_id": council.item_ids[0]}))
    ok(chair.post(f"{base}/control", {"action": "message", "message": "Nghỉ giải lao"}))
    assert _verify_edited(app, []) == []
    last = _one(app, "SELECT MAX(seq) FROM session_events WHERE session_id = :s", s=council.session_id)[0]
    drop = [("DELETE FROM session_events WHERE session_id = :s AND seq >= :n", {"s": council.session_id, "n": last - 1})]
    assert any("missing" in p for p in _verify_edited(app, drop))
    lowered = drop + [("UPDATE sessions SET seq = :n WHERE id = :s", {"n": last - 2, "s": council.session_id})]
    found = _verify_edited(app, lowered)
    assert any(f"sessions {council.session_id}: message" in p or f"sessions {council.session_id}: current_item_id" in p
               for p in found), found


def test_a_bundle_rewritten_whole_is_caught_with_the_seal(app, council, client_for, tmp_path):
    from tests.api.test_chain_anchors import _forge, _rezip, rehash_all
    from server.archive.bundle import verify_bundle
    ids = run_everything(council, client_for)
    data = client_for("athuky").get(f"/api/sessions/{council.session_id}/bundle.zip").data
    assert verify_bundle(data, ids["sealed"]) == []

    def rewrite(ch):
        for e in ch["entries"]:
            if e["kind"] == "poll.closed":
                e["data"]["result"]["passed"] = not e["data"]["result"]["passed"]
        rehash_all(ch)
    forged = _forge(data, rewrite)
    assert any("seal given" in p for p in verify_bundle(forged, ids["sealed"]))

    # through the command an auditor runs offline, on the files alone: `kyhop verify BUNDLE.zip --seal HEX`
    def kyhop_verify(name: str, content: bytes, *args):
        (tmp_path / name).write_bytes(content)
        return subprocess.run([sys.executable, "-m", "server.cli", "verify", str(tmp_path / name), *args], cwd=ROOT,
                              env={k: v for k, v in os.environ.items() if not k.startswith("KYHOP_")},
                              capture_output=True, text=True, timeout=120, check=False)
    assert kyhop_verify("real.zip", data, "--seal", ids["sealed"]).returncode == 0
    told = kyhop_verify("forged.zip", forged, "--seal", ids["sealed"])
    assert told.returncode == 1 and "seal given" in told.stderr, (told.stdout, told.stderr)

    # the poll's title rewritten in the open data, the manifest regenerated: the chain's poll.opened says otherwise
    z = zipfile.ZipFile(io.BytesIO(data))
    files = {n: z.read(n) for n in z.namelist()}
    events = json.loads(files["vote_events.json"])
    events["vote_events"][0]["motion"]["text"] = "Một nghị quyết khác"
    files["vote_events.json"] = json.dumps(events).encode()
    found = verify_bundle(_rezip(files))
    assert found and all("its motion is not the title" in p for p in found), found
