"""Who sees which slip and commitment, and the council's officials: one scope for every query. The office,
the chair and the delegates every slip and commitment of their council; an official (an account of role
`agency`) only those addressed to them — anything else does not exist for them (404)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.accounts.models import User
from server.councils.models import Agency
from server.db import db
from server.errors import invalid, not_found
from server.questioning.models import Commitment, QuestionGroup, QuestionSlip
from server.sessions.models import CouncilSession
from server.sessions.rules import visible_to


def is_official(user: User) -> bool:
    return user.role == "agency"


def visible_slips(user: User):
    q = select(QuestionSlip).where(QuestionSlip.council_id == user.council_id)
    return q.where(QuestionSlip.official_id == user.id) if is_official(user) else q


def visible_commitments(user: User):
    q = select(Commitment).where(Commitment.council_id == user.council_id)
    return q.where(Commitment.official_id == user.id) if is_official(user) else q


def visible_groups(user: User):
    q = select(QuestionGroup).where(QuestionGroup.council_id == user.council_id)
    return q.where(QuestionGroup.official_id == user.id) if is_official(user) else q


def slip_for(user: User, slip_id: int, s: Session | None = None) -> QuestionSlip:
    slip = (s or db()).scalar(visible_slips(user).where(QuestionSlip.id == slip_id))
    if slip is None:
        raise not_found("Không tìm thấy phiếu chất vấn", "Question slip not found")
    return slip


def commitment_for(user: User, commitment_id: int, s: Session | None = None) -> Commitment:
    c = (s or db()).scalar(visible_commitments(user).where(Commitment.id == commitment_id))
    if c is None:
        raise not_found("Không tìm thấy lời hứa", "Commitment not found")
    return c


def group_for(user: User, group_id: int, s: Session | None = None) -> QuestionGroup:
    g = (s or db()).scalar(visible_groups(user).where(QuestionGroup.id == group_id))
    if g is None:
        raise not_found("Không tìm thấy nhóm vấn đề", "Issue group not found")
    return g


def session_of(s: Session, user: User, session_id: int, field: str = "session_id") -> CouncilSession:
    """A session of the user's council they may see, named in a body: otherwise the input is refused."""
    cs = s.scalar(select(CouncilSession).where(CouncilSession.id == session_id,
                                               CouncilSession.council_id == user.council_id))
    if cs is None or not visible_to(user.role, cs.status):
        raise invalid(field, "Kỳ họp, phiên họp không tồn tại.", "No such session or meeting.")
    return cs


def officials_q(council_id: int):
    """The council's officials: active accounts of role agency, with their agency."""
    return (select(User, Agency).join(Agency, Agency.id == User.agency_id)
            .where(User.council_id == council_id, User.role == "agency", User.active.is_(True),
                   Agency.council_id == council_id))


def official_in(s: Session, council_id: int, official_id: int, field: str = "official_id") -> User:
    row = s.execute(officials_q(council_id).where(User.id == official_id)).first()
    if row is None:
        raise invalid(field, "Người được chất vấn không phải cán bộ của một cơ quan của Hội đồng.",
                      "The person asked is not an official of one of the council's agencies.")
    return row[0]


def board_session(user: User, session_id: int) -> CouncilSession:
    """The session whose questioning a user reads: one they may see; for an official, any published one of
    their council (they read only what is addressed to them in it), whether or not they are invited to it."""
    cs = db().scalar(select(CouncilSession).where(CouncilSession.id == session_id,
                                                  CouncilSession.council_id == user.council_id))
    if cs is None or not (visible_to(user.role, cs.status) or (is_official(user) and cs.status != "draft")):
        raise not_found("Không tìm thấy kỳ họp.", "Session not found.")
    return cs
