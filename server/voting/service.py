"""Polls: prepare, open (snapshot who may vote), cast (exactly once), close (judge by the rule), repeat."""
from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.accounts.models import DELEGATE_ROLES, User
from server.agenda.models import AgendaItem
from server.attendance.models import Attendance
from server import group_commit
from server.db import db, transaction, utcnow
from server.errors import ApiError, conflict
from server.live.bus import LiveEvent, record
from server.sessions.models import CouncilSession
from server.voting import rules
from server.voting.models import OpenBallot, Poll, PollCorrection, PollOption, PollVoter, SecretBallot

RECEIPT_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def rule_of(p: Poll) -> rules.Rule:
    return rules.Rule(p.rule_base, p.rule_num, p.rule_den, p.rule_strict)


def options_of(s: Session, poll_id: int) -> list[PollOption]:
    return list(s.scalars(select(PollOption).where(PollOption.poll_id == poll_id).order_by(PollOption.position)))


def progress(s: Session, p: Poll) -> dict:
    cast = s.scalar(select(func.count()).select_from(PollVoter).where(PollVoter.poll_id == p.id,
                                                                      PollVoter.has_voted.is_(True))) or 0
    return {"poll_id": p.id, "cast": cast, "entitled": p.present_snapshot or 0}


def poll_json(s: Session, p: Poll, full: bool = False) -> dict:
    """The poll; its result without the per-delegate list and the receipts unless `full` (those can be
    long: events and snapshots, which go to every tablet, carry the summary only)."""
    out = {"id": p.id, "session_id": p.session_id, "agenda_item_id": p.agenda_item_id, "kind": p.kind,
           "title": p.title, "secret": p.kind in rules.SECRET_KINDS, "status": p.status,
           "rule": {"base": p.rule_base, "num": p.rule_num, "den": p.rule_den, "strict": p.rule_strict,
                    "text": rule_of(p).describe()},
           "seats": p.seats, "changeable": p.changeable, "duration_s": p.duration_s, "repeat_of_id": p.repeat_of_id,
           "opened_at": p.opened_at and p.opened_at.isoformat(), "deadline": p.deadline and p.deadline.isoformat(),
           "closed_at": p.closed_at and p.closed_at.isoformat(),
           "total": p.total_snapshot, "present": p.present_snapshot,
           "options": [{"id": o.id, "label": o.label} for o in options_of(s, p.id)],
           "result": p.result if full or not p.result else
           {k: v for k, v in p.result.items() if k not in ("named", "receipts")}}
    if full:
        out["corrections"] = [{"id": c.id, "reason": c.reason, "delegate_id": c.delegate_id, "choice": c.choice,
                               "author_id": c.author_id, "at": c.at.isoformat()}
                              for c in s.scalars(select(PollCorrection).where(PollCorrection.poll_id == p.id)
                                                 .order_by(PollCorrection.id))]
    if p.status == "open":
        out["progress"] = progress(s, p)
    return out


def create_poll(cs: CouncilSession, actor_id: int, data: dict, options: list[str], rule: rules.Rule) -> Poll:
    with transaction() as s:
        cs = s.merge(cs)
        if cs.status == "closed":
            raise conflict("session_closed", "Kỳ họp đã bế mạc.", "The session is closed.")
        if data.get("agenda_item_id") is not None and s.scalar(select(AgendaItem.id).where(
                AgendaItem.id == data["agenda_item_id"], AgendaItem.session_id == cs.id)) is None:
            raise ApiError(422, "invalid", "Mục chương trình không thuộc kỳ họp này.",
                           "The agenda item is not of this session.", field="agenda_item_id")
        p = Poll(council_id=cs.council_id, session_id=cs.id, created_by_id=actor_id, status="draft",
                 rule_base=rule.base, rule_num=rule.num, rule_den=rule.den, rule_strict=rule.strict, **data)
        s.add(p)
        s.flush()
        s.add_all(PollOption(council_id=cs.council_id, poll_id=p.id, position=i, label=label)
                  for i, label in enumerate(options))
    return p


def _session_of(s: Session, p: Poll) -> CouncilSession:
    return s.get(CouncilSession, p.session_id)


