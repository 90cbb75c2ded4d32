"""Thông báo kết luận of a meeting (the standing committee's, an explanation meeting, a committee's, a giao ban):
drafted from the record — who chaired and attended, the agenda, every question asked (at the meeting, and the
slips of its selected issue groups), every answer (live, with its length; in writing, late ones marked), the
explaining body's presentation, every commitment made at the meeting — then the secretary's text, rendered and
signed like the minutes (`minutes.Paper`). A plenary session has minutes, not a conclusion notice."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.accounts.models import User
from server.agenda.service import agenda_json, items_of
from server.archive import minutes
from server.archive.minutes import SIGN_HINT, Paper, hm, signer
from server.archive.models import Conclusion
from server.attendance.models import Attendance
from server.councils.models import Group
from server.documents.official import VN
from server.errors import conflict
from server.questioning import render
from server.questioning import rules as q_rules
from server.questioning.models import Commitment, QuestionGroup, QuestionSlip
from server.sessions.models import MEETING_KINDS, CouncilSession, SessionInvitee
from server.speaking.models import Speech

ANSWERED_KINDS = ("question", "answer", "explanation")  # the speeches a conclusion notice names
ACCEPTED_VI = "Những nội dung được làm rõ, tiếp thu"
TO_DO_VI = "Những việc phải thực hiện"
UNWRITTEN = "…"  # what the secretary writes in


def meeting_only(cs: CouncilSession) -> None:
    if cs.kind not in MEETING_KINDS:
        raise conflict("not_a_meeting", "Kỳ họp có biên bản; thông báo kết luận là của phiên họp.",
                       "A session has minutes; a conclusion notice is a meeting's.")


def _day(dt) -> str:
    return f"{dt.astimezone(VN):%d/%m/%Y}"


def _minutes(seconds: int | None) -> str:
    return f"{(seconds or 0) / 60:.1f} phút".replace(".", ",")  # Vietnamese writes a decimal comma


def _quoted(text: str) -> str:
    return f"«{' '.join(text.split())}»"


def draft(s: Session, cs: CouncilSession) -> str:
    items = agenda_json(items_of(s, cs.id))
    speeches = s.scalars(select(Speech).where(Speech.session_id == cs.id, Speech.kind.in_(ANSWERED_KINDS))
                         .order_by(Speech.started_at, Speech.id)).all()
    groups = s.scalars(select(QuestionGroup).where(QuestionGroup.session_id == cs.id, QuestionGroup.selected.is_(True))
                       .order_by(QuestionGroup.position, QuestionGroup.id)).all()
    slips = s.scalars(select(QuestionSlip).where(QuestionSlip.group_id.in_([g.id for g in groups]),
                                                 QuestionSlip.status != "withdrawn")
                      .order_by(QuestionSlip.id)).all() if groups else []
    made = s.scalars(select(Commitment).where(Commitment.session_id == cs.id).order_by(Commitment.id)).all()
    who = render.people(s, [sp.user_id for sp in speeches] + [x.author_id for x in slips] + [x.official_id for x in slips]
                        + [g.official_id for g in groups] + [c.official_id for c in made]
                        + [x.answered_by_id for x in slips])
    lines = ["# Thời gian, địa điểm",
             f"{cs.title}, ngày {cs.start_date:%d/%m/%Y}" + (f" đến ngày {cs.end_date:%d/%m/%Y}" if cs.end_date != cs.start_date else "")
             + f", tại {cs.location or '…'}."
             + (f" Khai mạc lúc {hm(cs.opened_at)} ngày {_day(cs.opened_at)}." if cs.opened_at else ""),
             "# Thành phần",
             f"Chủ trì: {signer(s, cs, 'session.opened', 'chair') or '…'}.",
             *_attendance_lines(s, cs),
             "# Nội dung",
             *[f"{i['number']}. {i['title']}" + (f" (trình bày: {i['presenter']})" if i.get("presenter") else "") for i in items]]
    by_item = {g.agenda_item_id: g for g in groups if g.agenda_item_id}
    unplaced = [g for g in groups if not g.agenda_item_id]
    asked = []
    for item in items:
        said = [sp for sp in speeches if sp.agenda_item_id == item["id"]]
        group = by_item.get(item["id"])
        if not said and group is None:
            continue
        asked.append(f"## {item['number']}. {item['title']}")
        if group is not None:
            asked += _group_lines(group, [x for x in slips if x.group_id == group.id], who)
        asked += [_speech_line(sp, who) for sp in said]
    for group in unplaced:
        asked.append(f"## {group.title}")
        asked += _group_lines(group, [x for x in slips if x.group_id == group.id], who)
    if asked:
        lines += ["# Diễn biến: giải trình, chất vấn và trả lời chất vấn", *asked]
    promised = [_commitment_line(c, who) for c in made]
    if cs.kind == "explanation":
        lines += ["# Kết luận", f"## {ACCEPTED_VI}", UNWRITTEN, f"## {TO_DO_VI}", *(promised or [UNWRITTEN])]
    else:
        if promised:
            lines += ["# Lời hứa, cam kết tại phiên họp", *promised]
        lines += ["# Kết luận", UNWRITTEN]
    return "\n".join(lines)


def _attendance_lines(s: Session, cs: CouncilSession) -> list[str]:
    present = s.scalars(select(User.full_name).join(Attendance, Attendance.user_id == User.id)
                        .where(Attendance.session_id == cs.id, Attendance.status == "present")
                        .order_by(User.full_name)).all()
    invited = s.scalars(select(User.full_name).join(SessionInvitee, SessionInvitee.user_id == User.id)
                        .where(SessionInvitee.session_id == cs.id).order_by(User.full_name)).all()
    lines = [f"Dự họp: {', '.join(present)}." if present else "Dự họp: …"]
    if invited:
        lines.append(f"Khách mời: {', '.join(invited)}.")
    return lines


def _official(who: dict, uid: int) -> str:
    p = who.get(uid) or {"full_name": "…", "agency": {"name": ""}}
    return p["full_name"] + (f" ({p['agency']['name']})" if p["agency"]["name"] else "")


def _group_lines(group: QuestionGroup, slips: list[QuestionSlip], who: dict) -> list[str]:
    lines = [f"Nhóm vấn đề «{group.title}», người trả lời: {_official(who, group.official_id)}."]
    for x in slips:
        lines.append(f"Phiếu chất vấn số {x.id} của đại biểu {who[x.author_id]['full_name']} gửi "
                     f"{_official(who, x.official_id)}" + (f" (tái chất vấn phiếu số {x.follows_up_id})" if x.follows_up_id else "")
                     + f": {_quoted(x.text)}")
        if x.answered_at is not None:
            late = q_rules.late(x.answered_at, x.answer_deadline)
            lines.append(f"Trả lời bằng văn bản của {_official(who, x.answered_by_id or x.official_id)} ngày {_day(x.answered_at)}"
                         + (f" — quá hạn (hạn {x.answer_deadline:%d/%m/%Y})" if late else "") + f": {_quoted(x.answer_text)}")
        elif x.answer_deadline is not None:
            lines.append(f"Trả lời bằng văn bản: hạn {x.answer_deadline:%d/%m/%Y}, chưa trả lời.")
    return lines


def _speech_line(sp: Speech, who: dict) -> str:
    name = who[sp.user_id]["full_name"]
    head = f"{hm(sp.started_at)}: "
    if sp.kind == "question":
        return (head + f"Đại biểu {name} chất vấn{f' {sp.addressee}' if sp.addressee else ''}"
                + (f": {_quoted(sp.subject)}" if sp.subject else "") + f", {_minutes(sp.duration_s)}.")
    if sp.kind == "answer":
        return (head + f"{_official(who, sp.user_id)} trả lời chất vấn trực tiếp"
                + (f" ({_quoted(sp.subject)})" if sp.subject else "") + f", {_minutes(sp.duration_s)}.")
    return (head + f"{_official(who, sp.user_id)} trình bày giải trình"
            + (f" ({_quoted(sp.subject)})" if sp.subject else "") + f", {_minutes(sp.duration_s)}.")


def _commitment_line(c: Commitment, who: dict) -> str:
    return f"{_official(who, c.official_id)}: {' '.join(c.text.split())} — thời hạn {c.deadline:%d/%m/%Y}."


def signers(s: Session, cs: CouncilSession) -> dict:
    """One signer for the body that met (NĐ 30/2020: the recipients left, the signer right): the standing
    committee's chair, or the committee's head at a committee's meeting."""
    group = s.get(Group, cs.group_id) if cs.group_id else None
    role = (f"TM. {group.name.upper()}\nTRƯỞNG BAN" if cs.kind == "committee" and group
            else "TM. THƯỜNG TRỰC HĐND\nCHỦ TỊCH")
    return {"signers": [{"role": role, "hint": SIGN_HINT, "name": signer(s, cs, "session.closed", "chair")}],
            "recipients": ["- Thành phần dự họp;", "- Các cơ quan có liên quan;", "- Lưu: VT."]}


CONCLUSION = Paper(kind="conclusion", model=Conclusion, heading_kind="TB", title="THÔNG BÁO KẾT LUẬN",
                   stem="thong-bao-ket-luan", name_vi="Thông báo kết luận", name_en="conclusion notice",
                   draft=draft, signers=signers, check=meeting_only)
PAPERS = {p.kind: p for p in (minutes.MINUTES, CONCLUSION)}
