"""Biên bản kỳ họp: a draft written from the record, then the secretary's text; PDF and DOCX exports.
The same code serves every paper of the kind (`Paper`): a meeting's conclusion notice is the other
(server/archive/conclusion.py).

The text is plain: a line starting with "# " is a numbered section heading, "## " a sub-heading,
other lines are paragraphs. Both exports render the same text in the administrative layout of a
Vietnamese biên bản: national header, title, numbered sections, signatures.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.accounts.models import User
from server.agenda.service import agenda_json, items_of
from server.archive import rules
from server.archive.models import Minutes
from server.attendance.service import counts, roll
from server.councils.models import Council
from server.db import transaction, utcnow
from server.documents import official, storage
from server.documents.models import Document, DocumentVersion
from server.documents.official import VN
from server.errors import ApiError, conflict
from server.journal import record
from server.journal.models import SessionEvent
from server.sessions.models import CouncilSession
from server.sessions.service import sittings_of
from server.speaking.models import Speech, WrittenOpinion
from server.timestamping import token_info
from server.voting.counting import options_of
from server.voting.models import Poll

KIND_VI = {"discussion": "phát biểu thảo luận", "second": "phát biểu lần hai", "debate": "tranh luận",
           "question": "chất vấn", "answer": "trả lời chất vấn", "explanation": "giải trình", "report": "trình bày",
           "procedural": "ý kiến về thủ tục"}
ANS_VI = {"for": "Tán thành", "against": "Không tán thành", "abstain": "Không biểu quyết"}
RATING_VI = {"high": "tín nhiệm cao", "medium": "tín nhiệm", "low": "tín nhiệm thấp"}
SIGN_HINT = "(Ký, ghi rõ họ tên)"
OTHER_VI = "Các nội dung khác"  # polls on no agenda item, after the items' headings


def hm(dt) -> str:
    return dt.astimezone(VN).strftime("%H giờ %M")


def draft(s: Session, cs: CouncilSession) -> str:
    council = s.get(Council, cs.council_id)
    att = counts(s, cs)
    items = agenda_json(items_of(s, cs.id))
    lines = ["# Thời gian, địa điểm",
             f"{cs.title}, từ ngày {cs.start_date:%d/%m/%Y} đến ngày {cs.end_date:%d/%m/%Y}, tại {cs.location or '…'}."
             + (f" Khai mạc lúc {hm(cs.opened_at)} ngày {cs.opened_at.astimezone(VN):%d/%m/%Y}." if cs.opened_at else ""),
             "# Thành phần",
             f"Tổng số đại biểu {council.name}: {att['total']}.",
             *_attendance_lines(s, cs, att["total"]),
             "# Chương trình kỳ họp",
             *[f"{i['number']}. {i['title']}" for i in items],
             *_document_lines(s, cs),
             "# Diễn biến và kết quả"]
    speeches = s.scalars(select(Speech).where(Speech.session_id == cs.id).order_by(Speech.started_at)).all()
    polls = s.scalars(select(Poll).where(Poll.session_id == cs.id, Poll.status.in_(("closed", "cancelled")))
                      .order_by(Poll.closed_at)).all()
    headed = False
    for item in items:
        said = [sp for sp in speeches if sp.agenda_item_id == item["id"]]
        voted = [p for p in polls if p.agenda_item_id == item["id"]]
        if not said and not voted:
            continue
        lines.append(f"## {item['number']}. {item['title']}")
        headed = True
        for sp in said:
            lines.append(f"{hm(sp.started_at)}: {s.get(User, sp.user_id).full_name} {KIND_VI.get(sp.kind, sp.kind)}"
                         + (f" ({sp.subject})" if sp.subject else "") + f", {round((sp.duration_s or 0) / 60, 1)} phút.")
        for p in voted:
            lines += _poll_lines(s, p)
    loose = [p for p in polls if p.agenda_item_id is None]
    if loose and headed:  # not under the last item's heading, as if held there
        lines.append(f"## {OTHER_VI}")
    for p in loose:
        lines += _poll_lines(s, p)
    opinions = s.execute(select(WrittenOpinion, User.full_name).join(User, User.id == WrittenOpinion.user_id)
                         .where(WrittenOpinion.session_id == cs.id).order_by(WrittenOpinion.created_at)).all()
    if opinions:
        titles = {i["id"]: f"{i['number']}. {i['title']}" for i in items}
        lines.append("# Ý kiến bằng văn bản")
        lines += [f"Đại biểu {name}, về nội dung «{titles.get(o.agenda_item_id, '…')}»: {' '.join(o.text.split())}"
                  for o, name in opinions]
    lines += ["# Bế mạc",
              f"Kỳ họp bế mạc lúc {hm(cs.closed_at)} ngày {cs.closed_at.astimezone(VN):%d/%m/%Y}." if cs.closed_at else "…"]
    return "\n".join(lines)


def _document_lines(s: Session, cs: CouncilSession) -> list[str]:
    """The session's public documents with every version: a revision does not erase what was read before it.
    Only the public ones: the minutes are published, and a confidential document's title is not."""
    rows = s.execute(select(Document.id, Document.title, DocumentVersion.number, DocumentVersion.uploaded_at,
                            DocumentVersion.sha256)
                     .join(DocumentVersion, DocumentVersion.document_id == Document.id)
                     .where(Document.session_id == cs.id, Document.access == "public")
                     .order_by(Document.id, DocumentVersion.number)).all()
    lines, by_doc = [], {}
    for doc_id, title, number, at, sha in rows:
        by_doc.setdefault((doc_id, title), []).append(
            f"bản lần {number} ngày {at.astimezone(VN):%d/%m/%Y} (SHA-256 {sha[:12]}…)")
    for (_id, title), versions in by_doc.items():
        lines.append(f"{title}: {'; '.join(versions)}.")
    return ["## Tài liệu kỳ họp", *lines] if lines else []