def open_poll(p: Poll, actor_id: int, acknowledge_small: bool, duration_s: int | None = None) -> LiveEvent:
    with transaction() as s:
        p = s.merge(p)
        cs = _session_of(s, p)
        if p.status != "draft":
            raise conflict("poll_not_draft", "Cuộc biểu quyết này đã được mở trước đó.", "This poll was already opened.")
        if cs.status != "in_progress":
            raise conflict("session_not_in_progress", "Chỉ biểu quyết khi kỳ họp đang diễn ra.",
                           "Polls can be opened only while the session is in progress.")
        if s.scalar(select(Poll.id).where(Poll.session_id == cs.id, Poll.status == "open")):
            raise conflict("poll_already_open", "Đang có một cuộc biểu quyết khác.", "Another poll is open.")
        delegates = s.execute(
            select(User.id, Attendance.status)
            .outerjoin(Attendance, (Attendance.user_id == User.id) & (Attendance.session_id == cs.id))
            .where(User.council_id == cs.council_id, User.term_id == cs.term_id, User.role.in_(DELEGATE_ROLES),
                   User.active.is_(True))).all()
        present = [uid for uid, st in delegates if st == "present"]
        if not present:
            raise conflict("nobody_present", "Chưa có đại biểu nào điểm danh.", "No delegate has checked in.")
        if rules.needs_small_electorate_warning(p.kind, len(present)) and not acknowledge_small:
            raise conflict("small_electorate",
                           f"Chỉ có {len(present)} đại biểu bỏ phiếu: nếu kết quả tuyệt đối, mọi lựa chọn sẽ bị lộ. "
                           "Xác nhận để tiếp tục.",
                           f"Only {len(present)} voters: a unanimous result would reveal every choice. "
                           "Confirm to go ahead.", voters=len(present))
        s.add_all(PollVoter(poll_id=p.id, user_id=uid, council_id=p.council_id, present=st == "present")
                  for uid, st in delegates)
        now = utcnow()
        p.duration_s = duration_s or p.duration_s
        p.status, p.opened_at, p.opened_by_id = "open", now, actor_id
        p.deadline = now + timedelta(seconds=p.duration_s)
        p.total_snapshot, p.present_snapshot = len(delegates), len(present)
        s.flush()
        return record(s, cs, actor_id, "poll.opened", {"poll_id": p.id, "total": p.total_snapshot,
                                                       "present": p.present_snapshot},
                      patch={"poll": poll_json(s, p)})


# Casting is the hottest path there is (a whole hall votes within a second): its statements are built
# once, with bound parameters, and run as Core statements without ORM bookkeeping.
_polls, _voters = Poll.__table__, PollVoter.__table__
_CAST_POLL = (select(_polls.c.id, _polls.c.kind, _polls.c.status, _polls.c.deadline, _polls.c.changeable,
                     _polls.c.council_id)
              .where(_polls.c.id == bindparam("p_id"), _polls.c.council_id == bindparam("c_id"))
              # FOR SHARE: ballots in flight hold the poll row shared, so closing (an UPDATE of that row)
              # waits for them to commit and counts them; once closed, no later ballot gets in.
              # (SQLite serializes writers anyway.)
              .with_for_update(read=True))
_CLAIM = (_voters.update().where(_voters.c.poll_id == bindparam("p_id"), _voters.c.user_id == bindparam("u_id"),
                                 _voters.c.present.is_(True), _voters.c.has_voted.is_(False))
          .values(has_voted=True))
_INSERT_SECRET = SecretBallot.__table__.insert()
_INSERT_OPEN = OpenBallot.__table__.insert()


def _open_poll_for_cast(s: Session, poll_id: int, council_id: int):
    p = s.connection().execute(_CAST_POLL, {"p_id": poll_id, "c_id": council_id}).first()
    if p is None:
        raise ApiError(404, "not_found", "Không tìm thấy cuộc biểu quyết.", "Poll not found.")
    if p.status != "open" or utcnow() >= p.deadline:
        raise conflict("poll_closed", "Cuộc biểu quyết đã kết thúc, phiếu không được ghi nhận.",
                       "The poll is closed; the ballot was not recorded.")
    return p


