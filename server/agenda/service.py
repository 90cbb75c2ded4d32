"""Editing a session's agenda tree. Every change is a sequenced event, so live screens follow edits too."""
from __future__ import annotations

from sqlalchemy import column, delete, func, select, table
from sqlalchemy.orm import Session

from server.agenda import rules
from server.agenda.models import AgendaItem
from server.db import transaction
from server.errors import ApiError, conflict
from server.journal import Event, record
from server.sessions.models import CouncilSession, Sitting

MAX_ITEMS = 500
MAX_DEPTH = 4
# Speaking sits above the agenda: whether an item still has floor requests on it (an issue group's sub-item holds
# its authors' requests before the meeting opens) is read from the table by name.
_floor_requests = table("floor_requests", column("agenda_item_id"))


def items_of(s: Session, session_id: int) -> list[AgendaItem]:
    return list(s.scalars(select(AgendaItem).where(AgendaItem.session_id == session_id)))


def nodes(items: list[AgendaItem]) -> list[rules.Node]:
    return [rules.Node(i.id, i.parent_id, i.position) for i in items]


def agenda_json(items: list[AgendaItem]) -> list[dict]:
    ns = nodes(items)
    numbers = rules.numbering(ns)
    by_id = {i.id: i for i in items}
    return [{"id": i.id, "parent_id": i.parent_id, "number": numbers[i.id], "depth": numbers[i.id].count("."),
             "title": i.title, "kind": i.kind, "planned_minutes": i.planned_minutes, "presenter": i.presenter,
             "sitting_id": i.sitting_id}
            for i in (by_id[x] for x in rules.flatten(ns))]


def _editable(cs: CouncilSession) -> None:
    if cs.status == "closed":
        raise conflict("session_closed", "Kỳ họp đã bế mạc, không sửa được chương trình.",
                       "The session is closed; its agenda cannot be changed.")


def _depth(items: list[AgendaItem], parent_id: int | None) -> int:
    by_id = {i.id: i for i in items}
    depth = 0
    while parent_id is not None:
        depth += 1
        parent_id = by_id[parent_id].parent_id
    return depth


def _check_refs(s: Session, cs: CouncilSession, items: list[AgendaItem], data: dict) -> None:
    parent = data.get("parent_id")
    if parent is not None and parent not in {i.id for i in items}:
        raise ApiError(422, "invalid", "Mục cha không thuộc chương trình kỳ họp này.",
                       "The parent item is not on this session's agenda.", field="parent_id")
    sitting = data.get("sitting_id")
    if sitting is not None and s.scalar(select(Sitting.id).where(Sitting.id == sitting, Sitting.session_id == cs.id)) is None:
        raise ApiError(422, "invalid", "Phiên họp không thuộc kỳ họp này.", "The sitting is not of this session.",
                       field="sitting_id")


def add_item(cs: CouncilSession, actor_id: int, data: dict) -> tuple[AgendaItem, Event]:
    with transaction() as s:
        cs = s.merge(cs)
        _editable(cs)
        items = items_of(s, cs.id)
        if len(items) >= MAX_ITEMS:
            raise conflict("too_many", f"Chương trình tối đa {MAX_ITEMS} mục.", f"At most {MAX_ITEMS} agenda items.")
        _check_refs(s, cs, items, data)
        if _depth(items, data.get("parent_id")) >= MAX_DEPTH:
            raise ApiError(422, "invalid", f"Chương trình lồng tối đa {MAX_DEPTH} cấp.",
                           f"The agenda nests at most {MAX_DEPTH} levels.", field="parent_id")
        position = 1 + s.scalar(select(func.coalesce(func.max(AgendaItem.position), -1)).where(
            AgendaItem.session_id == cs.id, AgendaItem.parent_id.is_(None) if data.get("parent_id") is None
            else AgendaItem.parent_id == data["parent_id"]))
        item = AgendaItem(council_id=cs.council_id, session_id=cs.id, position=position,
                          **{k: v for k, v in data.items() if v is not None})
        s.add(item)
        s.flush()
        ev = record(s, cs, actor_id, "agenda.item_added", {"item_id": item.id, "title": item.title})
    return item, ev


def update_item(cs: CouncilSession, item: AgendaItem, actor_id: int, changes: dict) -> tuple[AgendaItem, Event]:
    with transaction() as s:
        cs, item = s.merge(cs), s.merge(item)
        _editable(cs)
        _check_refs(s, cs, items_of(s, cs.id), {"sitting_id": changes.get("sitting_id")})
        for key, value in changes.items():
            setattr(item, key, value)
        ev = record(s, cs, actor_id, "agenda.item_changed", {"item_id": item.id, "fields": sorted(changes)})
    return item, ev


def delete_item(cs: CouncilSession, item: AgendaItem, actor_id: int) -> Event:
    with transaction() as s:
        cs, item = s.merge(cs), s.merge(item)
        _editable(cs)
        items = items_of(s, cs.id)
        gone = rules.descendants(nodes(items), item.id) | {item.id}
        if cs.current_item_id in gone:
            raise conflict("item_current", "Không thể xóa mục đang diễn ra.", "The current item cannot be deleted.")
        if cs.status == "in_progress":
            raise conflict("session_live", "Không xóa mục khi kỳ họp đang diễn ra.",
                           "Items cannot be deleted while the session is in progress.")
        if s.scalar(select(_floor_requests.c.agenda_item_id).where(_floor_requests.c.agenda_item_id.in_(gone)).limit(1)):
            raise conflict("item_has_requests", "Mục này (hoặc mục con) đã có người đăng ký phát biểu, chất vấn: không xóa được.",
                           "This item (or a sub-item) already has requests for the floor or questions; it cannot be deleted.")
        # one statement for the item and its sub-items; gaps left in positions are harmless (numbers are recounted)
        s.execute(delete(AgendaItem).where(AgendaItem.id.in_(gone)), execution_options={"synchronize_session": False})
        return record(s, cs, actor_id, "agenda.item_deleted", {"item_id": item.id, "title": item.title})


def move_item(cs: CouncilSession, item: AgendaItem, actor_id: int, parent_id: int | None, index: int) -> Event:
    with transaction() as s:
        cs, item = s.merge(cs), s.merge(item)
        _editable(cs)
        items = items_of(s, cs.id)
        _check_refs(s, cs, items, {"parent_id": parent_id})
        try:
            changes = rules.move(nodes(items), item.id, parent_id, index)
        except ValueError:
            raise ApiError(422, "invalid", "Không thể chuyển một mục vào bên trong chính nó.",
                           "An item cannot be moved inside itself.", field="parent_id")
        sub_depth = max((_depth(items, i.parent_id) for i in items if i.id in rules.descendants(nodes(items), item.id)),
                        default=_depth(items, item.parent_id)) - _depth(items, item.parent_id)
        if _depth(items, parent_id) + sub_depth >= MAX_DEPTH:
            raise ApiError(422, "invalid", f"Chương trình lồng tối đa {MAX_DEPTH} cấp.",
                           f"The agenda nests at most {MAX_DEPTH} levels.", field="parent_id")
        by_id = {i.id: i for i in items}
        for i_id, (parent, pos) in changes.items():
            by_id[i_id].parent_id, by_id[i_id].position = parent, pos
        return record(s, cs, actor_id, "agenda.item_moved", {"item_id": item.id, "parent_id": parent_id, "index": index})
