"""The public archive as pages, without login, at 1280×800 and on a phone (390×844): a council's sessions with
their dates and place; a session with its minutes, the bundle, resolutions with their numbers, each vote under
its agenda item with its result read out ("Tán thành 5/6 đại biểu (83,33%)") and the named list with a legend;
the search with the words found marked; a delegate's voting record. Nothing wider than a phone's screen,
and the login link readable on the red bar."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from server.documents.samples import make_pdf
from tests.live.helpers import Http, check_in_and_open

SHOTS = Path(os.environ.get("KYHOP_SHOTS", "/tmp/shots/public"))
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


def held_public_session(base: str, a) -> dict:
    """Council A's session held: a public document under item 2, a confidential one, a vote on item 2 passed
    and registered as a resolution, a vote on item 3 not passed, bế mạc, marked public."""
    sec = Http(base, "athuky")
    sid = a.session_id
    r = sec.s.patch(f"{base}/api/sessions/{sid}", json={"location": "Hội trường UBND xã Thử Nghiệm"},
                    headers={"X-CSRF-Token": sec.csrf})
    assert r.status_code == 200, r.text
    for title, access, item, words in (("Tờ trình dự toán ngân sách", "public", a.item_ids[1], "Dự toán ngân sách xã năm 2027"),
                                       ("Phương án nhân sự", "confidential", a.item_ids[1], "Dự toán ngân sách mật")):
        r = sec.s.post(f"{base}/api/sessions/{sid}/documents", params={
            "filename": "a.pdf", "kind": "submission", "access": access, "agenda_item_id": item, "title": title},
            data=make_pdf(title, 2, extra=words), headers={"X-CSRF-Token": sec.csrf, "Content-Type": "application/pdf"})
        assert r.status_code == 201, r.text
    chair = check_in_and_open(base, a, present=6)
    polls = {}
    for title, item, choices in (("Thông qua Nghị quyết dự toán ngân sách năm 2027", a.item_ids[1],
                                  {"achutich": "for", "adb01": "for", "adb02": "for", "adb03": "for", "adb04": "for", "adb05": "against"}),
                                 ("Thông qua đề án chợ xã", a.item_ids[2],
                                  {"achutich": "for", "adb01": "against", "adb02": "abstain"})):
        poll = chair.post(f"/api/sessions/{sid}/polls", {"title": title, "kind": "open", "agenda_item_id": item}).json()["poll"]
        chair.post(f"/api/polls/{poll['id']}/open")
        for u, c in choices.items():
            assert Http(base, u).post(f"/api/polls/{poll['id']}/ballots", {"request_id": f"pa-{u}-{poll['id']}-00000", "choice": c}).status_code == 200
        chair.post(f"/api/polls/{poll['id']}/close")
        polls[item] = poll["id"]
    assert sec.post(f"/api/polls/{polls[a.item_ids[1]]}/resolution", {"normative": False}).status_code == 201
    assert chair.post(f"/api/sessions/{sid}/control", {"action": "close"}).status_code == 200
    r = sec.s.patch(f"{base}/api/sessions/{sid}", json={"public": True}, headers={"X-CSRF-Token": sec.csrf})
    assert r.status_code == 200
    return polls


def no_horizontal_overflow(page):
    wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"{page.url}: {wide}px wider than the screen"


def contrast(page, selector: str) -> float:
    """WCAG contrast of an element's text against its own background (or the nearest one behind it)."""
    return page.evaluate("""(sel) => {
      const el = document.querySelector(sel);
      const rgb = (s) => s.match(/[\\d.]+/g).slice(0, 4).map(Number);
      let bg = null;
      for (let n = el; n && !bg; n = n.parentElement) {
        const c = rgb(getComputedStyle(n).backgroundColor);
        if (c.length < 4 || c[3] > 0) bg = c;
      }
      const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
        .reduce((acc, v, i) => acc + v * [0.2126, 0.7152, 0.0722][i], 0);
      const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg)].sort((x, y) => y - x);
      return (a + 0.05) / (b + 0.05);
    }""", selector)