def _attendance_lines(s: Session, cs: CouncilSession, total: int) -> list[str]:
    """Attendance at the opening of each sitting held (phiên họp), replayed from the record: who was
    present, who absent and why. A session without sittings on record: at its opening (khai mạc)."""
    events = s.execute(select(SessionEvent.kind, SessionEvent.at, SessionEvent.data)
                       .where(SessionEvent.session_id == cs.id).order_by(SessionEvent.seq)).all()
    marks = [(at, d["user_id"], d["status"], d.get("reason", "")) for kind, at, d in events if kind == "attendance.marked"]
    moments = [at.astimezone(VN) for kind, at, _ in events if kind != "attendance.marked"]
    sittings = sittings_of(s, cs.id)
    opened = rules.sitting_openings([(st.id, st.date, st.part) for st in sittings], moments)
    openings = [(st.title or f"Phiên họp ngày {st.date:%d/%m/%Y}", opened[st.id]) for st in sittings if st.id in opened]
    if not openings and cs.opened_at:
        openings = [("Khai mạc kỳ họp", cs.opened_at.astimezone(VN))]
    people = {r["user_id"]: r["full_name"] for r in roll(s, cs)}
    lines = []
    for title, moment in openings:
        state = rules.attendance_at(marks, moment, list(people))
        present = sum(1 for status, _ in state.values() if status == "present")
        lines += [f"## {title}, lúc {hm(moment)} ngày {moment:%d/%m/%Y}",
                  f"Có mặt: {present}/{total} đại biểu. Vắng mặt: {total - present}."]
        lines += [f"Vắng mặt{' có lý do' if status == 'excused' else ''}: {people[uid]}{f' ({reason})' if reason else ''}."
                  for uid, (status, reason) in sorted(state.items(), key=lambda kv: people[kv[0]]) if status != "present"]
    return lines


