"""The reader on tablets and phones, as a delegate uses it from the live screen: one toolbar row of large
targets, the page fitted to the width, zoom that keeps the whole page reachable, a page jump that lands on
the page's top, search hits highlighted on the page, pinch and swipe."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.live.helpers import Http, check_in_and_open

pytestmark = pytest.mark.browser

SIZES = [(1280, 800), (800, 1280), (390, 844)]
PAGES = 6


def shot(page, name):
    folder = Path(os.environ.get("KYHOP_SCREENSHOTS", "/tmp/shots")) / "reader"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


def open_reader(login_page, site, size):
    from server.documents.samples import make_pdf
    base, a, _srv = site
    sec = Http(base, "athuky")
    r = sec.s.post(f"{base}/api/sessions/{a.session_id}/documents?filename=du-toan.pdf&kind=submission&access=delegates"
                   f"&agenda_item_id={a.item_ids[1]}&title=Tờ trình về dự toán ngân sách địa phương năm 2027",
                   data=make_pdf("Tờ trình về dự toán ngân sách địa phương năm 2027", PAGES),
                   headers={"X-CSRF-Token": sec.csrf, "Content-Type": "application/pdf"})
    assert r.status_code == 201
    chair = check_in_and_open(base, a)
    chair.post(f"/api/sessions/{a.session_id}/control", {"action": "goto", "item_id": a.item_ids[1]})
    page = login_page("adb01", viewport=size)
    page.goto(f"{base}/#/live/{a.session_id}")
    page.click("[data-testid=doc-link]")
    expect(page.locator("[data-testid=reader-pages]")).to_have_attribute("data-pages", str(PAGES))
    expect(page.locator(".reader-page[data-page-no='1'][data-rendered]")).to_be_attached()
    assert "/read/" in page.evaluate("location.hash") and f"/live/{a.session_id}/" in page.evaluate("location.hash")
    return page


def rect(page, sel):
    return page.evaluate("(s) => JSON.parse(JSON.stringify(document.querySelector(s).getBoundingClientRect()))", sel)


SCROLL = "[data-testid=reader-scroll]"
PAGE = ".reader-page[data-page-no='{}']"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_reader_toolbar_fit_zoom_jump_and_search(login_page, site, size):
    page = open_reader(login_page, site, size)
    name = f"{size[0]}x{size[1]}"
    w, h = size

    # one toolbar row, at most 56 px, every target at least 44 × 44, nothing wider than the screen
    bar = rect(page, "[data-testid=reader-bar]")
    assert bar["height"] <= 56 and bar["top"] == 0
    targets = page.evaluate("""() => [...document.querySelectorAll('[data-testid=reader-bar] .main-row :is(button, input)')]
      .filter((e) => e.offsetParent).map((e) => { const r = e.getBoundingClientRect();
        return { id: e.dataset.testid, w: r.width, h: r.height, top: r.top, bottom: r.bottom, left: r.left, right: r.right }; })""")
    assert len(targets) >= 7
    for t in targets:
        assert t["w"] >= 44 and t["h"] >= 44, t
        assert t["top"] >= 0 and t["bottom"] <= 56 and t["left"] >= 0 and t["right"] <= w, t  # in the one row
    assert page.evaluate("document.documentElement.scrollWidth") <= w

    # fit to width: the page fills the width, nothing to scroll sideways
    view = rect(page, SCROLL)
    first = rect(page, PAGE.format(1))
    assert first["width"] >= view["width"] - 60 and first["right"] <= view["right"]
    assert page.evaluate(f"(() => {{ const s = document.querySelector('{SCROLL}'); return s.scrollWidth <= s.clientWidth; }})()")
    shot(page, f"{name}-fit")

    # three steps of zoom: the page is wider than the window and its left edge can be reached
    for _ in range(3):
        page.click("[data-testid=reader-zoom-in]")
    page.evaluate(f"document.querySelector('{SCROLL}').scrollLeft = 0")
    zoomed = rect(page, PAGE.format(1))
    view = rect(page, SCROLL)
    assert zoomed["width"] > 1.8 * first["width"]
    assert view["left"] <= zoomed["left"] <= view["left"] + 20, (zoomed, view)  # the left edge in view
    page.evaluate(f"(() => {{ const s = document.querySelector('{SCROLL}'); s.scrollLeft = s.scrollWidth; }})()")
    right = rect(page, PAGE.format(1))
    assert view["right"] - 40 <= right["right"] <= view["right"], (right, view)  # and the right edge
    page.evaluate(f"document.querySelector('{SCROLL}').scrollLeft = 0")
    expect(page.locator(".reader-page[data-page-no='1'][data-rendered]")).to_be_attached()
    shot(page, f"{name}-zoomed-left-edge")
    page.click("[data-testid=reader-fit]" if w > 600 else "[data-testid=reader-zoom-out]")
    if w <= 600:  # the phone has no room for the fit button: zooming out stops at fit width on the way
        page.click("[data-testid=reader-zoom-out]")
        page.click("[data-testid=reader-zoom-out]")
    expect(page.locator("[data-testid=reader]")).to_have_attribute("data-zoom", "1.000")

    # a jump to page 4 lands on its top; the next page likewise
    page.fill("[data-testid=reader-page]", "4")
    page.press("[data-testid=reader-page]", "Enter")
    expect(page.locator("[data-testid=reader]")).to_have_attribute("data-page", "4")
    top = rect(page, PAGE.format(4))["top"] - rect(page, SCROLL)["top"]
    assert 0 <= top <= 16, top
    page.click("[data-testid=reader-next]")
    expect(page.locator("[data-testid=reader]")).to_have_attribute("data-page", "5")
    top = rect(page, PAGE.format(5))["top"] - rect(page, SCROLL)["top"]
    assert 0 <= top <= 16, top
    expect(page.locator(".reader-page[data-page-no='5'][data-rendered]")).to_be_attached()
    shot(page, f"{name}-page-5")

    # search, without diacritics: the hit is highlighted where it is on its page, in view
    page.click("[data-testid=reader-search-open]")
    page.fill("[data-testid=reader-search]", "trang 3/6")
    page.press("[data-testid=reader-search]", "Enter")
    expect(page.locator("[data-testid=reader-search-status]")).to_have_text("1/1")
    expect(page.locator("[data-testid=reader]")).to_have_attribute("data-page", "3")
    mark = page.locator(f"{PAGE.format(3)} .reader-hit.current")
    expect(mark).to_have_text("Trang 3/6")
    page.wait_for_function("""() => { const m = document.querySelector('.reader-hit.current').getBoundingClientRect();
      const v = document.querySelector('[data-testid=reader-scroll]').getBoundingClientRect();
      return m.width > 0 && m.top >= v.top && m.bottom <= v.bottom && m.left >= v.left && m.right <= v.right; }""")
    bar = rect(page, "[data-testid=reader-bar]")
    assert bar["height"] <= 56  # the search takes the row's place
    # a word on every page: each hit in turn
    page.fill("[data-testid=reader-search]", "ngan sach nha nuoc")
    page.press("[data-testid=reader-search]", "Enter")
    expect(page.locator("[data-testid=reader-search-status]")).to_have_text(f"1/{3 * PAGES}")  # three a page
    for _ in range(3):
        page.click("[data-testid=reader-search-next]")
    expect(page.locator("[data-testid=reader-search-status]")).to_have_text(f"4/{3 * PAGES}")
    expect(page.locator("[data-testid=reader]")).to_have_attribute("data-page", "2")
    expect(page.locator(".reader-hit.current")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= w
    shot(page, f"{name}-search")

    # back to the live screen, which was live all along
    page.click("[data-testid=reader-search-close]")
    page.click("[data-testid=reader-back]")
    expect(page.locator("[data-testid=reader]")).to_have_count(0)
    expect(page.locator("[data-testid=conn]")).to_have_text("Đã kết nối")


def touch(cdp, kind, points):
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)]})


def test_pinch_keeps_the_point_under_the_fingers_and_swipe_turns_pages(login_page, site):
    page = open_reader(login_page, site, (800, 1280))
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})

    # a swipe to the left at fit width: the next page, from its top
    touch(cdp, "touchStart", [(600, 600)])
    for x in (500, 350, 200):
        touch(cdp, "touchMove", [(x, 610)])
    touch(cdp, "touchEnd", [])
    expect(page.locator("[data-testid=reader]")).to_have_attribute("data-page", "2")
    top = rect(page, PAGE.format(2))["top"] - rect(page, SCROLL)["top"]
    assert 0 <= top <= 16, top
    touch(cdp, "touchStart", [(200, 600)])
    for x in (300, 450, 600):
        touch(cdp, "touchMove", [(x, 600)])
    touch(cdp, "touchEnd", [])
    expect(page.locator("[data-testid=reader]")).to_have_attribute("data-page", "1")

    # two fingers apart around (300, 500): the page grows and the point between the fingers stays there
    point = """([x, y]) => { const p = document.querySelector("%s").getBoundingClientRect();
      return [(x - p.left) / p.width, (y - p.top) / p.height]; }""" % PAGE.format(1)
    before = page.evaluate(point, [300, 500])
    touch(cdp, "touchStart", [(250, 500), (350, 500)])
    for d in range(60, 200, 20):
        touch(cdp, "touchMove", [(300 - d, 500), (300 + d, 500)])
    touch(cdp, "touchEnd", [])
    page.wait_for_timeout(100)  # one animation frame for the last move
    zoom = float(page.get_attribute("[data-testid=reader]", "data-zoom"))
    assert 3 <= zoom <= 4.5, zoom
    after = page.evaluate(point, [300, 500])
    assert abs(after[0] - before[0]) < 0.02 and abs(after[1] - before[1]) < 0.02, (before, after)
    # zoomed in, the left edge is still reachable, and a sideways move pans instead of turning the page
    page.evaluate(f"document.querySelector('{SCROLL}').scrollLeft = 0")
    assert rect(page, PAGE.format(1))["left"] >= rect(page, SCROLL)["left"]
    expect(page.locator("[data-testid=reader]")).to_have_attribute("data-page", "1")
    shot(page, "800x1280-pinched")


def test_the_secretary_reads_outside_a_live_session(login_page, site):
    """From the session page (no live screen): the same reader, on a page of its own; back returns there."""
    from server.documents.samples import make_pdf
    base, a, _srv = site
    sec = Http(base, "athuky")
    r = sec.s.post(f"{base}/api/sessions/{a.session_id}/documents?filename=bc.pdf&kind=report&access=public",
                   data=make_pdf("Báo cáo tình hình kinh tế – xã hội", 2),
                   headers={"X-CSRF-Token": sec.csrf, "Content-Type": "application/pdf"})
    doc_id = r.json()["document"]["id"]
    page = login_page("athuky")
    page.goto(f"{base}/#/sessions/{a.session_id}")
    page.goto(f"{base}/#/read/{doc_id}")
    expect(page.locator("[data-testid=reader-pages]")).to_have_attribute("data-pages", "2")
    expect(page.locator(".reader-page[data-page-no='1'][data-rendered]")).to_be_attached()
    page.click("[data-testid=reader-back]")
    expect(page.locator("[data-testid=reader]")).to_have_count(0)
    assert page.evaluate("location.hash") == f"#/sessions/{a.session_id}"
