from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import current_user

from server.accounts.authz import require
from server.receipts import service
from server.receipts.shapes import DOCUMENT_RECEIPTS
from server.sessions.web import visible_session
from server.shapes import BOOL, INT, arr, obj
from server.validation import Field, accepts, body, returns

bp = Blueprint("receipts", __name__, url_prefix="/api")


@bp.post("/sessions/<int:session_id>/receipts")
@require("receipts.report")
@accepts({"versions": Field("any", required=True, label_vi="Các phiên bản", label_en="Versions")})
@returns(obj({"received": INT}))
def received(session_id: int):
    """The tablet has these versions of the session's documents: [{"document_id", "number"}, …]."""
    cs = visible_session(session_id)
    pairs = service.parse_versions(body()["versions"])
    return jsonify({"received": service.received(current_user, cs, pairs)})


@bp.post("/documents/<int:doc_id>/versions/<int:number>/opened")
@require("receipts.report")
@accepts({})
@returns(obj({"opened": BOOL}))
def opened(doc_id: int, number: int):
    """The reader opened this version (sent again when the tablet was offline: the first time counts)."""
    service.opened(current_user, doc_id, number)
    return jsonify({"opened": True})


@bp.get("/me/sessions/<int:session_id>/unopened-revisions")
@require("receipts.report")
@returns(obj({"documents": arr(obj({"document_id": INT, "version": INT}))}))
def unopened_revisions(session_id: int):
    """The reader's own: the session's documents revised (lần 2 or later) whose current version they have not
    opened — the tablet marks them 'Đã sửa đổi — lần N' until opened, offline too (kept with the documents)."""
    cs = visible_session(session_id)
    return jsonify({"documents": service.unopened_revisions(current_user, cs)})


@bp.get("/sessions/<int:session_id>/receipts")
@require("receipts.read")
@returns(obj({"documents": arr(DOCUMENT_RECEIPTS)}))
def session_receipts(session_id: int):
    """Staff: per document (its current version) and per delegate, chưa nhận / đã nhận / đã mở."""
    cs = visible_session(session_id)
    return jsonify({"documents": service.session_receipts(cs)})
