"""The conclusion notice (thông báo kết luận) of a meeting: drafted from the record with every question asked
(at the meeting, and on the slips of its selected issue groups), every answer (live with its length; in
writing, a late one marked), the explaining body's presentation and every commitment made at the meeting;
saved on the chain after bế mạc, rendered in the NĐ 30/2020 layout (TB) and signed like the minutes. A plenary
session has minutes, not a conclusion notice."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from server.agenda.models import AgendaItem
from server.attendance.models import Attendance
from server.db import db, transaction
from server.journal.models import SessionEvent
from server.questioning.models import Commitment, QuestionGroup, QuestionSlip
from server.sessions.models import CouncilSession, SessionInvitee
from server.speaking.models import Speech
from tests.api.test_official_documents import app, flat, pdf_text, validate_with_pyhanko  # noqa: F401 - fixture
from tests.factories import add_agency, build_council
from tests.pki import pki, tsa  # noqa: F401 - fixtures
from tests.tablets import ok

Q_LIVE = "Vì sao dự án đường tỉnh 12 chậm tiến độ hai năm?"
Q_SLIP = "Đề nghị cho biết lộ trình xử lý ô nhiễm kênh Bà Lài."
Q_WRITTEN = "Khi nào hoàn thành cấp giấy chứng nhận cho khu tái định cư Bắc Sơn?"
Q_FOLLOW = "Tái chất vấn: tiến độ giải phóng mặt bằng đường tỉnh 12 đến nay ra sao?"
A_WRITTEN = "Sở sẽ hoàn thành cấp giấy trong quý I năm 2027."
A_SPOKEN = "Nguyên nhân chính là vướng giải phóng mặt bằng"
EXPLAINED = "Giải trình về việc chậm giải ngân vốn đầu tư công"
PROMISES = ["Hoàn thành giải phóng mặt bằng đường tỉnh 12", "Xử lý dứt điểm ô nhiễm kênh Bà Lài",
            "Báo cáo kết quả giải ngân vốn đầu tư công"]


@dataclass
class Meeting:
    session_id: int
    official: int
    written_slip: int
    slips: list[int]
    commitments: list[int]


def held_meeting(app, data, kind: str = "explanation", number: int = 1, closed: bool = True) -> Meeting:  # noqa: F811
    """A meeting of the council built from its rows as the product leaves them: a questioning item with one
    selected issue group (two slips, one answered in writing after its deadline, one following up an earlier
    slip) as its sub-item, where a delegate asks live and the official answers; an explanation item where the
    official presents; three commitments; the delegates present; bế mạc."""
    if f"{data.prefix}coquan" not in data.users:
        add_agency(app, data, name="Sở Giao thông vận tải")
    official, author, asker = data.users[f"{data.prefix}coquan"], data.users[f"{data.prefix}db01"], data.users[f"{data.prefix}db02"]
    t0 = datetime(2026, 10, 20, 2, 0, tzinfo=UTC)  # 09 giờ 00, Vietnam
    with app.app_context(), transaction() as s:
        cs = CouncilSession(council_id=data.council_id, term_id=data.term_id, number=number, kind=kind, series=kind,
                            title=f"Phiên họp {'giải trình' if kind == 'explanation' else 'Thường trực'} số {number}",
                            location="Phòng họp tầng 3", start_date=date(2026, 10, 20), end_date=date(2026, 10, 20),
                            status="in_progress", opened_at=t0)
        s.add(cs)
        s.flush()
        items = []
        for pos, (title, ikind) in enumerate([("Giải trình của Sở Giao thông vận tải", "explanation"),
                                              ("Chất vấn và trả lời chất vấn", "questioning")]):
            it = AgendaItem(council_id=data.council_id, session_id=cs.id, position=pos, title=title, kind=ikind)
            s.add(it)
            s.flush()
            items.append(it)
        sub = AgendaItem(council_id=data.council_id, session_id=cs.id, parent_id=items[1].id, position=0,
                         title="Giao thông và môi trường", kind="questioning", presenter="Cán bộ Sở Giao thông vận tải")
        s.add(sub)
        s.flush()
        for u in (f"{data.prefix}chutich", f"{data.prefix}db01", f"{data.prefix}db02"):
            s.add(Attendance(council_id=data.council_id, session_id=cs.id, user_id=data.users[u], status="present"))
        s.add(SessionInvitee(council_id=data.council_id, session_id=cs.id, user_id=official))
        group = QuestionGroup(council_id=data.council_id, session_id=cs.id, title="Giao thông và môi trường",
                              official_id=official, selected=True, agenda_item_id=sub.id)
        s.add(group)
        s.flush()
        earlier = QuestionSlip(council_id=data.council_id, author_id=asker, official_id=official, text="Tiến độ đường tỉnh 12?",
                               status="answered", answer_text="Đang triển khai.", answered_at=t0 - timedelta(days=90),
                               answered_by_id=official)
        s.add(earlier)
        s.flush()
        slips = [QuestionSlip(council_id=data.council_id, author_id=author, official_id=official, session_id=cs.id,
                              text=Q_SLIP, group_id=group.id, status="selected"),
                 QuestionSlip(council_id=data.council_id, author_id=author, official_id=official, session_id=cs.id,
                              text=Q_WRITTEN, group_id=group.id, status="answered", answer_deadline=date(2026, 10, 10),
                              answer_text=A_WRITTEN, answered_by_id=official,
                              answered_at=datetime(2026, 10, 12, 3, 0, tzinfo=UTC)),  # two days late
                 QuestionSlip(council_id=data.council_id, author_id=asker, official_id=official, session_id=cs.id,
                              text=Q_FOLLOW, group_id=group.id, status="selected", follows_up_id=earlier.id)]
        s.add_all(slips)
        s.flush()
        explain = Speech(council_id=data.council_id, session_id=cs.id, agenda_item_id=items[0].id, user_id=official,
                         kind="explanation", subject=EXPLAINED, limit_s=600, started_at=t0 + timedelta(minutes=5),
                         ended_at=t0 + timedelta(minutes=14), duration_s=540, overrun_s=0)
        question = Speech(council_id=data.council_id, session_id=cs.id, agenda_item_id=sub.id, user_id=asker,
                          kind="question", addressee="Cán bộ Sở Giao thông vận tải", subject=Q_LIVE, limit_s=60,
                          started_at=t0 + timedelta(minutes=20), ended_at=t0 + timedelta(minutes=21), duration_s=60,
                          overrun_s=0)
        s.add_all([explain, question])
        s.flush()
        answer = Speech(council_id=data.council_id, session_id=cs.id, agenda_item_id=sub.id, user_id=official,
                        kind="answer", answers_speech_id=question.id, addressee=question.addressee, subject=A_SPOKEN,
                        limit_s=180, started_at=t0 + timedelta(minutes=22), ended_at=t0 + timedelta(minutes=25),
                        duration_s=180, overrun_s=0)
        s.add(answer)
        commitments = [Commitment(council_id=data.council_id, session_id=cs.id, official_id=official, text=text,
                                  deadline=date(2026, 12, 31), slip_id=slips[0].id if n == 1 else None,
                                  group_id=group.id if n < 2 else None) for n, text in enumerate(PROMISES)]
        s.add_all(commitments)
        if closed:
            cs.status, cs.closed_at = "closed", t0 + timedelta(hours=2)
        s.flush()
        return Meeting(cs.id, official, slips[1].id, [x.id for x in slips], [c.id for c in commitments])


def everything_said(text: str) -> None:
    text = flat(text)
    for part in (Q_LIVE, Q_SLIP, Q_WRITTEN, Q_FOLLOW, A_WRITTEN, A_SPOKEN, EXPLAINED, *PROMISES):
        assert part in text, part
    assert "Đại biểu Đại Biểu Số 2 chất vấn Cán bộ Sở Giao thông vận tải" in text  # who asked whom, live
    assert "Phiếu chất vấn số" in text and "của đại biểu Đại Biểu Số 1 gửi Cán bộ Sở Giao thông vận tải" in text
    assert "trả lời chất vấn trực tiếp" in text and "3,0 phút" in text  # the live answer and its length
    assert "quá hạn (hạn 10/10/2026)" in text  # the written answer came after its deadline
    assert "tái chất vấn phiếu số" in text
    assert "trình bày giải trình" in text and "9,0 phút" in text
    assert "thời hạn 31/12/2026" in text
    assert "Dự họp: Chủ Tịch Xã, Đại Biểu Số 1, Đại Biểu Số 2." in text and "Khách mời: Cán bộ Sở Giao thông vận tải." in text


def test_the_conclusion_notice_contains_every_question_answer_and_commitment(app, client_for, pki):  # noqa: F811
    data = build_council(app, "k", delegates=5, name="Hội đồng nhân dân tỉnh Vân Sơn")
    m = held_meeting(app, data)
    sec, delegate = client_for("kthuky"), client_for("kdb01")
    base = f"/api/sessions/{m.session_id}/conclusion"
    drafted = ok(delegate.get(base))["text"]
    everything_said(drafted)
    assert "KẾT LUẬN" in drafted.upper() and "Những nội dung được làm rõ, tiếp thu" in drafted
    assert "Những việc phải thực hiện" in drafted  # an explanation meeting: what must be done, its commitments
    # the PDF in the NĐ 30/2020 layout, TB
    pdf = sec.get(f"{base}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = flat(pdf_text(pdf.data))
    everything_said(text)
    for part in ("HỘI ĐỒNG NHÂN DÂN", "TỈNH VÂN SƠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "/TB-HĐND",
                 "THÔNG BÁO KẾT LUẬN", "Phiên họp giải trình số 1", "TM. THƯỜNG TRỰC HĐND", "Nơi nhận", "Chủ Tịch Xã"):
        assert part in text, part
    docx = sec.get(f"{base}.docx")
    assert docx.status_code == 200 and docx.data[:2] == b"PK"
    # the secretary edits it: on the chain, the edited text served and rendered
    edited = drafted.replace("…", "Sở Giao thông vận tải tiếp thu ý kiến của đại biểu.", 1)
    assert delegate.put(base, {"text": edited}).status_code == 403
    ok(sec.put(base, {"text": edited}))
    assert ok(delegate.get(base))["text"] == edited
    with app.app_context():
        last = db().scalars(select(SessionEvent).where(SessionEvent.session_id == m.session_id)
                            .order_by(SessionEvent.seq.desc())).first()
        assert last.kind == "conclusion.edited" and last.data["chars"] == len(edited)
        (table, _key, state), = last.state  # the row's state rides on the entry: kyhop verify replays it
        assert table == "conclusions" and state["updated_by_id"] == data.users["kthuky"] and state["text"]
    assert "tiếp thu ý kiến của đại biểu" in flat(pdf_text(sec.get(f"{base}.pdf").data))
    # signed like the minutes
    assert delegate.post(f"{base}/sign").status_code == 403
    assert sec.get(f"{base}.signed.pdf").status_code == 404
    r = sec.post(f"{base}/sign")
    assert r.status_code == 201, r.json
    (sig,) = r.json["signed"]["signatures"]
    assert sig["intact"] and sig["valid"] and sig["trusted"] and r.json["signed"]["kind"] == "conclusion"
    signed = delegate.get(f"{base}.signed.pdf")
    assert signed.status_code == 200 and validate_with_pyhanko(signed.data, pki.root).intact
    assert "tiếp thu ý kiến của đại biểu" in flat(pdf_text(signed.data))
    assert ok(sec.get(base))["signed"]["sha256"] == r.json["signed"]["sha256"]
    assert sec.get(f"/api/sessions/{m.session_id}/minutes")  # the meeting keeps its minutes too
    with app.app_context():
        last = db().scalars(select(SessionEvent).where(SessionEvent.session_id == m.session_id)
                            .order_by(SessionEvent.seq.desc())).first()
        assert last.kind == "conclusion.signed" and last.data["sha256"] == r.json["signed"]["sha256"]
    up = sec.put(f"{base}.signed.pdf?filename=tb-ky.pdf", data=signed.data, headers={"Content-Type": "application/pdf"})
    assert up.status_code == 201 and up.json["signed"]["origin"] == "uploaded"


def test_a_standing_meetings_notice_lists_its_commitments_and_leaves_the_conclusion_to_the_secretary(app, client_for):  # noqa: F811
    data = build_council(app, "s", delegates=5)
    m = held_meeting(app, data, kind="standing")
    drafted = ok(client_for("sthuky").get(f"/api/sessions/{m.session_id}/conclusion"))["text"]
    everything_said(drafted)
    assert "# Lời hứa, cam kết tại phiên họp" in drafted and "Những nội dung được làm rõ" not in drafted


def test_refused_for_a_plenary_session_and_before_closing(app, client_for):  # noqa: F811
    data = build_council(app, "r", delegates=5)
    sec = client_for("rthuky")
    plenary = f"/api/sessions/{data.session_id}/conclusion"
    for r in (sec.get(plenary), sec.put(plenary, {"text": "x"}), sec.get(f"{plenary}.pdf"), sec.post(f"{plenary}/sign")):
        assert r.status_code == 409 and r.json["error"]["code"] == "not_a_meeting", r.json
    open_meeting = held_meeting(app, data, kind="standing", closed=False)
    base = f"/api/sessions/{open_meeting.session_id}/conclusion"
    assert Q_LIVE in ok(sec.get(base))["text"]  # the draft is read while the meeting runs
    for r in (sec.put(base, {"text": "x"}), sec.post(f"{base}/sign")):
        assert r.status_code == 409 and r.json["error"]["code"] == "session_not_closed", r.json
    with app.app_context():
        assert not db().scalars(select(SessionEvent).where(SessionEvent.session_id == open_meeting.session_id,
                                                           SessionEvent.kind.like("conclusion.%"))).first()
    build_council(app, "o", delegates=3)
    assert client_for("othuky").get(base).status_code == 404  # another council's meeting does not exist
