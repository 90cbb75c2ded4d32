"""Private notes in the reader and read receipts, in a browser: a delegate writes a note on page 3, sees it after
a reload, then against the version it was written on once the document is revised; the secretary's Tài liệu tab
counts who has opened it."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from server.documents.samples import make_pdf
from tests.live.helpers import Http

pytestmark = pytest.mark.browser


def shots() -> Path:
    folder = Path(os.environ.get("KYHOP_SCREENSHOTS", "/tmp/shots")) / "notes"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


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


def stroke(page, n, y, x0=0.2, x1=0.8):
    """A highlighter stroke with the mouse across page `n`, `y` pixels below the top of the window's page area."""
    box = page.locator(f".reader-page[data-page-no='{n}']").bounding_box()
    page.mouse.move(box["x"] + box["width"] * x0, y)
    page.mouse.down()
    for k in range(1, 11):
        page.mouse.move(box["x"] + box["width"] * (x0 + (x1 - x0) * k / 10), y + k)
    page.mouse.up()


def test_a_pen_highlight_is_kept_with_the_page_note_offline_too(login_page, site):
    base, a, _srv = site
    doc = upload(Http(base, "athuky"), base, a, 3)
    page = login_page("adb01")
    page.goto(f"{base}/#/read/{doc}?page=2")
    expect(page.locator("[data-testid=reader]")).to_have_attribute("data-page", "2")
    page.click("[data-testid=reader-pen]")
    expect(page.locator("[data-testid=pen-bar]")).to_be_visible()
    ink2 = page.locator(".reader-page[data-page-no='2'] [data-testid=page-ink] polyline")
    stroke(page, 2, 300)
    expect(ink2).to_have_count(1)
    expect(page.locator("[data-testid=reader]")).to_have_attribute("data-page", "2")  # drawing did not turn the page

    def mine():
        return page.evaluate(f"fetch('/api/documents/{doc}/notes').then((r) => r.json())")["notes"]
    expect(page.locator("[data-testid=page-notes]")).to_have_text("✎ 1")
    page.wait_for_function(f"fetch('/api/documents/{doc}/notes').then((r) => r.json()).then((j) => j.notes.length === 1)")
    [note] = mine()
    assert (note["version"], note["page"], note["text"], len(note["ink"])) == (1, 2, "", 1)
    xs, ys = note["ink"][0][0::2], note["ink"][0][1::2]
    assert 0.15 < xs[0] < 0.25 and 0.75 < xs[-1] < 0.85 and all(0 < y < 1 for y in ys), note["ink"]

    # offline: the next stroke goes into the same note, waits, and is sent when the network is back
    page.context.set_offline(True)
    stroke(page, 2, 400)
    expect(ink2).to_have_count(2)
    page.context.set_offline(False)
    page.wait_for_function(f"fetch('/api/documents/{doc}/notes').then((r) => r.json())"
                           ".then((j) => j.notes.length === 1 && j.notes[0].ink.length === 2)")
    page.click("[data-testid=pen-undo]")
    expect(ink2).to_have_count(1)
    page.wait_for_function(f"fetch('/api/documents/{doc}/notes').then((r) => r.json()).then((j) => j.notes[0].ink.length === 1)")
    page.click("[data-testid=pen-done]")
    expect(page.locator("[data-testid=pen-bar]")).to_be_hidden()

    page.reload()  # from the server again, on its page
    page.locator("[data-testid=reader-page]").fill("2")
    page.press("[data-testid=reader-page]", "Enter")
    expect(ink2).to_have_count(1)
    page.click("[data-testid=reader-notes-toggle]")
    expect(page.locator("[data-testid=note-ink]")).to_have_text("Tô đánh dấu: 1 nét")
    page.click("[data-testid=reader-notes] .notes-head button")
    page.click("[data-testid=reader-pen]")
    for w, h in ((1280, 800), (800, 1280), (390, 844)):
        page.set_viewport_size({"width": w, "height": h})
        expect(ink2).to_be_in_viewport()
        page.screenshot(path=str(shots() / f"pen-{w}x{h}.png"))

    other = login_page("adb02")  # nobody else sees it
    other.goto(f"{base}/#/read/{doc}?page=2")
    expect(other.locator("[data-testid=reader]")).to_have_attribute("data-page", "2")
    expect(other.locator(".reader-page[data-page-no='2'] .page-ink")).to_have_count(0)
    expect(other.locator("[data-testid=page-notes]")).to_have_count(0)