def cast(poll_id: int, user: User, choice, request_id: str, replaces: str | None = None) -> dict:
    """Record one ballot. Retrying with the same request id returns the same answer; for secret kinds the
    request id is the voter's receipt, generated by their tablet, so the server never keeps a link.

    The common case costs three statements: the poll (held shared, see below), claiming the voter's
    "has not voted yet" flag, and the ballot. Everything else — a retry, a change, a refusal — is worked
    out only when the claim fails.
    """
    if not RECEIPT_RE.match(request_id):
        raise ApiError(422, "invalid", "Mã yêu cầu không hợp lệ.", "Invalid request id.", field="request_id")
    return group_commit.run(_cast, poll_id, user.id, user.council_id, choice, request_id, replaces)


def _cast(s: Session, poll_id: int, user_id: int, council_id: int, choice, request_id: str,
          replaces: str | None) -> dict:
    try:
        with s.begin_nested():
            p = _open_poll_for_cast(s, poll_id, council_id)
            options = [o.id for o in options_of(s, p.id)] if p.kind in ("election", "confidence") else []
            if not rules.validate_choice(p.kind, choice, options):
                raise ApiError(422, "invalid", "Phiếu không hợp lệ.", "Invalid ballot.", field="choice")
            secret = p.kind in rules.SECRET_KINDS
            if secret and replaces is not None:
                return _replace_secret(s, p, choice, request_id, replaces)
            conn = s.connection()
            if conn.execute(_CLAIM, {"p_id": p.id, "u_id": user_id}).rowcount:
                if secret:
                    conn.execute(_INSERT_SECRET, {"poll_id": p.id, "receipt": request_id, "choice": choice})
                else:
                    conn.execute(_INSERT_OPEN, {"council_id": p.council_id, "poll_id": p.id, "user_id": user_id,
                                                "choice": choice, "request_id": request_id, "cast_at": utcnow()})
                return _answer(p, choice, request_id)
            return _not_claimed(s, p, user_id, choice, request_id)
    except IntegrityError:
        # a concurrent request of the same voter got there first: answer as the retry it is, or refuse
        return _not_claimed(s, s.get(Poll, poll_id), user_id, None, request_id, retry_only=True)


def _answer(p, choice, request_id: str) -> dict:
    if p.kind in rules.SECRET_KINDS:
        return {"recorded": True, "poll_id": p.id, "receipt": request_id}
    return {"recorded": True, "poll_id": p.id, "choice": choice, "request_id": request_id}


def _not_claimed(s: Session, p, user_id: int, choice, request_id: str, retry_only: bool = False) -> dict:
    """The voter could not be marked as voting now: not entitled, a retry, a change, or a second ballot."""
    voter = s.scalar(select(PollVoter).where(PollVoter.poll_id == p.id, PollVoter.user_id == user_id))
    if voter is None or not voter.present:
        raise ApiError(403, "not_entitled",
                       "Bạn không có quyền biểu quyết trong lượt này (chưa điểm danh khi biểu quyết bắt đầu).",
                       "You may not vote in this poll (you were not checked in when it opened).")
    if p.kind in rules.SECRET_KINDS:
        if s.get(SecretBallot, (p.id, request_id)) is not None:
            return _answer(p, None, request_id)
        raise _already_voted()
    existing = s.scalar(select(OpenBallot).where(OpenBallot.poll_id == p.id, OpenBallot.user_id == user_id))
    if existing is not None and existing.request_id == request_id:
        return _answer(p, existing.choice, request_id)
    if retry_only or existing is None or not p.changeable:
        raise _already_voted()
    existing.choice, existing.request_id, existing.cast_at = choice, request_id, utcnow()
    return {**_answer(p, choice, request_id), "changed": True}


def _already_voted() -> ApiError:
    return conflict("already_voted", "Bạn đã biểu quyết; phiếu đã ghi nhận không thay đổi được.",
                    "You have already voted; a recorded ballot cannot be changed.")


