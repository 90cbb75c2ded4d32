"""The floor: requests, the chair's queue, speeches with server-held timers, written opinions, the log."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.accounts.models import DELEGATE_ROLES, SPEAKER_ROLES, User
from server.agenda.models import AgendaItem
from server.councils.models import Council
from server.councils.rules import limits as speaking_limits
from server.db import transaction, utcnow
from server.errors import ApiError, conflict
from server.journal import Event, record
from server.sessions.members import is_invitee
from server.sessions.models import CouncilSession
from server.sessions.service import require_in_progress
from server.speaking import rules
from server.speaking.models import FloorRequest, Speech, WrittenOpinion


def _item(s: Session, cs: CouncilSession) -> AgendaItem:
    require_in_progress(cs, with_item=True)
    return s.get(AgendaItem, cs.current_item_id)


def current_speech(s: Session, session_id: int) -> Speech | None:
    return s.scalar(select(Speech).where(Speech.session_id == session_id, Speech.ended_at.is_(None)))


def _waiting(s: Session, session_id: int, item_id: int) -> list[FloorRequest]:
    reqs = s.scalars(select(FloorRequest).where(FloorRequest.session_id == session_id,
                                                FloorRequest.agenda_item_id == item_id,
                                                FloorRequest.status == "waiting")).all()
    return sorted(reqs, key=lambda r: rules.queue_key(r.kind, r.priority, r.manual_position, r.requested_at, r.id))


def _person(u: User) -> dict:
    return {"user_id": u.id, "full_name": u.full_name, "title": u.title, "constituency": u.constituency, "role": u.role}


def speech_json(s: Session, sp: Speech) -> dict:
    return {"id": sp.id, **_person(s.get(User, sp.user_id)), "kind": sp.kind, "agenda_item_id": sp.agenda_item_id,
            "addressee": sp.addressee, "subject": sp.subject, "answers_speech_id": sp.answers_speech_id,
            "started_at": sp.started_at.isoformat(), "limit_s": sp.limit_s, "added_s": sp.added_s,
            "paused_at": sp.paused_at and sp.paused_at.isoformat(), "paused_total_s": sp.paused_total_s,
            "ended_at": sp.ended_at and sp.ended_at.isoformat(), "duration_s": sp.duration_s, "overrun_s": sp.overrun_s}


def state(s: Session, cs: CouncilSession) -> dict:
    """The floor on the current item: the queue in order and the speech under way, if any."""
    item = s.get(AgendaItem, cs.current_item_id) if cs.current_item_id else None
    current = current_speech(s, cs.id)
    queue = _waiting(s, cs.id, item.id) if item else []
    return {"item_id": item and item.id, "closed": bool(item and item.speakers_closed),
            "queue": [{"id": r.id, **_person(s.get(User, r.user_id)), "kind": r.kind, "addressee": r.addressee,
                       "subject": r.subject, "priority": r.priority, "invited": r.invited_by_id is not None}
                      for r in queue],
            "current": current and speech_json(s, current)}


def _discussion_count(s: Session, session_id: int, item_id: int, user_id: int) -> tuple[int, int]:
    spoken = s.scalar(select(func.count(Speech.id)).where(
        Speech.session_id == session_id, Speech.agenda_item_id == item_id, Speech.user_id == user_id,
        Speech.kind.in_(("discussion", "second")))) or 0
    waiting = s.scalar(select(func.count(FloorRequest.id)).where(
        FloorRequest.session_id == session_id, FloorRequest.agenda_item_id == item_id,
        FloorRequest.user_id == user_id, FloorRequest.kind == "discussion",
        FloorRequest.status.in_(("waiting", "speaking")))) or 0
    return spoken, waiting


def request_floor(cs: CouncilSession, user, data: dict) -> tuple[FloorRequest, Event]:
    with transaction() as s:
        cs = s.merge(cs)
        item = _item(s, cs)
        kind = data["kind"]
        if item.speakers_closed and kind != "procedural":
            raise conflict("list_closed", "Danh sách phát biểu đã khóa; bạn có thể gửi ý kiến bằng văn bản.",
                           "The list of speakers is closed; you can send your opinion in writing.")
        if s.scalar(select(FloorRequest.id).where(FloorRequest.session_id == cs.id, FloorRequest.agenda_item_id == item.id,
                                                  FloorRequest.user_id == user.id, FloorRequest.kind == kind,
                                                  FloorRequest.status == "waiting")):
            raise conflict("already_waiting", "Bạn đã đăng ký phát biểu nội dung này.", "You are already in the queue for this.")
        if kind == "discussion":
            spoken, waiting = _discussion_count(s, cs.id, item.id, user.id)
            extra = int((item.speaking_extra or {}).get(str(user.id), 0))
            if not rules.may_ask_to_discuss(spoken, waiting, extra):
                raise conflict("speech_limit", "Mỗi đại biểu phát biểu tối đa hai lần về một nội dung.",
                               "A delegate may speak at most twice on an item.")
        priority = False
        replies_to = data.get("replies_to_speech_id")
        if kind == "debate":
            answered = s.scalar(select(Speech).where(Speech.id == replies_to, Speech.session_id == cs.id)) if replies_to else None
            if answered is None:
                raise ApiError(422, "invalid", "Tranh luận phải nêu phát biểu được tranh luận.",
                               "A debate reply must name the speech it answers.", field="replies_to_speech_id")
            if answered.kind == "answer" and answered.answers_speech_id:
                asked = s.get(Speech, answered.answers_speech_id)
                priority = asked is not None and asked.user_id == user.id  # the asker's follow-up comes first
        if kind == "question" and not data.get("addressee"):
            raise ApiError(422, "invalid", "Chất vấn phải nêu người được chất vấn.", "A question must name the official asked.",
                           field="addressee")
        req = FloorRequest(council_id=cs.council_id, session_id=cs.id, agenda_item_id=item.id, user_id=user.id, kind=kind,
                           replies_to_speech_id=replies_to if kind == "debate" else None,
                           addressee=data.get("addressee") or "", subject=data.get("subject") or "", priority=priority)
        s.add(req)
        s.flush()
        return req, record(s, cs, user.id, "floor.requested", {"request_id": req.id, "kind": kind})


def invite(cs: CouncilSession, chair_id: int, user_id: int, kind: str, subject: str) -> Event:
    """The chair puts a guest (an official) or a delegate on the list: how guests get the floor."""
    with transaction() as s:
        cs = s.merge(cs)
        item = _item(s, cs)
        _member(s, cs, user_id, guests=True)
        req = FloorRequest(council_id=cs.council_id, session_id=cs.id, agenda_item_id=item.id, user_id=user_id,
                           kind=kind, subject=subject, invited_by_id=chair_id)
        s.add(req)
        s.flush()
        return record(s, cs, chair_id, "floor.invited", {"request_id": req.id, "user_id": user_id, "kind": kind})


def _member(s: Session, cs: CouncilSession, user_id: int, guests: bool) -> User:
    """Who may be given the floor: the council's delegates (and, `guests`, its guests and officials), and anyone
    invited to this session (an official, or at a giao ban a member of another council) while still invited."""
    roles = SPEAKER_ROLES if guests else DELEGATE_ROLES
    u = s.scalar(select(User).where(User.id == user_id, User.council_id == cs.council_id, User.active.is_(True),
                                    User.role.in_(roles)))
    if u is None and is_invitee(s, cs.id, user_id):
        u = s.scalar(select(User).where(User.id == user_id, User.active.is_(True)))
    if u is None:
        raise ApiError(422, "invalid", "Người này không thể nhận quyền phát biểu.", "That person cannot take the floor.",
                       field="user_id")
    return u


def _request_of(s: Session, cs: CouncilSession, request_id: int) -> FloorRequest:
    r = s.scalar(select(FloorRequest).where(FloorRequest.id == request_id, FloorRequest.session_id == cs.id))
    if r is None:
        raise ApiError(404, "not_found", "Không tìm thấy đăng ký phát biểu.", "Floor request not found.")
    return r


def withdraw(cs: CouncilSession, user_id: int, request_id: int) -> Event | None:
    with transaction() as s:
        cs = s.merge(cs)
        r = _request_of(s, cs, request_id)
        if r.user_id != user_id:
            raise ApiError(403, "forbidden", "Bạn chỉ rút được đăng ký của mình.", "You can withdraw only your own request.")
        if r.status != "waiting":
            return None
        r.status = "withdrawn"
        return record(s, cs, user_id, "floor.withdrawn", {"request_id": r.id})


def _end(s: Session, sp: Speech) -> None:
    now = utcnow()
    if sp.paused_at:
        sp.paused_total_s += (now - sp.paused_at).total_seconds()
        sp.paused_at = None
    spoken = (now - sp.started_at).total_seconds() - sp.paused_total_s
    sp.ended_at, sp.duration_s = now, round(spoken)
    sp.overrun_s = max(0, round(spoken - sp.limit_s - sp.added_s))
    if sp.request_id:
        s.get(FloorRequest, sp.request_id).status = "done"


def give_floor(cs: CouncilSession, chair_id: int, data: dict) -> Event:
    """Give the floor to a request in the queue (any place in it), or to anyone directly — also a guest
    who was not in it, e.g. the official answering a question. A speech under way is ended first."""
    with transaction() as s:
        cs = s.merge(cs)
        item = _item(s, cs)
        council = s.get(Council, cs.council_id)
        limits = speaking_limits(council.speaking_limits)
        req = None
        if data.get("request_id"):
            req = _request_of(s, cs, data["request_id"])
            if req.status != "waiting" or req.agenda_item_id != item.id:
                raise conflict("request_not_waiting", "Đăng ký này không còn chờ.", "That request is no longer waiting.")
            user_id, kind = _member(s, cs, req.user_id, guests=True).id, req.kind  # still entitled: not an invitee removed since
        else:
            if not data.get("user_id") or not data.get("kind"):
                raise ApiError(422, "invalid", "Cần chọn người phát biểu và loại phát biểu.",
                               "Choose who speaks and the kind of speech.", field="user_id")
            user_id, kind = _member(s, cs, data["user_id"], guests=True).id, data["kind"]
        answers = None
        if kind == "answer":
            answers = s.scalar(select(Speech).where(Speech.id == data.get("answers_speech_id"), Speech.session_id == cs.id,
                                                    Speech.kind == "question"))
            if answers is None:
                raise ApiError(422, "invalid", "Trả lời chất vấn phải gắn với một câu chất vấn.",
                               "An answer must belong to a question.", field="answers_speech_id")
        sp_kind = kind
        if kind == "discussion":
            spoken, _ = _discussion_count(s, cs.id, item.id, user_id)
            sp_kind = rules.speech_kind(kind, spoken)
        current = current_speech(s, cs.id)
        if current:
            _end(s, current)
        sp = Speech(council_id=cs.council_id, session_id=cs.id, agenda_item_id=item.id, user_id=user_id, kind=sp_kind,
                    request_id=req and req.id, answers_speech_id=answers and answers.id,
                    addressee=req.addressee if req else (answers.addressee if answers else ""),
                    subject=req.subject if req else data.get("subject") or "", limit_s=limits[sp_kind], started_at=utcnow())
        if req:
            req.status = "speaking"
        s.add(sp)
        s.flush()
        return record(s, cs, chair_id, "speech.started", {"speech_id": sp.id, "user_id": user_id, "kind": sp_kind})


def _live_speech(s: Session, cs: CouncilSession) -> Speech:
    sp = current_speech(s, cs.id)
    if sp is None:
        raise conflict("no_speech", "Không có ai đang phát biểu.", "Nobody is speaking.")
    return sp


def end_speech(cs: CouncilSession, chair_id: int) -> Event:
    with transaction() as s:
        cs = s.merge(cs)
        sp = _live_speech(s, cs)
        _end(s, sp)
        return record(s, cs, chair_id, "speech.ended", {"speech_id": sp.id, "duration_s": sp.duration_s,
                                                         "overrun_s": sp.overrun_s})


def timer(cs: CouncilSession, chair_id: int, action: str, seconds: int = 0) -> Event | None:
    with transaction() as s:
        cs = s.merge(cs)
        sp = _live_speech(s, cs)
        now = utcnow()
        if action == "add":
            sp.added_s += seconds
        elif action == "pause":
            if sp.paused_at:
                return None
            sp.paused_at = now
        elif action == "resume":
            if not sp.paused_at:
                return None
            sp.paused_total_s += (now - sp.paused_at).total_seconds()
            sp.paused_at = None
        return record(s, cs, chair_id, f"speech.{action}", {"speech_id": sp.id, "seconds": seconds})


def manage_queue(cs: CouncilSession, chair_id: int, action: str, data: dict) -> Event | None:
    with transaction() as s:
        cs = s.merge(cs)
        item = _item(s, cs)
        if action in ("close", "reopen"):
            closed = action == "close"
            if item.speakers_closed == closed:
                return None
            item.speakers_closed = closed
        elif action == "remove":
            r = _request_of(s, cs, data.get("request_id") or 0)
            if r.status != "waiting":
                return None
            r.status = "removed"
        elif action == "move":
            r = _request_of(s, cs, data.get("request_id") or 0)
            queue = [q for q in _waiting(s, cs.id, item.id) if q.id != r.id]
            queue.insert(max(0, min(data.get("index") or 0, len(queue))), r)
            for pos, q in enumerate(queue):  # the chair's order holds from now on
                q.manual_position = float(pos)
        elif action == "allow_more":
            u = _member(s, cs, data.get("user_id") or 0, guests=False)
            extra = dict(item.speaking_extra or {})
            extra[str(u.id)] = int(extra.get(str(u.id), 0)) + 1
            item.speaking_extra = extra
        return record(s, cs, chair_id, f"floor.{action}", {k: v for k, v in data.items() if v is not None})


def write_opinion(cs: CouncilSession, user_id: int, text: str, item_id: int | None = None) -> WrittenOpinion:
    """Gửi ý kiến bằng văn bản. On a named item: any item of the session, from its publication until bế mạc.
    Without one: the current item, in place of speaking once its list is closed."""
    with transaction() as s:
        cs = s.merge(cs)
        if item_id is None:
            item = _item(s, cs)
            if not item.speakers_closed:
                raise conflict("list_open", "Danh sách phát biểu chưa khóa: hãy đăng ký phát biểu.",
                               "The list of speakers is still open: ask for the floor.")
        else:
            if cs.status not in ("published", "in_progress"):
                raise conflict("session_not_open_for_opinions",
                               "Chỉ gửi ý kiến bằng văn bản từ khi kỳ họp được công bố đến khi bế mạc.",
                               "Written opinions are accepted from the session's publication until it closes.")
            item = s.get(AgendaItem, item_id)
            if item is None or item.session_id != cs.id:
                raise ApiError(422, "invalid", "Nội dung này không thuộc kỳ họp.", "The agenda item is not of this session.",
                               field="agenda_item_id")
        op = WrittenOpinion(council_id=cs.council_id, session_id=cs.id, agenda_item_id=item.id, user_id=user_id, text=text)
        s.add(op)
    return op


def log(s: Session, session_id: int) -> dict:
    speeches = s.scalars(select(Speech).where(Speech.session_id == session_id).order_by(Speech.started_at)).all()
    opinions = s.scalars(select(WrittenOpinion).where(WrittenOpinion.session_id == session_id)
                         .order_by(WrittenOpinion.created_at)).all()
    return {"speeches": [speech_json(s, sp) for sp in speeches],
            "written": [{"id": o.id, **_person(s.get(User, o.user_id)), "agenda_item_id": o.agenda_item_id,
                         "text": o.text, "created_at": o.created_at.isoformat()} for o in opinions]}
