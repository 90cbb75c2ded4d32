from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import current_user
from sqlalchemy import select

from server.accounts.authz import require
from server.councils.models import Council
from server.db import db
from server.sessions import invitations, service
from server.sessions.models import KINDS, CouncilSession, SessionInvitee
from server.sessions.rules import visible_to
from server.sessions.service import session_json, sitting_json
from server.sessions.shapes import CHANGED, INVITABLE, INVITEE, SESSION, SITTING
from server.sessions.web import changed, visible_session
from server.shapes import arr, obj
from server.validation import Field, accepts, body, returns

bp = Blueprint("sessions", __name__, url_prefix="/api/sessions")

SESSION_FIELDS = {
    # the number counts its series (sessions/rules.py series_of): left out, the next free one
    "number": Field("int", min=1, max=999, label_vi="Số kỳ họp", label_en="Number"),
    "kind": Field("enum", required=True, choices=KINDS, label_vi="Loại kỳ họp", label_en="Kind"),
    "group_id": Field("id", label_vi="Nhóm dự họp", label_en="Group"),
    "title": Field("text", required=True, max_len=300, label_vi="Tên kỳ họp", label_en="Title"),
    "location": Field("text", max_len=200, label_vi="Địa điểm", label_en="Location"),
    "start_date": Field("date", required=True, label_vi="Ngày bắt đầu", label_en="Start date"),
    "end_date": Field("date", required=True, label_vi="Ngày kết thúc", label_en="End date"),
}


@bp.get("")
@require()
@returns(obj({"sessions": arr(SESSION)}))
def list_sessions():
    """The council's sessions the user may see, and the meetings (of any council) they are invited to, with the
    host council's name."""
    invited = select(SessionInvitee.session_id).where(SessionInvitee.user_id == current_user.id)
    rows = db().execute(select(CouncilSession, Council.name).join(Council, Council.id == CouncilSession.council_id)
                        .where((CouncilSession.council_id == current_user.council_id) | CouncilSession.id.in_(invited))
                        .order_by(CouncilSession.start_date.desc(), CouncilSession.number.desc())).all()
    mine = set(db().scalars(invited))
    out = []
    for cs, council in rows:
        role = current_user.role if cs.council_id == current_user.council_id and visible_to(current_user.role, cs.status) \
            else ("invitee" if cs.id in mine else None)
        if role and visible_to(role, cs.status):
            out.append({**session_json(cs), "council": council, "invited": role == "invitee"})
    return jsonify({"sessions": out})


@bp.post("")
@require("sessions.manage")
@accepts(SESSION_FIELDS, status=201)
@returns(obj({"session": SESSION}))
def create_session():
    data = body()
    data["location"] = data["location"] or ""
    data["number"] = data["number"] or None
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


@bp.get("/<int:session_id>/invitees")
@require("sessions.manage")
@returns(obj({"invitees": arr(INVITEE), "invitable": INVITABLE}))
def list_invitees(session_id: int):
    """Who is invited, and whom the session may invite (its council's officials; at a giao ban the other councils,
    names and ids only)."""
    cs = visible_session(session_id)
    return jsonify({"invitees": invitations.invitees_json(db(), cs), "invitable": invitations.invitable_json(db(), cs)})


@bp.post("/<int:session_id>/invitees")
@require("sessions.manage")
@accepts({"user_id": Field("id", label_vi="Người được mời", label_en="Person invited"),
          "council_id": Field("id", label_vi="Hội đồng được mời", label_en="Council invited")})
@returns(CHANGED)
def add_invitees(session_id: int):
    """Invite one person (`user_id`), or — at a giao ban — another council's standing committee (`council_id`)."""
    cs = visible_session(session_id)
    data = body()
    return changed(invitations.invite(cs, current_user.id, data["user_id"], data["council_id"]), cs)


@bp.delete("/<int:session_id>/invitees/<int:user_id>")
@require("sessions.manage")
@returns(CHANGED)
def remove_invitee(session_id: int, user_id: int):
    cs = visible_session(session_id)
    return changed(invitations.uninvite(cs, current_user.id, user_id), cs)
