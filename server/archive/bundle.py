"""A session's open-data bundle (zip): Popolo vote events, CSVs, the minutes, public documents, the
session's chain entries, the boards of its encrypted polls and a SHA-256 manifest — checkable offline with
`kyhop verify BUNDLE.zip`. A meeting's bundle also carries its questioning (the slips with their answers, the
commitments made) and its conclusion notice."""
from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import re
import zipfile
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from server.accounts.models import User
from server.agenda.service import agenda_json, items_of
from server.archive import popolo, questions
from server.archive.conclusion import CONCLUSION
from server.archive.minutes import current as paper_text
from server.attendance.service import counts
from server.documents import storage
from server.documents.models import Document, DocumentVersion
from server.journal import chain, tracking
from server.journal.models import SessionEvent
from server.sessions.models import MEETING_KINDS, CouncilSession
from server.sessions.service import session_json
from server.speaking.models import Speech
from server.voting import board
from server.voting.elgamal import ProofError
from server.voting.models import Poll

# What a public bundle may leave out of the chain: the entries of documents that are not public (their
# titles). Such an entry keeps its place, numbers and hashes, so the chain around it still verifies.
WITHHELD_KINDS = ("documents.added", "documents.revised")


def build(s: Session, cs: CouncilSession, minutes_pdf: bytes, public: bool = False,
          conclusion_pdf: bytes | None = None) -> bytes:
    """`public`: the bundle the public archive serves — the chain entries of documents not public are
    withheld (kept as numbers and hashes only), and of the questioning only what the council published.
    `conclusion_pdf`: a meeting's conclusion notice, rendered."""
    files: dict[str, bytes] = {}
    polls = s.scalars(select(Poll).where(Poll.session_id == cs.id, Poll.status.in_(("closed", "cancelled")))
                      .order_by(Poll.id)).all()
    files["session.json"] = _json({"session": session_json(cs), "agenda": agenda_json(items_of(s, cs.id)),
                                   "attendance": counts(s, cs)})
    files["vote_events.json"] = _json(popolo.export(s, cs, polls))
    files["votes.csv"] = _csv(["poll", "title", "voter", "option"],
                              [[p.id, p.title, n["full_name"], popolo.OPTION[n["choice"]]]
                               for p in polls for n in (p.result or {}).get("named", [])])
    for p in polls:
        if p.key_id is not None and p.status == "closed":
            files[f"boards/poll-{p.id}.json"] = _json(board.board_json(s, p))
    speeches = s.scalars(select(Speech).where(Speech.session_id == cs.id).order_by(Speech.started_at)).all()
    files["speeches.csv"] = _csv(["started_at", "speaker", "kind", "agenda_item_id", "duration_s", "overrun_s"],
                                 [[sp.started_at.isoformat(), s.get(User, sp.user_id).full_name, sp.kind, sp.agenda_item_id,
                                   sp.duration_s, sp.overrun_s] for sp in speeches])
    files["minutes.txt"] = paper_text(s, cs).encode()
    files["minutes.pdf"] = minutes_pdf
    if cs.kind in MEETING_KINDS:
        files["questioning.json"] = _json(questions.of_meeting(s, cs, public))
        files["conclusion.txt"] = paper_text(s, cs, CONCLUSION).encode()
        if conclusion_pdf is not None:
            files["conclusion.pdf"] = conclusion_pdf
    from flask import current_app
    for d in s.scalars(select(Document).where(Document.session_id == cs.id, Document.access == "public")):
        # every version, the earlier ones as -lan-N: what a revision replaced stays in the archive
        for v in s.scalars(select(DocumentVersion).where(DocumentVersion.document_id == d.id)
                           .order_by(DocumentVersion.number)):
            path = storage.object_path(current_app.config["KYHOP"], v.sha256)
            suffix = "" if v.number == d.current_version else f"-lan-{v.number}"
            files[f"documents/{d.id}-{_slug(d.title)}{suffix}.pdf"] = path.read_bytes()
    entries = s.scalars(select(SessionEvent).where(SessionEvent.session_id == cs.id).order_by(SessionEvent.seq)).all()
    # the council's chain runs through other sessions' entries too: their links (not their content) let
    # a reader walk from the session's first entry to its seal without a gap
    between = s.execute(select(SessionEvent.chain_seq, SessionEvent.prev_hash, SessionEvent.hash)
                        .where(SessionEvent.council_id == cs.council_id,
                               or_(SessionEvent.session_id.is_(None), SessionEvent.session_id != cs.id),
                               SessionEvent.chain_seq.between(entries[0].chain_seq, entries[-1].chain_seq))
                        ).all() if entries else []
    hidden = set(s.scalars(select(Document.id).where(Document.session_id == cs.id, Document.access != "public"))) \
        if public else set()
    files["chain.json"] = _json({"sealed_hash": cs.sealed_hash, "seq": cs.seq, "entries": [
        {"council_id": e.council_id, "chain_seq": e.chain_seq, "session_id": e.session_id, "seq": e.seq,
         "kind": e.kind, "withheld": True, "prev_hash": e.prev_hash, "hash": e.hash}
        if e.kind in WITHHELD_KINDS and e.data.get("document_id") in hidden else
        {"council_id": e.council_id, "chain_seq": e.chain_seq, "session_id": e.session_id, "seq": e.seq,
         "actor_id": e.actor_id, "kind": e.kind, "data": _public_data(e), "at": e.at.isoformat(),
         "state_sha256": tracking.digest(e.state), "prev_hash": e.prev_hash, "hash": e.hash} for e in entries],
        "links": [{"chain_seq": n, "prev_hash": prev, "hash": h} for n, prev, h in between]})
    manifest = "".join(f"{hashlib.sha256(b).hexdigest()}  {name}\n" for name, b in sorted(files.items()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, b in sorted(files.items()):
            z.writestr(name, b)
        z.writestr("MANIFEST.sha256", manifest)
    return out.getvalue()


def _public_data(e: SessionEvent) -> dict:
    return e.data  # events already hold totals only for secret polls, never receipts (see voting.close_poll)


def verify_bundle(data: bytes, seal: str | None = None) -> list[str]:
    """Problems in a bundle: files against the manifest, each chain entry against its hash, the links and
    the sequence of the chain, the seal (and the seal obtained elsewhere, if given), the vote events against
    the results sealed in the chain, and every encrypted poll's board: its proofs and its decrypted totals
    against the sealed result."""
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        if "MANIFEST.sha256" not in names:
            return ["MANIFEST.sha256 is missing"]
        listed = {}
        for line in z.read("MANIFEST.sha256").decode().splitlines():
            digest, _, name = line.partition("  ")
            listed[name] = digest
        for name in sorted(names - {"MANIFEST.sha256"}):
            if name not in listed:
                problems.append(f"{name}: not in the manifest")
            elif hashlib.sha256(z.read(name)).hexdigest() != listed[name]:
                problems.append(f"{name}: SHA-256 does not match the manifest")
        for name in sorted(set(listed) - names):
            problems.append(f"{name}: listed in the manifest but missing")
        ch = json.loads(z.read("chain.json"))
        results, opened = {}, {}
        for e in ch["entries"]:
            if e.get("withheld"):  # a public bundle's entry of a document not public: its links only
                if e["kind"] not in WITHHELD_KINDS:
                    problems.append(f"chain entry #{e['chain_seq']} (seq {e['seq']}, {e['kind']}): withheld, "
                                    "but only the entries of documents not public may be")
                continue
            at = datetime.fromisoformat(e["at"])
            if chain.entry_hash(e["council_id"], e["chain_seq"], e["session_id"], e["seq"], e["actor_id"], e["kind"],
                                e["data"], at, e["prev_hash"], e.get("state_sha256")) != e["hash"]:
                problems.append(f"chain entry #{e['chain_seq']} (seq {e['seq']}, {e['kind']}): content does not match its hash")
            if e["kind"] == "poll.closed":
                results[e["data"]["poll_id"]] = e["data"]["result"]
            if e["kind"] == "poll.opened":
                opened[e["data"]["poll_id"]] = e["data"]
        problems += _chain_shape(ch, seal)
        problems += popolo.check(json.loads(z.read("vote_events.json")), results, opened)
        for poll_id, sealed in sorted(results.items()):
            if "counts" in sealed and f"boards/poll-{poll_id}.json" not in names:
                problems.append(f"boards/poll-{poll_id}.json: missing, but the chain seals an encrypted result")
        for name in sorted(n for n in names if n.startswith("boards/")):
            b = json.loads(z.read(name))
            try:
                counts = board.check(b)
            except (ProofError, KeyError, TypeError, ValueError) as e:
                problems.append(f"{name}: does not verify: {e}")
                continue
            sealed = results.get(b["poll_id"])
            if sealed is None or counts is None or sealed.get("counts") != counts:
                problems.append(f"{name}: the decrypted totals {counts} are not the sealed result's")
    return problems


def _chain_shape(ch: dict, seal: str | None) -> list[str]:
    """The session's entries, with the links of the council's entries between them, form one unbroken
    chain; its seq runs 1…N with N the session's; its closing entry's hash is the seal."""
    entries = sorted(ch["entries"], key=lambda e: e["chain_seq"])
    walk = sorted(entries + ch.get("links", []), key=lambda e: e["chain_seq"])
    for prev, e in itertools.pairwise(walk):
        if e["chain_seq"] != prev["chain_seq"] + 1:
            return [f"chain entry #{prev['chain_seq'] + 1}: missing (the chain jumps to #{e['chain_seq']})"]
        if e["prev_hash"] != prev["hash"]:
            return [f"chain entry #{e['chain_seq']}: previous-hash link broken"]
    seqs = [e["seq"] for e in entries]
    why = chain.session_break(seqs, ch.get("seq", len(seqs)),  # bundles made before "seq" was written: 1…N
                              [e["hash"] for e in entries if e["kind"] == "session.closed"], ch.get("sealed_hash"))
    if why:
        return [f"the session: {why}"]
    if seal is not None and seal != ch.get("sealed_hash"):
        return [f"the seal given ({seal[:16]}…) is not this bundle's ({(ch.get('sealed_hash') or 'none')[:16]}…)"]
    return []


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode()


def _csv(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    w.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode()


def _slug(text: str) -> str:
    from server.documents.rules import fold
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60]
