"""Session documents: ingest, versions, reading (stamped when confidential), the packet (search: search.py)."""
from __future__ import annotations

import hashlib
import json
import secrets
from pathlib import Path

from flask import current_app
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.agenda.models import AgendaItem
from server.agenda.service import agenda_json, items_of
from server.db import db, transaction
from server.documents import rules, storage
from server.documents.models import Document, DocumentPage, DocumentVersion, StampedCopy
from server.errors import ApiError, conflict
from server.journal import Event, record
from server.sessions.models import CouncilSession

INGEST_ERRORS = {
    "empty": ("tệp rỗng", "the file is empty"),
    "encrypted": ("được mã hóa bằng mật khẩu; hãy tải lên bản không mã hóa",
                  "is protected by a password; upload an unencrypted copy"),
    "no_pages": ("không có trang nào", "has no pages"),
    "too_many_pages": ("có quá nhiều trang", "has too many pages"),
    "unreadable": ("bị hỏng hoặc không đọc được", "is damaged or unreadable"),
    "bomb": ("có trang giải nén ra hơn 75 MB (tệp bị hỏng hoặc cố ý gây quá tải)",
             "has a page that expands beyond 75 MB (damaged, or built to overload readers)"),
    "image_bomb": ("có hình ảnh quá lớn (hơn 250 triệu điểm ảnh; tệp bị hỏng hoặc cố ý gây quá tải)",
                   "has an image beyond 250 million pixels (damaged, or built to overload readers)"),
    "unmergeable": ("đọc được nhưng không ghép được vào tập tài liệu của kỳ họp; hãy in lại ra PDF rồi tải lên",
                    "reads but cannot be merged into the session's packet; print it to PDF again and upload that"),
    "unstampable": ("đọc được nhưng không đóng được tên người đọc lên các trang (cần cho tài liệu mật); "
                    "hãy in lại ra PDF rồi tải lên",
                    "reads but its pages cannot carry the reader's name (needed for confidential documents); "
                    "print it to PDF again and upload that"),
    "stamp_grows": ("phình to quá nhiều khi đóng tên người đọc; hãy in lại ra PDF rồi tải lên",
                    "grows too much when stamped with the reader's name; print it to PDF again and upload that"),
    "not_pdf": ("không có tiêu đề %PDF- và không đọc được như một tệp PDF",
                  "has no %PDF- header and cannot be read as a PDF"),
    "timeout": ("xử lý quá lâu, tệp có thể bị hỏng", "took too long to read; it may be damaged"),
}


def _refused(filename: str, code: str) -> ApiError:
    vi, en = INGEST_ERRORS[code]
    return ApiError(422, f"pdf_{code}", f"Không nhận tệp «{filename}»: {vi}.", f"File «{filename}» refused: {en}.",
                    filename=filename, reason=code)


def _cfg():
    return current_app.config["KYHOP"]


def ingest(stream, filename: str, about: str = "") -> tuple[str, int, dict, bool]:
    """Receive and check an upload; on success the file is in the store. The worker proves what a session will
    do with it: read, merged into the packet, stamped for a confidential reader. Returns sha, size, the ingest
    result and whether this upload created the stored file (to undo it if the database refuses)."""
    cfg = _cfg()
    tmp, sha, size, head = storage.receive(cfg, stream, filename, cfg.max_upload_bytes)
    try:
        if size == 0:
            raise _refused(filename, "empty")
        result = storage.run_worker("ingest", {"path": str(tmp), "font": str(storage.FONT),
                                               "trust_roots": cfg.trust_roots and str(cfg.trust_roots)},
                                    about=f"{about} «{filename}» sha256 {sha}".strip())
        if not result.get("ok"):
            code = result.get("code", "unreadable")
            if code == "unreadable" and not rules.looks_like_pdf(head):  # no header, and pypdf cannot read it
                code = "not_pdf"
            raise _refused(filename, code if code in INGEST_ERRORS else "unreadable")
        created = storage.place(cfg, tmp, sha)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return sha, size, result, created


def _undo(sha: str, created: bool) -> None:
    if created and db().scalar(select(func.count()).select_from(DocumentVersion).where(DocumentVersion.sha256 == sha)) == 0:
        storage.object_path(_cfg(), sha).unlink(missing_ok=True)


def _add_version(s: Session, doc: Document, number: int, sha: str, size: int, result: dict, filename: str,
                 actor_id: int) -> DocumentVersion:
    v = DocumentVersion(council_id=doc.council_id, document_id=doc.id, number=number, sha256=sha, size=size,
                        pages=result["pages"], filename=filename, uploaded_by_id=actor_id,
                        signatures=result.get("signatures"))
    s.add(v)
    s.flush()
    s.execute(insert(DocumentPage), [{"council_id": doc.council_id, "version_id": v.id, "page": i + 1, "text": t,
                                      "folded": f} for i, (t, f) in enumerate(zip(result["texts"], result["folded"]))])
    return v


