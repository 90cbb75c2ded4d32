"""Counting: ballots cast so far, and a poll's result from its ballots judged on the snapshot at opening."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.accounts.models import User
from server.voting import rules
from server.voting.models import OpenBallot, Poll, PollOption, PollVoter, SecretBallot


def options_of(s: Session, poll_id: int) -> list[PollOption]:
    return list(s.scalars(select(PollOption).where(PollOption.poll_id == poll_id).order_by(PollOption.position)))


def progress(s: Session, p: Poll) -> dict:
    cast = s.scalar(select(func.count()).select_from(PollVoter).where(PollVoter.poll_id == p.id,
                                                                      PollVoter.has_voted.is_(True))) or 0
    return {"poll_id": p.id, "cast": cast, "entitled": p.present_snapshot or 0}


def tally(s: Session, p: Poll) -> dict:
    """The result of a poll from its ballots, judged on the snapshot taken at opening."""
    total, present = p.total_snapshot or 0, p.present_snapshot or 0
    voted = s.scalar(select(func.count()).select_from(PollVoter).where(PollVoter.poll_id == p.id,
                                                                       PollVoter.has_voted.is_(True))) or 0
    if p.kind == "open":
        ballots = dict(s.execute(select(OpenBallot.user_id, OpenBallot.choice).where(OpenBallot.poll_id == p.id)).all())
        res = rules.answer_result(Counter(ballots.values()), total, present, p.rule)
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
        res = rules.answer_result(Counter(b.choice for b in ballots), total, present, p.rule)
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
