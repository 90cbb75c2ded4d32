"""The chair's console on one screen (1366×768, and a 1280×800 tablet): nothing scrolls but the agenda and the
tab panels; votes prepared by the secretary open with one tap; the chair votes; the official a question is
addressed to is preset to answer; what cannot be undone asks first; bế mạc stands apart."""
from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from server import migrate
from server.app import create_app
from tests.conftest import make_config
from tests.factories import build_council
from tests.live.helpers import Http

SHOTS = "/tmp/shots/console"
COUNCIL = "Hội đồng nhân dân tỉnh Vân Sơn"  # a province's name, as long as they come
SIZES = [(1366, 768), (1280, 800)]

OFFICIALS = [("gdtaichinh", "Trần Văn Tài", "Giám đốc Sở Tài chính"),
             ("ctubnd", "Lê Minh Quân", "Chủ tịch UBND tỉnh"),
             ("gdgiaoduc", "Phạm Thị Hoa", "Giám đốc Sở Giáo dục và Đào tạo")]


@pytest.fixture
def site(tmp_path, server_factory):
    """The shared site with a province's long council name (the menu must still be one row)."""
    cfg = make_config(tmp_path)
    migrate.upgrade(cfg.database_url)
    a = build_council(create_app(cfg), "a", name=COUNCIL)
    srv = server_factory()
    return srv.url, a, srv


def _agenda(http: Http, session_id: int) -> list[dict]:
    return http.get(f"/api/sessions/{session_id}/live").json()["agenda"]


def prepare(base, a):
    """A session as a council holds it: officials invited, a questioning item, a voting item with its
    resolutions, votes prepared for them by the secretary (no title given: the item's is taken)."""
    sec = Http(base, "athuky")
    r = sec.s.patch(f"{base}/api/members/{a.users['achutich']}", json={"full_name": "Nguyễn Thị Phương Thảo"},
                    headers={"X-CSRF-Token": sec.csrf})
    assert r.status_code == 200, r.text
    officials = {}
    for username, name, title in OFFICIALS:
        r = sec.post("/api/members", {"username": username, "full_name": name, "role": "guest", "title": title,
                                      "password": "mat-khau-khach-moi"})
        assert r.status_code == 201, r.text
        officials[title] = r.json()["member"]["id"]
    add = lambda body: sec.post(f"/api/sessions/{a.session_id}/agenda", body)  # noqa: E731
    add({"title": "Tờ trình về dự toán ngân sách địa phương và phân bổ ngân sách năm 2027", "kind": "submission",
         "presenter": "UBND xã"})
    add({"title": "Chất vấn và trả lời chất vấn", "kind": "questioning"})
    add({"title": "Biểu quyết thông qua các nghị quyết", "kind": "voting"})
    parent = next(i for i in _agenda(sec, a.session_id) if i["kind"] == "voting")
    for title in ("Nghị quyết về dự toán ngân sách địa phương năm 2027", "Nghị quyết về kế hoạch đầu tư công năm 2027"):
        add({"title": title, "kind": "voting", "parent_id": parent["id"]})
    items = _agenda(sec, a.session_id)
    sec.post(f"/api/agenda/{a.item_ids[3]}/move", {"index": len([i for i in items if not i["parent_id"]]) - 1})  # bế mạc last
    items = {i["title"]: i for i in _agenda(sec, a.session_id)}
    for title in ("Nghị quyết về dự toán ngân sách địa phương năm 2027", "Nghị quyết về kế hoạch đầu tư công năm 2027"):
        r = sec.post(f"/api/sessions/{a.session_id}/polls", {"kind": "open", "preset": "resolution",
                                                             "agenda_item_id": items[title]["id"], "duration_s": 120})
        assert r.status_code == 201 and r.json()["poll"]["title"] == title
    return items, officials