def _require_not_closed(cs: CouncilSession) -> None:
    """After bế mạc the session's documents are part of its sealed record: nothing is added or revised."""
    if cs.status == "closed":
        raise conflict("session_closed", "Kỳ họp đã bế mạc: không tải lên hoặc sửa đổi tài liệu được nữa.",
                       "The session is closed: documents can no longer be uploaded or revised.")


def upload(cs: CouncilSession, actor_id: int, stream, filename: str, meta: dict) -> tuple[Document, Event]:
    _require_not_closed(cs)
    if meta.get("agenda_item_id") is not None and db().scalar(select(AgendaItem.id).where(
            AgendaItem.id == meta["agenda_item_id"], AgendaItem.session_id == cs.id)) is None:
        raise ApiError(422, "invalid", "Mục chương trình không thuộc kỳ họp này.",
                       "The agenda item is not of this session.", field="agenda_item_id")
    sha, size, result, created = ingest(stream, filename, f"upload to session {cs.id}:")
    try:
        with transaction() as s:
            cs = s.merge(cs)
            s.refresh(cs)
            _require_not_closed(cs)  # closed while the file was on its way
            doc = Document(council_id=cs.council_id, session_id=cs.id, created_by_id=actor_id,
                           title=meta.get("title") or result.get("title") or Path(filename).stem, **{
                               k: meta[k] for k in ("kind", "access", "agenda_item_id")})
            s.add(doc)
            s.flush()
            _add_version(s, doc, 1, sha, size, result, filename, actor_id)
            ev = record(s, cs, actor_id, "documents.added", {"document_id": doc.id, "title": doc.title, "sha256": sha})
    except BaseException:
        _undo(sha, created)
        raise
    return doc, ev


def add_version(doc: Document, actor_id: int, stream, filename: str) -> tuple[DocumentVersion, Event]:
    """A revision ("dự thảo lần 2"): the old version stays readable, the new one becomes current."""
    _require_not_closed(db().get(CouncilSession, doc.session_id))
    sha, size, result, created = ingest(stream, filename, f"document {doc.id} new version:")
    try:
        with transaction() as s:
            doc = s.merge(doc)
            _require_not_closed(s.get(CouncilSession, doc.session_id, populate_existing=True))
            number = (s.scalar(select(func.max(DocumentVersion.number)).where(DocumentVersion.document_id == doc.id)) or 0) + 1
            v = _add_version(s, doc, number, sha, size, result, filename, actor_id)
            doc.current_version = number
            ev = record(s, s.get(CouncilSession, doc.session_id), actor_id, "documents.revised",
                        {"document_id": doc.id, "version": number, "title": doc.title, "sha256": sha})
    except BaseException:
        _undo(sha, created)
        raise
    return v, ev


def versions_of(s: Session, doc_id: int) -> list[DocumentVersion]:
    return list(s.scalars(select(DocumentVersion).where(DocumentVersion.document_id == doc_id)
                          .order_by(DocumentVersion.number)))


def version_json(v: DocumentVersion, doc: Document) -> dict:
    return {"number": v.number, "pages": v.pages, "size": v.size, "sha256": v.sha256, "filename": v.filename,
            "uploaded_at": v.uploaded_at.isoformat(), "url": f"/api/documents/{doc.id}/versions/{v.number}/file",
            "signatures": v.signatures}


def document_json(s: Session, doc: Document, with_versions: bool = False, with_problems: bool = False) -> dict:
    versions = versions_of(s, doc.id)
    current = next(v for v in versions if v.number == doc.current_version)
    out = {"id": doc.id, "session_id": doc.session_id, "agenda_item_id": doc.agenda_item_id, "title": doc.title,
           "kind": doc.kind, "access": doc.access, "current": version_json(current, doc)}
    if with_versions:
        out["versions"] = [version_json(v, doc) for v in versions]
    if with_problems:  # for the staff: the packet or stamping failed on the current file (a revision mends it)
        out["problems"] = storage.problems_of(_cfg(), current.sha256)
    return out


def readable_documents(s: Session, session_id: int, role: str) -> list[Document]:
    docs = s.scalars(select(Document).where(Document.session_id == session_id).order_by(Document.id)).all()
    return [d for d in docs if rules.may_read(role, d.access)]


