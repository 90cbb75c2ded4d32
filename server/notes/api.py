from __future__ import annotations

from flask import Blueprint, Response, jsonify
from flask_login import current_user

from server.accounts.authz import require
from server.notes import rules, service
from server.notes.shapes import NOTE
from server.shapes import BOOL, arr, obj
from server.validation import Field, accepts, body, returns

bp = Blueprint("notes", __name__, url_prefix="/api")

NOTE_BODY = {
    "version": Field("int", required=True, min=1, label_vi="Phiên bản", label_en="Version"),
    "page": Field("int", min=1, label_vi="Trang", label_en="Page"),
    "text": Field("text", max_len=rules.MAX_TEXT, multiline=True, label_vi="Nội dung ghi chú", label_en="Note"),
    # the page's highlight strokes (rules.clean_ink checks their shape and bounds); a note has text, ink or both
    "ink": Field("any", label_vi="Nét tô", label_en="Highlight"),
}


@bp.get("/documents/<int:doc_id>/notes")
@require("notes.keep")
@returns(obj({"notes": arr(NOTE)}))
def list_notes(doc_id: int):
    """The caller's own notes on a document, by version and page; nobody else's, whoever asks."""
    return jsonify({"notes": service.notes_of(current_user, doc_id)})


@bp.put("/documents/<int:doc_id>/notes/<string:note_uuid>")
@require("notes.keep")
@accepts(NOTE_BODY)
@returns(obj({"note": NOTE, "created": BOOL}))
def put_note(doc_id: int, note_uuid: str):
    """Write a note by the UUID the tablet made for it: sent again (offline, then synced) it is the same note."""
    note, created = service.put(current_user, doc_id, note_uuid, body())
    return jsonify({"note": note, "created": created})


@bp.delete("/documents/<int:doc_id>/notes/<string:note_uuid>")
@require("notes.keep")
@returns(obj({"deleted": BOOL}))
def delete_note(doc_id: int, note_uuid: str):
    service.delete(current_user, doc_id, note_uuid)
    return jsonify({"deleted": True})


@bp.get("/me/notes/export")
@require("notes.keep")
@accepts(produces="text/markdown")
def export_notes():
    """The caller's notes as a Markdown file."""
    return Response(service.export(current_user), mimetype="text/markdown",
                    headers={"Content-Disposition": 'attachment; filename="ghi-chu-ca-nhan.md"'})