def one_screen(page, name: str):
    """The page is the window: nothing to scroll, nothing wider; every target at least 44 px; the menu one row."""
    os.makedirs(SHOTS, exist_ok=True)
    w, h = page.viewport_size["width"], page.viewport_size["height"]
    page.screenshot(path=f"{SHOTS}/{name}-{w}x{h}.png")
    box = page.evaluate("() => ({sh: document.documentElement.scrollHeight, sw: document.documentElement.scrollWidth,"
                        " ih: innerHeight, iw: innerWidth})")
    assert (box["sh"], box["sw"]) == (box["ih"], box["iw"]), f"{name} at {w}×{h}: the page scrolls: {box}"
    small = page.evaluate("""() => [...document.querySelectorAll('button, select, input:not([type=checkbox]), summary, .topbar a')]
        .filter((e) => e.offsetParent !== null)
        .map((e) => [e.textContent.trim().slice(0, 30) || e.getAttribute('aria-label') || e.tagName, e.getBoundingClientRect().height])
        .filter(([, height]) => height < 44)""")
    assert small == [], f"{name} at {w}×{h}: targets under 44 px: {small}"
    tops = page.evaluate("() => [...document.querySelectorAll('.topbar nav a, .topbar .brand, .topbar .who')]"
                         ".map((e) => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2))")
    assert max(tops) - min(tops) <= 4, f"{name} at {w}×{h}: the menu wraps: {tops}"
    assert page.locator(".topbar").bounding_box()["height"] <= 64, f"{name} at {w}×{h}: the menu takes two lines"
    # every region inside the window, the tab panel with room to work in, the tabs one row of buttons
    regions = page.evaluate("""() => Object.fromEntries(['.console-agenda', '.console-work', '.console-tabs', '.console-panel']
        .map((sel) => { const r = document.querySelector(sel).getBoundingClientRect(); return [sel, [r.top, r.bottom, r.height]]; }))""")
    for sel, (top, bottom, height) in regions.items():
        assert 0 <= top and bottom <= h, f"{name} at {w}×{h}: {sel} runs out of the window: {top}–{bottom}"
    assert regions[".console-tabs"][2] <= 60 and regions[".console-panel"][2] >= 150, f"{name} at {w}×{h}: {regions}"


def in_view(page, selector: str):
    box = page.locator(selector).bounding_box()
    vp = page.viewport_size
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= vp["height"] and box["x"] + box["width"] <= vp["width"], \
        f"{selector} is not in the window: {box}"


def consoles(login_page, base, a):
    pages = [login_page("achutich", viewport=size) for size in SIZES]
    for p in pages:
        p.goto(f"{base}/#/live/{a.session_id}")
        expect(p.locator("[data-testid=agenda]")).to_be_visible()
    return pages


