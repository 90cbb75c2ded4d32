"""The delegate's tablet and the secretary's session page, in Chromium at their real sizes: the session's
library before khai mạc, asking a question in the page, the place naming its request, changing a changeable
vote, written opinions on any item; the secretary's tabs, labelled fields, uploads locked after bế mạc."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from server.documents.samples import make_pdf
from tests.live.helpers import Http, check_in_and_open

SHOTS = Path("/tmp/shots")


def shot(page, screen: str, name: str) -> None:
    (SHOTS / screen).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / screen / f"{name}.png"), full_page=True)


def no_dialogs(page) -> list:
    """Fail on any browser dialog (prompt, confirm, alert): every question is asked in the page."""
    opened = []

    def seen(dialog):
        opened.append(dialog.message)
        dialog.dismiss()
    page.on("dialog", seen)
    return opened


def fits_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def upload(sec: Http, session_id: int, title: str, item_id: int | None = None, pages: int = 2) -> dict:
    q = f"filename=t.pdf&kind=report&access=delegates&title={title}" + (f"&agenda_item_id={item_id}" if item_id else "")
    r = sec.s.post(f"{sec.base}/api/sessions/{session_id}/documents?{q}", data=make_pdf(title, pages),
                   headers={"X-CSRF-Token": sec.csrf, "Content-Type": "application/pdf"})
    assert r.status_code == 201, r.text
    return r.json()["document"]


@pytest.fixture
def dossier(site):
    """Council A's published session with a sub-item under the report and a document on each level."""
    base, a, _srv = site
    sec = Http(base, "athuky")
    r = sec.post(f"/api/sessions/{a.session_id}/agenda", {"title": "Dự thảo nghị quyết về phí bến bãi", "kind": "submission",
                                                          "parent_id": a.item_ids[1]})
    assert r.status_code == 201, r.text
    sub = next(i["id"] for i in sec.get(f"/api/sessions/{a.session_id}").json()["agenda"] if i["parent_id"] == a.item_ids[1])
    upload(sec, a.session_id, "Chương trình kỳ họp")
    upload(sec, a.session_id, "Báo cáo tình hình kinh tế", a.item_ids[1])
    upload(sec, a.session_id, "Tờ trình về phí bến bãi", sub)
    upload(sec, a.session_id, "Báo cáo thẩm tra về phí bến bãi", sub)
    return sub


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_the_library_before_khai_mac_groups_documents_by_item_and_sub_item(login_page, site, dossier, size):
    base, a, _srv = site
    tablet = login_page("adb01", viewport=size)
    opened = no_dialogs(tablet)
    tablet.goto(f"{base}/#/live/{a.session_id}")
    expect(tablet.locator("[data-testid=live-status]")).to_have_text("Đã công bố")
    library = tablet.locator("[data-testid=library]")
    expect(library).to_be_visible()  # before khai mạc, without a tap
    expect(tablet.locator("[data-testid=docs-synced]")).to_have_text("Tài liệu đã đồng bộ: 4/4", timeout=15000)
    expect(library.locator("[data-testid=library-general]")).to_contain_text("Chương trình kỳ họp")
    report = library.locator(f"[data-testid=library-item][data-item-id='{a.item_ids[1]}']")
    expect(report.locator("> .doc-list")).to_contain_text("Báo cáo tình hình kinh tế")
    sub = report.locator(f"[data-testid=library-item][data-item-id='{dossier}']")  # the sub-item under its parent
    expect(sub).to_contain_text("2.1")
    expect(sub.locator("[data-testid=doc-link]")).to_have_count(2)
    expect(report.locator(".lib-count").first).to_have_text("3 tài liệu")
    # items without documents are not listed
    expect(library.locator(f"[data-testid=library-item][data-item-id='{a.item_ids[3]}']")).to_have_count(0)
    assert fits_width(tablet)
    shot(tablet, "tablet", f"library-before-opening-{size[0]}x{size[1]}")
    # a document opens from the library
    sub.locator("[data-testid=doc-link]").first.click()
    expect(tablet.locator("[data-testid=reader-title]")).to_contain_text("Tờ trình về phí bến bãi")
    # the library is also a page of its own, linked from the list of sessions
    tablet.goto(f"{base}/#/sessions")
    tablet.click("[data-testid=session-library]")
    expect(tablet.locator(f"[data-testid=library-item][data-item-id='{dossier}']")).to_contain_text("Báo cáo thẩm tra")
    assert fits_width(tablet)
    shot(tablet, "tablet", f"library-page-{size[0]}x{size[1]}")
    assert opened == []


