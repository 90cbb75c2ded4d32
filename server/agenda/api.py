from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import current_user

from server.accounts.authz import require, scoped_get
from server.agenda import service
from server.agenda.models import KINDS, AgendaItem
from server.agenda.shapes import AGENDA_ITEM
from server.db import db
from server.sessions.service import session_json, sitting_json, sittings_of
from server.sessions.shapes import CHANGED, SESSION, SITTING
from server.sessions.web import changed, visible_session
from server.shapes import arr, obj
from server.validation import Field, accepts, body, returns

bp = Blueprint("agenda", __name__, url_prefix="/api")

ITEM_FIELDS = {
    "title": Field("text", required=True, max_len=500, label_vi="Nội dung", label_en="Title"),
    "kind": Field("enum", required=True, choices=KINDS, label_vi="Loại", label_en="Kind"),
    "planned_minutes": Field("int", min=0, max=24 * 60, label_vi="Thời lượng dự kiến", label_en="Planned minutes"),
    "presenter": Field("text", max_len=200, label_vi="Người trình bày", label_en="Presenter"),
    "sitting_id": Field("id", label_vi="Phiên họp", label_en="Sitting"),
}


def _item(item_id: int) -> AgendaItem:
    return scoped_get(AgendaItem, item_id, "Không tìm thấy mục chương trình.", "Agenda item not found.")


@bp.get("/sessions/<int:session_id>")
@require(invitees=True)
@returns(obj({"session": SESSION, "sittings": arr(SITTING), "agenda": arr(AGENDA_ITEM)}))
def get_session(session_id: int):
    """The session with its sittings and its agenda (the programme)."""
    cs = visible_session(session_id)
    sittings = sittings_of(db(), cs.id)
    return jsonify({"session": session_json(cs), "sittings": [sitting_json(st) for st in sittings],
                    "agenda": service.agenda_json(service.items_of(db(), cs.id))})


@bp.post("/sessions/<int:session_id>/agenda")
@require("sessions.manage")
@accepts({**ITEM_FIELDS, "parent_id": Field("id", label_vi="Mục cha", label_en="Parent")}, status=201)
@returns(CHANGED)
def add_item(session_id: int):
    cs = visible_session(session_id)
    data = body()
    _, ev = service.add_item(cs, current_user.id, data)
    return changed(ev, cs, 201)


@bp.patch("/agenda/<int:item_id>")
@require("sessions.manage")
@accepts(ITEM_FIELDS, partial=True)
@returns(CHANGED)
def update_item(item_id: int):
    item = _item(item_id)
    cs = visible_session(item.session_id)
    data = body()
    _, ev = service.update_item(cs, item, current_user.id, data)
    return changed(ev, cs)


@bp.delete("/agenda/<int:item_id>")
@require("sessions.manage")
@returns(CHANGED)
def delete_item(item_id: int):
    item = _item(item_id)
    cs = visible_session(item.session_id)
    return changed(service.delete_item(cs, item, current_user.id), cs)


@bp.post("/agenda/<int:item_id>/move")
@require("sessions.manage")
@accepts({"parent_id": Field("id", label_vi="Mục cha", label_en="Parent"),
          "index": Field("int", required=True, min=0, max=10_000, label_vi="Vị trí", label_en="Index")})
@returns(CHANGED)
def move_item(item_id: int):
    item = _item(item_id)
    cs = visible_session(item.session_id)
    data = body()
    return changed(service.move_item(cs, item, current_user.id, data["parent_id"], data["index"]), cs)