def test_the_console_is_one_screen_in_every_state(login_page, site):
    base, a, _srv = site
    items, officials = prepare(base, a)
    for u in ["achutich"] + a.delegates()[:4]:
        Http(base, u).post(f"/api/sessions/{a.session_id}/check-in")
    chair, tablet_size = consoles(login_page, base, a)
    chair_http = Http(base, "achutich")

    # before khai mạc
    expect(chair.locator("[data-testid=open-session]")).to_be_visible()
    for p in (chair, tablet_size):
        one_screen(p, "1-before")
    chair.click("[data-testid=open-session]")
    expect(chair.locator("[data-testid=live-status]")).to_have_text("Đang họp")

    # in progress, with a queue of speakers and a question to an official
    chair_http.post(f"/api/sessions/{a.session_id}/control",
                    {"action": "goto", "item_id": items["Chất vấn và trả lời chất vấn"]["id"]})
    Http(base, "adb01").post(f"/api/sessions/{a.session_id}/floor",
                             {"kind": "question", "addressee": "Giám đốc Sở Tài chính", "subject": "Giải ngân vốn đầu tư công"})
    for u in a.delegates()[1:4]:
        Http(base, u).post(f"/api/sessions/{a.session_id}/floor", {"kind": "discussion"})
    for p in (chair, tablet_size):
        expect(p.locator("[data-testid=queue] li")).to_have_count(4)
        one_screen(p, "2-queue")
    chair.locator("[data-testid=give-floor]").first.click()
    expect(chair.locator("[data-testid=give-who]")).to_have_value(str(officials["Giám đốc Sở Tài chính"]))
    for p in (chair, tablet_size):
        expect(p.locator("[data-testid=speaker-name]")).to_have_text("Đại Biểu Số 1")
        one_screen(p, "3-question")

    # a vote prepared by the secretary: listed with its item's title, opened with one tap; the chair votes
    vote_item = items["Nghị quyết về dự toán ngân sách địa phương năm 2027"]
    chair_http.post(f"/api/sessions/{a.session_id}/control", {"action": "goto", "item_id": vote_item["id"]})
    chair.click("[data-testid=tab-polls]")
    expect(chair.locator("[data-testid=drafts-here] [data-testid=draft-title]")).to_have_text([vote_item["title"]])
    one_screen(chair, "4-prepared")
    chair.click("[data-testid=open-poll]")
    ballot = chair.locator("[data-testid=ballot]")
    expect(ballot).to_contain_text(vote_item["title"])
    in_view(chair, "[data-testid=vote-for]")
    for p in (chair, tablet_size):
        expect(p.locator("[data-testid=ballot]")).to_be_visible()
        one_screen(p, "5-vote-open")
    chair.click("[data-testid=vote-for]")
    chair.click("[data-testid=confirm-vote]")
    expect(chair.locator("[data-testid=ballot-recorded]")).to_contain_text("Tán thành")
    for u in a.delegates()[:3]:
        Http(base, u).post(f"/api/polls/{_open_poll(chair_http, a)}/ballots", {"request_id": f"console-{u}-000000000", "choice": "for"})
    expect(chair.locator("[data-testid=poll-progress]")).to_contain_text("4/5")
    for p in (chair, tablet_size):
        one_screen(p, "6-voted")

    # closing the vote asks first
    chair.click("[data-testid=close-poll]")
    dialog = chair.locator("dialog[data-testid=ask]")
    expect(dialog).to_contain_text(vote_item["title"])
    chair.screenshot(path=f"{SHOTS}/7-close-poll-ask-1366x768.png")
    chair.click("[data-testid=ask-ok]")
    for p in (chair, tablet_size):
        expect(p.locator("[data-testid=result] [data-testid=verdict]")).to_have_text("ĐƯỢC THÔNG QUA")  # 4 of 6
        one_screen(p, "8-result")

    # bế mạc: apart from Tạm dừng, and a larger question naming the session
    for p in (chair, tablet_size):
        p.click("[data-testid=close-session]")
        expect(p.locator("dialog.grave")).to_contain_text("Kỳ họp thứ nhất")
        p.screenshot(path=f"{SHOTS}/9-close-session-ask-{p.viewport_size['width']}x{p.viewport_size['height']}.png")
        p.click("[data-testid=ask-cancel]")
        expect(p.locator("dialog")).to_have_count(0)
    assert chair_http.get(f"/api/sessions/{a.session_id}/live").json()["status"] == "in_progress"


def _open_poll(http, a) -> int:
    return http.get(f"/api/sessions/{a.session_id}/live").json()["poll"]["id"]


