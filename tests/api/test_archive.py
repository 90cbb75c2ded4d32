"""The audit chain and the seal: an honest record verifies; any edit to it, or to a ballot, is named."""
import os
import subprocess
import sys

from sqlalchemy import select, text

from server.archive.verify import verify
from server.db import db
from server.sessions.models import SessionEvent
from tests.conftest import ROOT


def run_session(council, client_for):
    for u in ["achutich", "adb01", "adb02", "adb03"]:
        client_for(u).post(f"/api/sessions/{council.session_id}/check-in")
    chair = client_for("achutich")
    base = f"/api/sessions/{council.session_id}"
    chair.post(f"{base}/control", {"action": "open"})
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