def test_the_library_stays_a_tap_away_during_the_session(login_page, site, dossier):
    base, a, _srv = site
    chair = check_in_and_open(base, a)
    chair.post(f"/api/sessions/{a.session_id}/control", {"action": "goto", "item_id": a.item_ids[1]})
    tablet = login_page("adb01", viewport=(800, 1280))
    tablet.goto(f"{base}/#/live/{a.session_id}")
    # the current item shows its own documents and its sub-item's, under it
    item = tablet.locator("[data-testid=item-library]")
    expect(item.locator("[data-testid=doc-link]")).to_have_count(3)
    expect(item.locator(f"[data-testid=library-item][data-item-id='{dossier}']")).to_contain_text("Tờ trình về phí bến bãi")
    tablet.click("[data-testid=open-library]")
    expect(tablet.locator("[data-testid=library] [data-testid=doc-link]")).to_have_count(4)
    shot(tablet, "tablet", "library-in-session-800x1280")
    tablet.locator("[data-testid=agenda] button.item", has_text="Thảo luận").click()  # picking an item shows it
    expect(tablet.locator("[data-testid=library]")).to_have_count(0)
    expect(tablet.locator("[data-testid=detail-title]")).to_contain_text("Thảo luận")


@pytest.mark.parametrize("size", [(800, 1280), (390, 844)])
def test_a_question_is_asked_in_the_page_and_the_place_names_the_request(login_page, site, size):
    base, a, _srv = site
    chair = check_in_and_open(base, a)
    chair.post(f"/api/sessions/{a.session_id}/control", {"action": "goto", "item_id": a.item_ids[2]})
    for u in ("adb02", "adb03"):
        assert Http(base, u).post(f"/api/sessions/{a.session_id}/floor", {"kind": "discussion"}).status_code == 201
    tablet = login_page("adb01", viewport=size)
    opened = no_dialogs(tablet)
    tablet.goto(f"{base}/#/live/{a.session_id}")
    tablet.click("[data-testid=ask-question]")
    form = tablet.locator("[data-testid=question-form]")
    expect(form).to_be_visible()
    to = form.get_by_label("Chất vấn ai (chức danh)")
    expect(to).to_be_focused()
    to.press_sequentially("Giám đốc")
    # the chair gives the floor meanwhile: the tablet redraws (a "Tranh luận" button appears) and the
    # field being typed in keeps its text and its focus
    queue = chair.get(f"/api/sessions/{a.session_id}/live").json()["speaking"]["queue"]
    assert chair.post(f"/api/sessions/{a.session_id}/floor/chair", {"action": "give", "request_id": queue[0]["id"]}).ok
    expect(tablet.locator("[data-testid=floor] button", has_text="Tranh luận")).to_be_visible()
    expect(to).to_be_focused()
    expect(to).to_have_value("Giám đốc")
    to.press_sequentially(" Sở Xây dựng")
    form.get_by_label("Nội dung chất vấn").fill("Tiến độ đường liên xã")
    shot(tablet, "tablet", f"question-form-{size[0]}x{size[1]}")
    tablet.click("[data-testid=question-submit]")
    expect(tablet.locator("[data-testid=my-place]")).to_have_text("Đăng ký chất vấn Giám đốc Sở Xây dựng: vị trí 2")
    expect(form).to_be_hidden()
    tablet.click("[data-testid=ask-floor]")  # a second request: each line says which it is
    places = tablet.locator("[data-testid=my-place]")
    expect(places).to_have_text(["Đăng ký chất vấn Giám đốc Sở Xây dựng: vị trí 2", "Đăng ký phát biểu: vị trí 3"])
    queue = Http(base, "achutich").get(f"/api/sessions/{a.session_id}/live").json()["speaking"]["queue"]
    mine = [q for q in queue if q["full_name"] == "Đại Biểu Số 1"]
    assert [(q["kind"], q["addressee"], q["subject"]) for q in mine] == [
        ("question", "Giám đốc Sở Xây dựng", "Tiến độ đường liên xã"), ("discussion", "", "")]

    # a written opinion on another item than the current one
    tablet.click("[data-testid=open-opinion]")
    tablet.get_by_label("Về nội dung").select_option(str(a.item_ids[1]))
    tablet.get_by_label("Ý kiến của bạn").fill("Đề nghị bổ sung số liệu giải ngân vốn đầu tư công.")
    tablet.click("[data-testid=send-opinion]")
    expect(tablet.locator("[data-testid=opinion-sent]")).to_contain_text("Báo cáo kinh tế – xã hội")
    written = Http(base, "athuky").get(f"/api/sessions/{a.session_id}/speeches").json()["written"]
    assert [(w["agenda_item_id"], w["text"]) for w in written] == [
        (a.item_ids[1], "Đề nghị bổ sung số liệu giải ngân vốn đầu tư công.")]
    assert fits_width(tablet)
    shot(tablet, "tablet", f"floor-and-opinion-{size[0]}x{size[1]}")
    assert opened == []


