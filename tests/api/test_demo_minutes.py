"""The demo's own session (server/demo.py: HĐND tỉnh Vân Sơn, Kỳ họp thứ 5, 50 delegates) held end to end
through the HTTP API by its people, then its minutes checked as an official document: the NĐ 30/2020
heading, every result, the elected, the confidence flags, the excused delegate, the written opinion, the
seal and its RFC 3161 timestamp; signed PAdES and validated with pyHanko; the record intact (kyhop verify)."""
import io
import shutil
import subprocess
from datetime import datetime
from types import SimpleNamespace

from pypdf import PdfReader
from sqlalchemy import select

from server.accounts.models import User
from server.archive.minutes import OTHER_VI
from server.archive.verify import verify
from server.db import db
from server.demo import COUNCIL_NAME, create_demo
from server.documents import storage, worker
from server.sessions.models import CouncilSession
from tests.api.test_official_documents import VN, app, flat, pdf_text, validate_with_pyhanko  # noqa: F401 - fixture
from tests.api.test_secret_ballots import count, open_secret
from tests.conftest import ApiClient
from tests.pki import pki, tsa  # noqa: F401 - fixtures
from tests.tablets import Committee, cast, ok

DEMO_PASSWORD = "kyhop-demo"  # server/demo.py create_demo's default: the password of every demo login
PRESENT = ["chutich"] + [f"daibieu{i:02d}" for i in range(1, 48)]  # 48 of 50; daibieu48 excused, daibieu49 absent
EXCUSE = "Đi công tác tại Bộ Nội vụ"
OPINION = "Đề nghị bố trí thêm vốn cho các tuyến đường liên xã ở huyện vùng cao trong kế hoạch đầu tư công năm 2027."


def hold_demo_session(app) -> dict:  # noqa: F811
    """The demo's session as its people hold it: delegates check in at their tablets (one absent, one excused
    by the secretary), the counting committee's key ceremony, khai mạc, the resolution item's open vote,
    an election and a confidence rating (secret: encrypted at the tablets, counted by the committee), a
    written opinion once the chair closed the list of speakers, bế mạc."""
    create_demo(app, DEMO_PASSWORD)
    people: dict[str, ApiClient] = {}

    def person(username: str) -> ApiClient:  # one login per person, as each tablet keeps its own
        if username not in people:
            c = ApiClient(app.test_client())
            assert c.login(username, DEMO_PASSWORD).status_code == 200, username
            people[username] = c
        return people[username]

    sec, chair = person("thuky"), person("chutich")
    with app.app_context():
        s = db()
        names = dict(s.execute(select(User.username, User.full_name)).all())
        session_id = s.scalar(select(CouncilSession.id).where(CouncilSession.title.startswith("Kỳ họp thứ 5")))
    base = f"/api/sessions/{session_id}"
    items = {i["title"]: i["id"] for i in chair.get(base).json["agenda"]}
    for u in PRESENT:
        ok(person(u).post(f"{base}/check-in"))
    ok(sec.put(f"{base}/attendance/{_id(app, 'daibieu48')}", {"status": "excused", "reason": EXCUSE}))
    com = Committee(session_id, [(_id(app, u), person(u)) for u in ("daibieu03", "daibieu04", "daibieu05")])
    com.ceremony(sec)
    ok(chair.post(f"{base}/control", {"action": "open"}))

    # the resolution on the budget, at its agenda item: an open vote that passes
    budget = items["Nghị quyết về dự toán ngân sách địa phương năm 2027"]
    ok(chair.post(f"{base}/control", {"action": "goto", "item_id": budget}))
    poll = ok(chair.post(f"{base}/polls", {"title": "Thông qua Nghị quyết về dự toán ngân sách địa phương năm 2027",
                                           "kind": "open", "agenda_item_id": budget}))["poll"]
    ok(chair.post(f"/api/polls/{poll['id']}/open"))
    for i, u in enumerate(PRESENT):  # 45 for, 2 against, 1 not voting
        choice = "for" if i < 45 else "against" if i < 47 else "abstain"
        ok(person(u).post(f"/api/polls/{poll['id']}/ballots", {"request_id": f"req-{u}-budget-0000", "choice": choice}))
    ok(chair.post(f"/api/polls/{poll['id']}/close"))

    # an election: two candidates for one seat
    data = SimpleNamespace(session_id=session_id)  # what open_secret reads
    candidates = [names["daibieu10"], names["daibieu11"]]
    election = open_secret(chair, data, kind="election", seats=1, title="Bầu Trưởng Ban Dân tộc HĐND tỉnh",
                           options=candidates)
    a, b = [o["id"] for o in election["options"]]
    for i, u in enumerate(PRESENT):  # 40 for the first, 8 for the second
        ok(cast(person(u), election, [a] if i < 40 else [b]))
    count(chair, com, election["id"])

    # a confidence rating of three office-holders elected by the council
    rated = [names["daibieu01"], names["khach01"], names["daibieu02"]]
    rating = open_secret(chair, data, kind="confidence", title="Lấy phiếu tín nhiệm đối với người giữ chức vụ "
                                                               "do HĐND tỉnh bầu", options=rated)
    p1, p2, p3 = [str(o["id"]) for o in rating["options"]]
    for i, u in enumerate(PRESENT):  # of 50: p1 34 low (two-thirds), p2 27 low (over half), p3 2 low
        ok(cast(person(u), rating, {p1: "low" if i < 34 else "medium", p2: "low" if i < 27 else "high",
                                    p3: "low" if i < 2 else "high"}))
    count(chair, com, rating["id"])

    # the plenary discussion: the list of speakers closed, a delegate hands in a written opinion
    ok(chair.post(f"{base}/control", {"action": "goto", "item_id": items["Thảo luận tại hội trường"]}))
    ok(chair.post(f"{base}/floor/chair", {"action": "close"}))
    ok(person("daibieu17").post(f"{base}/opinions", {"text": OPINION}))
    ok(chair.post(f"{base}/control", {"action": "close"}))
    return {"session_id": session_id, "names": names, "sec": sec, "delegate": person("daibieu20"),
            "candidates": candidates, "rated": rated}


