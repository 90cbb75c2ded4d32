"""Real Chromium against a real server: logging in, preparing a session, and following it live."""
from __future__ import annotations

import io
import re

from playwright.sync_api import expect

from tests.live.helpers import Http, check_in_and_open


def test_login_and_secretary_sees_council_members_and_agenda(login_page, site):
    page = login_page("athuky")
    expect(page.locator("[data-testid=whoami]")).to_contain_text("Thư Ký Một")
    expect(page.locator(".topbar .brand")).to_contain_text("HĐND xã Thử Nghiệm")
    page.click("text=Đại biểu & tài khoản")
    expect(page.locator("[data-testid=members] tr")).to_have_count(11)  # header + 10 accounts of council A
    expect(page.locator("[data-testid=members]")).not_to_contain_text("bthuky")
    page.click("text=Kỳ họp")
    page.click("[data-testid=session-link]")
    rows = page.locator("[data-testid=agenda-row]")
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text("Khai mạc")
    # reorder: move the last item up
    rows.nth(3).locator("[data-testid=row-more]").click()  # moving is in the row's "…" menu
    rows.nth(3).get_by_role("menuitem", name="Lên").click()
    expect(rows.nth(2)).to_contain_text("Bế mạc")


def test_wrong_password_shows_a_clear_message(browser, site):
    page = browser.new_page()
    page.goto(site[0] + "/")
    page.fill("input[name=username]", "athuky")
    page.fill("input[name=password]", "sai-mat-khau")
    page.click("button[type=submit]")
    expect(page.locator("[role=alert]")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
    page.close()


def test_csv_import_errors_are_listed_per_row(login_page, site, tmp_path):
    page = login_page("athuky")
    page.click("text=Đại biểu & tài khoản")
    page.click("text=Nhập từ tệp CSV")
    bad = tmp_path / "members.csv"
    bad.write_text("username,full_name,role\nmoi1,Người Một,delegate\nX Y,Người Hai,delegate\n", encoding="utf-8")
    page.set_input_files("input[type=file]", str(bad))
    page.click("button:has-text('Nhập')  >> nth=-1")
    expect(page.locator("[data-testid=import-errors]")).to_contain_text("Tên đăng nhập phải dài")
    expect(page.locator("[data-testid=import-errors] tr")).to_have_count(2)
    expect(page.locator("[data-testid=members]")).not_to_contain_text("Người Một")


def test_chair_drives_and_tablet_and_display_follow(login_page, site):
    base, a, _srv = site
    for u in ["achutich"] + a.delegates()[:3]:
        Http(base, u).post(f"/api/sessions/{a.session_id}/check-in")
    chair = login_page("achutich")
    tablet = login_page("adb04", viewport=(800, 1280))  # a 10-inch tablet, portrait
    display = login_page("amanhinh", viewport=(1920, 1080))
    for p in (chair, tablet, display):
        p.goto(f"{base}/#/live/{a.session_id}")
        expect(p.locator("[data-testid=agenda], [data-testid=display-item]").first).to_be_visible()
    expect(display.locator("[data-testid=present-count]")).to_have_text("4")
    tablet.click("[data-testid=check-in]")
    expect(tablet.locator("[data-testid=my-attendance]")).to_be_visible()
    expect(display.locator("[data-testid=present-count]")).to_have_text("5")
    expect(chair.locator("[data-testid=present-count]")).to_have_text("5")

    chair.click("[data-testid=open-session]")
    expect(display.locator("[data-testid=display-item]")).to_contain_text("1. Khai mạc")
    expect(tablet.locator("[data-testid=detail-title]")).to_contain_text("Khai mạc")
    chair.click("[data-testid=next]")
    expect(display.locator("[data-testid=display-item]")).to_contain_text("2. Báo cáo kinh tế – xã hội")
    expect(tablet.locator("[data-testid=detail-title]")).to_contain_text("Báo cáo kinh tế – xã hội")
    expect(tablet.locator("li[aria-current=true]")).to_contain_text("Báo cáo kinh tế – xã hội")

    # the delegate browses elsewhere; the chair moves on; one tap brings the tablet back to the current item
    tablet.click("text=Bế mạc")
    expect(tablet.locator("[data-testid=detail-title]")).to_contain_text("Bế mạc")
    chair.click("[data-testid=next]")
    expect(tablet.locator("li[aria-current=true]")).to_contain_text("Thảo luận")
    expect(tablet.locator("[data-testid=detail-title]")).to_contain_text("Bế mạc")
    tablet.click("[data-testid=back-to-current]")
    expect(tablet.locator("[data-testid=detail-title]")).to_contain_text("Thảo luận")

    chair.fill("[data-testid=message-input]", "Đề nghị các đại biểu về chỗ ngồi")
    chair.click("[data-testid=send-message]")
    for p in (tablet, display):
        expect(p.locator("[data-testid=message]")).to_have_text("Đề nghị các đại biểu về chỗ ngồi")


def test_a_gap_in_seq_makes_the_tablet_reload(login_page, site):
    base, a, _srv = site
    chair = check_in_and_open(base, a)
    tablet = login_page("adb01")
    tablet.goto(f"{base}/#/live/{a.session_id}")
    expect(tablet.locator("[data-testid=conn]")).to_have_text("Đã kết nối")
    reloads = tablet.evaluate("window.kyhopLive.stats.reloads")
    # an event from the future (as if two were lost on the way) must not be applied but trigger a reload
    tablet.evaluate("""() => { const l = window.kyhopLive;
        l.receive({session_id: l.sessionId, seq: l.state.seq + 3, kind: 'x', patch: {message: 'SAI'}}); }""")
    expect(tablet.locator("[data-testid=message]")).to_have_count(0)
    assert tablet.evaluate("window.kyhopLive.stats.reloads") == reloads + 1
    chair.post(f"/api/sessions/{a.session_id}/control", {"action": "goto", "item_id": a.item_ids[2]})
    expect(tablet.locator("li[aria-current=true]")).to_contain_text("Thảo luận")


def test_a_lost_event_is_caught_up_by_the_heartbeat(login_page, site):
    base, a, _srv = site
    chair = check_in_and_open(base, a)
    tablet = login_page("adb01")
    tablet.evaluate("window.KYHOP_HEARTBEAT_MS = 1000")  # the tablet's 30 s, shortened for the test
    tablet.goto(f"{base}/#/live/{a.session_id}")
    expect(tablet.locator("[data-testid=conn]")).to_have_text("Đã kết nối")
    # from now on every broadcast is lost on the way (as while Redis is away), and no later event comes
    tablet.evaluate("() => { window.kyhopLive.receive = () => {}; }")
    chair.post(f"/api/sessions/{a.session_id}/control", {"action": "goto", "item_id": a.item_ids[2]})
    expect(tablet.locator("li[aria-current=true]")).to_contain_text("Thảo luận")


def test_tablet_catches_up_after_the_server_restarts(login_page, site):
    base, a, server = site
    chair = check_in_and_open(base, a)
    tablet = login_page("adb01")
    tablet.goto(f"{base}/#/live/{a.session_id}")
    expect(tablet.locator("li[aria-current=true]")).to_contain_text("Khai mạc")
    server.stop()
    expect(tablet.locator("[data-testid=conn]")).to_have_text(re.compile("Mất kết nối"))
    server.start()
    chair = Http(base, "achutich")  # the chair acts as soon as the server is back
    chair.post(f"/api/sessions/{a.session_id}/control", {"action": "goto", "item_id": a.item_ids[3]})
    expect(tablet.locator("li[aria-current=true]")).to_contain_text("Bế mạc", timeout=15000)
    expect(tablet.locator("[data-testid=conn]")).to_have_text("Đã kết nối")


def test_chair_opens_a_poll_tablets_vote_display_shows_the_board(login_page, site):
    base, a, _srv = site
    chair_http = check_in_and_open(base, a)
    r = Http(base, "athuky").post(f"/api/sessions/{a.session_id}/polls",
                                  {"title": "Thông qua Nghị quyết về dự toán ngân sách", "kind": "open", "duration_s": 120})
    poll_id = r.json()["poll"]["id"]
    chair = login_page("achutich")
    tablets = [login_page(u, viewport=(800, 1280)) for u in ("adb01", "adb02")]
    display = login_page("amanhinh", viewport=(1920, 1080))
    for p in [chair, display] + tablets:
        p.goto(f"{base}/#/live/{a.session_id}")
    chair.click("[data-testid=tab-polls]")
    chair.click("[data-testid=open-poll]")
    for tablet in tablets:
        expect(tablet.locator("[data-testid=ballot]")).to_contain_text("Thông qua Nghị quyết")
        tablet.click("[data-testid=vote-for]")
        tablet.click("[data-testid=confirm-vote]")
        expect(tablet.locator("[data-testid=ballot-recorded]")).to_contain_text("Tán thành")
    expect(display.locator("[data-testid=display-progress]")).to_contain_text("2/4")
    expect(chair.locator("[data-testid=poll-progress]")).to_contain_text("2/4")
    chair_http.post(f"/api/polls/{poll_id}/ballots", {"request_id": "chair-request-0000001", "choice": "for"})
    chair.click("[data-testid=close-poll]")
    chair.click("[data-testid=ask-ok]")  # closing a vote asks first
    board = display.locator("[data-testid=result]")
    # three of the six delegates for: exactly half of ALL delegates is not "more than half"
    expect(board.locator("[data-testid=result-for]")).to_have_text("3/6")
    expect(board.locator("[data-testid=verdict]")).to_have_text("KHÔNG ĐƯỢC THÔNG QUA")
    expect(tablets[0].locator("[data-testid=verdict]")).to_have_text("KHÔNG ĐƯỢC THÔNG QUA")
    # on the tablet too, read out as the hall hears it, over ALL delegates; who did not vote is named so
    expect(tablets[0].locator("[data-testid=result-for]")).to_have_text("Tán thành 3/6 đại biểu (50,00%)")
    expect(tablets[0].locator("[data-testid=result-did_not_vote]")).to_have_text("Không tham gia biểu quyết 3/6 đại biểu (50,00%)")
    # the record afterwards: the delegate's own history, the secretary's session page
    tablets[0].goto(f"{base}/#/votes")
    expect(tablets[0].locator("[data-testid=my-votes]")).to_contain_text("Tán thành")
    secretary = login_page("athuky")
    secretary.goto(f"{base}/#/sessions/{a.session_id}")
    secretary.click("[data-testid=tab-polls]")
    expect(secretary.locator("[data-testid=session-polls] [data-testid=verdict]")).to_have_text("KHÔNG ĐƯỢC THÔNG QUA")


def test_documents_upload_read_revise_and_stamped_copies(login_page, site, tmp_path):
    from pypdf import PdfReader

    from server.documents.samples import make_pdf
    base, a, _srv = site
    first = tmp_path / "to-trinh.pdf"
    first.write_bytes(make_pdf("Tờ trình về dự toán ngân sách năm 2027", 3, extra="Đường giao thông liên xã"))
    secretary = login_page("athuky")
    secretary.goto(f"{base}/#/sessions/{a.session_id}")
    secretary.click("[data-testid=tab-documents]")
    secretary.set_input_files("[data-testid=upload-file]", str(first))
    secretary.fill(".upload-form input[name=title]", "Tờ trình dự toán ngân sách")
    secretary.select_option("[data-testid=upload-item]", str(a.item_ids[1]))
    secretary.click("[data-testid=upload-submit]")
    expect(secretary.locator("[data-testid=upload-message]")).to_have_text("✓ to-trinh.pdf")

    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 300)
    secretary.set_input_files("[data-testid=upload-file]", str(bad))
    secretary.click("[data-testid=upload-submit]")
    expect(secretary.locator("[data-testid=upload-message]")).to_contain_text("Không nhận tệp «hong.pdf»")

    check_in_and_open(base, a)
    Http(base, "achutich").post(f"/api/sessions/{a.session_id}/control", {"action": "goto", "item_id": a.item_ids[1]})
    tablet = login_page("adb01", viewport=(800, 1280))
    tablet.goto(f"{base}/#/live/{a.session_id}")
    expect(tablet.locator("[data-testid=doc-link]")).to_contain_text("Tờ trình dự toán ngân sách")

    # a revision arrives while the delegate is on the live screen
    doc_id = Http(base, "athuky").get(f"/api/sessions/{a.session_id}/documents").json()["documents"][0]["id"]
    revised = Http(base, "athuky")
    r = revised.s.post(f"{base}/api/documents/{doc_id}/versions?filename=lan-2.pdf",
                       data=make_pdf("Tờ trình (dự thảo lần 2)", 4), headers={"X-CSRF-Token": revised.csrf,
                                                                           "Content-Type": "application/pdf"})
    assert r.status_code == 201
    expect(tablet.locator("[data-testid=doc-revised]")).to_have_text("Đã sửa đổi — lần 2")

    tablet.click("[data-testid=doc-link]")
    expect(tablet.locator("[data-testid=reader-pages]")).to_have_attribute("data-pages", "4")
    expect(tablet.locator("[data-testid=reader]")).to_have_attribute("data-page", "1")
    tablet.click("[data-testid=reader-next]")
    expect(tablet.locator("[data-testid=reader]")).to_have_attribute("data-page", "2")
    tablet.click("[data-testid=reader-search-open]")
    tablet.fill("[data-testid=reader-search]", "DU THAO LAN 2")
    tablet.press("[data-testid=reader-search]", "Enter")
    expect(tablet.locator("[data-testid=reader-search-status]")).to_contain_text("1/1")
    expect(tablet.locator("[data-testid=reader]")).to_have_attribute("data-page", "1")

    # a confidential document: the copy this delegate's browser receives carries their name on every page
    conf = tmp_path / "mat.pdf"
    conf.write_bytes(make_pdf("Phụ lục không phổ biến", 2))
    sec = Http(base, "athuky")
    r = sec.s.post(f"{base}/api/sessions/{a.session_id}/documents?filename=mat.pdf&kind=annex&access=confidential",
                   data=conf.read_bytes(), headers={"X-CSRF-Token": sec.csrf, "Content-Type": "application/pdf"})
    url = r.json()["document"]["current"]["url"]
    served = tablet.request.get(base + url)
    assert served.status == 200
    pages = PdfReader(io.BytesIO(served.body())).pages
    assert all("Đại Biểu Số 1" in p.extract_text() for p in pages)