def test_a_changeable_vote_is_changed_on_the_tablet(login_page, site):
    base, a, _srv = site
    check_in_and_open(base, a)
    poll = Http(base, "athuky").post(f"/api/sessions/{a.session_id}/polls", {
        "title": "Thông qua Nghị quyết về phí bến bãi", "kind": "open", "duration_s": 600, "changeable": True}).json()["poll"]
    Http(base, "achutich").post(f"/api/polls/{poll['id']}/open", {})
    tablet = login_page("adb01", viewport=(1280, 800))
    opened = no_dialogs(tablet)
    tablet.goto(f"{base}/#/live/{a.session_id}")
    tablet.click("[data-testid=vote-for]")
    tablet.click("[data-testid=confirm-vote]")
    expect(tablet.locator("[data-testid=ballot-recorded]")).to_contain_text("Tán thành")
    tablet.reload()  # still changeable after the tablet was reloaded
    expect(tablet.locator("[data-testid=ballot-recorded]")).to_contain_text("Tán thành")
    tablet.click("[data-testid=change-ballot]")
    tablet.click("[data-testid=vote-against]")
    tablet.click("[data-testid=confirm-vote]")
    expect(tablet.locator("[data-testid=ballot-recorded]")).to_contain_text("Không tán thành")
    shot(tablet, "tablet", "vote-changed-1280x800")
    me = Http(base, "adb01").get(f"/api/polls/{poll['id']}").json()["me"]
    assert me["has_voted"] and me["choice"] == "against", me
    assert opened == []


def labelled(page, scope: str) -> list[str]:
    """The fields in `scope` without a <label for> naming them."""
    return page.evaluate("""(scope) => [...document.querySelectorAll(`${scope} input, ${scope} select, ${scope} textarea`)]
        .filter((el) => el.type !== 'hidden' && !el.classList.contains('revise') && !(el.labels && el.labels.length))
        .map((el) => el.name || el.outerHTML)""", scope)


