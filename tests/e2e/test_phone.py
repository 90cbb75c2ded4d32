"""On a phone (390×844) no screen is wider than the phone: every page each person reaches, in the states
they meet during a session, is walked and measured — the widest element named when one sticks out."""
from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.live.helpers import Http, check_in_and_open

PHONE = (390, 844)
SHOTS = Path("/tmp/shots/phone")

WIDEST = """() => {
  const w = window.innerWidth;
  const out = [...document.querySelectorAll('body *')].filter((e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > w + 1 && getComputedStyle(e).position !== 'fixed';
  }).map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} right=${Math.round(e.getBoundingClientRect().right)}`);
  return { scroll: document.documentElement.scrollWidth, inner: w, out: out.slice(0, 5) };
}"""


def fits(page, where: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{where}.png"), full_page=True)
    m = page.evaluate(WIDEST)
    assert m["scroll"] <= m["inner"], f"{where}: {m['scroll']} px wide on a {m['inner']} px phone; sticking out: {m['out']}"


def test_no_screen_is_wider_than_a_phone(login_page, site):
    base, a, _srv = site
    sid = a.session_id
    delegate = login_page("adb01", viewport=PHONE)
    fits(delegate, "delegate-sessions")
    delegate.goto(f"{base}/#/docs/{sid}")
    delegate.wait_for_selector("[data-testid=library]")
    fits(delegate, "delegate-library")
    delegate.goto(f"{base}/#/live/{sid}")
    delegate.wait_for_selector("[data-testid=live-status]")
    fits(delegate, "delegate-live-before")

    secretary = login_page("athuky", viewport=PHONE)
    secretary.goto(f"{base}/#/sessions/{sid}")
    for tab in ("agenda", "documents", "polls", "minutes", "publication"):
        secretary.click(f"[data-testid=tab-{tab}]")
        fits(secretary, f"secretary-{tab}")
    secretary.goto(f"{base}/#/members")
    secretary.wait_for_selector("table, [data-testid=members]")
    fits(secretary, "secretary-members")

    check_in_and_open(base, a, present=5)
    chair = Http(base, "achutich")
    chair.post(f"/api/sessions/{sid}/control", {"action": "next", "from_item_id": a.item_ids[0]})
    expect(delegate.locator("[data-testid=live-status]")).to_have_text("Đang họp")
    fits(delegate, "delegate-live-in-progress")
    poll = chair.post(f"/api/sessions/{sid}/polls", {"title": "Thông qua nghị quyết về kế hoạch đầu tư công trung hạn",
                                                       "kind": "open"}).json()["poll"]
    chair.post(f"/api/polls/{poll['id']}/open", {"acknowledge_small": True})
    delegate.wait_for_selector("[data-testid=vote-for]")
    fits(delegate, "delegate-ballot")
    delegate.click("[data-testid=vote-for]")
    delegate.click("[data-testid=confirm-vote]")
    chair.post(f"/api/polls/{poll['id']}/close")
    expect(delegate.locator("[data-testid=verdict]").first).to_be_visible()
    fits(delegate, "delegate-result")
    delegate.goto(f"{base}/#/votes")
    delegate.wait_for_selector("main")
    fits(delegate, "delegate-my-votes")

    console = login_page("achutich", viewport=PHONE)
    console.goto(f"{base}/#/live/{sid}")
    console.wait_for_selector("[data-testid=live-status]")
    fits(console, "chair-console")