def test_tablet_reads_session_documents_offline(login_page, site):
    from server.documents.samples import make_pdf
    base, a, _srv = site
    sec = Http(base, "athuky")
    for n in range(3):
        r = sec.s.post(f"{base}/api/sessions/{a.session_id}/documents?filename=t{n}.pdf&kind=report&access=delegates"
                       f"&agenda_item_id={a.item_ids[1]}", data=make_pdf(f"Báo cáo số {n + 1}", 2),
                       headers={"X-CSRF-Token": sec.csrf, "Content-Type": "application/pdf"})
        assert r.status_code == 201
    tablet = login_page("adb01", viewport=(800, 1280))
    tablet.goto(f"{base}/#/live/{a.session_id}")
    expect(tablet.locator("[data-testid=docs-synced]")).to_have_text("Tài liệu đã đồng bộ: 3/3", timeout=15000)
    tablet.context.set_offline(True)  # the hall's Wi-Fi is gone
    tablet.click("text=Báo cáo kinh tế – xã hội")
    tablet.click("[data-testid=doc-link] >> nth=2")
    expect(tablet.locator("[data-testid=reader-pages]")).to_have_attribute("data-pages", "2")
    expect(tablet.locator("[data-testid=reader]")).to_have_attribute("data-page", "1")
    expect(tablet.locator("[data-testid=reader-title]")).to_contain_text("Báo cáo số 3")
    tablet.context.set_offline(False)