def test_a_prepared_vote_opens_with_one_tap_and_the_chairs_ballot_counts(login_page, site):
    base, a, _srv = site
    items, _ = prepare(base, a)
    for u in ["achutich"] + a.delegates()[:3]:
        Http(base, u).post(f"/api/sessions/{a.session_id}/check-in")
    chair_http = Http(base, "achutich")
    chair_http.post(f"/api/sessions/{a.session_id}/control", {"action": "open"})
    item = items["Nghị quyết về kế hoạch đầu tư công năm 2027"]
    chair_http.post(f"/api/sessions/{a.session_id}/control", {"action": "goto", "item_id": item["id"]})
    chair = login_page("achutich", viewport=(1366, 768))
    chair.goto(f"{base}/#/live/{a.session_id}")
    chair.click("[data-testid=tab-polls]")
    # only this item's prepared vote, under its item's title; the other item's is folded away
    expect(chair.locator("[data-testid=drafts-here] [data-testid=draft-title]")).to_have_text([item["title"]])
    chair.click("[data-testid=drafts-here] [data-testid=open-poll]")  # the one tap
    expect(chair.locator("[data-testid=ballot]")).to_contain_text(item["title"])
    chair.click("[data-testid=vote-against]")
    chair.click("[data-testid=confirm-vote]")
    expect(chair.locator("[data-testid=ballot-recorded]")).to_contain_text("Không tán thành")
    poll_id = _open_poll(chair_http, a)
    Http(base, "adb01").post(f"/api/polls/{poll_id}/ballots", {"request_id": "console-adb01-00000000", "choice": "for"})
    chair.click("[data-testid=close-poll]")
    chair.click("[data-testid=ask-ok]")
    expect(chair.locator("[data-testid=result]")).to_be_visible()
    result = chair_http.get(f"/api/polls/{poll_id}").json()["poll"]["result"]
    named = {n["full_name"]: n["choice"] for n in result["named"]}
    assert named["Nguyễn Thị Phương Thảo"] == "against"  # counted, not "did not vote"
    assert (result["answers"]["against"]["count"], result["cast"]) == (1, 2)


def test_the_answer_is_preset_to_the_official_asked(login_page, site):
    base, a, _srv = site
    items, officials = prepare(base, a)
    chair_http = Http(base, "achutich")
    for u in ["achutich"] + a.delegates()[:3]:
        Http(base, u).post(f"/api/sessions/{a.session_id}/check-in")
    chair_http.post(f"/api/sessions/{a.session_id}/control", {"action": "open"})
    chair_http.post(f"/api/sessions/{a.session_id}/control", {"action": "goto", "item_id": items["Chất vấn và trả lời chất vấn"]["id"]})
    Http(base, "adb02").post(f"/api/sessions/{a.session_id}/floor",
                             {"kind": "question", "addressee": "Giám đốc Sở Giáo dục và Đào tạo", "subject": "Trường học"})
    chair = login_page("achutich", viewport=(1366, 768))
    chair.goto(f"{base}/#/live/{a.session_id}")
    chair.click("[data-testid=give-floor]")
    who = chair.locator("[data-testid=give-who]")
    expect(who).to_have_value(str(officials["Giám đốc Sở Giáo dục và Đào tạo"]))
    # the list puts officials first, not a delegate
    first = who.locator("optgroup").first
    expect(first.locator("option").first).to_contain_text(re.compile("Giám đốc|Chủ tịch UBND|Khách Mời"))
    chair.click("[data-testid=give-answer]")
    expect(chair.locator("[data-testid=speaker-name]")).to_have_text("Phạm Thị Hoa")
    current = chair_http.get(f"/api/sessions/{a.session_id}/live").json()["speaking"]["current"]
    assert (current["user_id"], current["kind"]) == (officials["Giám đốc Sở Giáo dục và Đào tạo"], "answer")