def _poll_lines(s: Session, p: Poll) -> list[str]:
    if p.status == "cancelled":
        return [f"Biểu quyết «{p.title}»: đã hủy."]
    r = p.result or {}
    if "answers" in r:
        parts = "; ".join(f"{ANS_VI[a]} {r['answers'][a]['text']}" for a in ("for", "against", "abstain"))
        return [f"Biểu quyết «{p.title}»: {parts}. Kết quả: {'được thông qua' if r['passed'] else 'không được thông qua'}."]
    names = {o.id: o.label for o in options_of(s, p.id)}
    ballots = f"số phiếu thu về {r.get('cast', 0)}/{r.get('total', 0)} đại biểu"
    if "candidates" in r:
        lines = [f"Bầu cử «{p.title}» ({r.get('seats', 1)} người được bầu): {ballots}."]
        lines += [f"– {names.get(c['option_id'], '…')}: {c['text']} số phiếu bầu{' — trúng cử' if c['elected'] else ''}."
                  for c in sorted(r["candidates"], key=lambda c: -c["count"])]
        elected = [names.get(i, "…") for i in r.get("elected", [])]
        lines.append(f"Người trúng cử: {', '.join(elected)}." if elected else "Không có người trúng cử.")
        if r.get("tie"):
            lines.append(f"Số phiếu bằng nhau: {', '.join(names.get(i, '…') for i in r['tied'])}; bầu lại.")
        elif r.get("new_round_needed"):
            lines.append("Chưa đủ số người được bầu: bầu lại.")
        return lines
    if "people" in r:
        lines = [f"Lấy phiếu tín nhiệm «{p.title}»: {ballots}."]
        for person in r["people"]:
            line = (f"– {names.get(person['option_id'], '…')}: " + "; ".join(
                f"{RATING_VI[k]} {person[k]['text']}" for k in ("high", "medium", "low")) + ".")
            if person.get("low_two_thirds"):
                line += " Có từ hai phần ba tổng số đại biểu trở lên đánh giá tín nhiệm thấp: đưa ra bỏ phiếu tín nhiệm."
            elif person.get("low_over_half"):
                line += " Quá nửa tổng số đại biểu đánh giá tín nhiệm thấp: có thể xin từ chức."
            lines.append(line)
        return lines
    return [f"Biểu quyết «{p.title}»: {ballots}."]


def current(s: Session, cs: CouncilSession, paper: Paper | None = None) -> str:
    paper = paper or MINUTES
    m = s.scalar(select(paper.model).where(paper.model.session_id == cs.id))
    return m.text if m else paper.draft(s, cs)


def save(cs: CouncilSession, actor_id: int, text: str, paper: Paper | None = None):
    """The secretary's text of the paper, after bế mạc; every save is a chain entry "<kind>.edited"."""
    paper = paper or MINUTES
    with transaction() as s:
        cs = s.merge(cs)
        paper.check(cs)
        if cs.status != "closed":
            raise conflict("session_not_closed", f"{paper.name_vi} được hoàn thiện sau khi bế mạc.",
                           f"The {paper.name_en} can be finished only after closing.")
        m = s.scalar(select(paper.model).where(paper.model.session_id == cs.id))
        if m is None:
            m = paper.model(council_id=cs.council_id, session_id=cs.id, text=text)
            s.add(m)
        m.text, m.updated_by_id, m.updated_at = text, actor_id, utcnow()
        record(s, cs, actor_id, f"{paper.kind}.edited",
               {"sha256": hashlib.sha256(text.encode()).hexdigest(), "chars": len(text)})
    return m


def _blocks(text: str):
    n = 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("## "):
            yield "h2", line[3:]
        elif line.startswith("# "):
            n += 1
            yield "h1", f"{_roman(n)}. {line[2:].upper()}"
        else:
            yield "p", line