def test_floor_requests_speaker_and_countdown_everywhere(login_page, site):
    base, a, _srv = site
    chair_http = check_in_and_open(base, a)
    chair_http.post(f"/api/sessions/{a.session_id}/control", {"action": "goto", "item_id": a.item_ids[2]})
    chair = login_page("achutich")
    tablets = [login_page(u, viewport=(800, 1280)) for u in ("adb01", "adb02")]
    display = login_page("amanhinh", viewport=(1920, 1080))
    for p in [chair, display] + tablets:
        p.goto(f"{base}/#/live/{a.session_id}")
    for tablet in tablets:
        tablet.click("[data-testid=ask-floor]")
    expect(tablets[1].locator("[data-testid=my-place]")).to_contain_text("2")
    expect(chair.locator("[data-testid=queue] li")).to_have_count(2)
    chair.locator("[data-testid=give-floor]").nth(1).click()  # the chair departs from the order
    for p in [display] + tablets:
        expect(p.locator("[data-testid=speaker-name]")).to_have_text("Đại Biểu Số 2")
        expect(p.locator("[data-testid=speech-timer]")).to_have_text(re.compile(r"^[67]:\d\d$"))
    expect(display.locator("[data-testid=next-speakers]")).to_contain_text("Đại Biểu Số 1")
    expect(tablets[1].locator("[data-testid=current-speaker]")).to_have_class(re.compile("big"))  # the speaker's own
    chair.click("[data-testid=end-speech]")
    expect(display.locator("[data-testid=speaker-name]")).to_have_count(0)
    log = Http(base, "athuky").get(f"/api/sessions/{a.session_id}/speeches").json()["speeches"]
    assert [(s["full_name"], s["kind"]) for s in log] == [("Đại Biểu Số 2", "discussion")] and log[0]["ended_at"]


