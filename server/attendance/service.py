"""Điểm danh: delegates check in; the secretary (or chair) marks anyone present, absent or excused."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.accounts.models import User
from server.attendance import rules
from server.attendance.models import Attendance
from server.db import transaction, utcnow
from server.errors import ApiError, conflict
from server.journal import Event, record
from server.sessions.members import is_invitee, member_count, members_of, quorum_of
from server.sessions.models import CouncilSession


def counts(s: Session, cs: CouncilSession) -> dict:
    """Present of the session's members (sessions/members.py), against all of them: its quorum. An invitee's
    check-in is never counted."""
    total = member_count(s, cs)
    present = s.scalar(members_of(cs).with_only_columns(func.count(), maintain_column_froms=True)
                       .join(Attendance, _here(cs)).where(Attendance.status == "present")) or 0
    return rules.summary(present, total, *quorum_of(s, cs))


def _here(cs: CouncilSession):
    return (Attendance.user_id == User.id) & (Attendance.session_id == cs.id)


def presence(s: Session, cs: CouncilSession) -> list[tuple[int, str]]:
    """(user id, status) of every member of the session; no row yet: absent."""
    return [(uid, status or "absent") for uid, status in s.execute(
        members_of(cs).with_only_columns(User.id, Attendance.status, maintain_column_froms=True)
        .outerjoin(Attendance, _here(cs)))]


def roll(s: Session, cs: CouncilSession) -> list[dict]:
    """Every member of the session with their status (no row yet: absent)."""
    rows = s.execute(members_of(cs)
                     .with_only_columns(User.id, User.full_name, User.title, Attendance.status, Attendance.reason,
                                       maintain_column_froms=True)
                     .outerjoin(Attendance, _here(cs)).order_by(User.full_name)).all()
    return [{"user_id": uid, "full_name": name, "title": title, "status": status or "absent", "reason": reason or ""}
            for uid, name, title, status, reason in rows]


def status_of(s: Session, cs: CouncilSession, user_id: int) -> str:
    return s.scalar(select(Attendance.status).where(Attendance.session_id == cs.id,
                                                    Attendance.user_id == user_id)) or "absent"


def mark(cs: CouncilSession, actor_id: int, user_id: int, status: str, reason: str = "") -> Event | None:
    """Set one member's (or invitee's: never counted) attendance. Marking the same state again changes nothing and publishes nothing."""
    with transaction() as s:
        cs = s.merge(cs)
        if cs.status not in ("published", "in_progress"):
            raise conflict("not_open_for_attendance", "Chỉ điểm danh khi kỳ họp đã công bố hoặc đang diễn ra.",
                           "Attendance is taken only when the session is published or in progress.")
        member = s.scalar(members_of(cs).where(User.id == user_id))
        if member is None and not is_invitee(s, cs.id, user_id):
            raise ApiError(404, "not_found", "Không tìm thấy đại biểu này trong kỳ họp.",
                           "No such delegate in this session.")
        row = s.scalar(select(Attendance).where(Attendance.session_id == cs.id, Attendance.user_id == user_id))
        reason = reason if status == "excused" else ""
        if row is not None and (row.status, row.reason) == (status, reason):
            return None
        if row is None:
            row = Attendance(council_id=cs.council_id, session_id=cs.id, user_id=user_id)
            s.add(row)
        row.status, row.reason, row.updated_at, row.updated_by_id = status, reason, utcnow(), actor_id
        s.flush()
        return record(s, cs, actor_id, "attendance.marked", {"user_id": user_id, "status": status, "reason": reason})
