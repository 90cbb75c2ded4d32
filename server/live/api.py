from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import current_user

from server.accounts.authz import acting_role, require
from server.db import db
from server.live import snapshot
from server.live.shapes import SNAPSHOT
from server.sessions.web import visible_session
from server.validation import returns

bp = Blueprint("live", __name__, url_prefix="/api/sessions")


@bp.get("/<int:session_id>/live")
@require("live.follow", invitees=True)
@returns(SNAPSHOT)
def live(session_id: int):
    """The session's live state and its seq: what a screen shows, and where the event stream continues."""
    cs = visible_session(session_id)
    return jsonify(snapshot.build(db(), cs, current_user, acting_role()))
