"""The secretary's Tài liệu tab names the documents the packet left out and those that could not be stamped
(issue 16, item 5), in words that say what happened and what to do, until a revision mends them."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from server.documents import storage
from server.documents.samples import make_pdf
from tests.conftest import make_config
from tests.live.helpers import Http

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("KYHOP_SCREENSHOTS", "/tmp/shots")) / "document-problems"


def test_the_secretary_sees_which_documents_are_left_out_or_cannot_be_stamped(login_page, site, tmp_path):
    base, a, _srv = site
    sec = Http(base, "athuky")
    upload = f"/api/sessions/{a.session_id}/documents?filename=d.pdf&kind=submission"
    sec.post_pdf(f"{upload}&access=public&title=Báo cáo kinh tế – xã hội", make_pdf("Báo cáo", 2))
    broken = sec.post_pdf(f"{upload}&access=delegates&title=Tờ trình phí chợ", make_pdf("Tờ trình", 2))
    secret = sec.post_pdf(f"{upload}&access=confidential&title=Phụ lục nhân sự", make_pdf("Phụ lục", 2))
    cfg = make_config(tmp_path)  # the server's documents folder
    for d in (broken, secret):  # the files break after ingest (damaged on disk)
        storage.object_path(cfg, d["current"]["sha256"]).write_bytes(b"%PDF-1.4\n" + bytes(50))
    delegate = Http(base, "adb01")
    assert delegate.get(f"/api/sessions/{a.session_id}/packet").headers["X-Kyhop-Omitted-Documents"] == str(broken["id"])
    assert delegate.get(secret["current"]["url"]).status_code == 422

    page = login_page("athuky", viewport=(1366, 768))
    page.goto(f"{base}/#/sessions/{a.session_id}")
    page.click("[data-testid=tab-documents]")
    told = page.locator("[data-testid=doc-problem]")
    expect(told).to_have_count(2)
    expect(told.nth(0)).to_contain_text("Tài liệu «Tờ trình phí chợ» (bản lần 1) không ghép được vào tập tài liệu kỳ họp")
    expect(told.nth(1)).to_contain_text("Tài liệu mật «Phụ lục nhân sự» (bản lần 1) không đóng được tên người đọc")
    expect(told.nth(0)).to_contain_text("tải lên bản sửa đổi")
    told.nth(1).scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "secretary-documents-1366x768.png"))
    page.get_by_role("button", name="English").click()
    page.click("[data-testid=tab-documents]")
    expect(told.nth(0)).to_contain_text("Document «Tờ trình phí chợ» (version 1) could not be merged into the session packet")
    expect(told.nth(1)).to_contain_text("could not be stamped with the reader's name")
    page.get_by_role("button", name="Tiếng Việt").click()
    page.click("[data-testid=tab-documents]")

    # the secretary uploads a revision of the document left out: its notice goes
    row = page.locator("[data-testid=doc-row]", has_text="Tờ trình phí chợ")
    revision = tmp_path / "to-trinh-lan-2.pdf"
    revision.write_bytes(make_pdf("Tờ trình lần 2", 2))
    row.locator("input.revise").set_input_files(str(revision))
    expect(told).to_have_count(1)
    expect(told).to_contain_text("Phụ lục nhân sự")
