"""Casting a ballot: exactly once, acknowledged only when committed, the hottest path there is.

Open votes store the named choice. Secret kinds store the ballot exactly as the voter's tablet encrypted
it, after every proof of it has been verified (docs/ballots.md); nothing here can read its choice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server import group_commit
from server.accounts.models import User
from server.db import db, utcnow
from server.errors import ApiError, conflict
from server.journal import signal
from server.voting import elgamal, rules
from server.voting.counting import poll_context, questions_of
from server.voting.models import CountingKey, EncryptedBallot, OpenBallot, Poll, PollVoter, UsedCiphertext

RECEIPT_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


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
_INSERT_SECRET = EncryptedBallot.__table__.insert()
_INSERT_USED = UsedCiphertext.__table__.insert()
_INSERT_OPEN = OpenBallot.__table__.insert()


@dataclass(frozen=True)
class _Encrypted:
    """What checking a poll's encrypted ballots needs; fixed from its opening, so kept per process."""
    context: str
    key: bytes
    questions: list


def _encrypted(poll_id: int, council_id: int) -> _Encrypted | None:
    """None for an open vote (or a poll that is not open: the transaction then says why). Looked up once per
    poll and process; the lookup's read transaction ends at once, so that a burst of ballots waiting for
    their group commit holds no database connection (the writer needs one)."""
    known = current_app.extensions.setdefault("kyhop.encrypted_polls", {})
    if (council_id, poll_id) in known:  # per council: another council's poll id stays unknown to its users
        return known[(council_id, poll_id)]
    s = db()
    try:
        p = s.scalar(select(Poll).where(Poll.id == poll_id, Poll.council_id == council_id))
        if p is None or (p.kind in rules.SECRET_KINDS and p.status != "open"):
            return None
        found = None
        if p.kind in rules.SECRET_KINDS:
            found = _Encrypted(poll_context(p), elgamal.point(s.get(CountingKey, p.key_id).public_key),
                               questions_of(s, p))
        known[(council_id, poll_id)] = found  # an open vote stays one; a secret poll's key and options are fixed once open
        return found
    finally:
        s.commit()


def _open_poll_for_cast(s: Session, poll_id: int, council_id: int):
    p = s.connection().execute(_CAST_POLL, {"p_id": poll_id, "c_id": council_id}).first()
    if p is None:
        raise ApiError(404, "not_found", "Không tìm thấy cuộc biểu quyết.", "Poll not found.")
    if p.status != "open" or utcnow() >= p.deadline:
        raise conflict("poll_closed", "Cuộc biểu quyết đã kết thúc, phiếu không được ghi nhận.",
                       "The poll is closed; the ballot was not recorded.")
    return p


def cast(poll_id: int, user: User, choice, ballot, request_id: str) -> dict:
    """Record one ballot: `choice` for an open vote, `ballot` (encrypted) for the secret kinds. Retrying with
    the same request id (open) or the same ballot (secret) returns the same answer.

    The common case costs three statements: the poll (held shared, see below), claiming the voter's
    "has not voted yet" flag, and the ballot. Everything else — a retry, a change, a refusal — is worked
    out only when the claim fails. A secret ballot's proofs are checked before, outside the transaction.
    """
    if not RECEIPT_RE.match(request_id):
        raise ApiError(422, "invalid", "Mã yêu cầu không hợp lệ.", "Invalid request id.", field="request_id")
    enc = _encrypted(poll_id, user.council_id)
    if enc is None:
        if choice not in rules.ANSWERS:
            raise ApiError(422, "invalid", "Phiếu không hợp lệ.", "Invalid ballot.", field="choice")
        return group_commit.run(_cast_open, poll_id, user.id, user.council_id, choice, request_id)
    try:
        elgamal.verify_ballot(enc.context, enc.key, enc.questions, ballot)
        alphas = [a for ans in ballot["answers"] for a, _ in ans["choices"]]
        if len(set(alphas)) != len(alphas):
            raise elgamal.ProofError("a ciphertext is repeated")
    except elgamal.ProofError as e:
        raise ApiError(422, "invalid_ballot", "Phiếu không hợp lệ, không được ghi nhận.",
                       f"Invalid ballot, not recorded: {e}.", field="ballot") from None
    return group_commit.run(_cast_secret, poll_id, user.id, user.council_id, ballot,
                            elgamal.tracker(enc.context, ballot), alphas)


