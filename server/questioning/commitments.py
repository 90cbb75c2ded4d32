"""Commitments (lời hứa): what an official committed to, by a deadline, recorded by the standing committee,
followed to done; the official reports progress on their own. One transaction per use case, each an entry on
the chain (of the session it was made at, or of the council)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from server.accounts.models import User
from server.db import transaction
from server.errors import ApiError, invalid
from server.questioning import render, scope
from server.questioning.models import Commitment, QuestionGroup, QuestionSlip
from server.questioning.slips import entry


def make(actor: User, data: dict) -> Commitment:
    with transaction() as s:
        official = scope.official_in(s, actor.council_id, data["official_id"])
        session_id = data.get("session_id")
        if session_id:
            scope.session_of(s, actor, session_id)
        slip_id, group_id = data.get("slip_id"), data.get("group_id")
        if slip_id:
            slip = s.get(QuestionSlip, slip_id)
            if slip is None or slip.council_id != actor.council_id:
                raise invalid("slip_id", "Phiếu chất vấn không tồn tại.", "No such question slip.")
            session_id = session_id or slip.session_id
        if group_id:
            g = s.get(QuestionGroup, group_id)
            if g is None or g.council_id != actor.council_id:
                raise invalid("group_id", "Nhóm vấn đề không tồn tại.", "No such issue group.")
            session_id = session_id or g.session_id
        c = Commitment(council_id=actor.council_id, session_id=session_id, slip_id=slip_id, group_id=group_id,
                       official_id=official.id, text=data["text"], deadline=data["deadline"], status="open",
                       progress="", public=False, created_by_id=actor.id)
        s.add(c)
        s.flush()
        entry(s, actor, session_id, "commitment.made", {"commitment_id": c.id, "official_id": official.id,
                                                        "deadline": c.deadline.isoformat()})
        return c


def update(actor: User, commitment_id: int, changes: dict) -> Commitment:
    with transaction() as s:
        c = scope.commitment_for(actor, commitment_id, s)
        changes = {k: v for k, v in changes.items() if v is not None or k == "progress"}
        if "text" in changes and not changes["text"]:
            raise invalid("text", "Nội dung lời hứa không được để trống.", "The commitment's text must not be empty.")
        for key in ("text", "deadline", "public"):
            if key in changes:
                setattr(c, key, changes[key])
        if "progress" in changes:
            c.progress = changes["progress"] or ""
        if changes.get("status") and changes["status"] != c.status:
            c.status = changes["status"]
            c.done_on = render.today() if c.status == "done" else None
        _entry(s, actor, c, "commitment.updated", {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                                                   for k, v in changes.items() if k != "progress"})
        return c


def progress(actor: User, commitment_id: int, text: str) -> Commitment:
    """The official reports how far their own commitment has come."""
    with transaction() as s:
        c = scope.commitment_for(actor, commitment_id, s)
        if c.official_id != actor.id:
            raise ApiError(403, "forbidden", "Chỉ người đã hứa báo cáo được tiến độ.",
                           "Only the official who committed may report progress.")
        c.progress = text
        _entry(s, actor, c, "commitment.progress", {})
        return c


def _entry(s: Session, actor: User, c: Commitment, kind: str, data: dict) -> None:
    entry(s, actor, c.session_id, kind, {"commitment_id": c.id, **data})


def listing(actor: User, f: dict, s: Session) -> list[Commitment]:
    q = scope.visible_commitments(actor)
    for key in ("status", "official_id", "session_id"):
        if f.get(key):
            q = q.where(getattr(Commitment, key) == f[key])
    return list(s.scalars(q.order_by(Commitment.deadline, Commitment.id)))
