"""Read receipts: the tablet says it has a session's document versions and when it opens one; the staff read
who has what. Not on the record and never sent to the session's room: nothing of it reaches another delegate."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.db import db, transaction, utcnow
from server.documents.models import Document, DocumentVersion
from server.documents.rules import may_read
from server.documents.service import readable_document, readable_documents
from server.errors import invalid
from server.receipts import rules
from server.receipts.models import Receipt
from server.sessions.members import members_of
from server.sessions.models import CouncilSession

MAX_VERSIONS = 500


def parse_versions(raw) -> list[tuple[int, int]]:
    """[{"document_id": 3, "number": 2}, …] → [(3, 2), …]; anything else is refused (422)."""
    ok = isinstance(raw, list) and len(raw) <= MAX_VERSIONS and all(
        isinstance(x, dict) and set(x) == {"document_id", "number"}
        and all(isinstance(x[k], int) and not isinstance(x[k], bool) and 1 <= x[k] < 2**31 for k in x) for x in raw)
    if not ok:
        raise invalid("versions", f"Danh sách phiên bản: tối đa {MAX_VERSIONS} mục {{document_id, number}}.",
                      f"Versions: at most {MAX_VERSIONS} items {{document_id, number}}.")
    return sorted({(x["document_id"], x["number"]) for x in raw})


def _mark(s: Session, user, version: DocumentVersion, opened: bool) -> None:
    r = s.scalar(select(Receipt).where(Receipt.user_id == user.id, Receipt.document_version_id == version.id))
    now = utcnow()
    if r is None:
        r = Receipt(council_id=version.council_id, user_id=user.id, document_version_id=version.id)
        s.add(r)
    r.received_at = r.received_at or now  # the first time counts; a replay changes nothing
    if opened:
        r.opened_at = r.opened_at or now


def _versions(s: Session, user, cs: CouncilSession, pairs: list[tuple[int, int]]) -> list[DocumentVersion]:
    out = []
    for doc_id, number in pairs:
        doc = s.scalar(select(Document).where(Document.id == doc_id, Document.session_id == cs.id))
        v = doc and may_read(user.role, doc.access) and s.scalar(
            select(DocumentVersion).where(DocumentVersion.document_id == doc.id, DocumentVersion.number == number))
        if not v:
            raise invalid("versions", f"Tài liệu {doc_id} không có bản lần {number} trong kỳ họp này.",
                          f"Document {doc_id} has no version {number} in this session.")
        out.append(v)
    return out


def _write(fn) -> None:
    try:
        with transaction() as s:
            fn(s)
    except IntegrityError:  # the same receipt from two requests at once: the other one wrote it, write again
        with transaction() as s:
            fn(s)


def received(user, cs: CouncilSession, pairs: list[tuple[int, int]]) -> int:
    """The tablet has these versions of the session's documents (synced for offline reading)."""
    versions = _versions(db(), user, cs, pairs)  # all or nothing: checked before anything is written
    _write(lambda s: [_mark(s, user, s.merge(v), False) for v in versions])
    return len(versions)


def opened(user, doc_id: int, number: int) -> None:
    doc = readable_document(db(), user, doc_id)
    v = db().scalar(select(DocumentVersion).where(DocumentVersion.document_id == doc.id, DocumentVersion.number == number))
    if v is None:
        raise invalid("number", "Tài liệu không có phiên bản này.", "The document has no such version.")
    _write(lambda s: _mark(s, user, s.merge(v), True))


def unopened_revisions(user, cs: CouncilSession) -> list[dict]:
    """The user's own: the session's documents they may read whose current version is a revision they have not
    opened (rules.unopened_revision), as [{"document_id", "version"}]. Nobody else's receipts are read."""
    s = db()
    docs = readable_documents(s, cs.id, user.role)
    opened: dict[int, set[int]] = {}
    for doc_id, number in s.execute(
            select(DocumentVersion.document_id, DocumentVersion.number)
            .join(Receipt, Receipt.document_version_id == DocumentVersion.id)
            .where(Receipt.user_id == user.id, Receipt.opened_at.is_not(None),
                   DocumentVersion.document_id.in_([d.id for d in docs]))):
        opened.setdefault(doc_id, set()).add(number)
    return [{"document_id": d.id, "version": d.current_version} for d in docs
            if rules.unopened_revision(d.current_version, opened.get(d.id, set()))]


def session_receipts(cs: CouncilSession) -> list[dict]:
    """Per current document version: each member of the session who may read it, their status, and a
    summary line ('3 đại biểu chưa nhận bản dự thảo lần 2')."""
    s = db()
    delegates = s.scalars(members_of(cs)).all()
    out = []
    for doc in readable_documents(s, cs.id, "secretary"):
        v = s.scalar(select(DocumentVersion).where(DocumentVersion.document_id == doc.id,
                                                   DocumentVersion.number == doc.current_version))
        got = {r.user_id: r for r in s.scalars(select(Receipt).where(Receipt.document_version_id == v.id))}
        rows = []
        for u in sorted((u for u in delegates if may_read(u.role, doc.access)), key=lambda u: (u.full_name, u.id)):
            r = got.get(u.id)
            rows.append({"user_id": u.id, "full_name": u.full_name,
                         "status": rules.status(bool(r and r.received_at), bool(r and r.opened_at)),
                         "received_at": r and r.received_at and r.received_at.isoformat(),
                         "opened_at": r and r.opened_at and r.opened_at.isoformat()})
        counts = {k: sum(1 for x in rows if x["status"] == k) for k in rules.STATUSES}
        vi, en = rules.summary(doc.kind, v.number, counts["not_received"], len(rows))
        out.append({"document_id": doc.id, "title": doc.title, "kind": doc.kind, "access": doc.access,
                    "version": v.number, "summary_vi": vi, "summary_en": en, "counts": counts, "delegates": rows})
    return out