@pytest.mark.parametrize("size", list(SIZES))
def test_the_public_archive_as_pages(browser, site, size):
    base, a, _srv = site
    polls = held_public_session(base, a)
    passed, failed = polls[a.item_ids[1]], polls[a.item_ids[2]]
    SHOTS.mkdir(parents=True, exist_ok=True)
    w, hgt = SIZES[size]
    ctx = browser.new_context(viewport={"width": w, "height": hgt})
    page = ctx.new_page()

    def shot(name):
        no_horizontal_overflow(page)
        page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)

    page.goto(f"{base}/#/login")
    page.click("[data-testid=public-link]")
    expect(page.locator("[data-testid=public-council]")).to_have_count(1)  # the other council has no public session
    assert contrast(page, "[data-testid=public-login]") >= 4.5
    shot("councils")
    page.click("[data-testid=public-council]")
    card = page.locator("[data-testid=public-session]")
    expect(card.locator("[data-testid=session-dates]")).to_have_text("Thời gian: 01/12/2026 – 02/12/2026")
    expect(card.locator("[data-testid=session-place]")).to_have_text("Địa điểm: Hội trường UBND xã Thử Nghiệm")
    shot("council")

    card.click()
    expect(page.locator("[data-testid=public-title]")).to_have_text("Kỳ họp thứ nhất")
    expect(page.locator("[data-testid=session-dates]")).to_have_text("01/12/2026 – 02/12/2026")
    expect(page.locator("[data-testid=session-place]")).to_have_text("Hội trường UBND xã Thử Nghiệm")
    minutes = page.locator("[data-testid=public-minutes]")
    expect(minutes).to_have_attribute("href", f"/api/public/sessions/{a.session_id}/minutes.pdf")
    assert page.request.get(base + minutes.get_attribute("href")).body().startswith(b"%PDF")
    bundle = page.locator("[data-testid=public-bundle]")
    assert page.request.get(base + bundle.get_attribute("href")).headers["content-type"] == "application/zip"
    expect(page.locator("[data-testid=resolution-code]")).to_have_text(["Số: 01/NQ-HĐND"])
    # each vote under its agenda item, its result read out, the resolution it passed named on it
    item2 = page.locator(f"[data-item='{a.item_ids[1]}']")
    expect(item2.locator("h3")).to_have_text("2. Báo cáo kinh tế – xã hội")
    vote = item2.locator(f"#vote-{passed}")
    expect(vote.locator("h4")).to_have_text("Thông qua Nghị quyết dự toán ngân sách năm 2027")
    expect(vote.locator(".pub-line").first).to_have_text("Tán thành 5/6 đại biểu (83,33%)")
    expect(vote.locator("[data-testid=verdict]")).to_have_text("ĐƯỢC THÔNG QUA")
    expect(vote.locator("[data-testid=vote-resolution]")).to_have_text("Nghị quyết số 01/NQ-HĐND")
    expect(item2.locator("[data-testid=public-document]")).to_have_text(["Tờ trình dự toán ngân sách"])  # not the confidential one
    expect(page.locator(f"[data-item='{a.item_ids[2]}'] #vote-{failed} [data-testid=verdict]")).to_have_text("KHÔNG ĐƯỢC THÔNG QUA")
    expect(page.get_by_text("Phương án nhân sự")).to_have_count(0)
    vote.locator("[data-testid=named-list] summary").click()
    expect(vote.locator("[data-testid=legend] li")).to_have_count(5)
    expect(vote.locator("[data-testid=legend]")).to_contain_text("Tán thành: 5")
    shot("session")
    # a resolution's number leads to its vote
    page.locator("[data-testid=resolution-vote]").click()
    expect(page.locator(f"#vote-{passed}")).to_have_class(re.compile("target"))
    expect(page.locator(f"#vote-{passed}")).to_be_in_viewport()

    # search across the public sessions: the words found marked; the confidential document never
    page.goto(f"{base}/#/public/search?council={a.council_id}")
    page.fill("[data-testid=public-search-input]", "du toan ngan sach")
    page.keyboard.press("Enter")
    results = page.locator("[data-testid=public-search-results]")
    expect(results.locator("[data-testid=hit-document]")).to_have_count(2)  # two pages of the public document
    expect(results.locator("[data-testid=hit-document] mark").first).to_have_text(re.compile("^dự toán ngân sách$", re.I))
    expect(results.locator("[data-testid=hit-vote] mark")).to_have_text("dự toán ngân sách")
    expect(results).not_to_contain_text("Phương án nhân sự")
    shot("search")

    # a delegate's record: from the named list, their choices with the item voted on
    page.goto(f"{base}/#/public/sessions/{a.session_id}")
    vote = page.locator(f"#vote-{passed}")
    vote.locator("[data-testid=named-list] summary").click()
    vote.get_by_role("link", name="Đại Biểu Số 1").click()
    expect(page.locator("[data-testid=delegate-name]")).to_have_text("Đại Biểu Số 1")
    expect(page.locator("[data-testid=delegate-choice]")).to_have_text(["✓ Tán thành", "✗ Không tán thành"], use_inner_text=True)
    expect(page.locator("[data-testid=delegate-votes]").first).to_contain_text("2. Báo cáo kinh tế – xã hội")
    expect(page.locator("[data-testid=delegate-summary]")).to_contain_text("Tán thành: 1")
    shot("delegate")

    # English: English number formats
    page.evaluate("document.cookie = 'kyhop_lang=en; path=/'")
    page.goto(f"{base}/#/public/sessions/{a.session_id}")
    page.reload()
    expect(page.locator(f"#vote-{passed} .pub-line").first).to_have_text("For 5/6 delegates (83.33%)")
    expect(page.locator("[data-testid=session-dates]")).to_have_text("1 Dec 2026 – 2 Dec 2026")
    shot("session-en")
    ctx.close()


