"""A voter petition walked through the screens (issue 17, Done when): recorded at a voter meeting by the office,
its trace code shown big; merged with a similar one from another meeting; sent to an agency with a deadline;
answered by the agency's own account with a PDF, reported resolved; drawn in the committee's sample and
reopened by its finding; answered again (on a phone); and found on the public page, without login, by the
merged case's code as a voter types it — the answer, status and agency shown, no person named. On the way:
the office adds an agency and its account (the one-time password shown), the meeting's record is uploaded,
and nothing is wider than the screen."""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from server.app import create_app
from server.db import transaction
from server.documents.samples import make_pdf
from tests.conftest import make_config
from tests.factories import add_agency
from tests.live.helpers import Http

SHOTS = Path("/tmp/shots/petitions")
TEXT = "Đề nghị sửa chữa tuyến đường liên xã Đông Tây đoạn qua thôn Đông bị xuống cấp, nhiều ổ gà"
SIMILAR = "Cử tri đề nghị sớm sửa chữa đường liên xã Đông Tây đang xuống cấp"
ANSWER = "Đã vá ổ gà đoạn qua thôn Đông tháng 11/2026."
AGAIN = "Đã thảm lại toàn bộ mặt đường đoạn Km2–Km4, nghiệm thu ngày 28/11/2026."
FINDING = "Giám sát thực tế: mới vá tạm, mặt đường vẫn hư hỏng"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.screenshot(path=str(SHOTS / f"{name}-{size['width']}x{size['height']}.png"), full_page=True)


def fits(page) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"{page.url}: {wide}px wider than the screen"


def committee(app, data, member: str) -> int:
    """A committee (Ban) of the council with one member, to draw the sample."""
    from server.councils.models import Group, GroupMember
    with app.app_context(), transaction() as s:
        g = Group(council_id=data.council_id, kind="committee", name="Ban Kinh tế – Xã hội")
        s.add(g)
        s.flush()
        s.add(GroupMember(group_id=g.id, user_id=data.users[member], council_id=data.council_id))
        return g.id


def ok(page, text: str | None = None) -> None:
    """Go ahead in the in-page confirmation (confirm.js), typing `text` if it asks for a line."""
    dialog = page.get_by_test_id("ask")
    expect(dialog).to_be_visible()
    if text is not None:
        dialog.get_by_test_id("ask-input").fill(text)
    dialog.get_by_test_id("ask-ok").click()
    expect(dialog).to_have_count(0)


def answer(page, outcome: str, text: str, pdf: bytes | None = None) -> None:
    form = page.get_by_test_id("answer")
    form.get_by_test_id("answer-status").select_option(outcome)
    form.get_by_test_id("answer-text").fill(text)
    if pdf:
        form.get_by_test_id("answer-files").set_input_files(files=[{"name": "tra-loi.pdf", "mimeType": "application/pdf", "buffer": pdf}])
    form.get_by_test_id("answer-go").click()
    expect(page.get_by_test_id("answer")).to_have_count(0)