def test_the_secretarys_session_page_in_tabs(login_page, site, dossier, tmp_path):
    base, a, _srv = site
    page = login_page("athuky", viewport=(1366, 768))
    opened = no_dialogs(page)
    page.goto(f"{base}/#/sessions/{a.session_id}")
    tabs = page.locator("[data-testid=session-tabs] [role=tab]")
    expect(tabs).to_have_text(["Chương trình", "Tài liệu", "Biểu quyết", "Biên bản", "Khách mời", "Công bố"])
    for box in [tabs.nth(i).bounding_box() for i in range(5)]:
        assert box["y"] + box["height"] <= 768 and box["height"] >= 44  # above the fold, large enough to tap

    # the agenda: at most three actions visible on a row, the rest (Xóa among them) behind "…"
    rows = page.locator("[data-testid=agenda-row]")
    expect(rows).to_have_count(5)
    for i in range(5):
        assert rows.nth(i).locator(".tools > button:visible, .tools > details > summary:visible").count() <= 3
    expect(page.get_by_role("button", name="Xóa…")).to_have_count(0)
    assert fits_width(page)
    shot(page, "secretary", "tab-agenda-1366x768")
    row = rows.nth(2)  # 2.1, the sub-item
    row.locator("[data-testid=row-more]").click()
    shot(page, "secretary", "agenda-menu-1366x768")
    row.locator("[data-testid=row-delete]").click()
    confirm = page.locator("[data-testid=ask]")
    expect(confirm).to_contain_text("Xóa «Dự thảo nghị quyết về phí bến bãi» khỏi chương trình?")
    shot(page, "secretary", "agenda-confirm-delete-1366x768")
    confirm.locator("[data-testid=ask-cancel]").click()
    expect(confirm).to_have_count(0)
    expect(rows).to_have_count(5)
    # the item form: labelled fields, its title field says "Tiêu đề"
    rows.nth(0).get_by_role("button", name="Sửa").click()
    expect(page.locator(".agenda-form").get_by_label("Tiêu đề")).to_have_value("Khai mạc")
    assert labelled(page, ".tab-panel") == []
    page.locator(".agenda-form").get_by_role("button", name="Hủy").click()

    # sittings: by date, the morning before the afternoon
    page.get_by_label("Ngày", exact=True).fill("2026-12-01")
    page.get_by_label("Buổi").select_option("afternoon")
    page.get_by_role("button", name="Thêm phiên họp").click()
    expect(page.locator("[data-testid=sittings] li")).to_have_count(1)
    page.get_by_label("Buổi").select_option("morning")
    page.get_by_role("button", name="Thêm phiên họp").click()
    expect(page.locator("[data-testid=sittings] li")).to_have_text(["01/12/2026 · Sáng", "01/12/2026 · Chiều"])

    # documents: each with its item; the upload form labelled, with an item picker
    page.click("[data-testid=tab-documents]")
    rows = page.locator("[data-testid=doc-row]")
    expect(rows).to_have_count(4)
    expect(rows.locator("[data-testid=doc-item]")).to_have_text([
        "Tài liệu chung của kỳ họp", "2. Báo cáo kinh tế – xã hội", "2.1. Dự thảo nghị quyết về phí bến bãi",
        "2.1. Dự thảo nghị quyết về phí bến bãi"])
    assert labelled(page, ".tab-panel") == []
    pdf = tmp_path / "phu-luc.pdf"
    pdf.write_bytes(make_pdf("Phụ lục biểu phí", 1))
    page.get_by_label("Tệp PDF").set_input_files(str(pdf))
    page.get_by_label("Tiêu đề").fill("Phụ lục biểu phí")
    page.get_by_label("Thuộc nội dung").select_option(str(dossier))
    page.click("[data-testid=upload-submit]")
    expect(page.locator("[data-testid=upload-message]")).to_have_text("✓ phu-luc.pdf")
    expect(page.locator("[data-testid=doc-row]", has_text="Phụ lục biểu phí").locator("[data-testid=doc-item]")).to_have_text(
        "2.1. Dự thảo nghị quyết về phí bến bãi")

    # every tab fits the screen's width
    for name in ("documents", "polls", "minutes", "publication"):
        page.click(f"[data-testid=tab-{name}]")
        expect(page.locator("[data-testid=tab-panel]")).to_have_attribute("data-tab", name)
        page.wait_for_load_state("networkidle")
        assert fits_width(page), name
        assert page.evaluate("(() => { const p = document.querySelector('[data-testid=tab-panel]'); "
                             "return p.scrollWidth <= p.clientWidth; })()"), name
        shot(page, "secretary", f"tab-{name}-1366x768")

    # making the session public asks first, in the page
    sec = Http(base, "athuky")
    page.click("[data-testid=make-public]")
    confirm = page.locator("[data-testid=ask]")
    expect(confirm).to_contain_text("Công khai kỳ họp trên trang tra cứu?")
    shot(page, "secretary", "confirm-public-1366x768")
    assert sec.get(f"/api/sessions/{a.session_id}").json()["session"]["public"] is False
    confirm.locator("[data-testid=ask-ok]").click()
    expect(page.locator("[data-testid=public-state]")).to_contain_text("đang hiện trên trang tra cứu")
    assert sec.get(f"/api/sessions/{a.session_id}").json()["session"]["public"] is True

    # deleting an item, confirmed in the page
    page.click("[data-testid=tab-agenda]")
    rows = page.locator("[data-testid=agenda-row]")
    rows.nth(2).locator("[data-testid=row-more]").click()
    rows.nth(2).locator("[data-testid=row-delete]").click()
    page.locator("[data-testid=ask] [data-testid=ask-ok]").click()
    expect(rows).to_have_count(4)
    assert opened == []


def test_after_bế_mạc_upload_is_not_offered(login_page, site):
    base, a, _srv = site
    sec = Http(base, "athuky")
    upload(sec, a.session_id, "Báo cáo tình hình kinh tế", a.item_ids[1])
    chair = check_in_and_open(base, a)
    assert chair.post(f"/api/sessions/{a.session_id}/control", {"action": "close"}).status_code == 200
    page = login_page("athuky", viewport=(1366, 768))
    page.goto(f"{base}/#/sessions/{a.session_id}")
    page.click("[data-testid=tab-documents]")
    expect(page.locator("[data-testid=upload-closed]")).to_contain_text("Kỳ họp đã bế mạc")
    expect(page.locator("[data-testid=doc-row]")).to_have_count(1)
    expect(page.locator("[data-testid=upload-file]")).to_have_count(0)
    expect(page.locator("[data-testid=upload-form]")).to_have_count(0)
    expect(page.get_by_text("Tải bản sửa đổi")).to_have_count(0)
    assert fits_width(page)
    shot(page, "secretary", "tab-documents-closed-1366x768")
