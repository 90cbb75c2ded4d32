"""Forged bundles and a rewritten chain (the holes an insider found): `kyhop verify BUNDLE.zip` checked each
entry's own hash but not the links or the sequence, and nothing outside the database anchored the seal."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import datetime

from sqlalchemy import select

from server.archive.bundle import verify_bundle
from server.archive.verify import verify
from server.db import db
from server.journal import chain, tracking
from server.journal.models import SessionEvent
from server.sessions.models import CouncilSession
from tests.api.test_archive import run_session


def _bundle(council, client_for) -> tuple[bytes, str]:
    _poll, sealed = run_session(council, client_for)
    return client_for("athuky").get(f"/api/sessions/{council.session_id}/bundle.zip").data, sealed


def _rezip(files: dict[str, bytes]) -> bytes:
    """Repack as a forger would: the manifest regenerated so every file matches it."""
    files = {n: b for n, b in files.items() if n != "MANIFEST.sha256"}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n, b in files.items():
            z.writestr(n, b)
        z.writestr("MANIFEST.sha256", "".join(f"{hashlib.sha256(b).hexdigest()}  {n}\n" for n, b in sorted(files.items())))
    return out.getvalue()


def _forge(data: bytes, edit) -> bytes:
    z = zipfile.ZipFile(io.BytesIO(data))
    files = {n: z.read(n) for n in z.namelist()}
    ch = json.loads(files["chain.json"])
    edit(ch)
    files["chain.json"] = json.dumps(ch).encode()
    return _rezip(files)


def _rehash(e: dict) -> None:
    e["hash"] = chain.entry_hash(e["council_id"], e["chain_seq"], e["session_id"], e["seq"], e["actor_id"], e["kind"],
                                 e["data"], datetime.fromisoformat(e["at"]), e["prev_hash"], e["state_sha256"])


def rehash_all(ch: dict) -> None:
    """A forger's rewrite: every entry rehashed in order, the council's other entries (links only) given
    new hashes too, the seal replaced by the new closing entry's hash."""
    walk = sorted(ch["entries"] + ch["links"], key=lambda e: e["chain_seq"])
    if "kind" in walk[0]:
        _rehash(walk[0])
    for prev, e in zip(walk, walk[1:]):
        e["prev_hash"] = prev["hash"]
        if "kind" in e:
            _rehash(e)
        else:
            e["hash"] = hashlib.sha256(e["prev_hash"].encode()).hexdigest()
    ch["sealed_hash"] = next(e for e in ch["entries"] if e["kind"] == "session.closed")["hash"]


def _closing(ch: dict) -> dict:
    return next(e for e in ch["entries"] if e["kind"] == "poll.closed")


def test_a_forged_bundle_is_caught_by_its_links_sequence_and_seal(council, client_for):
    data, sealed = _bundle(council, client_for)
    assert verify_bundle(data) == [] and verify_bundle(data, sealed) == []

    def swap_counts(ch):  # one entry's counts changed and rehashed, nothing else
        answers = _closing(ch)["data"]["result"]["answers"]
        answers["for"], answers["against"] = answers["against"], answers["for"]
        _rehash(_closing(ch))
    assert any("link broken" in p for p in verify_bundle(_forge(data, swap_counts)))

    def drop_entry(ch):  # an entry deleted
        ch["entries"] = [e for e in ch["entries"] if e["kind"] != "poll.opened"]
    assert any("missing" in p or "gap" in p for p in verify_bundle(_forge(data, drop_entry)))

    def drop_tail(ch):  # the last entries deleted, the seal left as it was
        ch["entries"] = ch["entries"][:-2]
    assert verify_bundle(_forge(data, drop_tail))

    def rewrite_all(ch):  # an entry changed, every entry after it rehashed, the seal replaced
        next(e for e in ch["entries"] if e["kind"] == "poll.opened")["data"]["present"] += 1
        rehash_all(ch)
    forged = _forge(data, rewrite_all)
    assert verify_bundle(forged) == []  # consistent in itself: only an anchor outside can tell
    assert any("seal given" in p for p in verify_bundle(forged, sealed))


def test_a_chain_rewritten_in_the_database_is_caught_by_the_seal_kept_elsewhere(app, council, client_for):
    _poll, sealed = run_session(council, client_for)
    with app.app_context():
        assert verify(db(), sealed) == []
        s = db()
        entries = s.scalars(select(SessionEvent).order_by(SessionEvent.chain_seq)).all()
        closing = next(e for e in entries if e.kind == "poll.closed")
        data = json.loads(json.dumps(closing.data))
        data["result"]["passed"] = not data["result"]["passed"]
        closing.data = data
        prev = chain.GENESIS
        for e in entries:  # the insider rewrites the whole chain and the session's seal with it
            e.prev_hash = prev
            e.hash = chain.entry_hash(e.council_id, e.chain_seq, e.session_id, e.seq, e.actor_id, e.kind, e.data,
                                      e.at, e.prev_hash, tracking.digest(e.state))
            prev = e.hash
        s.get(CouncilSession, council.session_id).sealed_hash = prev
        s.commit()
        found = verify(db(), sealed)
    assert any("seal given" in p for p in found)


def test_the_last_entries_of_an_open_session_deleted_are_named(app, council, client_for):
    from tests.conftest import open_session
    chair = open_session(client_for, council)
    chair.post(f"/api/sessions/{council.session_id}/control", {"action": "message", "message": "Nghỉ giải lao"})
    with app.app_context():
        assert verify(db()) == []
        s = db()
        last = s.scalar(select(SessionEvent).order_by(SessionEvent.chain_seq.desc()).limit(1))
        s.delete(last)  # the tail of the chain: no later entry links to it
        s.commit()
        found = verify(db())
    assert any(f"session {council.session_id}" in p and "missing" in p for p in found), found
