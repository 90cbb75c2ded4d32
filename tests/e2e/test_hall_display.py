"""The hall display at 1920×1080 through a whole session, as the hall sees it from the back row: every state
fits the screen (the page is exactly the viewport, nothing cut off or beyond the edges), the countdowns are
whole and large, the main figures are at least 48 px, a named result has its legend, and after bế mạc the
end screen replaces everything. The display account lands on the display by itself."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import tablets
from tests.live.helpers import Http
from tests.tablets import Committee

pytestmark = pytest.mark.browser

LONG_TITLE = ("Tờ trình về việc thông qua Nghị quyết điều chỉnh, bổ sung kế hoạch đầu tư công trung hạn giai đoạn "
              "2026–2030 và phân bổ vốn đầu tư phát triển nguồn ngân sách địa phương năm 2027 cho các dự án hạ tầng "
              "giao thông nông thôn, trường học và trạm y tế xã")

# what the hall must read from its seats: every box of the display inside the screen, regions not clipping
FITS = """() => {
  const W = innerWidth, H = innerHeight;
  const outside = [...document.querySelectorAll('[data-testid=hall] *')].filter((e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && (r.top < -1 || r.left < -1 || r.bottom > H + 1 || r.right > W + 1);
  }).map((e) => `${e.tagName}.${e.className}: ${e.textContent.slice(0, 40)}`);
  const clipped = [...document.querySelectorAll('.hall-head, .hall-main, .hall-banner, .hall-foot')]
    .filter((e) => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1).map((e) => e.className);
  const d = document.documentElement;
  const foot = document.querySelector('.hall-foot').getBoundingClientRect().bottom;
  return { height: d.scrollHeight, width: d.scrollWidth, H, W, outside, clipped, foot };
}"""


def shot(page, name):
    folder = Path(os.environ.get("KYHOP_SCREENSHOTS") or "/tmp/shots/display")
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


def font_px(page, selector) -> float:
    return page.locator(selector).first.evaluate("(e) => parseFloat(getComputedStyle(e).fontSize)")


def inside(page, selector):
    box = page.locator(selector).first.bounding_box()
    vw, vh = page.viewport_size["width"], page.viewport_size["height"]
    assert box and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= vw and box["y"] + box["height"] <= vh, \
        (selector, box)


def check(page, name, figures=(), whole=()):
    """The page is the screen, nothing beyond it; the main figures ≥ 48 px (at 1080p); then a screenshot."""
    page.wait_for_timeout(100)  # the clock's and the lists' first layout
    fit = page.evaluate(FITS)
    assert fit["height"] == fit["H"] and fit["width"] == fit["W"], (name, fit)
    assert not fit["outside"] and not fit["clipped"], (name, fit)
    assert abs(fit["foot"] - fit["H"]) <= 1, (name, fit)  # the footer at the bottom edge
    minimum = 48 * page.viewport_size["height"] / 1080
    for sel in ("[data-testid=hall-clock]", *figures):
        assert font_px(page, sel) >= minimum - 0.5, (name, sel, font_px(page, sel))
    for sel in whole:
        inside(page, sel)
    shot(page, name)


def test_the_display_account_lands_on_the_display_and_follows_the_session(login_page, site):
    base, a, _srv = site
    sid = a.session_id
    secretary = Http(base, "athuky")
    r = secretary.s.patch(f"{base}/api/agenda/{a.item_ids[1]}", json={"title": LONG_TITLE},
                          headers={"X-CSRF-Token": secretary.csrf})
    assert r.status_code == 200, r.text

    display = login_page("amanhinh", viewport=(1920, 1080))
    # straight onto the display of the council's published session: no menu
    expect(display.locator("[data-testid=hall]")).to_be_visible()
    expect(display.locator(".topbar, [data-testid=whoami]")).to_have_count(0)
    assert display.evaluate("location.hash") == "#/hall"
    expect(display.locator("[data-testid=display-item]")).to_have_text("Kỳ họp chưa khai mạc")
    people = ["achutich"] + a.delegates()
    for u in people[:4]:
        assert Http(base, u).post(f"/api/sessions/{sid}/check-in").status_code == 200
    expect(display.locator("[data-testid=quorum]")).to_contain_text("Có mặt 4/6 đại biểu")
    check(display, "1-before", figures=["[data-testid=display-item]", ".q-fig"])

    for u in people[4:]:
        Http(base, u).post(f"/api/sessions/{sid}/check-in")
    chair = Http(base, "achutich")
    assert chair.post(f"/api/sessions/{sid}/control", {"action": "open"}).status_code == 200
    chair.post(f"/api/sessions/{sid}/control", {"action": "goto", "item_id": a.item_ids[1]})
    expect(display.locator("[data-testid=display-item]")).to_contain_text("2. Tờ trình về việc thông qua")
    check(display, "2-item-long-title", figures=["[data-testid=display-item]", ".q-fig"])

    # an open vote: the countdown and the count of ballots, whole and large
    poll = secretary.post(f"/api/sessions/{sid}/polls", {"title": "Thông qua Nghị quyết điều chỉnh kế hoạch đầu tư công trung hạn",
                                                         "kind": "open", "duration_s": 300, "agenda_item_id": a.item_ids[1]}).json()["poll"]
    assert chair.post(f"/api/polls/{poll['id']}/open").status_code == 200
    voters = {u: Http(base, u) for u in people}
    for u, choice in zip(people[:5], ["for", "for", "for", "for", "against"]):
        assert voters[u].post(f"/api/polls/{poll['id']}/ballots", {"request_id": f"req-{u}-000000000001", "choice": choice}).status_code == 200
    expect(display.locator("[data-testid=display-progress]")).to_contain_text("5/6")
    check(display, "3-vote-open", figures=["[data-testid=poll-countdown]", "[data-testid=display-progress]"],
          whole=["[data-testid=poll-countdown]"])

    # its result: a line per answer with counts of all delegates, the verdict, the named list with its legend
    assert chair.post(f"/api/polls/{poll['id']}/close").status_code == 200
    result = display.locator("[data-testid=result]")
    expect(result.locator("[data-testid=result-for]")).to_have_text("4/6")
    expect(result.locator(".bar-fig").first).to_have_text("4/6 đại biểu (66,67%)")
    expect(result.locator(".bar-label")).to_have_text(["Tán thành", "Không tán thành", "Không biểu quyết", "Không tham gia biểu quyết"])
    expect(result.locator("[data-testid=verdict]")).to_have_text("ĐƯỢC THÔNG QUA")
    legend = result.locator("[data-testid=named-legend]")
    expect(legend).to_contain_text("Tán thành (4)")
    expect(legend).to_contain_text("Không tán thành (1)")
    expect(legend).to_contain_text("Không tham gia biểu quyết (1)")
    expect(legend.locator(".mark")).to_have_count(3)
    expect(result.locator("[data-testid=named-list] li")).to_have_count(6)
    expect(result.locator("[data-testid=named-list] li.ch-against")).to_contain_text("✗")
    check(display, "4-result-named", figures=["[data-testid=result-for]", "[data-testid=verdict]"])
    small = login_page("amanhinh", viewport=(1280, 720))
    expect(small.locator("[data-testid=named-legend]")).to_be_visible()
    check(small, "4b-result-named-1280x720", figures=["[data-testid=result-for]", "[data-testid=verdict]"])
    small.context.close()

    # a speaker with a question and a queue: the countdown whole and large, the next three named
    reqs = []
    for u in people[1:4]:
        reqs.append(voters[u].post(f"/api/sessions/{sid}/floor", {"kind": "discussion"}).json())
    q = voters[people[4]].post(f"/api/sessions/{sid}/floor", {
        "kind": "question", "addressee": "Giám đốc Sở Tài chính",
        "subject": "Tiến độ giải ngân vốn đầu tư công các dự án giao thông nông thôn và nguyên nhân chậm giải ngân ở ba xã miền núi"})
    assert q.status_code == 201, q.text
    queue = chair.get(f"/api/sessions/{sid}/live").json()["speaking"]["queue"]
    question = next(r for r in queue if r["kind"] == "question")
    assert chair.post(f"/api/sessions/{sid}/floor/chair", {"action": "give", "request_id": question["id"]}).status_code == 200
    expect(display.locator("[data-testid=speaker-name]")).to_have_text("Đại Biểu Số 4")
    expect(display.locator("[data-testid=next-speakers] li")).to_have_count(3)
    expect(display.locator("[data-testid=current-speaker]")).to_contain_text("Giám đốc Sở Tài chính")
    check(display, "5-speaker-question-queue", figures=["[data-testid=speech-timer]", "[data-testid=speaker-name]"],
          whole=["[data-testid=speech-timer]"])
    colours = display.locator("[data-testid=speech-timer]").evaluate(
        "(e) => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
    assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"]  # white on black: read from the back row
    chair.post(f"/api/sessions/{sid}/floor/chair", {"action": "end"})

    # a secret ballot being counted by the committee, then its result (no names)
    com = Committee(sid, [(a.users[u], voters[u]) for u in people[1:4]])
    com.ceremony(secretary)
    secret = secretary.post(f"/api/sessions/{sid}/polls", {"title": "Miễn nhiệm Phó Chủ tịch UBND xã", "kind": "secret",
                                                           "duration_s": 300}).json()["poll"]
    tablets.ok(chair.post(f"/api/polls/{secret['id']}/open", {"acknowledge_small": True}))
    full = chair.get(f"/api/polls/{secret['id']}").json()["poll"]
    for u, choice in zip(people, ["for", "for", "against", "for", "abstain"]):
        tablets.ok(tablets.cast(voters[u], full, choice))
    tablets.ok(chair.post(f"/api/polls/{secret['id']}/close"))
    expect(display.locator("[data-testid=display-counting]")).to_contain_text("0/3 đã xác nhận")
    check(display, "6-counting", figures=["[data-testid=display-poll] .headline"])
    for n in (1, 2):
        tablets.ok(com.confirm_count(n, secret["id"]))
    expect(result.locator("[data-testid=result-for]")).to_have_text("3/6")
    expect(result.locator("[data-testid=named-list]")).to_have_count(0)
    check(display, "7-secret-result", figures=["[data-testid=result-for]", "[data-testid=verdict]"])

    # paused, with the chair's message
    chair.post(f"/api/sessions/{sid}/control", {"action": "message", "message": "Giải lao 15 phút"})
    chair.post(f"/api/sessions/{sid}/control", {"action": "pause"})
    expect(display.locator("[data-testid=display-paused]")).to_be_visible()
    expect(display.locator("[data-testid=message]")).to_have_text("Giải lao 15 phút")
    check(display, "8-paused-message", figures=["[data-testid=display-paused]", "[data-testid=message]"])
    chair.post(f"/api/sessions/{sid}/control", {"action": "resume"})
    chair.post(f"/api/sessions/{sid}/control", {"action": "message", "message": "Đề nghị các đại biểu về chỗ ngồi"})
    expect(display.locator(".hall-banner")).to_have_text("Đề nghị các đại biểu về chỗ ngồi")
    check(display, "9-item-with-message")

    # bế mạc: the end screen, and nothing of the last item or the last result
    chair.post(f"/api/sessions/{sid}/control", {"action": "goto", "item_id": a.item_ids[3]})
    assert chair.post(f"/api/sessions/{sid}/control", {"action": "close"}).status_code == 200
    expect(display.locator("[data-testid=display-end]")).to_have_text("Kỳ họp đã bế mạc")
    expect(display.locator("[data-testid=display-item], [data-testid=result], [data-testid=message]")).to_have_count(0)
    expect(display.locator("[data-testid=hall]")).not_to_contain_text("Nội dung đang thảo luận")
    expect(display.locator("[data-testid=hall]")).not_to_contain_text("4. Bế mạc")
    expect(display.locator("[data-testid=display-seal]")).to_be_visible()
    check(display, "10-closed", figures=["[data-testid=display-end]"])


def test_a_province_council_results_page_themselves_and_read_in_english(login_page, site, tmp_path):
    """Fifty delegates: the named list, an election and a confidence rating of many office-holders each fit
    the screen, turning pages by themselves; in English the numbers are written the English way."""
    from server.app import create_app
    from tests.conftest import make_config
    from tests.factories import build_council
    base = site[0]
    c = build_council(create_app(make_config(tmp_path)), "c", delegates=50, name="HĐND tỉnh Thử Nghiệm")
    sid, people = c.session_id, ["cchutich"] + c.delegates()
    voters = {u: Http(base, u) for u in people[:45]}
    for v in voters.values():
        assert v.post(f"/api/sessions/{sid}/check-in").status_code == 200
    chair, secretary = voters["cchutich"], Http(base, "cthuky")
    assert chair.post(f"/api/sessions/{sid}/control", {"action": "open"}).status_code == 200
    display = login_page("cmanhinh", viewport=(1920, 1080))
    expect(display.locator("[data-testid=display-item]")).to_contain_text("1. Khai mạc")

    poll = secretary.post(f"/api/sessions/{sid}/polls", {"title": "Thông qua Nghị quyết về dự toán ngân sách tỉnh năm 2027",
                                                         "kind": "open", "duration_s": 300}).json()["poll"]
    assert chair.post(f"/api/polls/{poll['id']}/open").status_code == 200
    for i, u in enumerate(people[:42]):
        choice = "for" if i < 28 else "against" if i < 38 else "abstain"
        assert voters[u].post(f"/api/polls/{poll['id']}/ballots", {"request_id": f"req-{u}-000000000001", "choice": choice}).status_code == 200
    assert chair.post(f"/api/polls/{poll['id']}/close").status_code == 200
    result = display.locator("[data-testid=result]")
    expect(result.locator(".bar-fig").first).to_have_text("28/50 đại biểu (56,00%)")
    expect(result.locator(".bar-fig").last).to_have_text("8/50 đại biểu (16,00%)")  # 3 present, 5 absent
    legend = result.locator("[data-testid=named-legend]")
    expect(legend).to_contain_text("Vắng mặt (5)")
    expect(legend.locator(".pager")).to_have_text(re.compile(r"^Trang 1/[23]$"))
    pages = int(legend.locator(".pager").inner_text()[-1])
    first = result.locator("[data-testid=named-list] li").count()
    assert first >= 50 / pages and first * (pages - 1) < 50
    check(display, "11-result-50-page1", figures=["[data-testid=result-for]", "[data-testid=verdict]"])
    expect(legend.locator(".pager")).to_have_text(f"Trang 2/{pages}", timeout=12000)  # it turns by itself
    assert result.locator("[data-testid=named-list] li").count() == (first if pages > 2 else 50 - first)
    check(display, "12-result-50-page2")

    # in English: English words and number formats
    display.context.add_cookies([{"name": "kyhop_lang", "value": "en", "url": base}])
    display.reload()
    expect(result.locator(".bar-fig").first).to_have_text("28/50 delegates (56.00%)")
    expect(result.locator("[data-testid=verdict]")).to_have_text("PASSED")
    check(display, "13-result-english", figures=["[data-testid=result-for]"])
    display.context.add_cookies([{"name": "kyhop_lang", "value": "vi", "url": base}])
    display.reload()

    # a confidence rating of fourteen office-holders, headed as what it is, a page at a time
    com = Committee(sid, [(c.users[u], voters[u]) for u in people[1:4]])
    com.ceremony(secretary)
    offices = [f"Ông Nguyễn Văn {n} — {office}" for n, office in zip(
        ["An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Khoa", "Long", "Minh", "Nam", "Phong", "Quang", "Sơn", "Tâm"],
        ["Chủ tịch HĐND tỉnh", "Phó Chủ tịch HĐND tỉnh", "Trưởng Ban Kinh tế – Ngân sách", "Trưởng Ban Pháp chế",
         "Trưởng Ban Văn hóa – Xã hội", "Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh",
         "Giám đốc Sở Tài chính", "Giám đốc Sở Xây dựng", "Giám đốc Sở Y tế", "Giám đốc Sở Giáo dục và Đào tạo",
         "Chánh Thanh tra tỉnh", "Giám đốc Công an tỉnh"])]
    rating = secretary.post(f"/api/sessions/{sid}/polls", {"title": "Lấy phiếu tín nhiệm đối với người giữ chức vụ do HĐND bầu",
                                                           "kind": "confidence", "duration_s": 600, "options": offices}).json()["poll"]
    tablets.ok(chair.post(f"/api/polls/{rating['id']}/open", {"acknowledge_small": True}))
    full = chair.get(f"/api/polls/{rating['id']}").json()["poll"]
    expect(display.locator("[data-testid=display-poll] .label").first).to_have_text("Lấy phiếu tín nhiệm")
    check(display, "14-confidence-open", figures=["[data-testid=poll-countdown]"], whole=["[data-testid=poll-countdown]"])
    ids = [o["id"] for o in full["options"]]
    for i, u in enumerate(people[:30]):
        levels = {str(oid): ("low" if k == 2 and i < 27 else "high" if (i + k) % 3 else "medium")
                  for k, oid in enumerate(ids)}
        tablets.ok(tablets.cast(voters[u], full, levels))
    tablets.ok(chair.post(f"/api/polls/{rating['id']}/close"))
    for n in (1, 2):
        tablets.ok(com.confirm_count(n, rating["id"]))
    expect(result.locator(".list-head .pager")).to_have_text(re.compile(r"^Trang \d/[23]$"))
    expect(result).to_contain_text("> 1/2 tín nhiệm thấp")
    check(display, "15-confidence-result", figures=[".rows.confidence .lvl strong"])

    # an election of two among five
    election = secretary.post(f"/api/sessions/{sid}/polls", {"title": "Bầu Phó Chủ tịch UBND tỉnh nhiệm kỳ 2026–2031",
                                                             "kind": "election", "seats": 2, "duration_s": 600,
                                                             "options": offices[6:11]}).json()["poll"]
    tablets.ok(chair.post(f"/api/polls/{election['id']}/open", {"acknowledge_small": True}))
    full = chair.get(f"/api/polls/{election['id']}").json()["poll"]
    ids = [o["id"] for o in full["options"]]
    for i, u in enumerate(people[:30]):
        tablets.ok(tablets.cast(voters[u], full, [ids[0], ids[1] if i < 27 else ids[2]]))
    tablets.ok(chair.post(f"/api/polls/{election['id']}/close"))
    for n in (1, 2):
        tablets.ok(com.confirm_count(n, election["id"]))
    expect(result.locator("li.elected")).to_have_count(2)  # 30 and 27 of 50: more than half of all delegates
    check(display, "16-election-result", figures=[".rows.election .bar-fig strong"])


def test_with_no_session_the_display_waits_calmly_then_shows_the_published_one(login_page, site, tmp_path):
    from server.app import create_app
    from tests.conftest import make_config
    from tests.factories import build_council
    base = site[0]
    d = build_council(create_app(make_config(tmp_path)), "d", name="HĐND phường Chờ Họp", status="draft")
    display = login_page("dmanhinh", viewport=(3840, 2160))  # a 4K screen: the same picture, twice the pixels
    expect(display.locator("[data-testid=hall-waiting]")).to_have_text("Hiện chưa có kỳ họp")
    expect(display.locator("[data-testid=hall]")).to_contain_text("HĐND PHƯỜNG CHỜ HỌP", ignore_case=True)
    check(display, "17-waiting-4k", figures=[".big-clock"])
    display.context.add_init_script("window.KYHOP_HALL_LOOK_MS = 300")
    display.reload()
    expect(display.locator("[data-testid=hall-waiting]")).to_be_visible()
    secretary = Http(base, "dthuky")
    r = secretary.s.patch(f"{base}/api/sessions/{d.session_id}", json={"status": "published"}, headers={"X-CSRF-Token": secretary.csrf})
    assert r.status_code == 200, r.text
    expect(display.locator("[data-testid=display-item]")).to_have_text("Kỳ họp chưa khai mạc")
    check(display, "18-before-4k", figures=["[data-testid=display-item]", ".q-fig"])
