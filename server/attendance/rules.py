"""Quorum: counted against ALL delegates of the council's term, never against those who came."""
from __future__ import annotations


def required_for_quorum(total: int, num: int, den: int) -> int:
    """Smallest head count that is at least num/den of total (integer arithmetic, no float rounding)."""
    return -(-total * num // den)


def quorum_met(present: int, total: int, num: int, den: int) -> bool:
    return total > 0 and present * den >= total * num


def summary(present: int, total: int, num: int, den: int) -> dict:
    return {"present": present, "total": total, "absent": total - present,
            "required": required_for_quorum(total, num, den), "quorum_met": quorum_met(present, total, num, den)}
