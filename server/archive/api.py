from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from flask_login import current_user

from server.accounts.authz import require, scoped_get
from server.archive import resolutions
from server.archive.activity import activity, as_csv
from server.councils.service import current_term
from server.db import db
from server.errors import ApiError
from server.validation import Field, parse

bp = Blueprint("archive", __name__, url_prefix="/api")


@bp.get("/activity")
@require("activity.read")
def delegate_activity():
    """Each delegate's record in the current term; ?format=csv for the yearly evaluation spreadsheet."""
    term = current_term(db(), current_user.council_id)
    if term is None:
        raise ApiError(404, "no_term", "Hội đồng chưa có khóa hiện hành.", "The council has no current term.")
    rows = activity(db(), current_user.council_id, term.id)
    if request.args.get("format") == "csv":
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
def register_resolution(poll_id: int):
    from server.voting.models import Poll
    p = scoped_get(Poll, poll_id, "Không tìm thấy cuộc biểu quyết.", "Poll not found.")
    data = parse(RESOLUTION_FIELDS)
    r = resolutions.register(p, current_user.id, data)
    return jsonify({"resolution": resolutions.resolution_json(r)}), 201


@bp.get("/resolutions")
@require()
def list_resolutions():
    year = request.args.get("year", type=int)
    return jsonify({"resolutions": [resolutions.resolution_json(r)
                                    for r in resolutions.of_council(db(), current_user.council_id, year)]})
