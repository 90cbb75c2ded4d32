"""Reading polls: the JSON every screen and the API show, the session's current poll, a voter's own state."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.voting import rules
from server.voting.counting import PUBLISHED_LISTS, options_of, poll_context, progress, questions_of
from server.voting.models import CountingKey, EncryptedBallot, KeyMember, OpenBallot, PartialDecryption, Poll, \
    PollCorrection, PollVoter


def poll_json(s: Session, p: Poll, full: bool = False) -> dict:
    """The poll; its result without the per-delegate list and the trackers unless `full` (those can be
    long: events and snapshots, which go to every tablet, carry the summary only)."""
    out = {"id": p.id, "session_id": p.session_id, "agenda_item_id": p.agenda_item_id, "kind": p.kind,
           "title": p.title, "secret": p.kind in rules.SECRET_KINDS, "status": p.status,
           "rule": p.rule.as_json(),
           "seats": p.seats, "changeable": p.changeable, "duration_s": p.duration_s, "repeat_of_id": p.repeat_of_id,
           "opened_at": p.opened_at and p.opened_at.isoformat(), "deadline": p.deadline and p.deadline.isoformat(),
           "closed_at": p.closed_at and p.closed_at.isoformat(), "counted_at": p.counted_at and p.counted_at.isoformat(),
           "total": p.total_snapshot, "present": p.present_snapshot,
           "options": [{"id": o.id, "label": o.label} for o in options_of(s, p.id)],
           "result": p.result if full or not p.result else
           {k: v for k, v in p.result.items() if k not in ("named", *PUBLISHED_LISTS)}}
    if full:
        out["corrections"] = [{"id": c.id, "reason": c.reason, "delegate_id": c.delegate_id, "choice": c.choice,
                               "author_id": c.author_id, "at": c.at.isoformat()}
                              for c in s.scalars(select(PollCorrection).where(PollCorrection.poll_id == p.id)
                                                 .order_by(PollCorrection.id))]
    if p.key_id is not None:  # what a tablet encrypts with (docs/ballots.md)
        out["encryption"] = {"key_id": p.key_id, "context": poll_context(p),
                             "public_key": s.get(CountingKey, p.key_id).public_key,
                             "questions": [list(q) for q in questions_of(s, p)]}
    if p.status == "open":
        out["progress"] = progress(s, p)
    if p.status == "counting":
        out["counting"] = counting_progress(s, p)
    return out


def counting_progress(s: Session, p: Poll) -> dict:
    """Ban kiểm phiếu: who of the committee has confirmed the count, and how many must."""
    key = s.get(CountingKey, p.key_id)
    done = set(s.scalars(select(PartialDecryption.number).where(PartialDecryption.poll_id == p.id)))
    members = s.execute(select(KeyMember.number, KeyMember.user_id).where(KeyMember.key_id == p.key_id)
                        .order_by(KeyMember.number)).all()
    return {"confirmed": len(done), "needed": key.threshold, "size": len(members),
            "members": [{"number": n, "user_id": uid, "confirmed": n in done} for n, uid in members]}


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
    elif voter.has_voted:  # the voter's own tracker, to find on the board; it reveals nothing of the choice
        out["tracker"] = s.scalar(select(EncryptedBallot.tracker).where(EncryptedBallot.poll_id == p.id,
                                                                        EncryptedBallot.voter_id == user_id))
    return out