def _cast_open(s: Session, poll_id: int, user_id: int, council_id: int, choice: str, request_id: str) -> dict:
    try:
        with s.begin_nested():
            p = _open_poll_for_cast(s, poll_id, council_id)
            if p.kind != "open":  # it opened as a secret kind while this request was on its way
                raise _must_encrypt()
            conn = s.connection()
            if conn.execute(_CLAIM, {"p_id": p.id, "u_id": user_id}).rowcount:
                conn.execute(_INSERT_OPEN, {"council_id": p.council_id, "poll_id": p.id, "user_id": user_id,
                                            "choice": choice, "request_id": request_id, "cast_at": utcnow()})
                signal(s, "ballot.cast", poll_id=p.id)  # the count on the board screens, after commit
                return _open_answer(p, choice, request_id)
            return _open_not_claimed(s, p, user_id, choice, request_id)
    except IntegrityError:
        # a concurrent request of the same voter got there first: answer as the retry it is, or refuse
        return _open_not_claimed(s, s.get(Poll, poll_id), user_id, None, request_id, retry_only=True)


def _open_answer(p, choice, request_id: str) -> dict:
    return {"recorded": True, "poll_id": p.id, "choice": choice, "request_id": request_id}


def _entitled(s: Session, p, user_id: int) -> None:
    voter = s.scalar(select(PollVoter).where(PollVoter.poll_id == p.id, PollVoter.user_id == user_id))
    if voter is None or not voter.present:
        raise ApiError(403, "not_entitled",
                       "Bạn không có quyền biểu quyết trong lượt này (chưa điểm danh khi biểu quyết bắt đầu).",
                       "You may not vote in this poll (you were not checked in when it opened).")


def _open_not_claimed(s: Session, p, user_id: int, choice, request_id: str, retry_only: bool = False) -> dict:
    """The voter could not be marked as voting now: not entitled, a retry, a change, or a second ballot."""
    _entitled(s, p, user_id)
    existing = s.scalar(select(OpenBallot).where(OpenBallot.poll_id == p.id, OpenBallot.user_id == user_id))
    if existing is not None and existing.request_id == request_id:
        return _open_answer(p, existing.choice, request_id)
    if retry_only or existing is None or not p.changeable:
        raise _already_voted()
    existing.choice, existing.request_id, existing.cast_at = choice, request_id, utcnow()
    return {**_open_answer(p, choice, request_id), "changed": True}


def _cast_secret(s: Session, poll_id: int, user_id: int, council_id: int, ballot: dict, tracker: str,
                 alphas: list[str]) -> dict:
    try:
        with s.begin_nested():
            p = _open_poll_for_cast(s, poll_id, council_id)
            conn = s.connection()
            if conn.execute(_CLAIM, {"p_id": p.id, "u_id": user_id}).rowcount:
                conn.execute(_INSERT_SECRET, {"poll_id": p.id, "voter_id": user_id, "council_id": p.council_id,
                                              "tracker": tracker, "ballot": ballot})
                conn.execute(_INSERT_USED, [{"poll_id": p.id, "alpha": a} for a in alphas])
                signal(s, "ballot.cast", poll_id=p.id)
                return {"recorded": True, "poll_id": p.id, "tracker": tracker}
            return _secret_not_claimed(s, p, user_id, ballot, tracker, alphas)
    except IntegrityError:
        # a ciphertext of it is on the board already: this voter's retry, or (part of) another ballot copied
        return _secret_not_claimed(s, s.get(Poll, poll_id), user_id, None, tracker, alphas, retry_only=True)


def _secret_not_claimed(s: Session, p, user_id: int, ballot, tracker: str, alphas: list[str],
                        retry_only: bool = False) -> dict:
    _entitled(s, p, user_id)
    mine = s.get(EncryptedBallot, (p.id, user_id))
    if mine is not None and mine.tracker == tracker:
        return {"recorded": True, "poll_id": p.id, "tracker": tracker}
    if s.scalar(select(UsedCiphertext.alpha).where(UsedCiphertext.poll_id == p.id, UsedCiphertext.alpha.in_(alphas))
                .limit(1)) is not None:
        raise ApiError(422, "ballot_replayed",
                       "Phiếu này dùng lại phần mã hóa của một phiếu đã bỏ (phiếu sao chép), không được ghi nhận.",
                       "This ballot reuses a ciphertext already cast (a copy); it was not recorded.", field="ballot")
    if retry_only or mine is None or not p.changeable:
        raise _already_voted()
    mine.ballot, mine.tracker = ballot, tracker  # recast: the last valid ballot counts
    s.connection().execute(_INSERT_USED, [{"poll_id": p.id, "alpha": a} for a in alphas])
    return {"recorded": True, "poll_id": p.id, "tracker": tracker, "changed": True}


def _must_encrypt() -> ApiError:
    return conflict("poll_is_secret", "Cuộc biểu quyết này là bỏ phiếu kín: phiếu phải được mã hóa trên máy tính bảng.",
                    "This poll is secret: the ballot must be encrypted on the tablet.")


def _already_voted() -> ApiError:
    return conflict("already_voted", "Bạn đã biểu quyết; phiếu đã ghi nhận không thay đổi được.",
                    "You have already voted; a recorded ballot cannot be changed.")

