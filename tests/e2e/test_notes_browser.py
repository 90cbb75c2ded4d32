"""Private notes in the reader and read receipts, in a browser: a delegate writes a note on page 3, sees it after
a reload, then against the version it was written on once the document is revised; the secretary's Tài liệu tab
counts who has opened it."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from server.documents.samples import make_pdf
from tests.live.helpers import Http

pytestmark = pytest.mark.browser


def upload(sec, base, a, pages):
    r = sec.s.post(f"{base}/api/sessions/{a.session_id}/documents?filename=du-thao.pdf&kind=draft_resolution"
                   f"&access=delegates&title=Dự thảo nghị quyết về ngân sách",
                   data=make_pdf("Dự thảo nghị quyết về ngân sách", pages),
                   headers={"X-CSRF-Token": sec.csrf, "Content-Type": "application/pdf"})
    assert r.status_code == 201, r.text
    return r.json()["document"]["id"]


def test_a_note_on_page_3_survives_a_reload_and_a_revision(login_page, site):
    base, a, _srv = site
    sec = Http(base, "athuky")
    doc = upload(sec, base, a, 5)
    page = login_page("adb01")
    page.goto(f"{base}/#/read/{doc}?page=3")
    expect(page.locator("[data-testid=reader-page]")).to_have_value("3")
    page.click("[data-testid=reader-notes-toggle]")
    expect(page.locator(".note-on-page")).to_contain_text("3")
    page.fill("[data-testid=note-text]", "Hỏi lại khoản chi ở trang này")
    page.click("[data-testid=note-save]")
    expect(page.locator("[data-testid=note]")).to_have_count(1)
    expect(page.locator("[data-testid=note]")).not_to_have_class("note pending")  # sent
    mine = page.evaluate(f"fetch('/api/documents/{doc}/notes').then((r) => r.json())")
    assert [(n["page"], n["text"]) for n in mine["notes"]] == [(3, "Hỏi lại khoản chi ở trang này")]

    page.reload()
    page.click("[data-testid=reader-notes-toggle]")
    expect(page.locator("[data-testid=note-body]")).to_have_text("Hỏi lại khoản chi ở trang này")
    expect(page.locator("[data-testid=note]")).to_contain_text("trang 3")

    # nobody else sees it, the secretary neither
    theirs = Http(base, "athuky").get(f"/api/documents/{doc}/notes")
    assert theirs.json()["notes"] == []

    # revised: the note stands against the version it was written on
    r = sec.s.post(f"{base}/api/documents/{doc}/versions?filename=lan-2.pdf", data=make_pdf("Dự thảo lần 2", 4),
                   headers={"X-CSRF-Token": sec.csrf, "Content-Type": "application/pdf"})
    assert r.status_code == 201
    page.goto(f"{base}/#/read/{doc}/2")
    expect(page.locator("[data-testid=reader-pages]")).to_have_attribute("data-pages", "4")
    page.click("[data-testid=reader-notes-toggle]")
    expect(page.locator("[data-testid=note-where]")).to_have_text("ghi trên bản lần 1, trang 3")

    # the reader reported "đã mở" for version 2: the secretary's Tài liệu tab says who has not received it
    staff = login_page("athuky")
    staff.goto(f"{base}/#/sessions/{a.session_id}")
    staff.click("[data-testid=tab-documents]")
    expect(staff.locator("[data-testid=receipt-summary]")).to_have_text("5 đại biểu chưa nhận bản dự thảo lần 2")
    staff.click("[data-testid=receipt-doc] summary")
    expect(staff.locator("[data-testid=receipt-doc] tr[data-status=opened]")).to_contain_text("Đại Biểu Số 1")
