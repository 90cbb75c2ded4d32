from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify
from flask_login import current_user

from server.accounts.authz import require, scoped_get
from server.archive import bundle, minutes, resolutions, signing
from server.archive.activity import activity, as_csv
from server.archive.conclusion import CONCLUSION
from server.archive.minutes import MINUTES, Paper
from server.archive.models import Resolution
from server.archive.shapes import ACTIVITY, RESOLUTION, SIGNED
from server.archive.shapes import MINUTES as PAPER
from server.console import control
from server.councils.models import Council
from server.councils.service import current_term
from server.db import db
from server.documents import storage
from server.documents.official import DOCX, place_of
from server.errors import ApiError
from server.sessions.models import MEETING_KINDS
from server.sessions.shapes import CHANGED
from server.sessions.web import changed, pdf_body, serve_file, visible_session
from server.shapes import arr, obj
from server.timestamping import token_info
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


FILENAME = Field("text", required=True, max_len=255, label_vi="Tên tệp", label_en="File name")


def _paper_pdf(cs, paper: Paper = MINUTES) -> bytes:
    return minutes.pdf_bytes(_cfg(), db(), cs, minutes.current(db(), cs, paper), paper)


def _cfg():
    return current_app.config["KYHOP"]


def _place_of(cs) -> str:
    return place_of(db().get(Council, cs.council_id).name)


def _closed(cs, paper: Paper = MINUTES) -> None:
    if cs.status != "closed":
        raise ApiError(409, "session_not_closed", f"{paper.name_vi} được ký sau khi bế mạc.",
                       f"The {paper.name_en} can be signed only after closing.")


def _sign_and_keep(cs, pdf: bytes, reason: str, kind: str, resolution=None):
    cfg = _cfg()
    signed = signing.sign_bytes(cfg, pdf, reason, _place_of(cs))
    try:
        return signing.keep(cfg, signed, cs, current_user.id, kind, "signed", signing.validate(cfg, signed), resolution)
    finally:
        signed.unlink(missing_ok=True)


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


def _paper_routes(paper: Paper, reason: str) -> None:
    """The routes of a paper drafted from the record (the minutes; a meeting's conclusion notice): read and
    save its text, PDF and DOCX, sign it here or upload a copy signed elsewhere, download the signed copy.
    Every route first finds the session (404 for another council's), then asks whether it has such a paper."""
    base = f"/sessions/<int:session_id>/{paper.kind}"

    def session_of(session_id: int):
        cs = visible_session(session_id)
        paper.check(cs)
        return cs

    def signed_url(cs) -> str:
        return f"/api/sessions/{cs.id}/{paper.kind}.signed.pdf"

    @bp.get(base, endpoint=f"get_{paper.kind}")
    @require("minutes.read")
    @returns(PAPER)
    def read(session_id: int):
        cs = session_of(session_id)
        signed = signing.current(db(), cs.id, paper.kind)
        return jsonify({"text": minutes.current(db(), cs, paper), "sealed_hash": cs.sealed_hash,
                        "seal_timestamp": token_info(cs.seal_timestamp),
                        "signed": signed and signing.signed_json(signed, signed_url(cs))})

    read.__doc__ = f"The {paper.name_en}: the secretary's text, or the draft written from the record."

    @bp.put(base, endpoint=f"put_{paper.kind}")
    @require("sessions.manage")
    @accepts({"text": Field("text", required=True, max_len=500_000, multiline=True, label_vi=paper.name_vi,
                            label_en=paper.name_en.capitalize())})
    @returns(PAPER)
    def save(session_id: int):
        cs = session_of(session_id)
        m = minutes.save(cs, current_user.id, body()["text"], paper)
        return jsonify({"text": m.text, "updated_at": m.updated_at.isoformat()})

    save.__doc__ = f"Save the {paper.name_en} after bế mạc: a chain entry {paper.kind}.edited."

    @bp.get(f"{base}.docx", endpoint=f"{paper.kind}_docx")
    @require("minutes.read")
    @accepts(produces=DOCX)
    def docx(session_id: int):
        cs = session_of(session_id)
        return Response(minutes.docx_bytes(db(), cs, minutes.current(db(), cs, paper), paper), mimetype=DOCX,
                        headers={"Content-Disposition": f'attachment; filename="{paper.stem}-{cs.number}.docx"'})

    docx.__doc__ = f"The {paper.name_en} as a Word file (NĐ 30/2020 layout)."

    @bp.get(f"{base}.pdf", endpoint=f"{paper.kind}_pdf")
    @require("minutes.read")
    @accepts(produces="application/pdf")
    def pdf(session_id: int):
        cs = session_of(session_id)
        return Response(_paper_pdf(cs, paper), mimetype="application/pdf",
                        headers={"Content-Disposition": f'inline; filename="{paper.stem}-{cs.number}.pdf"'})

    pdf.__doc__ = f"The {paper.name_en} as a PDF (NĐ 30/2020 layout)."

    @bp.post(f"{base}/sign", endpoint=f"sign_{paper.kind}")
    @require("minutes.sign")
    @accepts(status=201)
    @returns(obj({"signed": SIGNED}))
    def sign(session_id: int):
        cs = session_of(session_id)
        _closed(cs, paper)
        row = _sign_and_keep(cs, _paper_pdf(cs, paper), reason, paper.kind)
        return jsonify({"signed": signing.signed_json(row, signed_url(cs))}), 201

    sign.__doc__ = (f"The secretary signs the {paper.name_en} as they stand (PAdES, the council office's certificate); "
                    "the signed file is kept and its SHA-256 goes on the chain.")

    @bp.put(f"{base}.signed.pdf", endpoint=f"upload_signed_{paper.kind}")
    @require("minutes.sign")
    @accepts(query={"filename": FILENAME}, raw="application/pdf", status=201)
    @returns(obj({"signed": SIGNED}))
    def upload_signed(session_id: int):
        cs = session_of(session_id)
        _closed(cs, paper)
        row = _receive_signed(cs, paper.kind)
        return jsonify({"signed": signing.signed_json(row, signed_url(cs))}), 201

    upload_signed.__doc__ = (f"The {paper.name_en} signed elsewhere (a USB token on the chair's computer), uploaded "
                             "back: kept when every signature is intact; the validation is in the answer either way.")

    @bp.get(f"{base}.signed.pdf", endpoint=f"signed_{paper.kind}_pdf")
    @require("minutes.read")
    @accepts(produces="application/pdf")
    def signed_pdf(session_id: int):
        cs = session_of(session_id)
        return _serve_signed(signing.current(db(), cs.id, paper.kind), f"{paper.stem}-{cs.number}-ky-so.pdf")

    signed_pdf.__doc__ = f"The current signed copy of the {paper.name_en}."


_paper_routes(MINUTES, "Biên bản kỳ họp")
_paper_routes(CONCLUSION, "Thông báo kết luận")


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
    data = bundle.build(db(), cs, _paper_pdf(cs),
                        conclusion_pdf=_paper_pdf(cs, CONCLUSION) if cs.kind in MEETING_KINDS else None)
    return Response(data, mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="ky-hop-{cs.number}.zip"'})