def test_what_cannot_be_undone_asks_first(login_page, site):
    base, a, _srv = site
    chair_http = Http(base, "achutich")
    for u in ["achutich"] + a.delegates()[:3]:
        Http(base, u).post(f"/api/sessions/{a.session_id}/check-in")
    chair_http.post(f"/api/sessions/{a.session_id}/control", {"action": "open"})
    chair_http.post(f"/api/sessions/{a.session_id}/control", {"action": "goto", "item_id": a.item_ids[2]})
    Http(base, "adb01").post(f"/api/sessions/{a.session_id}/floor", {"kind": "discussion"})
    poll = Http(base, "athuky").post(f"/api/sessions/{a.session_id}/polls", {"kind": "open", "agenda_item_id": a.item_ids[2]}).json()["poll"]
    chair = login_page("achutich", viewport=(1366, 768))
    chair.goto(f"{base}/#/live/{a.session_id}")
    chair.on("dialog", lambda d: (_ for _ in ()).throw(AssertionError(f"a browser dialog: {d.message}")))

    # removing a request: asked in the page; going back keeps it
    chair.click("[data-testid=remove-request]")
    expect(chair.locator("dialog[data-testid=ask]")).to_contain_text("Đại Biểu Số 1")
    chair.click("[data-testid=ask-cancel]")
    expect(chair.locator("[data-testid=queue] li")).to_have_count(1)
    chair.click("[data-testid=remove-request]")
    chair.click("[data-testid=ask-ok]")
    expect(chair.locator("[data-testid=queue-empty]")).to_be_visible()

    # closing and cancelling a vote
    chair.click("[data-testid=tab-polls]")
    chair.click("[data-testid=open-poll]")
    chair.click("[data-testid=close-poll]")
    expect(chair.locator("dialog[data-testid=ask]")).to_contain_text("Thảo luận")
    chair.keyboard.press("Escape")
    expect(chair.locator("dialog")).to_have_count(0)
    assert chair_http.get(f"/api/polls/{poll['id']}").json()["poll"]["status"] == "open"
    chair.click("[data-testid=cancel-poll]")
    chair.click("[data-testid=ask-ok]")
    expect(chair.locator(".result.cancelled")).to_contain_text("Thảo luận")
    assert chair_http.get(f"/api/polls/{poll['id']}").json()["poll"]["status"] == "cancelled"

    # bế mạc: in its own area, not beside Tạm dừng
    end = chair.locator("[data-testid=close-session]")
    pause = chair.locator("[data-testid=pause]")
    assert end.evaluate("(e, p) => !e.parentElement.contains(p) && !p.parentElement.contains(e)", pause.element_handle())
    eb, pb = end.bounding_box(), pause.bounding_box()
    gap = max(eb["x"] - (pb["x"] + pb["width"]), pb["x"] - (eb["x"] + eb["width"]), eb["y"] - (pb["y"] + pb["height"]),
              pb["y"] - (eb["y"] + eb["height"]))
    assert gap >= 100, f"bế mạc is {gap} px from Tạm dừng"
    end.click()
    expect(chair.locator("dialog.grave")).to_contain_text("Bế mạc «Kỳ họp thứ nhất»?")
    chair.click("[data-testid=ask-ok]")
    expect(chair.locator("[data-testid=live-status]")).to_have_text("Đã bế mạc")


def test_the_secretary_prepares_a_vote_from_its_item(login_page, site):
    base, a, _srv = site
    items, _ = prepare(base, a)
    for u in ["achutich"] + a.delegates()[:3]:
        Http(base, u).post(f"/api/sessions/{a.session_id}/check-in")
    Http(base, "achutich").post(f"/api/sessions/{a.session_id}/control", {"action": "open"})
    sec = login_page("athuky", viewport=(1366, 768))
    sec.goto(f"{base}/#/live/{a.session_id}")
    sec.click("[data-testid=tab-polls]")
    expect(sec.locator("[data-testid=open-poll]")).to_have_count(0)  # the secretary prepares, the chair opens
    sec.click("[data-testid=new-poll] summary")
    # on a procedural item, the form starts from the next item voted on, its title filled
    first = items["Nghị quyết về dự toán ngân sách địa phương năm 2027"]
    expect(sec.locator("[data-testid=poll-item]")).to_have_value(str(first["id"]))
    expect(sec.locator("[data-testid=poll-title]")).to_have_value(first["title"])
    other = items["Tờ trình về dự toán ngân sách địa phương và phân bổ ngân sách năm 2027"]
    sec.select_option("[data-testid=poll-item]", str(other["id"]))
    expect(sec.locator("[data-testid=poll-title]")).to_have_value(other["title"])
    expect(sec.locator("textarea[name=options]")).to_be_hidden()  # an open vote has no list of names
    one_screen(sec, "secretary-prepares")
    sec.click("[data-testid=create-poll]")
    expect(sec.locator("[data-testid=draft-title]", has_text=other["title"])).to_have_count(1)
    polls = Http(base, "athuky").get(f"/api/sessions/{a.session_id}/polls").json()["polls"]
    assert [(p["title"], p["status"]) for p in polls if p["agenda_item_id"] == other["id"]] == [(other["title"], "draft")]
