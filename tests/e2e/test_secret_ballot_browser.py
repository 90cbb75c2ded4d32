"""A secret ballot in real Chromium, end to end: the counting committee's key ceremony on three members'
tablets, ballots encrypted on the tablets (one changed, one whose answer is lost and resent), the count
confirmed by two members, the result on the hall display, and the published board rechecked (docs/ballots.md)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from server.voting import board as boards
from tests import tablets
from tests.conftest import ROOT
from tests.live.helpers import Http, check_in_and_open

pytestmark = pytest.mark.browser

MEMBERS = ("adb01", "adb02", "adb03")


def shot(page, tmp_path, name):
    """Screenshots land in $KYHOP_SCREENSHOTS if set (to look at them), else in the test's tmp dir."""
    folder = Path(os.environ.get("KYHOP_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


def test_secret_ballot_with_the_counting_committee(login_page, site, tmp_path):
    base, a, srv = site
    sid = a.session_id
    check_in_and_open(base, a, present=6)  # the chair and all five delegates
    secretary = Http(base, "athuky")
    poll_id = secretary.post(f"/api/sessions/{sid}/polls", {
        "title": "Miễn nhiệm Phó Chủ tịch UBND xã", "kind": "secret", "changeable": True, "duration_s": 600,
    }).json()["poll"]["id"]

    chair = login_page("achutich")
    members = [login_page(u) for u in MEMBERS]  # 1280×800 tablets
    display = login_page("amanhinh", viewport=(1920, 1080))
    for p in [chair, display, *members]:
        p.goto(f"{base}/#/live/{sid}")
    chair.click("[data-testid=tab-polls]")  # the console's polls, and the committee under them
    chair.click("[data-testid=committee-admin-toggle]")
    expect(chair.locator("[data-testid=committee-admin]")).to_contain_text("Chưa có Ban kiểm phiếu")
    chair.locator("[data-testid=committee-admin]").scroll_into_view_if_needed()
    shot(chair, tmp_path, "5-chair-appoint")

    # no key yet: the server refuses to open a secret poll, and the chair sees why
    chair.click("[data-testid=open-poll]")
    expect(chair.locator("[role=alert]")).to_contain_text("Ban kiểm phiếu chưa tạo xong khóa")

    # the secretary appoints three delegates (setup over HTTP); their tablets run the ceremony
    r = secretary.s.put(f"{base}/api/sessions/{sid}/committee", json={"members": [a.users[u] for u in MEMBERS]},
                        headers={"X-CSRF-Token": secretary.csrf})
    assert r.status_code == 200, r.text
    for m in members:
        m.click("[data-testid=committee-join]")
    expect(members[0].locator("[data-testid=committee-confirm]")).to_be_visible()  # all joined, all dealt
    # the fingerprint of the code the tablet runs is the one the build published (BUILD.sha256)
    published = dict(reversed(line.split("  ", 1)) for line in
                     (ROOT / "client" / "dist" / "BUILD.sha256").read_text().splitlines())
    shown = members[0].locator("[data-testid=code-fingerprint] code")
    expect(shown).to_be_visible()
    name, short = shown.inner_text().split()
    assert published[f"assets/{name}"].startswith(short.rstrip("…"))
    assert shown.get_attribute("title") == published[f"assets/{name}"]
    shot(members[0], tmp_path, "0-member-confirm-key")
    for m in members:  # once all have joined each tablet deals by itself, then the second tap
        m.click("[data-testid=committee-confirm]")
    for m in members:
        expect(m.locator("[data-testid=committee-status]")).to_have_attribute("data-status", "ready")
    expect(members[0].locator("[data-testid=committee]")).to_contain_text("Khóa đã sẵn sàng")
    expect(chair.locator("[data-testid=committee-admin-status]")).to_have_text("Khóa đã sẵn sàng")
    chair.locator("[data-testid=committee-admin]").scroll_into_view_if_needed()
    shot(chair, tmp_path, "6-chair-committee-ready")

    chair.click("[data-testid=open-poll]")
    # "only 6 voters: a unanimous result reveals every choice", asked in the page — go on
    expect(chair.locator("[data-testid=ask]")).to_contain_text("6 đại biểu")
    chair.click("[data-testid=ask-ok]")
    expect(display.locator("[data-testid=display-poll]")).to_contain_text("Miễn nhiệm")

    # two delegates vote on their tablets; the second changes her mind (the poll is changeable)
    t1, t2 = members[0], members[1]
    t1.click("[data-testid=vote-for]")
    t1.click("[data-testid=confirm-vote]")
    expect(t1.locator("[data-testid=ballot-recorded]")).to_have_text("✓ Đã ghi nhận phiếu của bạn")
    tracker1 = t1.locator("[data-testid=tracker]").get_attribute("data-tracker")
    assert re.fullmatch(r"[0-9a-f]{64}", tracker1)
    expect(t1.locator("[data-testid=tracker]")).to_have_text(f"{tracker1[:4]} {tracker1[4:8]} {tracker1[8:12]} {tracker1[12:16]} …")
    expect(t1.locator("[data-testid=ballot]")).not_to_contain_text("Tán thành")  # the choice is not shown
    t2.click("[data-testid=vote-against]")
    t2.click("[data-testid=confirm-vote]")
    first2 = t2.locator("[data-testid=tracker]").get_attribute("data-tracker")
    t2.click("[data-testid=change-ballot]")
    t2.click("[data-testid=vote-for]")
    t2.click("[data-testid=confirm-vote]")
    expect(t2.locator("[data-testid=tracker]")).not_to_have_attribute("data-tracker", first2)
    tracker2 = t2.locator("[data-testid=tracker]").get_attribute("data-tracker")
    t1.locator("[data-testid=ballot]").scroll_into_view_if_needed()
    shot(t1, tmp_path, "1-tablet-ballot-tracker")

    # the answer to the third tablet's ballot is lost on the way: its retry sends the very same ballot
    t3, answers = members[2], []

    def lose_first_answer(route):
        if answers:
            route.continue_()
        else:  # the server records the ballot, the tablet never hears back
            answers.append(route.fetch().json())
            route.abort()
    t3.route("**/api/polls/*/ballots", lose_first_answer)
    t3.click("[data-testid=vote-for]")
    t3.click("[data-testid=confirm-vote]")
    expect(t3.locator("[data-testid=ballot-recorded]")).to_be_visible()
    assert t3.locator("[data-testid=tracker]").get_attribute("data-tracker") == answers[0]["tracker"]
    assert t3.evaluate(f"localStorage.getItem('kyhop.ballot.{poll_id}')") is None  # answered: nothing pending

    # the others vote from Python test tablets over HTTP
    poll = Http(base, "adb04").get(f"/api/polls/{poll_id}").json()["poll"]
    for user, choice in (("adb04", "for"), ("adb05", "against")):
        tablets.ok(tablets.cast(Http(base, user), poll, choice))
    expect(display.locator("[data-testid=display-progress]")).to_contain_text("5/6")

    chair.click("[data-testid=close-poll]")
    chair.click("[data-testid=ask-ok]")  # closing a vote asks first
    expect(display.locator("[data-testid=display-counting]")).to_have_text("Ban kiểm phiếu: 0/3 đã xác nhận (cần 2)")
    expect(chair.locator("[data-testid=counting]")).to_contain_text("0/3 đã xác nhận (cần 2)")
    chair.locator("[data-testid=counting]").scroll_into_view_if_needed()
    shot(chair, tmp_path, "7-chair-counting")
    expect(display.locator("[data-testid=result]")).to_have_count(0)
    shot(display, tmp_path, "3-display-counting")
    expect(t1.locator("[data-testid=confirm-count]")).to_be_visible()
    expect(members[2].locator("[data-testid=ballot]")).to_have_count(0)
    shot(t1, tmp_path, "2-member-confirm-count")

    t1.click("[data-testid=confirm-count]")
    expect(display.locator("[data-testid=display-counting]")).to_contain_text("1/3 đã xác nhận")
    expect(t1.locator("[data-testid=count-confirm]")).to_contain_text("Bạn đã xác nhận kết quả kiểm phiếu")
    t2.click("[data-testid=confirm-count]")

    result = display.locator("[data-testid=result]")
    expect(result.locator("[data-testid=result-for]")).to_have_text("4/6")
    expect(result.locator("[data-testid=result-against]")).to_have_text("1/6")
    expect(result.locator("[data-testid=verdict]")).to_have_text("ĐƯỢC THÔNG QUA")
    expect(display.locator("[data-testid=display-counting]")).to_have_count(0)
    shot(display, tmp_path, "4-display-result")
    expect(members[2].locator("[data-testid=confirm-count]")).to_have_count(0)  # two of three were enough

    # each voter finds their own tracker in the result, without the server learning which one it is
    t1.click("[data-testid=check-tracker]")
    expect(t1.locator("[data-testid=tracker-check]")).to_have_text("Phiếu của bạn có trong kết quả ✓")

    # the published board, rechecked from scratch: ceremony, every ballot's proofs, totals, decryptions
    board = Http(base, "adb04").get(f"/api/polls/{poll_id}/board").json()["board"]
    full = Http(base, "adb04").get(f"/api/polls/{poll_id}").json()["poll"]
    assert boards.check(board) == full["result"]["counts"] == [[4, 1, 0]]
    trackers = {b["tracker"] for b in board["ballots"]}
    assert len(trackers) == 5 and {tracker1, tracker2, answers[0]["tracker"]} <= trackers and first2 not in trackers
    assert sorted(trackers) == full["result"]["trackers"]
    # `kyhop verify` rechecks the boards in the database
    env = {**os.environ, "KYHOP_DATABASE_URL": srv.database_url, "KYHOP_INSTANCE_DIR": str(srv.tmp / "instance"),
           "KYHOP_DOCUMENTS_DIR": str(srv.tmp / "documents"), "KYHOP_SECRET_KEY": "test-secret-key-" + "x" * 32}
    done = subprocess.run([sys.executable, "-m", "server.cli", "verify"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "intact" in done.stdout, done.stderr