def file_for(doc: Document, version: DocumentVersion, user) -> tuple[Path, str]:
    """The bytes a reader gets, and their ETag: the stored file, or for confidential documents the reader's
    own stamped copy (made once, kept, and traceable by its code)."""
    cfg = _cfg()
    if not rules.needs_stamp(doc.access):
        return storage.object_path(cfg, version.sha256), version.sha256
    if user is None:  # nobody anonymous ever gets a confidential document
        raise ApiError(404, "not_found", "Không tìm thấy tài liệu.", "Document not found.")
    s = db()
    copy = s.scalar(select(StampedCopy).where(StampedCopy.version_id == version.id, StampedCopy.user_id == user.id))
    if copy is not None and storage.object_path(cfg, copy.sha256).exists():
        return storage.object_path(cfg, copy.sha256), copy.sha256
    code = copy.trace_code if copy else secrets.token_hex(5).upper()
    tmp = storage.tmp_path(cfg, ".pdf")
    result = storage.run_worker("stamp", {
        "src": str(storage.object_path(cfg, version.sha256)), "dst": str(tmp), "font": str(storage.FONT),
        "line": f"Bản của {user.full_name} — mã {code} — tài liệu không phổ biến, không sao chép, không chuyển tiếp.",
        "big": f"{user.full_name} · {code}"}, about=f"document {doc.id} version {version.number} for user {user.id}")
    storage.note_problem(cfg, version.sha256, "unstampable", not result.get("ok"))
    if not result.get("ok"):
        tmp.unlink(missing_ok=True)
        # the reader is told why and what to do; the secretary's list of documents names it, the log too
        raise ApiError(422, "stamp_failed",
                       f"Không tạo được bản có tên người đọc của tài liệu «{doc.title}» (số {doc.id}), nên tài liệu mật "
                       "này chưa mở được. Thư ký kỳ họp cần tải lên lại tệp; xin báo thư ký.",
                       f"The copy of «{doc.title}» (no. {doc.id}) bearing the reader's name could not be made, so this "
                       "confidential document cannot be opened yet. The session's secretary needs to upload the file "
                       "again; please tell the secretary.", document_id=doc.id)
    sha = hashlib.sha256(tmp.read_bytes()).hexdigest()
    storage.place(cfg, tmp, sha)
    try:
        with transaction() as s:
            if copy is None:
                s.add(StampedCopy(council_id=doc.council_id, version_id=version.id, user_id=user.id, trace_code=code, sha256=sha))
            else:
                s.merge(copy).sha256 = sha
    except IntegrityError:  # a parallel request made the copy first: serve that one
        copy = db().scalar(select(StampedCopy).where(StampedCopy.version_id == version.id, StampedCopy.user_id == user.id))
        return storage.object_path(cfg, copy.sha256), copy.sha256
    return storage.object_path(cfg, sha), sha


def packet(cs: CouncilSession, role: str) -> tuple[Path, str, list[int]]:
    """One merged PDF of the session's current documents in agenda order, bookmarked per item and document.
    Rebuilt whenever the set of current versions changes (the file is named by a hash of that set).
    Confidential documents are not in it: each reader gets those stamped, one by one. A document that cannot be
    merged is left out with a notice page in its place; returns the path, its key and the ids left out."""
    cfg, s = _cfg(), db()
    agenda = agenda_json(items_of(s, cs.id))
    order = {item["id"]: i for i, item in enumerate(agenda)}
    label = {item["id"]: f"{item['number']}. {item['title']}" for item in agenda}
    docs = [d for d in readable_documents(s, cs.id, role) if d.access != "confidential"]
    docs.sort(key=lambda d: (order.get(d.agenda_item_id, len(order)), d.id))
    if not docs:
        raise ApiError(404, "no_documents", "Kỳ họp chưa có tài liệu.", "The session has no documents yet.")
    entries = []
    for d in docs:
        v = s.scalar(select(DocumentVersion).where(DocumentVersion.document_id == d.id,
                                                   DocumentVersion.number == d.current_version))
        entries.append({"id": d.id, "path": str(storage.object_path(cfg, v.sha256)), "title": d.title,
                        "group": label.get(d.agenda_item_id, "Tài liệu chung của kỳ họp"), "sha256": v.sha256})
    key = hashlib.sha256(repr([(e["path"], e["title"], e["group"]) for e in entries]).encode()).hexdigest()
    path = cfg.documents_dir / "packets" / f"{cs.id}-{key[:32]}.pdf"
    omitted_file = path.with_suffix(".omitted.json")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = storage.tmp_path(cfg, ".pdf")
        result = storage.run_worker("packet", {"entries": entries, "dst": str(tmp), "font": str(storage.FONT)},
                                    about=f"packet of session {cs.id}")
        if not result.get("ok"):
            tmp.unlink(missing_ok=True)
            raise ApiError(503, "packet_failed", "Chưa tạo được tập tài liệu; hãy mở từng tài liệu trong danh sách.",
                           "The packet could not be built; open the documents one by one from the list.")
        omitted = [i for i in result.get("skipped") or [] if i is not None]
        for e in entries:  # the secretary's list of documents names those left out
            storage.note_problem(cfg, e["sha256"], "unmergeable", e["id"] in omitted)
        if omitted:
            current_app.logger.error("packet of session %s: documents %s could not be merged and were left out",
                                     cs.id, omitted)
            omitted_file.write_text(json.dumps(omitted))
        tmp.replace(path)
    omitted = json.loads(omitted_file.read_text()) if omitted_file.exists() else []
    return path, key[:32], omitted


def readable_document(s: Session, user, doc_id: int) -> Document:
    """The document, if it is of the user's council, in a session they may see, of an access they may read;
    otherwise it does not exist for them (404)."""
    from server.sessions.rules import visible_to
    doc = s.scalar(select(Document).where(Document.id == doc_id, Document.council_id == user.council_id))
    cs = doc and s.get(CouncilSession, doc.session_id)
    if doc is None or not rules.may_read(user.role, doc.access) or not visible_to(user.role, cs.status):
        raise ApiError(404, "not_found", "Không tìm thấy tài liệu.", "Document not found.")
    return doc