def _replace_secret(s: Session, p, choice, receipt: str, replaces: str) -> dict:
    """Changing a secret ballot (changeable polls only): the old receipt, known only to its voter, proves it."""
    if s.get(SecretBallot, (p.id, receipt)) is not None:
        return _answer(p, choice, receipt)  # a retry of the change
    if not p.changeable:
        raise _already_voted()
    old = s.get(SecretBallot, (p.id, replaces))
    if old is None:
        raise ApiError(422, "invalid", "Mã phiếu cũ không đúng.", "Unknown receipt to replace.", field="replaces")
    s.delete(old)
    s.add(SecretBallot(poll_id=p.id, receipt=receipt, choice=choice))
    return {**_answer(p, choice, receipt), "changed": True}


def tally(s: Session, p: Poll) -> dict:
    """The result of a poll from its ballots, judged on the snapshot taken at opening."""
    total, present = p.total_snapshot or 0, p.present_snapshot or 0
    voted = s.scalar(select(func.count()).select_from(PollVoter).where(PollVoter.poll_id == p.id,
                                                                       PollVoter.has_voted.is_(True))) or 0
    if p.kind == "open":
        ballots = dict(s.execute(select(OpenBallot.user_id, OpenBallot.choice).where(OpenBallot.poll_id == p.id)).all())
        res = rules.answer_result(Counter(ballots.values()), total, present, rule_of(p))
        voters = s.execute(select(PollVoter.user_id, PollVoter.present, User.full_name)
                           .join(User, User.id == PollVoter.user_id).where(PollVoter.poll_id == p.id)
                           .order_by(User.full_name)).all()
        res["named"] = [{"user_id": uid, "full_name": name,
                         "choice": ballots.get(uid) or ("did_not_vote" if here else "absent")}
                        for uid, here, name in voters]
        res["consistent"] = len(ballots) == voted
        return res
    ballots = s.scalars(select(SecretBallot).where(SecretBallot.poll_id == p.id).order_by(SecretBallot.receipt)).all()
    cast = len(ballots)
    if p.kind == "secret":
        res = rules.answer_result(Counter(b.choice for b in ballots), total, present, rule_of(p))
    elif p.kind == "election":
        votes = {o.id: 0 for o in options_of(s, p.id)}
        for b in ballots:
            for cand in b.choice:
                votes[cand] += 1
        res = rules.election_result(votes, p.seats or 1, total, present, cast)
    else:
        ratings: dict[int, Counter] = {o.id: Counter() for o in options_of(s, p.id)}
        for b in ballots:
            for person, rating in b.choice.items():
                ratings[int(person)][rating] += 1
        res = rules.confidence_result(ratings, total, present, cast)
    # published after close so every voter can find their receipt and check their ballot was counted
    res["receipts"] = [{"receipt": b.receipt, "choice": b.choice} for b in ballots]
    res["consistent"] = cast == voted
    return res


def close_poll(p: Poll, actor_id: int | None) -> LiveEvent | None:
    """Close (by the chair, or at the deadline with no actor). Safe to race: only one closer wins."""
    with transaction() as s:
        now = utcnow()
        won = s.execute(update(Poll).where(Poll.id == p.id, Poll.status == "open")
                        .values(status="closed", closed_at=now, closed_by_id=actor_id)).rowcount
        if not won:
            return None
        p = s.get(Poll, p.id)
        s.refresh(p)
        p.result = tally(s, p)
        s.flush()
        cs = _session_of(s, p)
        return record(s, cs, actor_id, "poll.closed",
                      {"poll_id": p.id, "auto": actor_id is None, "result": _audit_result(p)},
                      patch={"poll": poll_json(s, p)})


def _audit_result(p: Poll) -> dict:
    """What the session record keeps of a result: totals only (never receipts or names of secret polls)."""
    r = dict(p.result)
    r.pop("receipts", None)
    return r


def cancel_poll(p: Poll, actor_id: int) -> LiveEvent:
    with transaction() as s:
        won = s.execute(update(Poll).where(Poll.id == p.id, Poll.status.in_(("draft", "open")))
                        .values(status="cancelled", closed_at=utcnow(), closed_by_id=actor_id)).rowcount
        if not won:
            raise conflict("poll_finished", "Cuộc biểu quyết đã kết thúc.", "The poll has already ended.")
        p = s.get(Poll, p.id)
        s.refresh(p)
        return record(s, _session_of(s, p), actor_id, "poll.cancelled", {"poll_id": p.id},
                      patch={"poll": poll_json(s, p)})


