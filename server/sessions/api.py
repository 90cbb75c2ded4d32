from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import current_user
from sqlalchemy import select

from server.accounts.authz import require
from server.db import db
from server.sessions import service
from server.sessions.models import KINDS, CouncilSession
from server.sessions.rules import visible_to
from server.sessions.service import session_json, sitting_json
from server.sessions.shapes import SESSION, SITTING
from server.sessions.web import visible_session
from server.shapes import arr, obj
from server.validation import Field, accepts, body, returns

bp = Blueprint("sessions", __name__, url_prefix="/api/sessions")

SESSION_FIELDS = {
    "number": Field("int", required=True, min=1, max=999, label_vi="Số kỳ họp", label_en="Number"),
    "kind": Field("enum", required=True, choices=KINDS, label_vi="Loại kỳ họp", label_en="Kind"),
    "title": Field("text", required=True, max_len=300, label_vi="Tên kỳ họp", label_en="Title"),
    "location": Field("text", max_len=200, label_vi="Địa điểm", label_en="Location"),
    "start_date": Field("date", required=True, label_vi="Ngày bắt đầu", label_en="Start date"),
    "end_date": Field("date", required=True, label_vi="Ngày kết thúc", label_en="End date"),
}


@bp.get("")
@require()
@returns(obj({"sessions": arr(SESSION)}))
def list_sessions():
    rows = db().scalars(select(CouncilSession).where(CouncilSession.council_id == current_user.council_id)
                        .order_by(CouncilSession.start_date.desc(), CouncilSession.number.desc())).all()
    return jsonify({"sessions": [session_json(cs) for cs in rows if visible_to(current_user.role, cs.status)]})


@bp.post("")
@require("sessions.manage")
@accepts(SESSION_FIELDS, status=201)
@returns(obj({"session": SESSION}))
def create_session():
    data = body()
    data["location"] = data["location"] or ""
    cs = service.create_session(current_user.council_id, data)
    return jsonify({"session": session_json(cs)}), 201


@bp.patch("/<int:session_id>")
@require("sessions.manage")
@accepts({**SESSION_FIELDS, "status": Field("enum", choices=("draft", "published"), label_vi="Trạng thái", label_en="Status"),
          "public": Field("bool", label_vi="Công khai", label_en="Public")}, partial=True)
@returns(obj({"session": SESSION}))
def update_session(session_id: int):
    cs = visible_session(session_id)
    data = body()
    cs = service.update_session(cs, data)
    return jsonify({"session": session_json(cs)})


@bp.post("/<int:session_id>/sittings")
@require("sessions.manage")
@accepts({"date": Field("date", required=True, label_vi="Ngày", label_en="Date"),
          "part": Field("enum", required=True, choices=("morning", "afternoon"), label_vi="Buổi", label_en="Part"),
          "title": Field("text", max_len=300, label_vi="Tên phiên", label_en="Title")}, status=201)
@returns(obj({"sitting": SITTING}))
def add_sitting(session_id: int):
    cs = visible_session(session_id)
    data = body()
    data["title"] = data["title"] or ""
    return jsonify({"sitting": sitting_json(service.add_sitting(cs, data))}), 201
