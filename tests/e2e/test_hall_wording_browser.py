"""Issue 15, item 7 (a wording pass): words a person reads during a session that no other browser test reads —
a confidence rating's ballot on the tablet headed 'Lấy phiếu tín nhiệm' (not 'Bỏ phiếu kín'), the speech
log's time column 'Thời gian' (not 'Ngày bắt đầu'), and a result on the tablet in English written the
English way ('For 1/6 delegates (16.67%)')."""
from __future__ import annotations

from playwright.sync_api import expect

from tests import tablets
from tests.live.helpers import Http, check_in_and_open
from tests.tablets import Committee


def test_words_on_the_tablet_and_the_secretarys_page(login_page, site):
    base, a, _srv = site
    sid = a.session_id
    chair = check_in_and_open(base, a)  # the chair and adb01–adb03 present
    secretary = Http(base, "athuky")

    # a speech, for the log
    assert Http(base, "adb01").post(f"/api/sessions/{sid}/floor", {"kind": "discussion"}).status_code == 201
    queue = chair.get(f"/api/sessions/{sid}/live").json()["speaking"]["queue"]
    assert chair.post(f"/api/sessions/{sid}/floor/chair", {"action": "give", "request_id": queue[0]["id"]}).ok
    assert chair.post(f"/api/sessions/{sid}/floor/chair", {"action": "end"}).ok

    # a confidence rating: the tablet's ballot says what it is
    voters = {u: Http(base, u) for u in a.delegates()[:3]}
    Committee(sid, [(a.users[u], voters[u]) for u in voters]).ceremony(secretary)
    rating = secretary.post(f"/api/sessions/{sid}/polls", {
        "title": "Lấy phiếu tín nhiệm đối với người giữ chức vụ do HĐND bầu", "kind": "confidence", "duration_s": 600,
        "options": ["Ông Nguyễn Văn An — Chủ tịch UBND xã", "Bà Trần Thị Bình — Phó Chủ tịch UBND xã"]}).json()["poll"]
    tablets.ok(chair.post(f"/api/polls/{rating['id']}/open", {"acknowledge_small": True}))
    tablet = login_page("adb01", viewport=(1280, 800))
    tablet.goto(f"{base}/#/live/{sid}")
    ballot = tablet.locator("[data-testid=ballot]")
    expect(ballot.locator(".ballot-head .label")).to_have_text("Lấy phiếu tín nhiệm")
    expect(ballot).not_to_contain_text("Bỏ phiếu kín")
    expect(ballot).not_to_contain_text("BỎ PHIẾU KÍN")
    tablets.ok(chair.post(f"/api/polls/{rating['id']}/cancel"))
    expect(tablet.locator("[data-testid=ballot]")).to_have_count(0)

    # an open vote's result on the tablet in English: English words and decimals
    poll = secretary.post(f"/api/sessions/{sid}/polls", {"title": "Thông qua đề án chợ xã", "kind": "open",
                                                         "duration_s": 120}).json()["poll"]
    tablets.ok(chair.post(f"/api/polls/{poll['id']}/open", {"acknowledge_small": True}))
    tablets.ok(voters["adb01"].post(f"/api/polls/{poll['id']}/ballots", {"request_id": "wording-adb01-000001", "choice": "for"}))
    tablets.ok(chair.post(f"/api/polls/{poll['id']}/close"))
    tablet.context.add_cookies([{"name": "kyhop_lang", "value": "en", "url": base}])
    tablet.reload()
    expect(tablet.locator("[data-testid=result-for]").first).to_have_text("For 1/6 delegates (16.67%)")
    expect(tablet.locator("[data-testid=result-did_not_vote]").first).to_have_text("Did not take part 5/6 delegates (83.33%)")

    # the speech log's time column
    page = login_page("athuky", viewport=(1366, 768))
    page.goto(f"{base}/#/sessions/{sid}")
    page.click("[data-testid=tab-minutes]")
    log = page.locator("[data-testid=speech-log]")
    expect(log.locator("th").first).to_have_text("Thời gian")
    expect(log).not_to_contain_text("Ngày bắt đầu")
    expect(log.locator("td", has_text="Đại Biểu Số 1")).to_have_count(1)
