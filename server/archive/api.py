from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify
from flask_login import current_user

from server.accounts.authz import require, scoped_get
from server.archive import bundle, minutes, resolutions
from server.archive.activity import activity, as_csv
from server.archive.shapes import ACTIVITY, MINUTES, RESOLUTION
from server.councils.service import current_term
from server.db import db
from server.documents import storage
from server.errors import ApiError
from server.sessions.web import visible_session
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
    return jsonify({"text": minutes.current(db(), cs), "sealed_hash": cs.sealed_hash})


@bp.put("/sessions/<int:session_id>/minutes")
@require("sessions.manage")
@accepts({"text": Field("text", required=True, max_len=500_000, multiline=True, label_vi="Biên bản", label_en="Minutes")})
@returns(MINUTES)
def put_minutes(session_id: int):
    cs = visible_session(session_id)
    data = body()
    m = minutes.save(cs, current_user.id, data["text"])
    return jsonify({"text": m.text, "updated_at": m.updated_at.isoformat()})


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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
    cfg = current_app.config["KYHOP"]
    tmp = storage.tmp_path(cfg, ".pdf")
    try:
        result = storage.run_worker("minutes_pdf", {**minutes.pdf_payload(db(), cs, text), "dst": str(tmp),
                                                    "font": str(storage.FONT),
                                                    "font_bold": str(storage.FONT.with_name("DejaVuSans-Bold.ttf"))})
        if not result.get("ok"):
            raise ApiError(500, "render_failed", "Không tạo được tệp PDF biên bản.", "Could not render the minutes.")
        return tmp.read_bytes()
    finally:
        tmp.unlink(missing_ok=True)


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
