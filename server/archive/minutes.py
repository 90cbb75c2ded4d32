"""Biên bản kỳ họp: a draft written from the record, then the secretary's text; PDF and DOCX exports.

The text is plain: a line starting with "# " is a numbered section heading, "## " a sub-heading,
other lines are paragraphs. Both exports render the same text in the administrative layout of a
Vietnamese biên bản: national header, title, numbered sections, signatures.
"""
from __future__ import annotations

import hashlib
import io
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.accounts.models import User
from server.agenda.service import agenda_json, items_of
from server.archive.models import Minutes
from server.attendance.service import counts, roll
from server.councils.models import Council
from server.db import transaction, utcnow
from server.errors import conflict
from server.journal import record
from server.sessions.models import CouncilSession
from server.speaking.models import Speech
from server.voting.models import Poll

VN = ZoneInfo("Asia/Ho_Chi_Minh")
KIND_VI = {"discussion": "phát biểu thảo luận", "second": "phát biểu lần hai", "debate": "tranh luận",
           "question": "chất vấn", "answer": "trả lời chất vấn", "explanation": "giải trình", "report": "trình bày",
           "procedural": "ý kiến về thủ tục"}
ANS_VI = {"for": "Tán thành", "against": "Không tán thành", "abstain": "Không biểu quyết"}


def _hm(dt) -> str:
    return dt.astimezone(VN).strftime("%H giờ %M")


def draft(s: Session, cs: CouncilSession) -> str:
    council = s.get(Council, cs.council_id)
    att = counts(s, cs)
    lines = ["# Thời gian, địa điểm",
             f"{cs.title}, từ ngày {cs.start_date:%d/%m/%Y} đến ngày {cs.end_date:%d/%m/%Y}, tại {cs.location or '…'}."
             + (f" Khai mạc lúc {_hm(cs.opened_at)} ngày {cs.opened_at.astimezone(VN):%d/%m/%Y}." if cs.opened_at else ""),
             "# Thành phần",
             f"Tổng số đại biểu {council.name}: {att['total']}. Có mặt: {att['present']}. Vắng mặt: {att['absent']}.",
             *[f"Vắng mặt{' có lý do' if r['status'] == 'excused' else ''}: {r['full_name']}"
               f"{(' (' + r['reason'] + ')') if r['reason'] else ''}." for r in roll(s, cs) if r["status"] != "present"],
             "# Chương trình kỳ họp",
             *[f"{i['number']}. {i['title']}" for i in agenda_json(items_of(s, cs.id))],
             "# Diễn biến và kết quả"]
    speeches = s.scalars(select(Speech).where(Speech.session_id == cs.id).order_by(Speech.started_at)).all()
    polls = s.scalars(select(Poll).where(Poll.session_id == cs.id, Poll.status.in_(("closed", "cancelled")))
                      .order_by(Poll.closed_at)).all()
    for item in agenda_json(items_of(s, cs.id)):
        said = [sp for sp in speeches if sp.agenda_item_id == item["id"]]
        voted = [p for p in polls if p.agenda_item_id == item["id"]]
        if not said and not voted:
            continue
        lines.append(f"## {item['number']}. {item['title']}")
        for sp in said:
            lines.append(f"{_hm(sp.started_at)}: {s.get(User, sp.user_id).full_name} {KIND_VI.get(sp.kind, sp.kind)}"
                         + (f" ({sp.subject})" if sp.subject else "") + f", {round((sp.duration_s or 0) / 60, 1)} phút.")
        lines += [_poll_line(p) for p in voted]
    for p in polls:
        if p.agenda_item_id is None:
            lines.append(_poll_line(p))
    lines += ["# Bế mạc",
              f"Kỳ họp bế mạc lúc {_hm(cs.closed_at)} ngày {cs.closed_at.astimezone(VN):%d/%m/%Y}." if cs.closed_at else "…",
              "Dấu niêm phong hồ sơ kỳ họp (SHA-256):" if cs.sealed_hash else "", cs.sealed_hash or ""]
    return "\n".join(line for line in lines if line is not None)


def _poll_line(p: Poll) -> str:
    if p.status == "cancelled":
        return f"Biểu quyết «{p.title}»: đã hủy."
    r = p.result or {}
    if "answers" in r:
        parts = "; ".join(f"{ANS_VI[a]} {r['answers'][a]['text']}" for a in ("for", "against", "abstain"))
        return f"Biểu quyết «{p.title}»: {parts}. Kết quả: {'được thông qua' if r['passed'] else 'không được thông qua'}."
    return f"Biểu quyết «{p.title}»: số phiếu {r.get('cast', 0)}/{r.get('total', 0)}."


def current(s: Session, cs: CouncilSession) -> str:
    m = s.scalar(select(Minutes).where(Minutes.session_id == cs.id))
    return m.text if m else draft(s, cs)


def save(cs: CouncilSession, actor_id: int, text: str) -> Minutes:
    with transaction() as s:
        cs = s.merge(cs)
        if cs.status != "closed":
            raise conflict("session_not_closed", "Biên bản được hoàn thiện sau khi bế mạc.", "Minutes are finished after closing.")
        m = s.scalar(select(Minutes).where(Minutes.session_id == cs.id))
        if m is None:
            m = Minutes(council_id=cs.council_id, session_id=cs.id, text=text)
            s.add(m)
        m.text, m.updated_by_id, m.updated_at = text, actor_id, utcnow()
        record(s, cs, actor_id, "minutes.edited", {"sha256": hashlib.sha256(text.encode()).hexdigest(), "chars": len(text)})
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


def pdf_payload(s: Session, cs: CouncilSession, text: str) -> dict:
    council = s.get(Council, cs.council_id)
    return {"issuer": council.name.upper(), "title": f"BIÊN BẢN {cs.title.upper()}", "blocks": list(_blocks(text))}


def docx_bytes(s: Session, cs: CouncilSession, text: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = pdf_payload(s, cs, text)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = p["issuer"]
    table.rows[0].cells[1].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc"
    title = doc.add_paragraph(p["title"])
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.runs[0].bold = True
    for kind, body in p["blocks"]:
        if kind == "h1":
            doc.add_heading(body, level=1)
        elif kind == "h2":
            doc.add_heading(body, level=2)
        else:
            doc.add_paragraph(body)
    sign = doc.add_table(rows=2, cols=2)
    sign.rows[0].cells[0].text, sign.rows[0].cells[1].text = "THƯ KÝ KỲ HỌP", "CHỦ TỌA KỲ HỌP"
    sign.rows[1].cells[0].text = sign.rows[1].cells[1].text = "(Ký, ghi rõ họ tên)"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
