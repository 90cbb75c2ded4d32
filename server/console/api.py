from __future__ import annotations

from flask import Blueprint, current_app
from flask_login import current_user

from server.accounts.authz import require
from server.console import control
from server.errors import invalid
from server.sessions.shapes import CHANGED
from server.sessions.web import changed, visible_session
from server.validation import Field, accepts, body, returns

bp = Blueprint("console", __name__, url_prefix="/api/sessions")

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
@returns(CHANGED)
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
    tsa = current_app.config["KYHOP"].tsa_url
    if action == "close" and ev is not None and tsa:
        # after the closing commit; a TSA that is down is only logged
        control.timestamp_seal(cs, me, tsa)
    return changed(ev, cs)
