"""Question slips, one use case per function, one transaction each: written (citing petition cases, perhaps
following up an earlier slip), withdrawn by the author, a written answer asked by a deadline, answered by the
addressed official, published. Each change is an entry on the chain: of the slip's session, or of the council
when the slip is in none; the slip's row goes on the chain with it."""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from server.accounts.models import User
from server.db import transaction, utcnow
from server.errors import ApiError, conflict, invalid
from server.journal import record, record_council
from server.petitions.cases import visible_cases
from server.petitions.models import PetitionCase
from server.questioning import rules, scope
from server.questioning.models import QuestionSlip
from server.sessions.models import CouncilSession


def entry(s: Session, actor: User, session_id: int | None, kind: str, data: dict) -> None:
    """The change on the chain: the session's, when it belongs to one (screens in its room follow it)."""
    if session_id:
        record(s, s.get(CouncilSession, session_id), actor.id, kind, data)
    else:
        record_council(s, actor.council_id, actor.id, kind, data)


def open_session(s: Session, actor: User, session_id: int, field: str = "session_id") -> CouncilSession:
    cs = scope.session_of(s, actor, session_id, field)
    if cs.status == "closed":
        raise conflict("session_closed", "Kỳ họp, phiên họp đã bế mạc.", "The session or meeting is closed.")
    return cs


def write(actor: User, data: dict) -> QuestionSlip:
    with transaction() as s:
        official = scope.official_in(s, actor.council_id, data["official_id"])
        session_id = data.get("session_id")
        if session_id:
            open_session(s, actor, session_id)
        case_ids = sorted(set(data.get("case_ids") or []))
        if case_ids:
            seen = set(s.scalars(visible_cases(actor).with_only_columns(PetitionCase.id)
                                 .where(PetitionCase.id.in_(case_ids))))
            if seen != set(case_ids):
                raise invalid("case_ids", "Có kiến nghị không tồn tại hoặc bạn không được xem.",
                              "A petition case does not exist or is not yours to see.")
        follows = data.get("follows_up_id")
        if follows and s.scalar(scope.visible_slips(actor).where(QuestionSlip.id == follows)) is None:
            raise invalid("follows_up_id", "Phiếu chất vấn trước không tồn tại.", "The earlier slip does not exist.")
        slip = QuestionSlip(council_id=actor.council_id, author_id=actor.id, official_id=official.id,
                            session_id=session_id, text=data["text"], case_ids=case_ids, follows_up_id=follows,
                            status="submitted")
        s.add(slip)
        s.flush()
        entry(s, actor, session_id, "question.written", {"slip_id": slip.id, "official_id": official.id,
                                                         "case_ids": case_ids, "follows_up_id": follows})
        return slip


def withdraw(actor: User, slip_id: int) -> QuestionSlip:
    with transaction() as s:
        slip = scope.slip_for(actor, slip_id, s)
        if slip.author_id != actor.id:
            raise ApiError(403, "forbidden", "Chỉ người viết phiếu rút được phiếu.", "Only the slip's author may withdraw it.")
        if not rules.can_withdraw(slip.status):
            raise conflict("slip_not_withdrawable", "Phiếu đã được chọn chất vấn hoặc đã trả lời, không rút được.",
                           "The slip was selected or answered; it can no longer be withdrawn.")
        slip.status, slip.group_id = "withdrawn", None
        entry(s, actor, slip.session_id, "question.withdrawn", {"slip_id": slip.id})
        return slip


def ask_written(actor: User, slip_id: int, deadline: date) -> QuestionSlip:
    """The standing committee asks the official to answer in writing by a deadline (set again: moved)."""
    with transaction() as s:
        slip = scope.slip_for(actor, slip_id, s)
        if slip.status in ("withdrawn", "answered"):
            raise conflict("slip_closed", "Phiếu đã rút hoặc đã được trả lời.", "The slip was withdrawn or answered.")
        slip.answer_deadline = deadline
        entry(s, actor, slip.session_id, "question.answer_requested",
              {"slip_id": slip.id, "deadline": deadline.isoformat()})
        return slip


def answer(actor: User, slip_id: int, text: str) -> QuestionSlip:
    """The addressed official's written answer; late when after the deadline day (Vietnam time)."""
    with transaction() as s:
        slip = scope.slip_for(actor, slip_id, s)
        if slip.official_id != actor.id:  # the scope already hides others' slips from an official
            raise ApiError(403, "forbidden", "Chỉ người được chất vấn trả lời được phiếu này.",
                           "Only the official asked may answer this slip.")
        if slip.status == "withdrawn":
            raise conflict("slip_closed", "Phiếu đã được rút.", "The slip was withdrawn.")
        if slip.answered_at is not None:
            raise conflict("already_answered", "Phiếu đã được trả lời.", "The slip has been answered.")
        now = utcnow()
        slip.answer_text, slip.answered_at, slip.answered_by_id, slip.status = text, now, actor.id, "answered"
        entry(s, actor, slip.session_id, "question.answered",
              {"slip_id": slip.id, "mode": "written", "late": rules.late(now, slip.answer_deadline)})
        return slip


def publish(actor: User, slip_id: int, public: bool) -> QuestionSlip:
    with transaction() as s:
        slip = scope.slip_for(actor, slip_id, s)
        slip.public = public
        entry(s, actor, slip.session_id, "question.published", {"slip_id": slip.id, "public": public})
        return slip


def listing(actor: User, f: dict, s: Session):
    q = scope.visible_slips(actor)
    if f.get("session_id"):
        q = q.where(QuestionSlip.session_id == f["session_id"])
    if f.get("status"):
        q = q.where(QuestionSlip.status == f["status"])
    if f.get("mine"):
        q = q.where(QuestionSlip.author_id == actor.id)
    if f.get("official_id"):
        q = q.where(QuestionSlip.official_id == f["official_id"])
    return list(s.scalars(q.order_by(QuestionSlip.id.desc())))


def officials(actor: User, s: Session) -> list[User]:
    q = scope.officials_q(actor.council_id)
    if scope.is_official(actor):
        q = q.where(User.id == actor.id)
    return [u for u, _ in s.execute(q.order_by(User.full_name, User.id))]
