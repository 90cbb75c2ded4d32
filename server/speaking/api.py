from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import current_user

from server.accounts.authz import acting_role, require
from server.accounts.rules import can
from server.db import db
from server.errors import invalid
from server.sessions.shapes import CHANGED
from server.sessions.web import changed, visible_session
from server.shapes import INT, obj
from server.speaking import rules, service
from server.speaking.shapes import SPEECH_LOG
from server.validation import Field, accepts, body, returns

bp = Blueprint("speaking", __name__, url_prefix="/api/sessions")


@bp.post("/<int:session_id>/floor")
@require("floor.request", invitees=True)
@accepts({"kind": Field("enum", required=True, choices=rules.REQUEST_KINDS, label_vi="Loại", label_en="Kind"),
          "addressee": Field("text", max_len=200, label_vi="Người được chất vấn", label_en="Official asked"),
          "subject": Field("text", max_len=300, label_vi="Nội dung", label_en="Subject"),
          "replies_to_speech_id": Field("id", label_vi="Phát biểu được tranh luận", label_en="Speech answered")},
         status=201)
@returns(CHANGED)
def request_floor(session_id: int):
    cs = visible_session(session_id)
    data = body()
    _req, ev = service.request_floor(cs, current_user, data)
    return changed(ev, cs, 201)


@bp.delete("/<int:session_id>/floor/<int:request_id>")
@require("floor.request", invitees=True)
@returns(CHANGED)
def withdraw(session_id: int, request_id: int):
    cs = visible_session(session_id)
    return changed(service.withdraw(cs, current_user.id, request_id), cs)


@bp.post("/<int:session_id>/floor/chair")
@require("floor.chair")
@accepts({
        "action": Field("enum", required=True, choices=("give", "end", "add", "pause", "resume", "close", "reopen",
                                                        "move", "remove", "allow_more", "invite"),
                        label_vi="Thao tác", label_en="Action"),
        "request_id": Field("id", label_vi="Đăng ký", label_en="Request"),
        "user_id": Field("id", label_vi="Người phát biểu", label_en="Speaker"),
        "kind": Field("enum", choices=rules.SPEECH_KINDS, label_vi="Loại", label_en="Kind"),
        "answers_speech_id": Field("id", label_vi="Câu chất vấn", label_en="Question"),
        "seconds": Field("int", min=10, max=1800, label_vi="Số giây", label_en="Seconds"),
        "index": Field("int", min=0, max=1000, label_vi="Vị trí", label_en="Position"),
        "subject": Field("text", max_len=300, label_vi="Nội dung", label_en="Subject"),
    })
@returns(CHANGED)
def chair(session_id: int):
    """The chair's commands: give (a request, or anyone), end, add time, pause/resume the timer,
    close/reopen the list, move/remove a request, allow a third speech, invite a guest."""
    cs = visible_session(session_id)
    data = body()
    action, me = data.pop("action"), current_user.id
    if action == "give":
        ev = service.give_floor(cs, me, data)
    elif action == "end":
        ev = service.end_speech(cs, me)
    elif action in ("add", "pause", "resume"):
        if action == "add" and not data["seconds"]:
            raise invalid("seconds", "Cần số giây thêm.", "Give the seconds to add.")
        ev = service.timer(cs, me, action, data["seconds"] or 0)
    elif action == "invite":
        if not data["user_id"]:
            raise invalid("user_id", "Cần chọn người được mời.", "Choose who is invited.")
        ev = service.invite(cs, me, data["user_id"], data["kind"] or "explanation", data["subject"] or "")
    else:
        ev = service.manage_queue(cs, me, action, data)
    return changed(ev, cs)


@bp.post("/<int:session_id>/opinions")
@require("floor.request")
@accepts({"text": Field("text", required=True, max_len=20000, multiline=True, label_vi="Ý kiến", label_en="Opinion"),
          "agenda_item_id": Field("id", label_vi="Nội dung", label_en="Agenda item")},
         status=201)
@returns(obj({"opinion": obj({"id": INT, "agenda_item_id": INT})}))
def written_opinion(session_id: int):
    """A written opinion on any item of the session (published or in progress); without an item, on the
    current item once its list of speakers is closed."""
    cs = visible_session(session_id)
    data = body()
    op = service.write_opinion(cs, current_user.id, data["text"], data["agenda_item_id"])
    return jsonify({"opinion": {"id": op.id, "agenda_item_id": op.agenda_item_id}}), 201


@bp.get("/<int:session_id>/speeches")
@require(invitees=True)
@returns(SPEECH_LOG)
def speech_log(session_id: int):
    cs = visible_session(session_id)
    out = service.log(db(), cs.id)
    if not can(acting_role(), "opinions.read"):
        out.pop("written")  # written opinions go to the secretary and the chair
    return jsonify(out)
