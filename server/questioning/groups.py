"""Issue groups (nhóm vấn đề) of a meeting's slips, selected for its questioning and applied to its agenda: each
selected group a sub-item of the questioning item, the slips' authors waiting on it with floor requests of kind
"question", the group's official the answerer the console preselects. One transaction per use case, each an
entry on the session's chain (the agenda items and floor requests it adds go on the chain with it)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.accounts.models import User
from server.agenda.models import AgendaItem
from server.db import transaction
from server.errors import conflict, invalid
from server.journal import record
from server.questioning import rules, scope
from server.questioning.models import Commitment, QuestionGroup, QuestionSlip
from server.questioning.slips import open_session
from server.sessions.models import CouncilSession
from server.speaking.models import FloorRequest

MAX_AGENDA_DEPTH = 4  # as server/agenda/service.py: the agenda nests at most 4 levels


def _applied(g: QuestionGroup) -> None:
    if g.agenda_item_id is not None:
        raise conflict("group_applied", "Nhóm đã đưa vào chương trình phiên họp: chỉ sửa được tên.",
                       "The group is on the meeting's agenda: only its title can change.")


def _place(s: Session, actor: User, g: QuestionGroup, slip_ids: list[int]) -> None:
    """The group holds exactly these slips, in this order of ids: the others go back to unplaced."""
    wanted = list(dict.fromkeys(slip_ids))
    rows = {x.id: x for x in s.scalars(select(QuestionSlip).where(QuestionSlip.id.in_(wanted),
                                                                  QuestionSlip.council_id == actor.council_id))}
    for i in wanted:
        x = rows.get(i)
        if (x is None or x.status not in rules.GROUPABLE or (x.group_id not in (None, g.id))
                or (x.session_id not in (None, g.session_id))):
            raise invalid("slip_ids", "Có phiếu không tồn tại, đã rút, đã trả lời, hoặc thuộc nhóm, kỳ họp khác.",
                          "A slip does not exist, was withdrawn or answered, or is in another group or meeting.")
    for x in s.scalars(select(QuestionSlip).where(QuestionSlip.group_id == g.id)):
        if x.id not in rows:
            x.group_id = None
            if x.status in ("grouped", "selected"):
                x.status = "submitted"
    for x in rows.values():
        x.group_id, x.session_id = g.id, g.session_id
        x.status = "selected" if g.selected else "grouped"


def create(actor: User, session_id: int, data: dict) -> QuestionGroup:
    with transaction() as s:
        cs = open_session(s, actor, session_id)
        official = scope.official_in(s, actor.council_id, data["official_id"])
        position = 1 + (s.scalar(select(func.max(QuestionGroup.position)).where(QuestionGroup.session_id == cs.id)) or 0)
        g = QuestionGroup(council_id=actor.council_id, session_id=cs.id, title=data["title"], official_id=official.id,
                          selected=False, position=position)
        s.add(g)
        s.flush()
        _place(s, actor, g, data.get("slip_ids") or [])
        record(s, cs, actor.id, "question.grouped", {"group_id": g.id, "slip_ids": list(dict.fromkeys(data.get("slip_ids") or []))})
        return g


def update(actor: User, group_id: int, changes: dict) -> QuestionGroup:
    with transaction() as s:
        g = scope.group_for(actor, group_id, s)
        cs = open_session(s, actor, g.session_id)
        if any(changes.get(k) is not None for k in ("official_id", "slip_ids", "selected")):
            _applied(g)
        if changes.get("title"):
            g.title = changes["title"]
        elif "title" in changes:
            raise invalid("title", "Tên nhóm không được để trống.", "The group's title must not be empty.")
        if changes.get("official_id"):
            g.official_id = scope.official_in(s, actor.council_id, changes["official_id"]).id
        if changes.get("selected") is not None:
            g.selected = changes["selected"]
        if changes.get("slip_ids") is not None:
            _place(s, actor, g, changes["slip_ids"])
        elif changes.get("selected") is not None:
            for x in s.scalars(select(QuestionSlip).where(QuestionSlip.group_id == g.id,
                                                          QuestionSlip.status.in_(("grouped", "selected")))):
                x.status = "selected" if g.selected else "grouped"
        kind = "question.selected" if changes.get("selected") is not None else "question.grouped"
        record(s, cs, actor.id, kind, {"group_id": g.id, **{k: v for k, v in changes.items() if v is not None}})
        return g


def delete(actor: User, group_id: int) -> None:
    """The group is undone; its slips go back to unplaced (still of the meeting)."""
    with transaction() as s:
        g = scope.group_for(actor, group_id, s)
        cs = open_session(s, actor, g.session_id)
        _applied(g)
        _place(s, actor, g, [])
        s.execute(Commitment.__table__.update().where(Commitment.group_id == g.id).values(group_id=None))
        record(s, cs, actor.id, "question.grouped", {"group_id": g.id, "deleted": True})
        s.delete(g)


def _depth(s: Session, item: AgendaItem) -> int:
    depth, parent = 0, item.parent_id
    while parent is not None:
        depth += 1
        parent = s.get(AgendaItem, parent).parent_id
    return depth


def apply(actor: User, session_id: int, item_id: int) -> list[QuestionGroup]:
    """The selected groups not yet applied become sub-items of the questioning item, in their order; each
    slip's author (once per group) waits on it with a floor request of kind "question", in slip order."""
    with transaction() as s:
        cs = open_session(s, actor, session_id)
        item = s.scalar(select(AgendaItem).where(AgendaItem.id == item_id, AgendaItem.session_id == cs.id))
        if item is None or item.kind != "questioning":
            raise invalid("agenda_item_id", "Hãy chọn mục «Chất vấn và trả lời chất vấn» của chương trình.",
                          "Choose the agenda's questioning item.")
        if _depth(s, item) + 1 >= MAX_AGENDA_DEPTH:
            raise invalid("agenda_item_id", f"Chương trình lồng tối đa {MAX_AGENDA_DEPTH} cấp.",
                          f"The agenda nests at most {MAX_AGENDA_DEPTH} levels.")
        groups = list(s.scalars(select(QuestionGroup).where(
            QuestionGroup.session_id == cs.id, QuestionGroup.selected.is_(True), QuestionGroup.agenda_item_id.is_(None))
            .order_by(QuestionGroup.position, QuestionGroup.id)))
        position = 1 + (s.scalar(select(func.max(AgendaItem.position)).where(AgendaItem.parent_id == item.id)) or -1)
        applied = []
        for g in groups:
            official = s.get(User, g.official_id)
            sub = AgendaItem(council_id=cs.council_id, session_id=cs.id, parent_id=item.id, position=position,
                             title=g.title[:500], kind="questioning", presenter=official.full_name[:200])
            s.add(sub)
            s.flush()
            position += 1
            g.agenda_item_id = sub.id
            seen: set[int] = set()
            for n, x in enumerate(s.scalars(select(QuestionSlip).where(
                    QuestionSlip.group_id == g.id, QuestionSlip.status == "selected").order_by(QuestionSlip.id))):
                if x.author_id in seen:
                    continue
                seen.add(x.author_id)
                s.add(FloorRequest(council_id=cs.council_id, session_id=cs.id, agenda_item_id=sub.id,
                                   user_id=x.author_id, kind="question", addressee=official.full_name[:200],
                                   subject=rules.subject(x.text), manual_position=float(n), status="waiting"))
            s.flush()
            applied.append(g)
        record(s, cs, actor.id, "question.applied", {"agenda_item_id": item.id, "items": [
            {"group_id": g.id, "agenda_item_id": g.agenda_item_id} for g in applied]})
        return applied


