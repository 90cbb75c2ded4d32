from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import current_user
from sqlalchemy import select

from server.accounts.authz import require, scoped_get
from server.agenda.service import agenda_json, items_of
from server.db import db
from server.errors import invalid, not_found
from server.live import snapshot
from server.live.bus import LiveEvent, publish
from server.sessions import control, service
from server.sessions.models import KINDS, CouncilSession, Sitting
from server.sessions.rules import visible_to
from server.validation import Field, accepts, body

bp = Blueprint("sessions", __name__, url_prefix="/api/sessions")

SESSION_FIELDS = {
    "number": Field("int", required=True, min=1, max=999, label_vi="Số kỳ họp", label_en="Number"),
    "kind": Field("enum", required=True, choices=KINDS, label_vi="Loại kỳ họp", label_en="Kind"),
    "title": Field("text", required=True, max_len=300, label_vi="Tên kỳ họp", label_en="Title"),
    "location": Field("text", max_len=200, label_vi="Địa điểm", label_en="Location"),
    "start_date": Field("date", required=True, label_vi="Ngày bắt đầu", label_en="Start date"),
    "end_date": Field("date", required=True, label_vi="Ngày kết thúc", label_en="End date"),
}


def visible_session(session_id: int) -> CouncilSession:
    """The session, if it is of the user's council and they may see it; otherwise it does not exist."""
    cs = scoped_get(CouncilSession, session_id, "Không tìm thấy kỳ họp.", "Session not found.")
    if not visible_to(current_user.role, cs.status):
        raise not_found("Không tìm thấy kỳ họp.", "Session not found.")
    return cs


def changed(ev: LiveEvent | None, cs: CouncilSession, status: int = 200):
    """Publish what a command changed (after its commit) and answer with it."""
    if ev is not None:
        publish(ev)
    return jsonify({"seq": cs.seq if ev is None else ev.seq, "event": ev and ev.as_json()}), status


def sitting_json(st: Sitting) -> dict:
    return {"id": st.id, "date": st.date.isoformat(), "part": st.part, "title": st.title}


@bp.get("")
@require()
def list_sessions():
    rows = db().scalars(select(CouncilSession).where(CouncilSession.council_id == current_user.council_id)
                        .order_by(CouncilSession.start_date.desc(), CouncilSession.number.desc())).all()
    return jsonify({"sessions": [snapshot.session_json(cs) for cs in rows if visible_to(current_user.role, cs.status)]})


@bp.post("")
@require("sessions.manage")
@accepts(SESSION_FIELDS, status=201)
def create_session():
    data = body()
    data["location"] = data["location"] or ""
    cs = service.create_session(current_user.council_id, data)
    return jsonify({"session": snapshot.session_json(cs)}), 201


@bp.get("/<int:session_id>")
@require()
def get_session(session_id: int):
    cs = visible_session(session_id)
    sittings = db().scalars(select(Sitting).where(Sitting.session_id == cs.id).order_by(Sitting.date, Sitting.part)).all()
    return jsonify({"session": snapshot.session_json(cs), "sittings": [sitting_json(st) for st in sittings],
                    "agenda": agenda_json(items_of(db(), cs.id))})


@bp.patch("/<int:session_id>")
@require("sessions.manage")
@accepts({**SESSION_FIELDS, "status": Field("enum", choices=("draft", "published"), label_vi="Trạng thái", label_en="Status"),
          "public": Field("bool", label_vi="Công khai", label_en="Public")}, partial=True)
def update_session(session_id: int):
    cs = visible_session(session_id)
    data = body()
    cs = service.update_session(cs, data)
    return jsonify({"session": snapshot.session_json(cs)})


@bp.post("/<int:session_id>/sittings")
@require("sessions.manage")
@accepts({"date": Field("date", required=True, label_vi="Ngày", label_en="Date"),
          "part": Field("enum", required=True, choices=("morning", "afternoon"), label_vi="Buổi", label_en="Part"),
          "title": Field("text", max_len=300, label_vi="Tên phiên", label_en="Title")}, status=201)
def add_sitting(session_id: int):
    cs = visible_session(session_id)
    data = body()
    data["title"] = data["title"] or ""
    return jsonify({"sitting": sitting_json(service.add_sitting(cs, data))}), 201


@bp.get("/<int:session_id>/live")
@require("live.follow")
def live(session_id: int):
    cs = visible_session(session_id)
    return jsonify(snapshot.build(db(), cs, current_user))


CONTROL_FIELDS = {
    "action": Field("enum", required=True, choices=("open", "close", "goto", "next", "previous", "pause",
                                                    "resume", "message"), label_vi="Thao tác", label_en="Action"),
    "item_id": Field("id", label_vi="Mục", label_en="Item"),
    "from_item_id": Field("id", label_vi="Mục hiện tại", label_en="Current item"),
    "message": Field("text", max_len=300, multiline=True, label_vi="Thông báo", label_en="Message"),
}


@bp.post("/<int:session_id>/control")
@require("session.control")
@accepts(CONTROL_FIELDS)
def control_session(session_id: int):
    cs = visible_session(session_id)
    data = body()
    action, me = data["action"], current_user.id
    if action == "goto" and data["item_id"] is None:
        raise invalid("item_id", "Mục: bắt buộc khi chuyển đến một mục.", "Item: required to go to an item.")
    ev = {
        "open": lambda: control.open_session(cs, me),
        "close": lambda: control.close_session(cs, me),
        "goto": lambda: control.goto(cs, me, data["item_id"]),
        "next": lambda: control.step(cs, me, +1, data["from_item_id"]),
        "previous": lambda: control.step(cs, me, -1, data["from_item_id"]),
        "pause": lambda: control.set_paused(cs, me, True),
        "resume": lambda: control.set_paused(cs, me, False),
        "message": lambda: control.set_message(cs, me, data["message"] or ""),
    }[action]()
    return changed(ev, cs)
