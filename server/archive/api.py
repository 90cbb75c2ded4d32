from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify
from flask_login import current_user

from server.accounts.authz import require, scoped_get
from server.archive import bundle, minutes, resolutions, signing
from server.archive.activity import activity, as_csv
from server.archive.models import Resolution
from server.archive.shapes import ACTIVITY, MINUTES, RESOLUTION, SIGNED
from server.console import control
from server.councils.models import Council
from server.councils.service import current_term
from server.db import db
from server.documents import storage
from server.documents.official import DOCX, place_of
from server.errors import ApiError
from server.sessions.shapes import CHANGED
from server.sessions.web import changed, pdf_body, serve_file, visible_session
from server.timestamping import token_info
from server.shapes import arr, obj
from server.validation import Field, accepts, body, query, returns

bp = Blueprint("archive", __name__, url_prefix="/api")


@bp.get("/activity")
@require("activity.read")
@accepts(query={"format": Field("enum", choices=("json", "csv"), label_vi="Định dạng", label_en="Format")},
         produces="application/json, text/csv")
@returns(ACTIVITY)
def delegate_activity():
    """Each delegate's record in the current term; ?format=csv for the yearly evaluation spreadsheet."""
    term = current_term(db(), current_user.council_id)
    if term is None:
        raise ApiError(404, "no_term", "Hội đồng chưa có khóa hiện hành.", "The council has no current term.")
    rows = activity(db(), current_user.council_id, term.id)
    if query()["format"] == "csv":
        return Response(as_csv(rows), mimetype="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="hoat-dong-dai-bieu.csv"'})
    return jsonify({"term": {"id": term.id, "name": term.name}, "delegates": rows})


RESOLUTION_FIELDS = {
    "title": Field("text", max_len=500, label_vi="Tên nghị quyết", label_en="Title"),
    "normative": Field("bool", required=True, label_vi="Quy phạm pháp luật", label_en="Normative"),
    "document_id": Field("id", label_vi="Văn bản", label_en="Document"),
    "adopted_on": Field("date", label_vi="Ngày thông qua", label_en="Date adopted"),
}


@bp.post("/polls/<int:poll_id>/resolution")
@require("sessions.manage")
@accepts(RESOLUTION_FIELDS, status=201)
@returns(obj({"resolution": RESOLUTION}))
def register_resolution(poll_id: int):
    from server.voting.models import Poll
    p = scoped_get(Poll, poll_id, "Không tìm thấy cuộc biểu quyết.", "Poll not found.")
    data = body()
    r = resolutions.register(p, current_user.id, data)
    return jsonify({"resolution": resolutions.resolution_json(r)}), 201


@bp.get("/resolutions")
@require()
@accepts(query={"year": Field("int", min=1945, max=2999, label_vi="Năm", label_en="Year")})
@returns(obj({"resolutions": arr(RESOLUTION)}))
def list_resolutions():
    year = query()["year"]
    return jsonify({"resolutions": [resolutions.resolution_json(r)
                                    for r in resolutions.of_council(db(), current_user.council_id, year)]})


@bp.get("/sessions/<int:session_id>/minutes")
@require("minutes.read")
@returns(MINUTES)
def get_minutes(session_id: int):
    cs = visible_session(session_id)
    signed = signing.current(db(), cs.id, "minutes")
    return jsonify({"text": minutes.current(db(), cs), "sealed_hash": cs.sealed_hash,
                    "seal_timestamp": token_info(cs.seal_timestamp),
                    "signed": signed and signing.signed_json(signed, f"/api/sessions/{cs.id}/minutes.signed.pdf")})


@bp.put("/sessions/<int:session_id>/minutes")
@require("sessions.manage")
@accepts({"text": Field("text", required=True, max_len=500_000, multiline=True, label_vi="Biên bản", label_en="Minutes")})
@returns(MINUTES)
def put_minutes(session_id: int):
    cs = visible_session(session_id)
    data = body()
    m = minutes.save(cs, current_user.id, data["text"])
    return jsonify({"text": m.text, "updated_at": m.updated_at.isoformat()})


FILENAME = Field("text", required=True, max_len=255, label_vi="Tên tệp", label_en="File name")


@bp.get("/sessions/<int:session_id>/minutes.docx")
@require("minutes.read")
@accepts(produces=DOCX)
def minutes_docx(session_id: int):
    cs = visible_session(session_id)
    return Response(minutes.docx_bytes(db(), cs, minutes.current(db(), cs)), mimetype=DOCX,
                    headers={"Content-Disposition": f'attachment; filename="bien-ban-ky-hop-{cs.number}.docx"'})


@bp.get("/sessions/<int:session_id>/minutes.pdf")
@require("minutes.read")
@accepts(produces="application/pdf")
def minutes_pdf(session_id: int):
    cs = visible_session(session_id)
    return Response(_minutes_pdf(cs, minutes.current(db(), cs)), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="bien-ban-ky-hop-{cs.number}.pdf"'})


def _minutes_pdf(cs, text: str) -> bytes:
    return minutes.pdf_bytes(current_app.config["KYHOP"], db(), cs, text)


def _cfg():
    return current_app.config["KYHOP"]


def _place_of(cs) -> str:
    return place_of(db().get(Council, cs.council_id).name)


def _closed(cs) -> None:
    if cs.status != "closed":
        raise ApiError(409, "session_not_closed", "Biên bản được ký sau khi bế mạc.", "Minutes are signed after closing.")


def _sign_and_keep(cs, pdf: bytes, reason: str, kind: str, resolution=None):
    cfg = _cfg()
    signed = signing.sign_bytes(cfg, pdf, reason, _place_of(cs))
    try:
        return signing.keep(cfg, signed, cs, current_user.id, kind, "signed", signing.validate(cfg, signed), resolution)
    finally:
        signed.unlink(missing_ok=True)


@bp.post("/sessions/<int:session_id>/minutes/sign")
@require("minutes.sign")
@accepts(status=201)
@returns(obj({"signed": SIGNED}))
def sign_minutes(session_id: int):
    """The secretary signs the minutes as they stand (PAdES, the council office's certificate); the signed
    file is kept and its SHA-256 goes on the chain."""
    cs = visible_session(session_id)
    _closed(cs)
    row = _sign_and_keep(cs, _minutes_pdf(cs, minutes.current(db(), cs)), "Biên bản kỳ họp", "minutes")
    return jsonify({"signed": signing.signed_json(row, f"/api/sessions/{cs.id}/minutes.signed.pdf")}), 201


@bp.put("/sessions/<int:session_id>/minutes.signed.pdf")
@require("minutes.sign")
@accepts(query={"filename": FILENAME}, raw="application/pdf", status=201)
@returns(obj({"signed": SIGNED}))
def upload_signed_minutes(session_id: int):
    """The minutes signed elsewhere (a USB token on the chair's computer), uploaded back: kept when every
    signature is intact; the validation is in the answer either way."""
    cs = visible_session(session_id)
    _closed(cs)
    row = _receive_signed(cs, "minutes")
    return jsonify({"signed": signing.signed_json(row, f"/api/sessions/{cs.id}/minutes.signed.pdf")}), 201


def _receive_signed(cs, kind: str, resolution=None):
    cfg, filename = _cfg(), query()["filename"]
    tmp, _sha, _size, _head = storage.receive(cfg, pdf_body(filename), filename, cfg.max_upload_bytes)
    try:
        return signing.keep(cfg, tmp, cs, current_user.id, kind, "uploaded", signing.receive_signed(cfg, tmp, filename),
                            resolution)
    finally:
        tmp.unlink(missing_ok=True)


def _serve_signed(row, filename: str):
    if row is None:
        raise ApiError(404, "not_signed", "Chưa có bản ký số.", "There is no signed copy yet.")
    return serve_file(storage.object_path(_cfg(), row.sha256), row.sha256, row.created_at, filename)


@bp.get("/sessions/<int:session_id>/minutes.signed.pdf")
@require("minutes.read")
@accepts(produces="application/pdf")
def signed_minutes_pdf(session_id: int):
    cs = visible_session(session_id)
    return _serve_signed(signing.current(db(), cs.id, "minutes"), f"bien-ban-ky-hop-{cs.number}-ky-so.pdf")


def _resolution(resolution_id: int):
    r = scoped_get(Resolution, resolution_id, "Không tìm thấy nghị quyết.", "Resolution not found.")
    return r, visible_session(r.session_id)


@bp.post("/resolutions/<int:resolution_id>/sign")
@require("minutes.sign")
@accepts(status=201)
@returns(obj({"signed": SIGNED}))
def sign_resolution(resolution_id: int):
    r, cs = _resolution(resolution_id)
    row = _sign_and_keep(cs, signing.resolution_pdf(_cfg(), db(), r), f"Nghị quyết {r.code}", "resolution", r)
    return jsonify({"signed": signing.signed_json(row, f"/api/resolutions/{r.id}/signed.pdf")}), 201


@bp.put("/resolutions/<int:resolution_id>/signed.pdf")
@require("minutes.sign")
@accepts(query={"filename": FILENAME}, raw="application/pdf", status=201)
@returns(obj({"signed": SIGNED}))
def upload_signed_resolution(resolution_id: int):
    r, cs = _resolution(resolution_id)
    row = _receive_signed(cs, "resolution", r)
    return jsonify({"signed": signing.signed_json(row, f"/api/resolutions/{r.id}/signed.pdf")}), 201


@bp.get("/resolutions/<int:resolution_id>/signed.pdf")
@require()
@accepts(produces="application/pdf")
def signed_resolution_pdf(resolution_id: int):
    r, cs = _resolution(resolution_id)
    return _serve_signed(signing.current(db(), cs.id, "resolution", r.id), f"nghi-quyet-{r.number:02d}-{r.year}-ky-so.pdf")


@bp.post("/sessions/<int:session_id>/seal/timestamp")
@require("minutes.sign")
@returns(CHANGED)
def timestamp_seal(session_id: int):
    """Ask the TSA again for a timestamp over the seal (it was down at bế mạc, or a new TSA)."""
    cs = visible_session(session_id)
    if not _cfg().tsa_url:
        raise ApiError(409, "no_tsa", "Chưa cấu hình máy chủ cấp dấu thời gian (KYHOP_TSA_URL).",
                       "No time-stamping authority is configured (KYHOP_TSA_URL).")
    ev = control.timestamp_seal(cs, current_user.id, _cfg().tsa_url)
    if ev is None:
        raise ApiError(502, "tsa_unavailable", "Máy chủ cấp dấu thời gian không trả lời; thử lại sau.",
                       "The time-stamping authority did not answer; try again later.")
    return changed(ev, cs)


@bp.get("/sessions/<int:session_id>/bundle.zip")
@require("minutes.read")
@accepts(produces="application/zip")
def session_bundle(session_id: int):
    """Open data: Popolo vote events, CSVs, minutes, public documents, chain entries, SHA-256 manifest."""
    cs = visible_session(session_id)
    if cs.status != "closed":
        raise ApiError(409, "session_not_closed", "Gói dữ liệu có sau khi bế mạc.", "The bundle exists once the session is closed.")
    data = bundle.build(db(), cs, _minutes_pdf(cs, minutes.current(db(), cs)))
    return Response(data, mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="ky-hop-{cs.number}.zip"'})