def _id(app, username: str) -> int:  # noqa: F811
    with app.app_context():
        return db().scalar(select(User.id).where(User.username == username))


def test_the_demo_sessions_minutes_are_an_official_document_signed_and_verified(app, pki, tmp_path):  # noqa: F811
    held = hold_demo_session(app)
    sid, names, sec = held["session_id"], held["names"], held["sec"]
    minutes = sec.get(f"/api/sessions/{sid}/minutes").json
    stamp = minutes["seal_timestamp"]
    assert stamp["tsa"] == "kyhop test TSA" and stamp["digest"] == minutes["sealed_hash"]

    pdf = sec.get(f"/api/sessions/{sid}/minutes.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    (tmp_path / "minutes.pdf").write_bytes(pdf.data)
    text = flat(pdf_text(pdf.data))
    today = datetime.now(VN)
    # the heading of NĐ 30/2020: the issuing body, the nation and motto, the number line, place and date
    for part in ("HỘI ĐỒNG NHÂN DÂN", "TỈNH VÂN SƠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Số: /BB-HĐND", f"Vân Sơn, ngày {today:%d} tháng {today:%m} năm {today:%Y}",
                 "BIÊN BẢN", "Kỳ họp thứ 5 (kỳ họp thường lệ cuối năm 2026)", "Hội trường HĐND tỉnh"):
        assert part in text, part
    assert f"Tổng số đại biểu {COUNCIL_NAME}: 50." in text
    assert "Có mặt: 48/50 đại biểu. Vắng mặt: 2." in text
    assert f"Vắng mặt có lý do: {names['daibieu48']} ({EXCUSE})." in text
    assert f"Vắng mặt: {names['daibieu49']}." in text
    # the open vote, under its agenda item
    assert "Nghị quyết về dự toán ngân sách địa phương năm 2027" in text
    assert ("Biểu quyết «Thông qua Nghị quyết về dự toán ngân sách địa phương năm 2027»: Tán thành 45/50 — 90,00%; "
            "Không tán thành 2/50 — 4,00%; Không biểu quyết 1/50 — 2,00%. Kết quả: được thông qua.") in text
    # the election and the rating were on no agenda item: under a heading of their own, not under 10.1
    assert (text.index("10.1. Nghị quyết về dự toán") < text.index("Biểu quyết «Thông qua")
            < text.index(f"{OTHER_VI} Bầu cử «") < text.index("Lấy phiếu tín nhiệm «"))
    # the election: the ballots, each candidate, the elected
    first, second = held["candidates"]
    assert "Bầu cử «Bầu Trưởng Ban Dân tộc HĐND tỉnh» (1 người được bầu): số phiếu thu về 48/50 đại biểu." in text
    assert f"{first}: 40/50 — 80,00% số phiếu bầu — trúng cử." in text
    assert f"{second}: 8/50 — 16,00% số phiếu bầu." in text
    assert f"Người trúng cử: {first}." in text
    # the confidence rating: every person's three counts and the flags of the law
    p1, p2, p3 = held["rated"]
    assert "Lấy phiếu tín nhiệm «Lấy phiếu tín nhiệm đối với người giữ chức vụ do HĐND tỉnh bầu»" in text
    assert (f"{p1}: tín nhiệm cao 0/50 — 0,00%; tín nhiệm 14/50 — 28,00%; tín nhiệm thấp 34/50 — 68,00%. "
            "Có từ hai phần ba tổng số đại biểu trở lên đánh giá tín nhiệm thấp: đưa ra bỏ phiếu tín nhiệm.") in text
    assert (f"{p2}: tín nhiệm cao 21/50 — 42,00%; tín nhiệm 0/50 — 0,00%; tín nhiệm thấp 27/50 — 54,00%. "
            "Quá nửa tổng số đại biểu đánh giá tín nhiệm thấp: có thể xin từ chức.") in text
    assert f"{p3}: tín nhiệm cao 46/50 — 92,00%; tín nhiệm 0/50 — 0,00%; tín nhiệm thấp 2/50 — 4,00%." in text
    assert text.count("đưa ra bỏ phiếu tín nhiệm") == 1 and text.count("có thể xin từ chức") == 1
    # the written opinion, the closing, the seal and its timestamp, who signs
    assert "Ý KIẾN BẰNG VĂN BẢN" in text
    assert f"Đại biểu {names['daibieu17']}, về nội dung «7. Thảo luận tại hội trường»: {OPINION}" in text
    assert "BẾ MẠC" in text and "Kỳ họp bế mạc lúc" in text
    assert minutes["sealed_hash"] in text.replace(" ", "")
    assert "RFC 3161" in text and "do kyhop test TSA cấp" in text
    assert "THƯ KÝ KỲ HỌP" in text and "CHỦ TỌA KỲ HỌP" in text
    assert names["thuky"] in text and names["chutich"] in text
    last = flat(PdfReader(io.BytesIO(pdf.data)).pages[-1].extract_text())  # the signatures are not alone
    assert "Kỳ họp bế mạc lúc" in last and "CHỦ TỌA KỲ HỌP" in last

    # the secretary signs (PAdES, with the TSA's timestamp); pyHanko validates it against the test root
    r = sec.post(f"/api/sessions/{sid}/minutes/sign")
    assert r.status_code == 201, r.json
    signed = held["delegate"].get(f"/api/sessions/{sid}/minutes.signed.pdf")
    assert signed.status_code == 200
    status = validate_with_pyhanko(signed.data, pki.root)
    assert status.intact and status.valid and status.trusted
    assert status.timestamp_validity is not None and status.timestamp_validity.intact and status.timestamp_validity.valid
    assert f"Người trúng cử: {first}." in flat(pdf_text(signed.data))

    # kyhop verify: the held demo's record, its seal and the signed minutes, intact
    with app.app_context():
        assert verify(db()) == []

    if shutil.which("pdftoppm"):  # a look at page 1 (kept under the test's tmp folder)
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(tmp_path / "minutes.pdf"),
                        str(tmp_path / "page")], check=True)
        assert list(tmp_path.glob("page*.png"))