def test_activity_page(login_page, site):
    base, a, _srv = site
    check_in_and_open(base, a)
    page = login_page("athuky")
    page.goto(f"{base}/#/activity")
    expect(page.locator("[data-testid=activity] tr")).to_have_count(7)  # header + 6 delegates
    expect(page.locator("[data-testid=activity]")).to_contain_text("100%")


def test_public_archive_without_login(browser, site):
    base, a, _srv = site
    chair = check_in_and_open(base, a)
    poll = chair.post(f"/api/sessions/{a.session_id}/polls", {"title": "Nghị quyết về dự toán", "kind": "open"}).json()["poll"]
    chair.post(f"/api/polls/{poll['id']}/open")
    for u in ("achutich", "adb01", "adb02", "adb03"):
        Http(base, u).post(f"/api/polls/{poll['id']}/ballots", {"request_id": f"pub-request-{u}-0000", "choice": "for"})
    chair.post(f"/api/polls/{poll['id']}/close")
    sealed = chair.post(f"/api/sessions/{a.session_id}/control", {"action": "close"}).json()["event"]["patch"]["sealed_hash"]
    sec = Http(base, "athuky")
    sec.s.patch(f"{base}/api/sessions/{a.session_id}", json={"public": True}, headers={"X-CSRF-Token": sec.csrf})
    page = browser.new_page()
    page.goto(f"{base}/#/login")
    page.click("[data-testid=public-link]")
    page.click("[data-testid=public-council]")
    page.click("[data-testid=public-session]")
    expect(page.locator("[data-testid=public-title]")).to_have_text("Kỳ họp thứ nhất")
    expect(page.locator("[data-testid=seal]")).to_contain_text(sealed)
    expect(page.locator("[data-testid=public-polls] [data-testid=verdict]")).to_have_text("ĐƯỢC THÔNG QUA")  # 4 of 6
    page.close()


