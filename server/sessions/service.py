"""Preparing sessions: create, edit, publish; sittings."""
from __future__ import annotations

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from server.accounts.models import User
from server.councils.models import Group
from server.councils.service import current_term
from server.db import transaction
from server.errors import ApiError, conflict
from server.sessions.models import CouncilSession, SessionInvitee, Sitting
from server.sessions.rules import (
    PREPARATION_TRANSITIONS,
    group_refused,
    is_meeting,
    next_number,
    series_of,
)
from server.timestamping import token_info


def session_json(cs: CouncilSession) -> dict:
    return {"id": cs.id, "number": cs.number, "kind": cs.kind, "group_id": cs.group_id, "council_id": cs.council_id,
            "title": cs.title, "location": cs.location,
            "start_date": cs.start_date.isoformat(), "end_date": cs.end_date.isoformat(), "status": cs.status,
            "sealed_hash": cs.sealed_hash, "seal_timestamp": token_info(cs.seal_timestamp), "public": cs.public}


def sitting_json(st: Sitting) -> dict:
    return {"id": st.id, "date": st.date.isoformat(), "part": st.part, "title": st.title}


def sittings_of(s: Session, session_id: int) -> list[Sitting]:
    """A session's sittings in the order they are held: by date, the morning before the afternoon."""
    return list(s.scalars(select(Sitting).where(Sitting.session_id == session_id).order_by(
        Sitting.date, case((Sitting.part == "morning", 0), else_=1), Sitting.id)))


def require_in_progress(cs: CouncilSession, with_item: bool = False) -> None:
    """Refuse unless the session is open (and, with_item, is on an agenda item)."""
    if cs.status != "in_progress" or (with_item and cs.current_item_id is None):
        raise conflict("session_not_in_progress", "Kỳ họp chưa khai mạc hoặc đã bế mạc.",
                       "The session is not in progress.")


def _check_dates(start, end) -> None:
    if start and end and end < start:
        raise ApiError(422, "invalid", "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.",
                       "The end date must not be before the start date.", field="end_date")


def _ensure_number_free(s, council_id: int, term_id: int, series: str, number: int) -> None:
    if s.scalar(select(CouncilSession.id).where(CouncilSession.council_id == council_id, CouncilSession.term_id == term_id,
                                                CouncilSession.series == series, CouncilSession.number == number)):
        what_vi, what_en = ("Kỳ họp", "Session") if series == "session" else ("Cuộc họp", "Meeting")
        raise conflict("number_taken", f"{what_vi} thứ {number} của khóa này đã có.",
                       f"{what_en} number {number} of this term already exists.", field="number")


def _next_number(s, council_id: int, term_id: int, series: str) -> int:
    return next_number(set(s.scalars(select(CouncilSession.number).where(
        CouncilSession.council_id == council_id, CouncilSession.term_id == term_id, CouncilSession.series == series))))


def _check_group(s, council_id: int, kind: str, group_id: int | None) -> None:
    """A meeting's group is a group of the own council of the kind its meeting needs (sessions/rules.py)."""
    group_kind = s.scalar(select(Group.kind).where(Group.id == group_id, Group.council_id == council_id)) \
        if group_id else None
    refused = group_refused(kind, group_id, group_kind)
    if refused:
        raise ApiError(422, "invalid", *refused, field="group_id")


def create_session(council_id: int, data: dict) -> CouncilSession:
    """A kỳ họp or a meeting (kind, group_id); its number is the next free one of its series unless given."""
    _check_dates(data["start_date"], data["end_date"])
    with transaction() as s:
        term = current_term(s, council_id)
        if term is None:
            raise conflict("no_term", "Hội đồng chưa có khóa hiện hành.", "The council has no current term.")
        _check_group(s, council_id, data["kind"], data.get("group_id"))
        series = series_of(data["kind"], data.get("group_id"))
        if data.get("number"):
            _ensure_number_free(s, council_id, term.id, series, data["number"])
        else:
            data["number"] = _next_number(s, council_id, term.id, series)
        cs = CouncilSession(council_id=council_id, term_id=term.id, status="draft", series=series, **data)
        s.add(cs)
    return cs


def update_session(cs: CouncilSession, changes: dict) -> CouncilSession:
    status = changes.pop("status", None)
    _check_dates(changes.get("start_date", cs.start_date), changes.get("end_date", cs.end_date))
    with transaction() as s:
        cs = s.merge(cs)
        if cs.status == "closed" and set(changes) - {"public"}:
            raise conflict("session_closed", "Kỳ họp đã bế mạc, không sửa được.", "The session is closed and cannot be edited.")
        if status and status != cs.status:
            if (cs.status, status) not in PREPARATION_TRANSITIONS:
                raise conflict("bad_transition", "Không thể chuyển trạng thái kỳ họp như vậy.",
                               f"A session cannot go from {cs.status} to {status} here.")
            cs.status = status
        kind = changes.get("kind", cs.kind)
        if not is_meeting(kind) and "group_id" not in changes:
            changes["group_id"] = None  # a kỳ họp again: nobody's group sits it
        group_id = changes.get("group_id", cs.group_id)
        if (kind, group_id) != (cs.kind, cs.group_id):
            if cs.status == "in_progress":  # who sits decides its quorum, its polls' voters
                raise conflict("session_in_progress", "Kỳ họp đang diễn ra: không đổi được loại hoặc nhóm dự họp.",
                               "The session is in progress: its kind and group cannot change.")
            _check_group(s, cs.council_id, kind, group_id)
            if kind != "giao_ban" and _others_invited(s, cs):
                raise conflict("others_invited", "Đang mời thành viên hội đồng khác, chỉ hội nghị giao ban được mời: "
                               "hãy bỏ mời họ trước khi đổi loại.",
                               "Members of another council are invited, which only a giao ban may do: withdraw their "
                               "invitations before changing its kind.")
        series, number = series_of(kind, group_id), changes.get("number", cs.number)
        if (series, number) != (cs.series, cs.number):
            _ensure_number_free(s, cs.council_id, cs.term_id, series, number)
        for key, value in changes.items():
            setattr(cs, key, value)
        cs.series = series
    return cs


def _others_invited(s: Session, cs: CouncilSession) -> bool:
    """Whether members of another council are invited to the session (a giao ban's guests)."""
    return s.scalar(select(SessionInvitee.user_id).join(User, User.id == SessionInvitee.user_id).where(
        SessionInvitee.session_id == cs.id, User.council_id != cs.council_id).limit(1)) is not None


def add_sitting(cs: CouncilSession, data: dict) -> Sitting:
    if not cs.start_date <= data["date"] <= cs.end_date:
        raise ApiError(422, "invalid", "Ngày phiên họp phải nằm trong thời gian kỳ họp.",
                       "The sitting's date must fall within the session's dates.", field="date")
    with transaction() as s:
        sitting = Sitting(council_id=cs.council_id, session_id=cs.id, **data)
        s.add(sitting)
    return sitting