def render(dst, blocks) -> PdfReader:
    """The minutes worker, in process, on a payload of `blocks`."""
    assert worker.official_pdf({
        "issuer": ["HỘI ĐỒNG NHÂN DÂN", "TỈNH VÂN SƠN"], "number": "Số: /BB-HĐND", "title": "BIÊN BẢN",
        "date_line": "Vân Sơn, ngày 10 tháng 12 năm 2026", "subtitle": "Kỳ họp thứ 5", "blocks": blocks,
        "seal_lines": ["Dấu niêm phong hồ sơ kỳ họp (SHA-256): " + "ab" * 32],
        "signers": [{"role": "THƯ KÝ KỲ HỌP", "name": "A"}, {"role": "CHỦ TỌA KỲ HỌP", "name": "B"}],
        "dst": str(dst), "fonts": str(storage.FONT.parent)})["ok"]
    return PdfReader(dst)


def test_the_signatures_never_stand_on_a_page_without_the_body(tmp_path):
    """Whatever the length of the minutes, the page of the signatures also carries the body's last paragraph
    (with the heading it belongs to) and the seal; once the end does not fit, all of it moves over together."""
    moved = 0
    for n in range(14, 34, 2):
        blocks = [("h1", "I. DIỄN BIẾN")] + [("p", f"Đoạn số {i} của biên bản.") for i in range(n)]
        blocks += [("h1", "II. BẾ MẠC"), ("p", "Kỳ họp bế mạc lúc 11 giờ 30 ngày 10/12/2026.")]
        pages = [flat(page.extract_text()) for page in render(tmp_path / f"m{n}.pdf", blocks).pages]
        assert "CHỦ TỌA KỲ HỌP" in pages[-1] and "Dấu niêm phong" in pages[-1], n
        assert "II. BẾ MẠC Kỳ họp bế mạc lúc 11 giờ 30" in pages[-1], n
        moved += len(pages) > 1 and f"Đoạn số {n - 1} " not in pages[-1]
    assert moved  # some length made the end move to a page of its own: the case the rule is for