def test_a_petition_from_the_voter_meeting_to_the_public_page(browser, site, login_page, tmp_path):
    base, a, _srv = site
    app = create_app(make_config(tmp_path))
    add_agency(app, a, "Phòng Kinh tế UBND xã", level="commune")
    group = committee(app, a, "adb01")

    # ---- the office, at the console's size: an agency and its account; the one-time password shown once
    office = login_page("athuky", viewport=(1366, 768))
    office.get_by_role("link", name="Kiến nghị cử tri").click()
    office.get_by_test_id("kn-tab-agencies").click()
    office.get_by_test_id("agency-name").fill("Ban Chỉ huy Quân sự xã")
    office.get_by_test_id("agency-add").click()
    row = office.locator("[data-testid=agency][data-name='Ban Chỉ huy Quân sự xã']")
    row.get_by_test_id("agency-account").click()
    row.get_by_test_id("account-username").fill("aquansu")
    row.get_by_test_id("account-name").fill("Trợ lý Quân sự")
    row.get_by_test_id("account-go").click()
    expect(row.get_by_test_id("one-time-password")).to_contain_text("aquansu")
    assert len(row.locator(".kn-secret").inner_text()) >= 10

    # ---- a voter meeting, its record, and a petition heard there: the trace code big, for the voters
    office.get_by_test_id("kn-tab-meetings").click()
    office.get_by_test_id("new-meeting").click()
    form = office.get_by_test_id("meeting-form")
    form.get_by_label("Địa điểm").fill("Nhà văn hóa thôn Đông")
    form.get_by_label("Đơn vị bầu cử").fill("Đơn vị bầu cử số 1")
    form.get_by_label("Số cử tri dự").fill("96")
    form.get_by_label("Đại Biểu Số 1").check()
    form.get_by_role("button", name="Tạo").click()
    meeting = office.get_by_test_id("meeting").filter(has_text="Nhà văn hóa thôn Đông")
    expect(meeting).to_contain_text("96 cử tri")
    meeting.get_by_test_id("record-file").set_input_files(files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf",
                                                                  "buffer": make_pdf("Biên bản tiếp xúc cử tri", 1)}])
    meeting = office.get_by_test_id("meeting").filter(has_text="Nhà văn hóa thôn Đông")
    expect(meeting.get_by_test_id("meeting-record")).to_have_text("bien-ban.pdf")
    meeting.get_by_test_id("enter-petitions").click()
    meeting.get_by_test_id("petition-text").fill(TEXT)
    meeting.get_by_test_id("petition-area").fill("Thôn Đông")
    meeting.get_by_test_id("petition-field").select_option("transport")
    meeting.get_by_test_id("petition-go").click()
    code_a = meeting.get_by_test_id("new-code-value").inner_text()
    expect(meeting).to_contain_text("1 kiến nghị")
    assert re.fullmatch(r"KN-[2-9A-Z]{4}-[2-9A-Z]{4}", code_a), code_a
    assert float(meeting.get_by_test_id("new-code-value").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 30
    shot(office, "office-meeting-code")
    fits(office)

    # the same petition heard at another meeting (entered through the API: the screen is the one above)
    sec = Http(base, "athuky")
    other = sec.post("/api/voter-meetings", {"held_on": "2026-11-02", "place": "Hội trường thôn Tây",
                                             "constituency": "Đơn vị bầu cử số 2"}).json()["meeting"]["id"]
    code_b = sec.post(f"/api/voter-meetings/{other}/petitions", {"text": SIMILAR, "field": "transport", "level": "commune",
                                                                  "area": "Thôn Tây"}).json()["case"]["code"]

    # ---- the case: merged with the similar one, then sent to the agency with a deadline
    meeting.get_by_test_id("new-code-value").click()
    expect(office.get_by_test_id("case-code")).to_have_text(code_a)
    similar = office.get_by_test_id("similar").locator(f"li[data-code='{code_b}']")
    similar.get_by_test_id("merge").click()
    ok(office)
    expect(office.get_by_test_id("merged-codes")).to_have_text(code_b)
    expect(office.get_by_test_id("case-origins").locator("li")).to_have_count(2)
    transfer = office.get_by_test_id("transfer")
    transfer.get_by_test_id("transfer-agency").select_option(label="Phòng Kinh tế UBND xã")
    transfer.get_by_test_id("transfer-go").click()
    expect(office.locator(".kn-case-head [data-testid=case-status]")).to_have_text("Đã chuyển")
    expect(office.get_by_test_id("case-agency")).to_have_text("Phòng Kinh tế UBND xã")
    shot(office, "office-case-transferred")
    # the list finds it without diacritics; the merged code is under it
    office.get_by_role("link", name="Danh sách kiến nghị").click()
    office.get_by_test_id("kn-search").fill("duong lien xa dong tay")
    office.get_by_test_id("kn-search").press("Enter")
    expect(office.get_by_test_id("case-row")).to_have_count(1)
    expect(office.get_by_test_id("case-row")).to_have_attribute("data-code", code_a)

    # ---- the agency's own account: the case waits for its answer; answered with a PDF, resolved
    agency = login_page("acoquan", viewport=(1280, 800))
    # an agency answers what is sent to it: its petitions, and the questions addressed to its officials (issue 18)
    expect(agency.locator(".topbar nav a")).to_have_text(["Kiến nghị cử tri", "Chất vấn gửi tôi"])
    waiting = agency.get_by_test_id("waiting")
    expect(waiting.get_by_test_id("case-row")).to_have_count(1)
    shot(agency, "agency-home")
    waiting.get_by_role("link", name=code_a).click()
    answer(agency, "resolved", ANSWER, make_pdf("Văn bản trả lời kiến nghị", 1))
    expect(agency.locator(".kn-case-head [data-testid=case-status]")).to_have_text("Đã giải quyết")
    attached = agency.get_by_test_id("case-attachments").get_by_test_id("case-file")
    expect(attached).to_have_text("tra-loi.pdf")
    got = agency.request.get(base + attached.get_attribute("href"))
    assert got.status == 200 and got.body().startswith(b"%PDF")
    expect(agency.get_by_test_id("waiting")).to_have_count(0)

    # ---- drawn in the committee's sample and reopened by what it found on site
    member = Http(base, "adb01")
    r = member.post("/api/petitions/samples", {"group_id": group, "round": "Đợt 1 năm 2026", "size": 3})
    assert r.status_code == 201, r.text
    sample = r.json()["sample"]
    case_id = next(c["id"] for c in sample["picked"] if c["code"] == code_a)
    r = member.post(f"/api/petitions/samples/{sample['id']}/findings", {"case_id": case_id, "verdict": "reopened", "text": FINDING})
    assert r.status_code == 201, r.text
    office.goto(f"{base}/#/petitions/{case_id}")
    expect(office.locator(".kn-case-head [data-testid=case-status]")).to_have_text("Mở lại")
    expect(office.get_by_test_id("case-steps")).to_contain_text(FINDING)

    # ---- answered again, on the agency's phone
    phone = login_page("acoquan", viewport=(390, 844))
    phone.get_by_test_id("waiting").get_by_role("link", name=code_a).click()
    expect(phone.locator(".kn-case-head [data-testid=case-status]")).to_have_text("Mở lại")
    fits(phone)
    answer(phone, "resolved", AGAIN)
    expect(phone.locator(".kn-case-head [data-testid=case-status]")).to_have_text("Đã giải quyết")
    shot(phone, "agency-answered-again")
    fits(phone)

    # ---- the public page, no login: the merged code as a voter types it leads to the case and its answer
    for size in ((390, 844), (1280, 800)):
        ctx = browser.new_context(viewport={"width": size[0], "height": size[1]})
        public = ctx.new_page()
        public.goto(f"{base}/#/public")
        public.get_by_test_id("public-petition-link").click()
        public.get_by_test_id("trace-code-input").fill(code_b.lower().replace("-", " "))
        public.get_by_test_id("trace-code-go").click()
        card = public.get_by_test_id("public-case")
        expect(card.get_by_test_id("public-case-code")).to_have_text(code_a)
        expect(card.get_by_test_id("public-merged")).to_contain_text(code_b)
        expect(card.get_by_test_id("public-case-status")).to_have_text("Đã giải quyết")
        expect(card.get_by_test_id("public-case-agency")).to_have_text("Phòng Kinh tế UBND xã")
        expect(card.get_by_test_id("public-answer")).to_contain_text(AGAIN)
        expect(card.get_by_test_id("public-steps").locator("li")).to_have_count(5)  # sent, answered, finding, reopened, answered
        text = public.locator("body").inner_text()
        for name in ("Thư Ký Một", "Cán bộ", "Đại Biểu Số 1"):
            assert name not in text, name
        shot(public, "public-case")
        fits(public)
        ctx.close()