def repeat_poll(p: Poll, actor_id: int) -> Poll:
    """Biểu quyết lại: a new draft linked to the old poll, which stays in the archive as it was."""
    if p.status not in ("closed", "cancelled"):
        raise conflict("poll_not_finished", "Chỉ biểu quyết lại sau khi cuộc biểu quyết đã kết thúc.",
                       "A poll can be repeated only after it has ended.")
    with transaction() as s:
        labels = [o.label for o in options_of(s, p.id)]
        new = Poll(council_id=p.council_id, session_id=p.session_id, agenda_item_id=p.agenda_item_id, kind=p.kind,
                   title=p.title, rule_base=p.rule_base, rule_num=p.rule_num, rule_den=p.rule_den,
                   rule_strict=p.rule_strict, seats=p.seats, changeable=p.changeable, duration_s=p.duration_s,
                   status="draft", repeat_of_id=p.id, created_by_id=actor_id)
        s.add(new)
        s.flush()
        s.add_all(PollOption(council_id=p.council_id, poll_id=new.id, position=i, label=label)
                  for i, label in enumerate(labels))
    return new


def close_due() -> list[LiveEvent]:
    """Close every open poll whose deadline has passed, in any council (run by the deadline keeper)."""
    s = db()
    due = s.scalars(select(Poll).where(Poll.status == "open", Poll.deadline <= utcnow())).all()
    s.commit()
    return [ev for ev in (close_poll(p, None) for p in due) if ev is not None]


def current_poll(s: Session, session_id: int) -> Poll | None:
    """The open poll of the session, else the one that ended last (the hall display shows its result)."""
    return s.scalar(select(Poll).where(Poll.session_id == session_id, Poll.status != "draft")
                    .order_by((Poll.status == "open").desc(), Poll.opened_at.desc().nullslast(), Poll.id.desc())
                    .limit(1))


def my_vote(s: Session, p: Poll, user_id: int) -> dict | None:
    voter = s.scalar(select(PollVoter).where(PollVoter.poll_id == p.id, PollVoter.user_id == user_id))
    if voter is None:
        return None
    out = {"poll_id": p.id, "entitled": voter.present, "has_voted": voter.has_voted}
    if p.kind == "open" and voter.has_voted:
        out["choice"] = s.scalar(select(OpenBallot.choice).where(OpenBallot.poll_id == p.id,
                                                                 OpenBallot.user_id == user_id))
    return out


def correct(p: Poll, actor_id: int, reason: str, delegate_id: int | None, choice: str | None) -> LiveEvent:
    """Record a correction to a closed poll. The result itself is never rewritten."""
    if p.status != "closed":
        raise conflict("poll_not_closed", "Chỉ đính chính cuộc biểu quyết đã kết thúc.", "Only a closed poll can be corrected.")
    if (delegate_id is None) != (choice is None):
        raise ApiError(422, "invalid", "Cần cả đại biểu và lựa chọn đính chính.", "Give both the delegate and the choice.",
                       field="choice")
    with transaction() as s:
        if delegate_id is not None:
            if p.kind != "open":
                raise ApiError(422, "invalid", "Phiếu kín không thể đính chính theo từng người.",
                               "A secret ballot cannot be corrected per voter.", field="delegate_id")
            if s.get(PollVoter, (p.id, delegate_id)) is None:
                raise ApiError(422, "invalid", "Đại biểu không thuộc cuộc biểu quyết này.",
                               "That delegate is not on this poll's roll.", field="delegate_id")
        c = PollCorrection(council_id=p.council_id, poll_id=p.id, author_id=actor_id, reason=reason,
                           delegate_id=delegate_id, choice=choice)
        s.add(c)
        s.flush()
        return record(s, _session_of(s, p), actor_id, "poll.corrected",
                      {"poll_id": p.id, "correction_id": c.id, "reason": reason, "delegate_id": delegate_id,
                       "choice": choice})
