"""A ballot nobody can miss: when the chair opens a poll, a delegate reading a document (zoomed in), one
scrolled to the bottom of a long agenda, on a landscape or portrait tablet or on a phone, each finds the
ballot on top of what they were looking at, with a tone and a vibration, votes from there, and the vote
counts. The reader is part of the live screen: its connection stays open while the delegate reads."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.live.helpers import Http, check_in_and_open

pytestmark = pytest.mark.browser

SIZES = [(1280, 800), (800, 1280), (390, 844)]

# records what the page asks of the device: vibrations, audio contexts and the tones started on them
DEVICE = """
window.__device = { vibrations: [], contexts: [], tones: 0 };
Object.defineProperty(navigator, 'vibrate', { configurable: true, value: (p) => { window.__device.vibrations.push(p); return true; } });
const RealAudio = window.AudioContext;
window.AudioContext = class extends RealAudio {
  constructor(...args) { super(...args); window.__device.contexts.push(this); }
  createOscillator() {
    const osc = super.createOscillator();
    const start = osc.start.bind(osc);
    osc.start = (...a) => { window.__device.tones += 1; return start(...a); };
    return osc;
  }
};
"""

IN_VIEW = """(sel) => {
  const el = document.querySelector(sel);
  if (!el) return false;
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
}"""


def shot(page, name):
    folder = Path(os.environ.get("KYHOP_SCREENSHOTS", "/tmp/shots")) / "ballot"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


def in_view(page, sel):
    """Wait (as long as Playwright waits) until the element is wholly inside the window."""
    try:
        page.wait_for_function(IN_VIEW, arg=sel)
    except Exception:  # say where it is
        raise AssertionError(page.evaluate("(sel) => [sel, JSON.stringify(document.querySelector(sel)?.getBoundingClientRect()),"
                                           " innerWidth, innerHeight]", sel)) from None
    return True


def delegate(login_page, base, session_id, username, size):
    page = login_page(username, viewport=size)
    page.add_init_script(DEVICE)
    page.goto(f"{base}/#/live/{session_id}")
    page.reload()  # the device's stand-ins are in place from the start of the page
    expect(page.locator("[data-testid=agenda]")).to_be_visible()
    page.locator("[data-testid=live-status]").click()  # the delegate has touched the tablet once
    return page


def prepare(base, a):
    from server.documents.samples import make_pdf
    sec = Http(base, "athuky")
    for n in range(14):  # a long agenda: the tablet's page is taller than its screen
        assert sec.post(f"/api/sessions/{a.session_id}/agenda",
                        {"title": f"Tờ trình số {n + 1} về chương trình đầu tư công trung hạn", "kind": "submission"}).status_code == 201
    r = sec.s.post(f"{base}/api/sessions/{a.session_id}/documents?filename=du-toan.pdf&kind=draft_resolution&access=delegates"
                   f"&agenda_item_id={a.item_ids[1]}&title=Dự thảo nghị quyết về dự toán ngân sách",
                   data=make_pdf("Dự thảo nghị quyết về dự toán ngân sách năm 2027", 5),
                   headers={"X-CSRF-Token": sec.csrf, "Content-Type": "application/pdf"})
    assert r.status_code == 201
    chair = check_in_and_open(base, a)  # the chair, adb01, adb02, adb03 present
    chair.post(f"/api/sessions/{a.session_id}/control", {"action": "goto", "item_id": a.item_ids[1]})
    return chair


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_ballot_is_on_top_for_a_reader_and_a_scrolled_agenda(login_page, site, size):
    base, a, _srv = site
    chair = prepare(base, a)
    name = f"{size[0]}x{size[1]}"

    # (a) a delegate reading the item's document, zoomed in three steps, a little way down
    reader = delegate(login_page, base, a.session_id, "adb01", size)
    reader.click("[data-testid=doc-link]")
    expect(reader.locator("[data-testid=reader] .reader-page[data-rendered]").first).to_be_attached()
    for _ in range(3):
        reader.click("[data-testid=reader-zoom-in]")
    reader.evaluate("document.querySelector('[data-testid=reader-scroll]').scrollTop += 400")
    zoom = reader.get_attribute("[data-testid=reader]", "data-zoom")
    assert float(zoom) > 1.9
    # (b) a delegate scrolled to the bottom of the agenda
    scrolled = delegate(login_page, base, a.session_id, "adb02", size)
    scrolled.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    assert scrolled.evaluate("window.scrollY") > 200, "the agenda is longer than the screen"
    for p in (reader, scrolled):
        expect(p.locator("[data-testid=ballot]")).to_have_count(0)

    poll = chair.post(f"/api/sessions/{a.session_id}/polls", {"title": "Nghị quyết về dự toán ngân sách năm 2027",
                                                               "kind": "open", "agenda_item_id": a.item_ids[1]}).json()["poll"]
    assert chair.post(f"/api/polls/{poll['id']}/open").status_code == 200

    for p, who in ((reader, "reading"), (scrolled, "scrolled")):
        assert in_view(p, "[data-testid=ballot]")
        assert in_view(p, "[data-testid=vote-for]")
        expect(p.locator("[data-testid=ballot]")).to_contain_text("Nghị quyết về dự toán ngân sách năm 2027")
        # the tone and the buzz, and the keyboard's focus on the ballot
        p.wait_for_function("window.__device.tones >= 2")
        device = p.evaluate("({ v: window.__device.vibrations.length, c: window.__device.contexts.length,"
                            " s: window.__device.contexts.map((x) => x.state) })")
        assert device["v"] >= 1 and device["c"] == 1, device
        assert device["s"] == ["running"], device  # the first touch woke the audio: the tone is heard
        assert p.evaluate("!!document.activeElement.closest('[data-testid=ballot-layer]')")
        shot(p, f"{name}-{who}-ballot")
    expect(reader.locator("[data-testid=reader]")).to_be_attached()  # still reading underneath
    assert reader.get_attribute("[data-testid=reader]", "data-zoom") == zoom

    # folded to read the motion, and back with one tap
    scrolled.click("[data-testid=ballot-fold]")
    expect(scrolled.locator("[data-testid=ballot]")).to_have_count(0)
    assert in_view(scrolled, "[data-testid=ballot-bar]")
    expect(scrolled.locator("[data-testid=ballot-bar]")).to_contain_text("Đang biểu quyết — bấm để bỏ phiếu")
    shot(scrolled, f"{name}-scrolled-folded")
    scrolled.click("[data-testid=ballot-bar]")
    assert in_view(scrolled, "[data-testid=vote-for]")

    for p, who in ((reader, "reading"), (scrolled, "scrolled")):
        p.click("[data-testid=vote-for]")
        assert in_view(p, "[data-testid=confirm-vote]")
        p.click("[data-testid=confirm-vote]")
        expect(p.locator("[data-testid=ballot-recorded]")).to_contain_text("Tán thành")
        assert in_view(p, "[data-testid=ballot-recorded]")  # a small confirmation, in sight
        assert p.evaluate("document.documentElement.scrollWidth") <= size[0]
        shot(p, f"{name}-{who}-voted")
    expect(reader.locator("[data-testid=reader]")).to_be_attached()
    assert chair.get(f"/api/polls/{poll['id']}").json()["poll"]["progress"]["cast"] == 2

    assert chair.post(f"/api/polls/{poll['id']}/close").status_code == 200
    named = {n["full_name"]: n["choice"] for n in chair.get(f"/api/polls/{poll['id']}").json()["poll"]["result"]["named"]}
    assert named["Đại Biểu Số 1"] == "for" and named["Đại Biểu Số 2"] == "for"
    for p in (reader, scrolled):
        expect(p.locator("[data-testid=ballot-layer]")).to_be_hidden()  # the poll is closed: nothing on top