def _line(count: int, base: int) -> dict:
    pct = f"{count * 100 / base:.2f}".replace(".", ",")
    return {"count": count, "percent": pct, "text": f"{count}/{base} — {pct}%"}


def secret_polls(session_id: int, item_id: int) -> list[dict]:
    """A secret ballot, an election and a confidence rating as the public API answers them once counted."""
    counts = {"total": 50, "present": 48, "cast": 48, "did_not_vote": 0, "absent": 2}
    common = {"session_id": session_id, "agenda_item_id": item_id, "status": "closed", "rule": {}, "seats": None,
              "changeable": False, "duration_s": 60, "repeat_of_id": None, "opened_at": None, "deadline": None,
              "closed_at": None, "counted_at": None, "total": 50, "present": 48, "secret": True,
              "encryption": {"key_id": 1, "context": "c", "public_key": "k", "questions": [[1]]}}
    trackers = ["b1f0e996f295b520" + "0" * 48]
    return [
        {**common, "id": 901, "kind": "secret", "title": "Bãi nhiệm đại biểu Hội đồng nhân dân xã", "options": [],
         "result": {**counts, "base": 50, "answers": {"for": _line(34, 50), "against": _line(12, 50), "abstain": _line(2, 50)},
                    "passed": True, "rule": ["ít nhất 2/3 tổng số đại biểu", "at least 2/3 of all delegates"], "trackers": trackers}},
        {**common, "id": 902, "kind": "election", "seats": 1, "title": "Bầu Phó Chủ tịch Hội đồng nhân dân xã nhiệm kỳ 2026–2031",
         "options": [{"id": 1, "label": "Nguyễn Văn An"}, {"id": 2, "label": "Trần Thị Bình Minh Phương"}],
         "result": {**counts, "seats": 1, "elected": [1], "tie": False, "tied": [], "new_round_needed": False, "trackers": trackers,
                    "candidates": [{**_line(30, 50), "option_id": 1, "elected": True, "qualified": True},
                                   {**_line(18, 50), "option_id": 2, "elected": False, "qualified": False}]}},
        {**common, "id": 903, "kind": "confidence", "title": "Lấy phiếu tín nhiệm người giữ chức vụ do HĐND bầu",
         "options": [{"id": 3, "label": "Lê Văn Cường"}, {"id": 4, "label": "Phạm Thị Dung"}],
         "result": {**counts, "trackers": trackers, "people": [
             {"option_id": 3, "high": _line(10, 50), "medium": _line(12, 50), "low": _line(26, 50), "low_over_half": True, "low_two_thirds": False},
             {"option_id": 4, "high": _line(40, 50), "medium": _line(8, 50), "low": _line(0, 50), "low_over_half": False, "low_two_thirds": False}]}},
    ]


@pytest.mark.parametrize("size", list(SIZES))
def test_secret_results_read_out_and_fit_a_phone(browser, site, size):
    """Totals only, each line read out, the board to download and the tracker lookup — within the screen."""
    import json
    base, a, _srv = site
    held_public_session(base, a)
    ctx = browser.new_context(viewport=dict(zip(("width", "height"), SIZES[size])))
    page = ctx.new_page()
    real = page.request.get(f"{base}/api/public/sessions/{a.session_id}").json()

    def answer(route):
        route.fulfill(status=200, content_type="application/json",
                      body=json.dumps({**real, "polls": real["polls"] + secret_polls(a.session_id, a.item_ids[2])}))

    page.route(f"**/api/public/sessions/{a.session_id}", answer)
    page.goto(f"{base}/#/public/sessions/{a.session_id}?vote=902")
    election = page.locator("#vote-902")
    expect(election.locator(".pub-line").first).to_have_text("Nguyễn Văn An: 30/50 đại biểu (60,00%) ✓ Trúng cử")
    expect(page.locator("#vote-901 .pub-line").first).to_have_text("Tán thành 34/50 đại biểu (68,00%)")
    expect(page.locator("#vote-903 .pub-person").first).to_contain_text("Tín nhiệm thấp 26/50 đại biểu (52,00%)")
    expect(page.locator("#vote-901 [data-testid=named-list]")).to_have_count(0)
    page.locator("#vote-901 input").fill("b1f0 e996")
    page.locator("#vote-901 form button").click()
    expect(page.locator("#vote-901 [data-testid=public-tracker-answer]")).to_have_class(re.compile("ok"))
    no_horizontal_overflow(page)
    page.locator("#vote-901").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"secret-{size}.png"), full_page=True)
    ctx.close()
