"""Delegate activity per term, for the council's yearly evaluation: attendance, speeches, votes, and
questioning — the slips written (not withdrawn), the questions asked at sessions and meetings (question
speeches), the follow-ups (slips following up an earlier one: tái chất vấn)."""
from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.accounts.models import User
from server.attendance.models import Attendance
from server.councils.models import Term
from server.councils.service import delegates_of
from server.questioning.models import QuestionSlip
from server.sessions.members import members_of
from server.sessions.models import CouncilSession
from server.speaking.models import Speech
from server.speaking.rules import SPEECH_KINDS
from server.voting.models import Poll, PollVoter
from server.voting.rules import line


def activity(s: Session, council_id: int, term_id: int) -> list[dict]:
    """Each delegate counted against the sessions and meetings they were entitled to sit (sessions/members.py
    members_of: every kỳ họp, the meetings of their groups) and those sessions' closed polls: a delegate outside
    the standing committee is not absent from its meetings."""
    held = list(s.scalars(select(CouncilSession).where(
        CouncilSession.council_id == council_id, CouncilSession.term_id == term_id,
        CouncilSession.status.in_(("in_progress", "closed")))))
    sessions = [cs.id for cs in held]
    delegates = s.scalars(delegates_of(council_id, term_id).order_by(User.full_name)).all()
    entitled_to: dict[int, set[int]] = defaultdict(set)  # delegate → the sessions they were entitled to
    for cs in held:
        for uid in s.scalars(members_of(cs).with_only_columns(User.id)):
            entitled_to[uid].add(cs.id)
    polls_of = Counter(dict(s.execute(select(Poll.session_id, func.count()).where(
        Poll.session_id.in_(sessions), Poll.status == "closed").group_by(Poll.session_id)).all()))
    counted = Attendance.session_id.in_(sessions)
    present = _per_user(s, Attendance, counted, Attendance.status == "present", entitled_to=entitled_to)
    excused = _per_user(s, Attendance, counted, Attendance.status == "excused", entitled_to=entitled_to)
    speeches: dict[int, Counter] = defaultdict(Counter)
    seconds: Counter = Counter()
    for uid, kind, dur in s.execute(select(Speech.user_id, Speech.kind, Speech.duration_s).where(
            Speech.session_id.in_(sessions), Speech.ended_at.is_not(None))):
        speeches[uid][kind] += 1
        seconds[uid] += dur or 0
    polls = select(Poll.id).where(Poll.session_id.in_(sessions), Poll.status == "closed")
    entitled = dict(s.execute(select(PollVoter.user_id, func.count()).where(
        PollVoter.poll_id.in_(polls), PollVoter.present.is_(True)).group_by(PollVoter.user_id)).all())
    voted = dict(s.execute(select(PollVoter.user_id, func.count()).where(
        PollVoter.poll_id.in_(polls), PollVoter.has_voted.is_(True)).group_by(PollVoter.user_id)).all())
    slips, follow_ups = _slips(s, council_id, term_id, sessions)
    rows = []
    for u in delegates:
        mine = entitled_to[u.id]
        n = len(mine)
        rows.append({
            "user_id": u.id, "full_name": u.full_name, "title": u.title, "constituency": u.constituency,
            "sessions": n, "present": present[u.id], "excused": excused[u.id],
            "attendance": line(present[u.id], n),
            "speeches": {k: speeches[u.id][k] for k in SPEECH_KINDS},
            "speaking_s": seconds[u.id], "polls": sum(polls_of[sid] for sid in mine),
            "polls_present": entitled.get(u.id, 0),
            "polls_voted": voted.get(u.id, 0), "slips": slips[u.id], "questions": speeches[u.id]["question"],
            "follow_ups": follow_ups[u.id]})
    return rows


def _per_user(s: Session, model, *where, entitled_to: dict[int, set[int]]) -> Counter:
    """How many of the rows matching `where` fall in a session the user was entitled to."""
    n: Counter = Counter()
    for uid, sid in s.execute(select(model.user_id, model.session_id).where(*where)):
        n[uid] += sid in entitled_to.get(uid, ())
    return n


def _slips(s: Session, council_id: int, term_id: int, sessions: list[int]) -> tuple[Counter, Counter]:
    """Slips written in the term, per author: those for its sessions and meetings, and those for none written
    in its years; and how many of them follow up an earlier slip."""
    term = s.get(Term, term_id)
    written, follow_ups = Counter(), Counter()
    for author, session_id, created, follows in s.execute(
            select(QuestionSlip.author_id, QuestionSlip.session_id, QuestionSlip.created_at, QuestionSlip.follows_up_id)
            .where(QuestionSlip.council_id == council_id, QuestionSlip.status != "withdrawn")):
        if session_id in sessions or (session_id is None and term.start_year <= created.year <= term.end_year):
            written[author] += 1
            follow_ups[author] += follows is not None
    return written, follow_ups


def as_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["Họ và tên", "Chức vụ", "Đơn vị bầu cử", "Số kỳ họp", "Có mặt", "Vắng có lý do", "Tỷ lệ dự họp (%)",
                *[f"Phát biểu: {k}" for k in SPEECH_KINDS], "Thời gian phát biểu (giây)", "Số lượt biểu quyết",
                "Có mặt khi biểu quyết", "Đã biểu quyết", "Phiếu chất vấn", "Chất vấn tại kỳ họp, phiên họp",
                "Tái chất vấn"])
    for r in rows:
        w.writerow([r["full_name"], r["title"], r["constituency"], r["sessions"], r["present"], r["excused"],
                    r["attendance"]["percent"],
                    *[r["speeches"][k] for k in SPEECH_KINDS], r["speaking_s"], r["polls"], r["polls_present"],
                    r["polls_voted"], r["slips"], r["questions"], r["follow_ups"]])
    return "\ufeff" + out.getvalue()  # BOM: Excel opens Vietnamese text correctly
