"""Who is invited to a session or meeting besides those who sit in it (docs/meetings.md): the council's own
officials (agency accounts), to any session or meeting; at a giao ban, also the standing committee members of other
councils of the deployment. An invitee reaches that session and nothing else of the host council
(accounts/authz.py); every invitation and its removal is an entry on the host's chain."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.accounts.models import DELEGATE_ROLES, User
from server.councils.models import Agency, Council, Group, GroupMember
from server.db import transaction
from server.errors import ApiError, conflict
from server.journal import Event, record
from server.sessions.members import invitees_of
from server.sessions.models import CouncilSession, SessionInvitee


def _standing_members(council_id: int):
    """The active members of a council's standing committee (Thường trực HĐND)."""
    return (select(User).join(GroupMember, GroupMember.user_id == User.id).join(Group, Group.id == GroupMember.group_id)
            .where(Group.council_id == council_id, Group.kind == "standing", User.council_id == council_id,
                   User.active.is_(True), User.role.in_(DELEGATE_ROLES)))


def _officials(council_id: int):
    return select(User).where(User.council_id == council_id, User.role == "agency", User.active.is_(True))


def _other_councils(s: Session, cs: CouncilSession) -> list[Council]:
    return list(s.scalars(select(Council).where(Council.id != cs.council_id, Council.archived.is_(False))
                          .order_by(Council.name)))


def invitees_json(s: Session, cs: CouncilSession) -> list[dict]:
    rows = s.execute(invitees_of(cs.id).with_only_columns(User.id, User.full_name, User.title, User.role,
                                                          User.council_id, Council.name, Agency.name)
                     .join(Council, Council.id == User.council_id).outerjoin(Agency, Agency.id == User.agency_id)
                     .order_by(User.council_id != cs.council_id, Council.name, User.full_name)).all()
    return [{"user_id": uid, "full_name": name, "title": title, "official": role == "agency",
             "council_id": council_id, "council": council, "agency": agency or ""}
            for uid, name, title, role, council_id, council, agency in rows]


def invitable_json(s: Session, cs: CouncilSession) -> dict:
    """Whom the session may invite: the council's officials; at a giao ban, the other councils (names and ids
    only: their standing committee is invited whole, or one of its members by id)."""
    officials = s.execute(_officials(cs.council_id).with_only_columns(User.id, User.full_name, User.title, Agency.name)
                          .outerjoin(Agency, Agency.id == User.agency_id).order_by(Agency.name, User.full_name)).all()
    councils = _other_councils(s, cs) if cs.kind == "giao_ban" else []
    return {"officials": [{"user_id": uid, "full_name": name, "title": title, "agency": agency or ""}
                          for uid, name, title, agency in officials],
            "councils": [{"id": c.id, "name": c.name} for c in councils]}


def _refuse(vi: str, en: str, field: str) -> ApiError:
    return ApiError(422, "invalid", vi, en, field=field)


def _whom(s: Session, cs: CouncilSession, user_id: int | None, council_id: int | None) -> list[User]:
    if (user_id is None) == (council_id is None):
        raise _refuse("Hãy chọn một người hoặc một hội đồng được mời.", "Name one person or one council to invite.",
                      "user_id")
    if council_id is not None:
        if cs.kind != "giao_ban":
            raise _refuse("Chỉ hội nghị giao ban mới mời Thường trực hội đồng khác.",
                          "Only a giao ban invites another council's standing committee.", "council_id")
        if council_id == cs.council_id or s.scalar(select(Council.id).where(
                Council.id == council_id, Council.archived.is_(False))) is None:
            raise _refuse("Không có hội đồng này để mời.", "No such council to invite.", "council_id")
        people = list(s.scalars(_standing_members(council_id).order_by(User.id)))
        if not people:
            raise _refuse("Hội đồng này chưa có thành viên Thường trực.", "That council has no standing committee members.",
                          "council_id")
        return people
    u = s.scalar(_officials(cs.council_id).where(User.id == user_id))
    if u is None and cs.kind == "giao_ban":
        other = s.scalar(select(User.council_id).where(User.id == user_id, User.council_id != cs.council_id))
        u = other and s.scalar(_standing_members(other).where(User.id == user_id,
                                                             User.council_id.in_([c.id for c in _other_councils(s, cs)])))
    if u is None:
        raise _refuse("Chỉ mời được cán bộ của cơ quan (và, ở hội nghị giao ban, thành viên Thường trực hội đồng khác).",
                      "Only an agency's official can be invited (and, at a giao ban, a standing committee member of "
                      "another council).", "user_id")
    return [u]


def _open(cs: CouncilSession) -> None:
    if cs.status == "closed":
        raise conflict("session_closed", "Kỳ họp đã bế mạc.", "The session is closed.")


def invite(cs: CouncilSession, actor_id: int, user_id: int | None = None, council_id: int | None = None) -> Event | None:
    """Invite one person, or another council's standing committee whole; those already invited stay as they were
    (nothing new: nothing recorded)."""
    with transaction() as s:
        cs = s.merge(cs)
        _open(cs)
        people = _whom(s, cs, user_id, council_id)
        have = set(s.scalars(select(SessionInvitee.user_id).where(SessionInvitee.session_id == cs.id)))
        new = [u.id for u in people if u.id not in have]
        if not new:
            return None
        s.add_all(SessionInvitee(session_id=cs.id, user_id=uid, council_id=cs.council_id) for uid in new)
        s.flush()
        return record(s, cs, actor_id, "invitees.added", {"user_ids": new, "council_id": council_id})


def uninvite(cs: CouncilSession, actor_id: int, user_id: int) -> Event:
    """The invitation ends: from now on the person reaches nothing of the session (their open sockets drop)."""
    with transaction() as s:
        cs = s.merge(cs)
        _open(cs)
        row = s.get(SessionInvitee, (cs.id, user_id))
        if row is None:
            raise ApiError(404, "not_found", "Người này không có trong danh sách mời.", "That person is not invited.")
        s.delete(row)
        s.flush()
        return record(s, cs, actor_id, "invitees.removed", {"user_id": user_id})
