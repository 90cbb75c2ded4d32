"""Slips, groups and commitments as the API answers them (server/questioning/shapes.py), read in one go for
a list. A slip's live answer is read from the speeches: the `answer` speech of its group's official on the
group's sub-item."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.accounts.models import User
from server.councils.models import Agency
from server.db import utcnow
from server.petitions.cases import visible_cases
from server.petitions.models import PetitionCase
from server.questioning import rules, scope
from server.questioning.models import Commitment, QuestionGroup, QuestionSlip
from server.speaking.models import Speech


def today():
    return rules.today_vn(utcnow())


def people(s: Session, ids) -> dict[int, dict]:
    """id -> {id, full_name, agency: {id, name}} (an account of no agency: an empty one)."""
    ids = {i for i in ids if i}
    if not ids:
        return {}
    rows = s.execute(select(User.id, User.full_name, Agency.id, Agency.name)
                     .outerjoin(Agency, Agency.id == User.agency_id).where(User.id.in_(ids))).all()
    return {uid: {"id": uid, "full_name": name, "agency": {"id": aid or 0, "name": aname or ""}}
            for uid, name, aid, aname in rows}


def live_answers(s: Session, groups: list[QuestionGroup]) -> dict[int, Speech]:
    """group id -> the first answer its official gave on its sub-item."""
    placed = {g.agenda_item_id: g for g in groups if g.agenda_item_id}
    if not placed:
        return {}
    out: dict[int, Speech] = {}
    for sp in s.scalars(select(Speech).where(Speech.agenda_item_id.in_(placed), Speech.kind == "answer")
                        .order_by(Speech.started_at, Speech.id)):
        g = placed[sp.agenda_item_id]
        if sp.user_id == g.official_id:
            out.setdefault(g.id, sp)
    return out


def slips_json(s: Session, rows: list[QuestionSlip], viewer: User) -> list[dict]:
    if not rows:
        return []
    follows = {f.id: f for f in s.scalars(scope.visible_slips(viewer).where(
        QuestionSlip.id.in_({r.follows_up_id for r in rows if r.follows_up_id})))}
    who = people(s, [r.author_id for r in rows] + [r.official_id for r in rows] + [f.official_id for f in follows.values()])
    case_ids = {i for r in rows for i in (r.case_ids or [])}
    # the cited cases the viewer may see themself (petitions' own scope): a case's summary may name voters
    cases = {c.id: {"id": c.id, "code": c.code, "summary": c.summary, "status": c.status}
             for c in s.scalars(visible_cases(viewer).where(PetitionCase.id.in_(case_ids)))} if case_ids else {}
    groups = list(s.scalars(select(QuestionGroup).where(QuestionGroup.id.in_({r.group_id for r in rows if r.group_id}))))
    spoken = live_answers(s, groups)
    t = today()
    out = []
    for r in rows:
        answer, status = None, r.status
        if r.answered_at is not None:
            answer = {"mode": "written", "text": r.answer_text, "at": r.answered_at.isoformat(),
                      "late": rules.late(r.answered_at, r.answer_deadline), "speech_id": None}
        elif r.group_id in spoken and r.status != "withdrawn":
            sp = spoken[r.group_id]
            answer = {"mode": "live", "text": "", "at": sp.started_at.isoformat(),
                      "late": rules.late(sp.started_at, r.answer_deadline), "speech_id": sp.id}
            status = "answered"
        f = follows.get(r.follows_up_id)
        out.append({"id": r.id, "author": {"id": r.author_id, "full_name": who[r.author_id]["full_name"]},
                    "official": who[r.official_id], "session_id": r.session_id, "text": r.text,
                    "cases": [cases[i] for i in (r.case_ids or []) if i in cases],
                    "follows_up": f and {"id": f.id, "text": f.text, "official": who[f.official_id]},
                    "group_id": r.group_id, "status": status, "answer": answer,
                    "answer_deadline": r.answer_deadline.isoformat() if r.answer_deadline else None,
                    "overdue": rules.slip_overdue(r.status, r.answer_deadline, answer is not None, t),
                    "public": r.public, "created_at": r.created_at.isoformat()})
    return out


def groups_json(s: Session, groups: list[QuestionGroup], viewer: User) -> list[dict]:
    if not groups:
        return []
    slips = list(s.scalars(scope.visible_slips(viewer).where(QuestionSlip.group_id.in_([g.id for g in groups]))
                           .order_by(QuestionSlip.id)))
    rendered = dict(zip([x.id for x in slips], slips_json(s, slips, viewer)))
    who = people(s, [g.official_id for g in groups])
    return [{"id": g.id, "title": g.title, "official": who[g.official_id], "selected": g.selected,
             "agenda_item_id": g.agenda_item_id, "position": g.position, "session_id": g.session_id,
             "slips": [rendered[x.id] for x in slips if x.group_id == g.id]} for g in groups]


def commitments_json(s: Session, rows: list[Commitment]) -> list[dict]:
    who = people(s, [c.official_id for c in rows])
    t = today()
    return [{"id": c.id, "official": who[c.official_id], "session_id": c.session_id, "slip_id": c.slip_id,
             "group_id": c.group_id, "text": c.text, "deadline": c.deadline.isoformat(), "status": c.status,
             "done_on": c.done_on.isoformat() if c.done_on else None, "progress": c.progress,
             "overdue": rules.commitment_overdue(c.status, c.deadline, t), "public": c.public,
             "created_at": c.created_at.isoformat()} for c in rows]
