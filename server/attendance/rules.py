"""Quorum: counted against ALL members entitled to sit (a kỳ họp: the council's delegates of the term; a meeting:
its group's members), never against those who came, and never counting an invitee."""
from __future__ import annotations


def required_for_quorum(total: int, num: int, den: int, strict: bool = False) -> int:
    """Smallest head count that is at least num/den of total — or, strict, more than num/den of it (integer
    arithmetic, no float rounding)."""
    return total * num // den + 1 if strict else -(-total * num // den)


def quorum_met(present: int, total: int, num: int, den: int, strict: bool = False) -> bool:
    return total > 0 and present >= required_for_quorum(total, num, den, strict)


def summary(present: int, total: int, num: int, den: int, strict: bool = False) -> dict:
    return {"present": present, "total": total, "absent": total - present,
            "required": required_for_quorum(total, num, den, strict),
            "quorum_met": quorum_met(present, total, num, den, strict)}
