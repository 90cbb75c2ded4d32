"""Questioning in the archive: the slips, their answers and the commitments as the public archive shows them
(what the council published: `slip.public`, `commitment.public`) and as a meeting's bundle carries them.

Read through the questioning area's own rendering (server/questioning/render.py), as the council's office
reads them, then cut to what an archive may show: the delegates' and officials' names are public, the petition
cases a slip cites are not (their summaries may name voters), nor an earlier slip it follows up unless that one
is published too. A commitment's status is one of open, overdue, done."""
from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from server.questioning import render
from server.questioning.models import Commitment, QuestionGroup, QuestionSlip
from server.sessions.models import CouncilSession


def _office(council_id: int):
    """Who reads for the archive: the council's office, which sees every slip of the council."""
    return SimpleNamespace(council_id=council_id, role="secretary")


def slips_json(s: Session, rows: list[QuestionSlip], public: bool) -> list[dict]:
    rows = [r for r in rows if r.public or not public]
    shown = {r.id for r in rows} | (set() if public else {r.follows_up_id for r in rows})
    out = []
    for r in render.slips_json(s, rows, _office(rows[0].council_id)) if rows else []:
        follows = r.pop("follows_up")
        r.pop("cases")
        out.append({**r, "follows_up_id": follows["id"] if follows and follows["id"] in shown else None})
    return out


def commitments_json(s: Session, rows: list[Commitment], public: bool) -> list[dict]:
    rows = [c for c in rows if c.public or not public]
    return [{**c, "status": "overdue" if c["overdue"] else c["status"]} for c in render.commitments_json(s, rows)]


def of_council(s: Session, council_id: int) -> dict:
    """Everything the council published, newest first."""
    slips = s.scalars(select(QuestionSlip).where(QuestionSlip.council_id == council_id, QuestionSlip.public.is_(True),
                                                 QuestionSlip.status != "withdrawn")
                      .order_by(QuestionSlip.created_at.desc(), QuestionSlip.id.desc())).all()
    made = s.scalars(select(Commitment).where(Commitment.council_id == council_id, Commitment.public.is_(True))
                     .order_by(Commitment.deadline, Commitment.id)).all()
    return {"slips": slips_json(s, list(slips), True), "commitments": commitments_json(s, list(made), True)}


def of_meeting(s: Session, cs: CouncilSession, public: bool) -> dict:
    """A meeting's questioning for its bundle: the slips written for it or in its issue groups, with their
    answers, and the commitments made at it (`public`: the published ones only)."""
    groups = select(QuestionGroup.id).where(QuestionGroup.session_id == cs.id)
    slips = s.scalars(select(QuestionSlip).where(QuestionSlip.council_id == cs.council_id,
                                                 or_(QuestionSlip.session_id == cs.id, QuestionSlip.group_id.in_(groups)))
                      .order_by(QuestionSlip.id)).all()
    made = s.scalars(select(Commitment).where(Commitment.session_id == cs.id).order_by(Commitment.id)).all()
    return {"slips": slips_json(s, list(slips), public), "commitments": commitments_json(s, list(made), public)}


def publishes(s: Session, council_id: int) -> bool:
    """Whether the council published a slip or a commitment."""
    return any(s.scalar(select(m.id).where(m.council_id == council_id, m.public.is_(True)).limit(1)) is not None
               for m in (QuestionSlip, Commitment))
