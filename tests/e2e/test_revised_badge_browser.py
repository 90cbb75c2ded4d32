"""'Đã sửa đổi — lần N' comes from the delegate's own read receipts (issue 16, item 3): a delegate who read the first
version on one tablet and closed it logs in on another after the revision and sees the mark; opening the revision
takes it away — offline too, where the opening waits on the tablet, the mark stays gone across a reload, and the
server learns it once the network is back."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from server.documents.samples import make_pdf
from tests.live.helpers import Http
from tests.tcp_proxy import Proxy

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("KYHOP_SCREENSHOTS", "/tmp/shots")) / "revised-badge"


def until(page, check, what: str):
    for _ in range(100):
        if check():
            return
        page.wait_for_timeout(300)
    raise AssertionError(what)


def opened_by_first_delegate(sec: Http, session_id: int, doc: int) -> bool:
    docs = {d["document_id"]: d for d in sec.get(f"/api/sessions/{session_id}/receipts").json()["documents"]}
    return any(x["full_name"] == "Đại Biểu Số 1" and x["status"] == "opened" for x in docs[doc]["delegates"])


def test_a_revision_is_marked_on_a_new_tablet_until_opened_online_or_offline(login_page, site):
    base, a, srv = site
    sec = Http(base, "athuky")
    upload = f"/api/sessions/{a.session_id}/documents?filename=d.pdf&access=delegates"
    draft = sec.post_pdf(f"{upload}&kind=draft_resolution&title=Dự thảo nghị quyết phí chợ", make_pdf("Dự thảo", 2))["id"]
    sec.post_pdf(f"{upload}&kind=review_report&title=Báo cáo thẩm tra", make_pdf("Báo cáo thẩm tra", 1))
    unopened = f"/api/me/sessions/{a.session_id}/unopened-revisions"

    # the first tablet: the delegate reads the first version, then the tablet is closed
    first = login_page("adb01", viewport=(800, 1280))
    first.goto(f"{base}/#/live/{a.session_id}")
    first.locator("[data-testid=doc-link]", has_text="Dự thảo nghị quyết").click()
    expect(first.locator("[data-testid=reader-pages]")).to_have_attribute("data-pages", "2")
    until(first, lambda: opened_by_first_delegate(sec, a.session_id, draft), "the opening never reached the server")
    first.context.close()

    sec.post_pdf(f"/api/documents/{draft}/versions?filename=lan-2.pdf", make_pdf("Dự thảo lần 2", 3))

    # another tablet, nothing kept on it: the server's receipts say the revision is unread
    wifi = Proxy(srv.port).start()
    origin = f"http://127.0.0.1:{wifi.port}"
    tablet = login_page("adb01", viewport=(800, 1280), base=origin)
    tablet.goto(f"{origin}/#/live/{a.session_id}")
    draft_link = tablet.locator("[data-testid=doc-link]", has_text="Dự thảo nghị quyết")
    expect(draft_link.locator("[data-testid=doc-revised]")).to_have_text("Đã sửa đổi — lần 2")
    expect(tablet.locator("[data-testid=doc-revised]")).to_have_count(1)  # the report was never revised
    expect(tablet.locator("[data-testid=docs-synced]")).to_have_text("Tài liệu đã đồng bộ: 2/2", timeout=15000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    tablet.screenshot(path=str(SHOTS / "tablet-revised-800x1280.png"))

    # opened without a network: the mark goes at once and stays gone across a reload; the opening waits
    wifi.cut()
    tablet.context.set_offline(True)
    draft_link.click()
    expect(tablet.locator("[data-testid=reader-pages]")).to_have_attribute("data-pages", "3")
    tablet.click("[data-testid=reader-back]")
    expect(draft_link).to_be_visible()
    expect(tablet.locator("[data-testid=doc-revised]")).to_have_count(0)
    tablet.reload()
    expect(draft_link).to_be_visible()
    expect(tablet.locator("[data-testid=doc-link]")).to_have_count(2)
    expect(tablet.locator("[data-testid=doc-revised]")).to_have_count(0)
    assert Http(base, "adb01").get(unopened).json() == {"documents": [{"document_id": draft, "version": 2}]}

    # the network is back: the outbox reports the opening, and every tablet of this delegate knows it
    wifi.restore()
    tablet.context.set_offline(False)
    delegate = Http(base, "adb01")
    until(tablet, lambda: delegate.get(unopened).json() == {"documents": []}, "the opening never reached the server")
    again = login_page("adb01", viewport=(1280, 800))
    again.goto(f"{base}/#/live/{a.session_id}")
    expect(again.locator("[data-testid=doc-link]")).to_have_count(2)
    expect(again.locator("[data-testid=doc-revised]")).to_have_count(0)
    wifi.cut()
