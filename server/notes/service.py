"""A reader's private notes: written, replaced, deleted and read by their author only (never on the record)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.db import db, transaction, utcnow
from server.documents.models import DocumentVersion
from server.documents.service import readable_document
from server.errors import ApiError, invalid, not_found
from server.notes import rules
from server.notes.models import Note
from server.sessions.models import CouncilSession


def _no_note() -> ApiError:
    return not_found("Không tìm thấy ghi chú.", "Note not found.")


def note_json(n: Note, current: int) -> dict:
    where_vi, where_en = rules.where(n.version_number, n.page, current)
    return {"uuid": n.uuid, "document_id": n.document_id, "version": n.version_number, "page": n.page, "text": n.text,
            "ink": n.ink, "created_at": n.created_at.isoformat(), "updated_at": n.updated_at.isoformat(),
            "where_vi": where_vi, "where_en": where_en}


def _mine(s: Session, user, doc_id: int) -> list[Note]:
    return list(s.scalars(select(Note).where(Note.user_id == user.id, Note.document_id == doc_id)
                          .order_by(Note.version_number, Note.page.is_not(None), Note.page, Note.created_at, Note.id)))


def notes_of(user, doc_id: int) -> list[dict]:
    s = db()
    doc = readable_document(s, user, doc_id)
    return [note_json(n, doc.current_version) for n in _mine(s, user, doc.id)]


def put(user, doc_id: int, uuid: str, data: dict) -> tuple[dict, bool]:
    """Write the author's note `uuid` as given (the same request again changes nothing: an offline replay is
    safe). Returns the note and whether it was created. Someone else's note does not exist for them."""
    if not rules.valid_uuid(uuid):
        raise invalid("uuid", "Mã ghi chú phải là một UUID.", "The note id must be a UUID.")
    try:
        ink = rules.clean_ink(data.get("ink"))
    except ValueError:
        raise invalid("ink", f"Nét tô: mỗi nét từ 2 điểm trong trang (tọa độ 0–1); tối đa {rules.MAX_STROKES} nét, "
                      f"{rules.MAX_POINTS} điểm.", f"Highlight: strokes of 2 points or more within the page (0 to 1); "
                      f"{rules.MAX_STROKES} strokes, {rules.MAX_POINTS} points at most.")
    if ink and data.get("page") is None:
        raise invalid("ink", "Nét tô phải gắn với một trang.", "A highlight belongs to a page.")
    text = data.get("text") or ""
    if not text and not ink:
        raise invalid("text", "Nội dung ghi chú: không được để trống.", "Note: must not be empty.")
    with transaction() as s:
        doc = readable_document(s, user, doc_id)
        v = s.scalar(select(DocumentVersion).where(DocumentVersion.document_id == doc.id,
                                                   DocumentVersion.number == data["version"]))
        if v is None:
            raise invalid("version", "Tài liệu không có phiên bản này.", "The document has no such version.")
        if not rules.page_fits(data.get("page"), v.pages):
            raise invalid("page", f"Trang phải từ 1 đến {v.pages} (bản lần {v.number}).",
                          f"The page must be between 1 and {v.pages} (version {v.number}).")
        n = s.scalar(select(Note).where(Note.uuid == uuid.lower()))
        if n is not None and (n.user_id != user.id or n.document_id != doc.id):
            raise _no_note()
        created = n is None
        if created:
            n = Note(council_id=doc.council_id, user_id=user.id, document_id=doc.id, uuid=uuid.lower(),
                     version_number=v.number, page=data.get("page"), text=text, ink=ink)
            s.add(n)
        elif (n.version_number, n.page, n.text, n.ink) != (v.number, data.get("page"), text, ink):
            n.version_number, n.page, n.text, n.ink, n.updated_at = v.number, data.get("page"), text, ink, utcnow()
        try:
            s.flush()
        except IntegrityError:  # the same note sent twice at once: the other request wrote it
            raise ApiError(409, "conflict", "Ghi chú đang được lưu; hãy thử lại.", "The note is being saved; try again.")
        return note_json(n, doc.current_version), created


def delete(user, doc_id: int, uuid: str) -> None:
    with transaction() as s:
        doc = readable_document(s, user, doc_id)
        n = s.scalar(select(Note).where(Note.uuid == uuid.lower(), Note.user_id == user.id, Note.document_id == doc.id))
        if n is None:
            raise _no_note()
        s.delete(n)


def export(user) -> str:
    """The author's notes of every document they may still read, as Markdown."""
    s = db()
    notes = s.scalars(select(Note).where(Note.user_id == user.id, Note.council_id == user.council_id)
                      .order_by(Note.document_id, Note.version_number, Note.page.is_not(None), Note.page, Note.id)).all()
    by_doc: dict[int, list[Note]] = {}
    for n in notes:
        by_doc.setdefault(n.document_id, []).append(n)
    groups: dict[int, dict] = {}
    for doc_id, ns in by_doc.items():
        try:
            doc = readable_document(s, user, doc_id)
        except ApiError:
            continue
        cs = s.get(CouncilSession, doc.session_id)
        g = groups.setdefault(cs.id, {"session": f"Kỳ họp thứ {cs.number}: {cs.title}", "documents": []})
        g["documents"].append({"title": doc.title, "current": doc.current_version,
                               "notes": [note_json(n, doc.current_version) for n in ns]})
    return rules.markdown([groups[k] for k in sorted(groups)])
