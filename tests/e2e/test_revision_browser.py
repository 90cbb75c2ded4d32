"""A revision in a real browser (issue 16, done when): a delegate writes a note on page 3; the secretary uploads a
revision with a page inserted before it, so that old page 3 is page 4 and one passage of it changed; the delegate's
tablet marks the document revised, shows page 4 changed (the pages after it only renumbered) with the passage
highlighted and the note on page 4, against the version it was written on — offline too, where a new note waits
and is sent when the network is back; the secretary sees who has received and opened the revision."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from server.documents.samples import make_pages
from tests.live.helpers import Http
from tests.tcp_proxy import Proxy

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("KYHOP_SCREENSHOTS", "/tmp/shots")) / "revision"
TOPICS = ["giao thông nông thôn", "trường học vùng cao", "trạm y tế xã", "nước sạch và vệ sinh môi trường",
          "chợ đầu mối nông sản"]
PAGES = [f"Điều {n}. Dự toán chi cho {topic} năm 2027 là {n * 12} tỷ đồng, do Ủy ban nhân dân tỉnh phân bổ theo "
         f"tiến độ; Sở Tài chính hướng dẫn thanh quyết toán và báo cáo Hội đồng nhân dân tại kỳ họp cuối năm."
         for n, topic in enumerate(TOPICS, 1)]
INSERTED = "Điều 2a. Bổ sung danh mục công trình khắc phục hậu quả thiên tai mùa mưa bão, ưu tiên các xã miền núi."
CHANGED = PAGES[2].replace("36 tỷ đồng", "41 tỷ đồng, trong đó 5 tỷ đồng cho trạm y tế biên giới")
NOTE = "Hỏi lại khoản chi trạm y tế"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.screenshot(path=str(SHOTS / f"{name}-{size['width']}x{size['height']}.png"))


def post_pdf(sec: Http, path: str, data: bytes):
    r = sec.s.post(sec.base + path, data=data, headers={"X-CSRF-Token": sec.csrf, "Content-Type": "application/pdf"})
    assert r.status_code == 201, r.text
    return r.json()


def on_page(tablet, n: int, what: str):
    return tablet.locator(f".reader-page[data-page-no='{n}'] {what}")


def test_a_note_follows_its_page_into_a_revision_online_and_offline(login_page, site):
    base, a, srv = site
    sec = Http(base, "athuky")
    doc = post_pdf(sec, f"/api/sessions/{a.session_id}/documents?filename=du-thao.pdf&kind=draft_resolution"
                        f"&access=delegates&title=Dự thảo nghị quyết dự toán 2027", make_pages(PAGES))["document"]["id"]

    # 1. the delegate's tablet (through its Wi-Fi) has the document; a note on page 3
    wifi = Proxy(srv.port).start()
    origin = f"http://127.0.0.1:{wifi.port}"
    tablet = login_page("adb01", viewport=(1280, 800), base=origin)
    tablet.goto(f"{origin}/#/live/{a.session_id}")
    expect(tablet.locator("[data-testid=docs-synced]")).to_have_text("Tài liệu đã đồng bộ: 1/1", timeout=15000)
    tablet.click("[data-testid=doc-link]")
    expect(tablet.locator("[data-testid=reader-pages]")).to_have_attribute("data-pages", "5")
    tablet.fill("[data-testid=reader-page]", "3")
    tablet.press("[data-testid=reader-page]", "Enter")
    expect(tablet.locator("[data-testid=reader]")).to_have_attribute("data-page", "3")
    tablet.click("[data-testid=reader-notes-toggle]")
    tablet.fill("[data-testid=note-text]", NOTE)
    tablet.click("[data-testid=note-save]")
    expect(tablet.locator("[data-testid=note]")).to_have_class("note")  # sent, not waiting
    expect(on_page(tablet, 3, "[data-testid=page-notes]")).to_have_text("✎ 1")
    tablet.go_back()  # to the live screen

    # 2. the revision: a page inserted before page 3, which is page 4 now with one passage changed
    post_pdf(sec, f"/api/documents/{doc}/versions?filename=lan-2.pdf", make_pages(PAGES[:2] + [INSERTED, CHANGED] + PAGES[3:]))

    # 3. the tablet marks it revised, has it (and its changes) for offline, and shows what changed
    expect(tablet.locator("[data-testid=doc-link] [data-testid^=doc-]")).to_be_visible()  # the revised badge
    expect(tablet.locator("[data-testid=doc-link]")).to_contain_text("6 trang")
    # the sync keeps what the revision changed, for reading offline before it is ever opened
    tablet.wait_for_function("(u) => caches.match(u).then((r) => !!r)", arg=f"/api/documents/{doc}/versions/2/changes?from=1")
    tablet.click("[data-testid=doc-link]")
    expect(tablet.locator("[data-testid=reader-pages]")).to_have_attribute("data-pages", "6")

    def sees_changes_and_note(snap=lambda name: None):
        tablet.click("[data-testid=reader-changes-toggle]")
        changes = tablet.locator("[data-testid=change-list]")
        expect(changes.locator("li")).to_have_text(["Trang 3: trang mới", re.compile(r"^Trang 4: sửa \(trước là trang 3\)"),
                                                    "Trang 5–6: không đổi, trước là trang 4–5"])
        expect(tablet.locator("[data-testid=reader-changes]")).to_contain_text("4 trang không đổi")
        snap("changes")
        changes.locator("button[data-page='4']").click()
        expect(tablet.locator("[data-testid=reader]")).to_have_attribute("data-page", "4")
        expect(on_page(tablet, 4, ".reader-change").first).to_be_visible()
        assert "trạm y tế biên giới" in " ".join(on_page(tablet, 4, ".reader-change").all_text_contents())
        for n in (1, 2, 3, 5):  # the passage is on page 4 only
            expect(on_page(tablet, n, ".reader-change")).to_have_count(0)
        # the note, on page 4 now, against the version it was written on
        expect(on_page(tablet, 4, "[data-testid=page-notes]")).to_have_text("✎ 1")
        expect(tablet.locator("[data-testid=page-notes]")).to_have_count(1)
        snap("page-4")
        on_page(tablet, 4, "[data-testid=page-notes]").click()
        note = tablet.locator("[data-testid=note]", has_text=NOTE)
        expect(note.locator("[data-testid=note-now]")).to_have_text("Trang 4")
        expect(note.locator("[data-testid=note-where]")).to_have_text("ghi trên bản lần 1, trang 3")
        snap("note")

    def snap(name):  # the tablet held either way
        for w, h in ((1280, 800), (800, 1280)):
            tablet.set_viewport_size({"width": w, "height": h})
            if name == "changes":  # the list above the first page
                tablet.locator("[data-testid=reader-scroll]").evaluate("(e) => { e.scrollTop = 0; }")
            else:
                expect(on_page(tablet, 4, ".reader-change").first).to_be_in_viewport()
            shot(tablet, name)
        tablet.set_viewport_size({"width": 1280, "height": 800})

    sees_changes_and_note(snap)
    tablet.reload()  # the panels closed, as when the reader is opened again

    # 4. the Wi-Fi is gone: the reader opens again from the tablet alone, with the changes and the note
    wifi.cut()
    tablet.context.set_offline(True)
    tablet.reload()
    expect(tablet.locator("[data-testid=reader-pages]")).to_have_attribute("data-pages", "6")
    sees_changes_and_note()
    expect(tablet.locator("[data-testid=notes-status]")).to_have_text("Đang ngoại tuyến: hiện các ghi chú lưu trên máy.")
    shot(tablet, "reader-offline")
    # a note written offline waits on the tablet, and is sent once the network is back
    tablet.fill("[data-testid=note-text]", "Đề nghị bổ sung thuyết minh")
    tablet.click("[data-testid=note-save]")
    waiting = tablet.locator("[data-testid=note]", has_text="Đề nghị bổ sung thuyết minh")
    expect(waiting).to_have_class("note pending")
    expect(waiting).to_contain_text("trang 4")
    expect(on_page(tablet, 4, "[data-testid=page-notes]")).to_have_text("✎ 2")
    wifi.restore()
    tablet.context.set_offline(False)
    expect(waiting).to_have_class("note", timeout=30000)
    mine = Http(base, "adb01").get(f"/api/documents/{doc}/notes").json()["notes"]
    assert sorted((n["version"], n["page"], n["text"]) for n in mine) == [
        (1, 3, NOTE), (2, 4, "Đề nghị bổ sung thuyết minh")]

    # 5. the secretary: who has received and opened the revision
    staff = login_page("athuky")
    staff.goto(f"{base}/#/sessions/{a.session_id}")
    staff.click("[data-testid=tab-documents]")
    expect(staff.locator("[data-testid=receipt-summary]")).to_have_text("5 đại biểu chưa nhận bản dự thảo lần 2")
    staff.click("[data-testid=receipt-doc] summary")
    rows = staff.locator("[data-testid=receipt-doc] tbody tr")
    expect(rows.filter(has_text="Đại Biểu Số 1")).to_have_attribute("data-status", "opened")
    expect(rows.filter(has_text="Đại Biểu Số 1").locator("[data-testid=receipt-status]")).to_have_text("đã mở")
    expect(staff.locator("[data-testid=receipt-doc] tbody tr[data-status=not_received]")).to_have_count(5)
    rows.first.scroll_into_view_if_needed()
    shot(staff, "receipts")
    wifi.cut()