def _roman(n: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"][n - 1] if n <= 12 else str(n)


def heading(s: Session, cs: CouncilSession, paper: Paper | None = None) -> dict:
    """What the record says of an official document's heading and signatures (Nghị định 30/2020/NĐ-CP):
    the issuing body, the number line (the office writes the number), the place-and-date line, the seal
    and its RFC 3161 timestamp, who signs (and, for a single signer, the recipients)."""
    paper = paper or MINUTES
    council = s.get(Council, cs.council_id)
    day = (cs.closed_at.astimezone(VN).date() if cs.closed_at else cs.end_date)
    stamp = token_info(cs.seal_timestamp)
    seal = None
    if cs.sealed_hash:
        seal = {"hash": cs.sealed_hash, "timestamp": stamp and {
            "tsa": stamp["tsa"], "time": f"{hm(datetime.fromisoformat(stamp['time']))} ngày "
                                         f"{datetime.fromisoformat(stamp['time']).astimezone(VN):%d/%m/%Y}"}}
    return {**official.heading(council.name, paper.heading_kind, day), "seal": seal, **paper.signers(s, cs)}


def minutes_signers(s: Session, cs: CouncilSession) -> dict:
    return {"signers": [{"role": "THƯ KÝ KỲ HỌP", "hint": SIGN_HINT, "name": signer(s, cs, "minutes.edited", "secretary")},
                        {"role": "CHỦ TỌA KỲ HỌP", "hint": SIGN_HINT, "name": signer(s, cs, "session.closed", "chair")}]}


def signer(s: Session, cs: CouncilSession, kind: str, role: str) -> str:
    """Who signs as `role`: the one who did `kind` on the record (closed the session, edited the minutes),
    else the council's first account of that role."""
    uid = s.scalar(select(SessionEvent.actor_id).where(SessionEvent.session_id == cs.id, SessionEvent.kind == kind)
                   .order_by(SessionEvent.seq.desc()).limit(1))
    user = s.get(User, uid) if uid else s.scalar(select(User).where(User.council_id == cs.council_id, User.role == role)
                                                  .order_by(User.id).limit(1))
    return user.full_name if user else ""


def pdf_payload(s: Session, cs: CouncilSession, text: str, paper: Paper | None = None) -> dict:
    paper = paper or MINUTES
    head = heading(s, cs, paper)
    return {**head, "title": paper.title, "subtitle": cs.title, "blocks": list(_blocks(text)),
            "seal_lines": seal_lines(head["seal"])}


def pdf_bytes(cfg, s: Session, cs: CouncilSession, text: str, paper: Paper | None = None) -> bytes:
    """The paper as a PDF, rendered in the worker process and kept under the digest of what it is rendered
    from: the same minutes are rendered once however often they are downloaded (the public archive serves
    them to anyone)."""
    paper = paper or MINUTES
    payload = pdf_payload(s, cs, text, paper)
    key = hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    kept = cfg.documents_dir / "rendered" / f"{paper.kind}-{key}.pdf"
    if kept.exists():
        return kept.read_bytes()
    data = official.pdf_bytes(cfg, payload, about=f"{paper.kind} of session {cs.id}")
    if data is None:
        raise ApiError(500, "render_failed", f"Không tạo được tệp PDF {paper.name_vi.lower()}.",
                       f"Could not render the {paper.name_en}.")
    kept.parent.mkdir(parents=True, exist_ok=True)
    tmp = storage.tmp_path(cfg, ".pdf")
    tmp.write_bytes(data)
    tmp.replace(kept)
    return data


SEAL_VI = "Dấu niêm phong hồ sơ kỳ họp (SHA-256)"


def seal_lines(seal: dict | None) -> list[str]:
    """The seal as the minutes print it: its hash, and the TSA's time when it was time-stamped."""
    if not seal:
        return []
    stamp = seal["timestamp"]
    return [f"{SEAL_VI}: {seal['hash']}",
            f"Thời điểm niêm phong được chứng thực (dấu thời gian RFC 3161): {stamp['time']}, do {stamp['tsa']} cấp."
            if stamp else "Chưa có dấu thời gian RFC 3161 cho dấu niêm phong."]


def docx_bytes(s: Session, cs: CouncilSession, text: str, paper: Paper | None = None) -> bytes:
    return official.docx_bytes(pdf_payload(s, cs, text, paper))


def any_session(cs: CouncilSession) -> None:
    """Every session and meeting has minutes."""


@dataclass(frozen=True)
class Paper:
    """An official paper of a session drafted from the record, edited by the secretary after bế mạc, rendered
    in the NĐ 30/2020 layout and signed: the minutes, a meeting's conclusion notice. `kind` names its chain
    entries ("<kind>.edited", "<kind>.signed"), its signed copies (SignedPdf.kind) and its routes."""

    kind: str
    model: type
    heading_kind: str  # the number line's kind: BB biên bản, TB thông báo
    title: str
    stem: str          # file names: <stem>-<number>.pdf
    name_vi: str       # in messages: "Biên bản …"
    name_en: str
    draft: Callable[[Session, CouncilSession], str]
    signers: Callable[[Session, CouncilSession], dict]
    check: Callable[[CouncilSession], None] = any_session  # raises when the session has no such paper


MINUTES = Paper(kind="minutes", model=Minutes, heading_kind="BB", title="BIÊN BẢN", stem="bien-ban-ky-hop",
                name_vi="Biên bản", name_en="minutes", draft=draft, signers=minutes_signers)
