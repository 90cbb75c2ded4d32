"""Counting: ballots cast so far, a poll's encrypted totals, and its result judged on the snapshot at opening."""
from __future__ import annotations

import hashlib
import json
from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.accounts.models import User
from server.voting import elgamal, rules
from server.voting.models import EncryptedBallot, OpenBallot, Poll, PollOption, PollVoter


def options_of(s: Session, poll_id: int) -> list[PollOption]:
    return list(s.scalars(select(PollOption).where(PollOption.poll_id == poll_id).order_by(PollOption.position)))


def poll_context(p: Poll) -> str:
    """What a poll's ballots and decryptions are bound to (docs/ballots.md "Contexts")."""
    return f"poll:{p.id}:{p.key_id}"


def voted_count(s: Session, poll_id: int) -> int:
    return s.scalar(select(func.count()).select_from(PollVoter).where(PollVoter.poll_id == poll_id,
                                                                      PollVoter.has_voted.is_(True))) or 0


def progress(s: Session, p: Poll) -> dict:
    return {"poll_id": p.id, "cast": voted_count(s, p.id), "entitled": p.present_snapshot or 0}


def open_tally(s: Session, p: Poll) -> dict:
    """An open vote's result from its named ballots, judged on the snapshot taken at opening."""
    total, present = p.total_snapshot or 0, p.present_snapshot or 0
    ballots = dict(s.execute(select(OpenBallot.user_id, OpenBallot.choice).where(OpenBallot.poll_id == p.id)).all())
    res = rules.answer_result(Counter(ballots.values()), total, present, p.rule)
    voters = s.execute(select(PollVoter.user_id, PollVoter.present, User.full_name)
                       .join(User, User.id == PollVoter.user_id).where(PollVoter.poll_id == p.id)
                       .order_by(User.full_name)).all()
    res["named"] = [{"user_id": uid, "full_name": name,
                     "choice": ballots.get(uid) or ("did_not_vote" if here else "absent")}
                    for uid, here, name in voters]
    res["consistent"] = len(ballots) == voted_count(s, p.id)
    return res


def questions_of(s: Session, p: Poll) -> list[tuple[int, int, int]]:
    return rules.ballot_questions(p.kind, len(options_of(s, p.id)), p.seats)


def ballots_of(s: Session, poll_id: int) -> list[EncryptedBallot]:
    return list(s.scalars(select(EncryptedBallot).where(EncryptedBallot.poll_id == poll_id)
                          .order_by(EncryptedBallot.tracker)))


def trackers_of(s: Session, poll_id: int) -> list[str]:
    """The trackers of the poll's ballots, sorted: what the board names them by (the ballots left unread)."""
    return list(s.scalars(select(EncryptedBallot.tracker).where(EncryptedBallot.poll_id == poll_id)
                          .order_by(EncryptedBallot.tracker)))


# lists published beside a result (for every voter to check), not part of its judgement
PUBLISHED_LISTS = ("trackers", "receipts")  # receipts: secret polls closed before 0004


def encrypted_totals(s: Session, p: Poll) -> list:
    """The homomorphic sum of the poll's ballots (each verified when cast): the encrypted count per choice."""
    rows = [[[(elgamal.point(a), elgamal.point(b)) for a, b in ans["choices"]] for ans in b.ballot["answers"]]
            for b in ballots_of(s, p.id)]
    return elgamal.aggregate(questions_of(s, p), rows)


def board_digest(trackers: list[str], totals: list) -> dict:
    """What closing pins in the chain of an encrypted poll: the ballots on the board and their sum."""
    return {"trackers_sha256": hashlib.sha256("|".join(sorted(trackers)).encode()).hexdigest(),
            "totals_sha256": hashlib.sha256(json.dumps(totals, separators=(",", ":")).encode()).hexdigest()}


def secret_result(s: Session, p: Poll, counts: list[list[int]], trackers: list[str]) -> dict:
    """A secret kind's result from its decrypted totals; the trackers let every voter find their ballot."""
    total, present, cast = p.total_snapshot or 0, p.present_snapshot or 0, len(trackers)
    option_ids = [o.id for o in options_of(s, p.id)]
    by_choice = rules.counts_by_choice(p.kind, counts, option_ids)
    if p.kind == "secret":
        res = rules.answer_result(by_choice, total, present, p.rule)
    elif p.kind == "election":
        res = rules.election_result(by_choice, p.seats or 1, total, present, cast)
    else:
        res = rules.confidence_result(by_choice, total, present, cast)
    res["counts"] = counts  # as decrypted, in the ballot's order: what the board proves
    res["trackers"] = trackers
    res["consistent"] = cast == voted_count(s, p.id)
    return res
