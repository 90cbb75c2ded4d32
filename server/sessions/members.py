"""Who sits in a session: the people entitled to it, the base of its quorum and of its polls (docs/meetings.md).
A kỳ họp: the council's delegates of the term (councils.service.delegates_of). A meeting: those delegates of the
term who are members of its group. Those invited to a meeting (SessionInvitee) take part but are never counted and
never vote."""
from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from server.accounts.models import User
from server.councils.models import Council, GroupMember
from server.councils.service import delegates_of
from server.sessions.models import CouncilSession, SessionInvitee
from server.sessions.rules import is_meeting, quorum_rule


def members_of(cs: CouncilSession) -> Select:
    """A query of the users entitled to sit in the session (callers choose its columns and join what they need,
    never narrow it): the legal base of its quorum and of every threshold of its polls."""
    q = delegates_of(cs.council_id, cs.term_id)
    if is_meeting(cs.kind):
        q = q.join(GroupMember, (GroupMember.user_id == User.id) & (GroupMember.group_id == cs.group_id))
    return q


def member_count(s: Session, cs: CouncilSession) -> int:
    return s.scalar(select(func.count()).select_from(members_of(cs).subquery())) or 0


def quorum_of(s: Session, cs: CouncilSession) -> tuple[int, int, bool]:
    council = s.get(Council, cs.council_id)
    return quorum_rule(cs.kind, council.quorum_num, council.quorum_den)


def invitees_of(cs_id: int) -> Select:
    """A query of the users invited to the session (nobody of them counts toward its quorum or votes)."""
    return select(User).join(SessionInvitee, SessionInvitee.user_id == User.id).where(SessionInvitee.session_id == cs_id)


def is_invitee(s: Session, cs_id: int, user_id: int) -> bool:
    return s.scalar(select(SessionInvitee.user_id).where(SessionInvitee.session_id == cs_id,
                                                         SessionInvitee.user_id == user_id)) is not None
