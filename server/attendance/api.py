from __future__ import annotations

from flask import Blueprint
from flask_login import current_user

from server.accounts.authz import require
from server.attendance import service
from server.attendance.models import STATUSES
from server.sessions.shapes import CHANGED
from server.sessions.web import changed, visible_session
from server.validation import Field, accepts, body, returns

bp = Blueprint("attendance", __name__, url_prefix="/api/sessions")


@bp.post("/<int:session_id>/check-in")
@require("attendance.check_in", invitees=True)
@returns(CHANGED)
def check_in(session_id: int):
    """A delegate checks themselves in from their tablet; repeating it is harmless."""
    cs = visible_session(session_id)
    return changed(service.mark(cs, current_user.id, current_user.id, "present"), cs)


@bp.put("/<int:session_id>/attendance/<int:user_id>")
@require("attendance.manage")
@accepts({"status": Field("enum", required=True, choices=STATUSES, label_vi="Trạng thái", label_en="Status"),
          "reason": Field("text", max_len=500, label_vi="Lý do", label_en="Reason")})
@returns(CHANGED)
def mark(session_id: int, user_id: int):
    cs = visible_session(session_id)
    data = body()
    return changed(service.mark(cs, current_user.id, user_id, data["status"], data["reason"] or ""), cs)
