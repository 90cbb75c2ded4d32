from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import current_user
from sqlalchemy import select

from server.accounts.authz import acting_role, require, scoped_get
from server.accounts.rules import can
from server.db import db
from server.documents import revisions, rules, service
from server.documents.models import ACCESS, KINDS, Document, DocumentVersion
from server.documents.search import search as search_pages
from server.documents.shapes import CHANGES, DOCUMENT, HIT
from server.errors import ApiError
from server.sessions.models import CouncilSession
from server.sessions.rules import visible_to
from server.sessions.web import pdf_body, serve_file, visible_session
from server.shapes import INT, arr, obj
from server.validation import Field, accepts, query, returns

bp = Blueprint("documents", __name__, url_prefix="/api")

# The PDF is the request body (Content-Type: application/pdf), streamed to disk as it arrives; the
# metadata rides in the query string. The browser sends it this way with upload progress.
META = {
    "filename": Field("text", required=True, max_len=255, label_vi="Tên tệp", label_en="File name"),
    "title": Field("text", max_len=500, label_vi="Tiêu đề", label_en="Title"),
    "kind": Field("enum", required=True, choices=KINDS, label_vi="Loại tài liệu", label_en="Kind"),
    "access": Field("enum", required=True, choices=ACCESS, label_vi="Phạm vi", label_en="Access"),
    "agenda_item_id": Field("id", label_vi="Mục chương trình", label_en="Agenda item"),
}


def _session_of(doc_id: int, **_) -> int | None:
    """The session a document belongs to: someone invited to it reads the document as that session's invitee."""
    return db().scalar(select(Document.session_id).where(Document.id == doc_id))


def _document(doc_id: int) -> Document:
    doc = scoped_get(Document, doc_id, "Không tìm thấy tài liệu.", "Document not found.")
    visible_session(doc.session_id)
    if not rules.may_read(acting_role(), doc.access):
        raise ApiError(404, "not_found", "Không tìm thấy tài liệu.", "Document not found.")
    return doc


@bp.get("/sessions/<int:session_id>/documents")
@require(invitees=True)
@returns(obj({"documents": arr(DOCUMENT)}))
def list_documents(session_id: int):
    cs = visible_session(session_id)
    s = db()
    staff = can(acting_role(), "sessions.manage")  # who uploads a revision is told what failed on a file
    return jsonify({"documents": [service.document_json(s, d, with_problems=staff)
                                  for d in service.readable_documents(s, cs.id, acting_role())]})


@bp.post("/sessions/<int:session_id>/documents")
@require("sessions.manage")
@accepts(query=META, raw="application/pdf", status=201)
@returns(obj({"document": DOCUMENT, "seq": INT}))
def upload(session_id: int):
    cs = visible_session(session_id)
    meta = query()
    doc, ev = service.upload(cs, current_user.id, pdf_body(meta["filename"]), meta["filename"], meta)
    return jsonify({"document": service.document_json(db(), doc, True), "seq": ev.seq}), 201


@bp.post("/documents/<int:doc_id>/versions")
@require("sessions.manage")
@accepts(query={"filename": META["filename"]}, raw="application/pdf", status=201)
@returns(obj({"document": DOCUMENT}))
def add_version(doc_id: int):
    doc = _document(doc_id)
    meta = query()
    service.add_version(doc, current_user.id, pdf_body(meta["filename"]), meta["filename"])
    return jsonify({"document": service.document_json(db(), db().get(Document, doc.id), True)}), 201


@bp.get("/documents/<int:doc_id>")
@require(invitees=_session_of)
@returns(obj({"document": DOCUMENT}))
def get_document(doc_id: int):
    return jsonify({"document": service.document_json(db(), _document(doc_id), True)})


@bp.get("/documents/<int:doc_id>/versions/<int:number>/file")
@require(invitees=_session_of)
@accepts(produces="application/pdf")
def read(doc_id: int, number: int):
    doc = _document(doc_id)
    v = db().scalar(select(DocumentVersion).where(DocumentVersion.document_id == doc.id, DocumentVersion.number == number))
    if v is None:
        raise ApiError(404, "not_found", "Không có phiên bản này.", "No such version.")
    path, etag = service.file_for(doc, v, current_user)
    return serve_file(path, etag, v.uploaded_at, v.filename)


@bp.get("/documents/<int:doc_id>/versions/<int:number>/changes")
@require(invitees=_session_of)
@accepts(query={"from": Field("int", min=1, max=1_000_000, label_vi="So với phiên bản", label_en="Compared with version")})
@returns(CHANGES)
def changes(doc_id: int, number: int):
    """What changed in version `number` since the one before it (or ?from=m): the pages changed, moved, added and
    removed, and each changed page's passages. Read as the document is: whoever may not read it gets 404."""
    return jsonify(revisions.summary(_document(doc_id), number, query().get("from")))


@bp.get("/sessions/<int:session_id>/packet")
@require(invitees=True)
@accepts(produces="application/pdf")
def packet(session_id: int):
    cs = visible_session(session_id)
    path, key, omitted = service.packet(cs, acting_role())
    resp = serve_file(path, key, None, f"ky-hop-{cs.number}.pdf")
    if omitted:  # the documents that could not be merged: a notice page stands in each one's place
        resp.headers["X-Kyhop-Omitted-Documents"] = ",".join(str(i) for i in omitted)
    return resp


@bp.get("/sessions/<int:session_id>/search")
@require(invitees=True)
@accepts(query={"q": Field("text", required=True, max_len=200, label_vi="Từ khóa", label_en="Search term")})
@returns(obj({"hits": arr(HIT)}))
def search(session_id: int):
    cs = visible_session(session_id)
    q = query()["q"]
    return jsonify({"hits": search_pages(cs.council_id, q, rules.readable_access(acting_role()), [cs.id])})


@bp.get("/search")
@require()
@accepts(query={"q": Field("text", required=True, max_len=200, label_vi="Từ khóa", label_en="Search term")})
@returns(obj({"hits": arr(HIT)}))
def search_archive():
    """The council's archive: the documents of every session of the council the user may see, best first."""
    sessions = db().execute(select(CouncilSession.id, CouncilSession.status)
                            .where(CouncilSession.council_id == current_user.council_id)).all()
    visible = [sid for sid, status in sessions if visible_to(current_user.role, status)]
    return jsonify({"hits": search_pages(current_user.council_id, query()["q"], rules.readable_access(current_user.role),
                                         visible)})