def test_the_text_column_is_nđ_30s_margins_and_the_seals_box_is_as_wide(tmp_path):
    """NĐ 30/2020 (Phụ lục I): left margin 30–35 mm, right 15–20 mm. The body starts at 30 mm exactly, and the
    seal's box runs from margin to margin (its text inside the box's padding), not past the text column."""
    from pypdf.generic import ContentStream
    page = render(tmp_path / "m.pdf", [("h1", "I. BẾ MẠC"), ("p", "Kỳ họp bế mạc. " * 30)]).pages[0]
    at: dict[str, float] = {}
    page.extract_text(visitor_text=lambda text, cm_, tm, *_: text.strip() and at.setdefault(
        text.strip()[:12], tm[4] * cm_[0] + cm_[4]))
    mm = 72 / 25.4
    assert abs(at["I. BẾ MẠC"] - 30 * mm) < 0.1 and abs(at["Dấu niêm pho"] - (30 * mm + 6)) < 0.1, at
    stack, x, start, lines = [], 0.0, 0.0, []  # the drawn lines' ends, as x on the page (ReportLab only translates)
    for operands, op in ContentStream(page.get_contents(), page.pdf).operations:
        if op == b"q":
            stack.append(x)
        elif op == b"Q":
            x = stack.pop()
        elif op == b"cm":
            x += float(operands[4])
        elif op == b"m":
            start = x + float(operands[0])
        elif op == b"l":
            lines.append((start, x + float(operands[0])))
    widest = max(lines, key=lambda ends: ends[1] - ends[0])  # the box's top and bottom borders
    assert abs(widest[0] - 30 * mm) < 0.1 and abs(widest[1] - (210 - 20) * mm) < 0.1, lines


def test_every_glyph_of_the_minutes_is_in_the_embedded_serif(tmp_path):
    """NĐ 30/2020 asks for one font (a Times New Roman): the list items' dashes were drawn in ReportLab's default
    bullet font, Helvetica, which the PDF does not embed (a viewer substitutes whatever it has)."""
    from pypdf.generic import ContentStream
    blocks = [("h1", "IV. DIỄN BIẾN VÀ KẾT QUẢ"), ("p", "Người trúng cử:"), ("p", "– Nguyễn Văn An: 40/50 — trúng cử."),
              ("p", "– Trần Thị Bình: 8/50.")]
    reader = render(tmp_path / "m.pdf", blocks)
    drawn = set()
    for page in reader.pages:
        fonts = {k: str(v.get_object()["/BaseFont"]) for k, v in page["/Resources"]["/Font"].items()}
        font = None
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"Tf":
                font = fonts.get(str(operands[0]))
            elif op in (b"Tj", b"TJ", b"'", b'"'):
                drawn.add(font)
    assert drawn and all("LiberationSerif" in f for f in drawn), drawn