def board(actor: User, cs: CouncilSession, s: Session) -> tuple[list[QuestionGroup], list[QuestionSlip], list[Commitment]]:
    """A meeting's questioning: its groups, the slips not in one (of the meeting or of none), and the earlier
    commitments it lists."""
    groups = list(s.scalars(scope.visible_groups(actor).where(QuestionGroup.session_id == cs.id)
                            .order_by(QuestionGroup.position, QuestionGroup.id)))
    unplaced = list(s.scalars(scope.visible_slips(actor).where(
        QuestionSlip.group_id.is_(None), QuestionSlip.status != "withdrawn",
        (QuestionSlip.session_id == cs.id) | QuestionSlip.session_id.is_(None)).order_by(QuestionSlip.id)))
    return groups, unplaced, earlier_commitments(actor, cs, s)


def earlier_commitments(actor: User, cs: CouncilSession, s: Session) -> list[Commitment]:
    previous = s.scalar(select(func.max(CouncilSession.start_date)).where(
        CouncilSession.council_id == cs.council_id, CouncilSession.id != cs.id,
        CouncilSession.start_date < cs.start_date))
    rows = list(s.scalars(scope.visible_commitments(actor).order_by(Commitment.deadline, Commitment.id)))
    starts = dict(s.execute(select(CouncilSession.id, CouncilSession.start_date).where(
        CouncilSession.id.in_({c.session_id for c in rows if c.session_id}))).all()) if rows else {}

    def made_on(c: Commitment):
        return starts.get(c.session_id) or rules.today_vn(c.created_at)

    return [c for c in rows if rules.listed_at_meeting(made_on(c), c.session_id == cs.id, c.status, c.done_on,
                                                       cs.start_date, previous)]


def answerer(s: Session, cs: CouncilSession) -> dict | None:
    """The official preset to answer on the current item, when it is a group's sub-item."""
    if not cs.current_item_id:
        return None
    g = s.scalar(select(QuestionGroup).where(QuestionGroup.session_id == cs.id,
                                             QuestionGroup.agenda_item_id == cs.current_item_id))
    if g is None:
        return None
    u = s.get(User, g.official_id)
    return {"id": u.id, "full_name": u.full_name}
