"""The rules of following petitions, over plain values: statuses and who may move a case where, overdue,
similarity of petitions, the sample draw, trace codes, the report's counts."""
from __future__ import annotations

import hashlib
import secrets
from collections import Counter
from datetime import date, timedelta

from server.councils.models import AGENCY_LEVELS as LEVELS  # noqa: F401 - thẩm quyền: xã, tỉnh, trung ương
from server.documents.rules import fold

FIELDS = ("land", "transport", "health", "education", "social_policy", "environment", "economy", "security",
          "administration", "other")
FIELD_VI = {"land": "Đất đai", "transport": "Giao thông", "health": "Y tế", "education": "Giáo dục",
            "social_policy": "Chính sách xã hội", "environment": "Môi trường", "economy": "Kinh tế",
            "security": "An ninh, trật tự", "administration": "Hành chính", "other": "Khác"}
LEVEL_VI = {"commune": "Cấp xã", "province": "Cấp tỉnh", "national": "Trung ương"}
STATUSES = ("received", "transferred", "in_progress", "resolved", "explained", "not_resolved", "reopened", "merged")
STATUS_VI = {"received": "Đã tiếp nhận", "transferred": "Đã chuyển", "in_progress": "Đang giải quyết",
             "resolved": "Đã giải quyết", "explained": "Đã giải trình, cung cấp thông tin",
             "not_resolved": "Chưa giải quyết", "reopened": "Mở lại", "merged": "Đã gộp"}
STEP_KINDS = ("transferred", "forwarded", "answered", "reopened", "merged", "finding")
# what an agency may report in an answer
ANSWER_STATUSES = ("in_progress", "resolved", "explained", "not_resolved")
# with an agency, waiting for its answer (overdue after the deadline)
OPEN_WITH_AGENCY = ("transferred", "in_progress", "reopened")
# the office may send a case (again) from these
TRANSFERABLE = ("received", "transferred", "in_progress", "not_resolved", "reopened")
REMIND_DAYS = 3  # days before a deadline the agency is reminded

# trace codes: no 0/O, 1/I/L to misread when a voter types it from a printed slip
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code() -> str:
    """A trace code like KN-7F3K-9QM2: unguessable (about 40 bits), easy to read aloud and type."""
    body = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
    return f"KN-{body[:4]}-{body[4:]}"


def normal_code(code: str) -> str:
    """What a voter types, as stored: upper case, dashes where they go, spaces and stray dashes ignored."""
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    if raw.startswith("KN"):
        raw = raw[2:]
    return f"KN-{raw[:4]}-{raw[4:]}" if len(raw) == 8 else ""


def can_transfer(status: str) -> bool:
    return status in TRANSFERABLE


def can_answer(status: str) -> bool:
    """An agency answers a case it holds: sent to it, being resolved, or reopened after a check."""
    return status in OPEN_WITH_AGENCY


def can_reopen(status: str) -> bool:
    """Reopened after a check or by the office: what the agency reported closed."""
    return status in ("resolved", "explained", "not_resolved")


def overdue(status: str, deadline: date | None, today: date) -> bool:
    return status in OPEN_WITH_AGENCY and deadline is not None and deadline < today


def due_for_reminder(status: str, deadline: date | None, today: date, days: int = REMIND_DAYS) -> bool:
    """The agency is reminded once when the deadline is `days` away or nearer, not after it has passed."""
    return status in OPEN_WITH_AGENCY and deadline is not None and today <= deadline <= today + timedelta(days=days)


# ---- similarity: petitions heard at several meetings about the same thing
_STOP = frozenset("va cua cho cac voi de la co duoc trong tai tren khong nay nhung mot nhu theo ve tu den khi "
                  "da dang se thi ma hay cung rat nhieu nhan dan cu tri kien nghi de nghi xem xet".split())


def words(folded: str) -> frozenset[str]:
    """The words of a folded text that say what it is about (without the commonest of the language)."""
    return frozenset(w for w in folded.split() if len(w) > 1 and w not in _STOP)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard of two word sets: 1.0 the same words, 0.0 nothing in common."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


SIMILAR = 0.35  # at least this much in common: offered for merging


def similar(target: frozenset[str], candidates: list[tuple[int, frozenset[str]]], limit: int = 10) -> list[tuple[int, float]]:
    """The candidates most like the target, best first, those at SIMILAR or above."""
    scored = [(cid, similarity(target, ws)) for cid, ws in candidates]
    return sorted([(c, round(s, 3)) for c, s in scored if s >= SIMILAR], key=lambda x: (-x[1], x[0]))[:limit]


# ---- the sample draw (giám sát xác suất)
VERDICTS = ("confirmed", "reopened")  # what a sampling group finds on site: resolved indeed, or not
SAMPLE_FILTERS = ("field", "agency_id")  # what a sample may be limited to


def draw(seed: str, population: list[int], size: int) -> list[int]:
    """`size` cases of the population, in draw order: each case's SHA-256 of seed and id, smallest first.
    Anyone with the seed (a chain entry's hash) and the population recomputes it."""
    ranked = sorted(set(population), key=lambda cid: hashlib.sha256(f"{seed}:{cid}".encode()).hexdigest())
    return ranked[:max(0, size)]


def in_population(case: dict, filters: dict) -> bool:
    """A case (its status, field, agency_id) is one a sample draws from: reported resolved by its agency, and
    of the field or agency the sample is limited to, if any."""
    return case.get("status") == "resolved" and all(case.get(k) == v for k, v in filters.items() if v is not None)


def round_key(name: str) -> str:
    """One round however it is typed: 'Quý IV/2026' and 'quy iv/2026' are the same round (one draw each)."""
    return fold(name)


def draw_problems(prev_hash: str, drawn: dict) -> list[str]:
    """Why a draw as its chain entry records it does not hold, or []: its seed is the hash of the entry before
    it (fixed before the draw), and its picks are the draw from that seed over its population."""
    out = []
    if drawn.get("seed") != prev_hash:
        out.append("its seed is not the hash of the chain entry before it")
    try:
        again = draw(drawn["seed"], drawn["population"], drawn["size"])
    except (KeyError, TypeError):
        again = None
    if again is None or again != drawn.get("picked"):
        out.append("its picks are not the draw from its seed over its population")
    return out


# ---- the report's counts
def counts(cases: list[dict], today: date) -> dict:
    """By field, agency, level and status, and the overdue ones, of the cases (merged ones are not counted)."""
    live = [c for c in cases if c["status"] != "merged"]
    return {
        "total": len(live),
        "by_field": dict(Counter(c["field"] for c in live)),
        "by_agency": dict(Counter(c["agency"] or "" for c in live)),
        "by_level": dict(Counter(c["level"] for c in live)),
        "by_status": dict(Counter(c["status"] for c in live)),
        "overdue": sorted(c["id"] for c in live if overdue(c["status"], c["deadline"], today)),
    }
