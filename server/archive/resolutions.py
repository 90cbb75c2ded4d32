"""The resolutions register: a passed draft resolution becomes a numbered resolution."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.archive.models import Resolution
from server.archive.rules import resolution_code
from server.db import transaction
from server.documents.models import Document
from server.errors import ApiError, conflict
from server.journal import record
from server.sessions.models import CouncilSession
from server.voting.models import Poll


def resolution_json(r: Resolution) -> dict:
    return {"id": r.id, "code": r.code, "number": r.number, "year": r.year, "normative": r.normative, "title": r.title,
            "adopted_on": r.adopted_on.isoformat(), "poll_id": r.poll_id, "session_id": r.session_id,
            "document_id": r.document_id}


def of_council(s: Session, council_id: int, year: int | None = None) -> list[Resolution]:
    q = select(Resolution).where(Resolution.council_id == council_id).order_by(Resolution.year.desc(), Resolution.number.desc())
    if year:
        q = q.where(Resolution.year == year)
    return list(s.scalars(q))


def register(p: Poll, actor_id: int, data: dict) -> Resolution:
    """Number the resolution a passed vote adopted: the next number of the council's year."""
    if p.status != "closed" or not (p.result or {}).get("passed"):
        raise conflict("not_passed", "Chỉ vào sổ nghị quyết đã được biểu quyết thông qua.",
                       "Only a resolution passed by a closed vote can be registered.")
    for _attempt in range(3):  # two registrations racing for the same number: the loser takes the next
        try:
            with transaction() as s:
                cs = s.get(CouncilSession, p.session_id)
                if data.get("document_id") is not None and s.scalar(select(Document.id).where(
                        Document.id == data["document_id"], Document.session_id == cs.id)) is None:
                    raise ApiError(422, "invalid", "Văn bản không thuộc kỳ họp này.", "The document is not of this session.",
                                   field="document_id")
                if s.scalar(select(Resolution.id).where(Resolution.poll_id == p.id)):
                    raise conflict("already_registered", "Nghị quyết này đã vào sổ.", "This resolution is already registered.")
                adopted = data.get("adopted_on") or p.closed_at.date()
                number = 1 + (s.scalar(select(func.max(Resolution.number)).where(
                    Resolution.council_id == p.council_id, Resolution.year == adopted.year)) or 0)
                r = Resolution(council_id=p.council_id, session_id=cs.id, poll_id=p.id, document_id=data.get("document_id"),
                               year=adopted.year, number=number, normative=data["normative"],
                               code=resolution_code(number, adopted.year, data["normative"]),
                               title=data.get("title") or p.title, adopted_on=adopted, created_by_id=actor_id)
                s.add(r)
                s.flush()
                record(s, cs, actor_id, "resolution.registered", {"resolution_id": r.id, "code": r.code, "poll_id": p.id})
            return r
        except IntegrityError:
            continue
    raise conflict("numbering_busy", "Không cấp được số nghị quyết, vui lòng thử lại.", "Could not number the resolution; try again.")