def test_secretary_edits_minutes_and_registers_the_resolution(login_page, site):
    base, a, _srv = site
    chair = check_in_and_open(base, a)
    poll = chair.post(f"/api/sessions/{a.session_id}/polls", {"title": "Nghị quyết về dự toán", "kind": "open"}).json()["poll"]
    chair.post(f"/api/polls/{poll['id']}/open")
    for u in ("achutich", "adb01", "adb02", "adb03"):
        Http(base, u).post(f"/api/polls/{poll['id']}/ballots", {"request_id": f"min-request-{u}-0000", "choice": "for"})
    chair.post(f"/api/polls/{poll['id']}/close")
    chair.post(f"/api/sessions/{a.session_id}/control", {"action": "close"})
    page = login_page("athuky")
    page.goto(f"{base}/#/sessions/{a.session_id}")
    page.click("[data-testid=tab-polls]")
    page.click("[data-testid=register-resolution]")
    expect(page.locator("[data-testid=resolution-code]")).to_contain_text("Số: 01/NQ-HĐND")
    page.click("[data-testid=tab-minutes]")
    area = page.locator("[data-testid=minutes-text]")
    expect(area).to_have_value(re.compile("Tán thành 4/6 — 66,67%"))
    area.fill(area.input_value() + "\nThư ký ghi bổ sung.")
    page.click("[data-testid=save-minutes]")
    sec = Http(base, "athuky")
    assert sec.get(f"/api/sessions/{a.session_id}/minutes").json()["text"].endswith("Thư ký ghi bổ sung.")
