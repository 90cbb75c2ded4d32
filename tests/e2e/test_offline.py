"""A tablet loses its connection for 30 s while the chair moves the agenda and opens a poll: when the link
returns it shows where the session is and its delegate can still vote, once."""
from __future__ import annotations

import os
import re
import time

from playwright.sync_api import expect

from tests.live.helpers import Http, check_in_and_open
from tests.tcp_proxy import Proxy

OUTAGE_S = float(os.environ.get("KYHOP_OUTAGE_S", "30"))


def test_tablet_offline_for_30s_catches_up_and_votes(login_page, site):
    base, a, srv = site
    chair = check_in_and_open(base, a)
    poll = Http(base, "athuky").post(f"/api/sessions/{a.session_id}/polls", {
        "title": "Thông qua Nghị quyết về kế hoạch đầu tư công", "kind": "open", "duration_s": 600}).json()["poll"]
    wifi = Proxy(srv.port).start()  # the tablet reaches the server only through its Wi-Fi
    tablet = login_page("adb01", viewport=(800, 1280), base=f"http://127.0.0.1:{wifi.port}")
    tablet.goto(f"http://127.0.0.1:{wifi.port}/#/live/{a.session_id}")
    expect(tablet.locator("li[aria-current=true]")).to_contain_text("Khai mạc")
    expect(tablet.locator("[data-testid=conn]")).to_have_text("Đã kết nối")

    wifi.cut()
    cut_at = time.monotonic()
    expect(tablet.locator("[data-testid=conn]")).to_have_text(re.compile("Mất kết nối"), timeout=30_000)
    control = f"/api/sessions/{a.session_id}/control"
    assert chair.post(control, {"action": "goto", "item_id": a.item_ids[2]}).status_code == 200
    assert chair.post(control, {"action": "message", "message": "Đề nghị đại biểu biểu quyết"}).status_code == 200
    assert chair.post(f"/api/polls/{poll['id']}/open", {}).status_code == 200
    time.sleep(max(0.0, OUTAGE_S - (time.monotonic() - cut_at)))
    wifi.restore()

    expect(tablet.locator("[data-testid=conn]")).to_have_text("Đã kết nối", timeout=30_000)
    expect(tablet.locator("li[aria-current=true]")).to_contain_text("Thảo luận")
    expect(tablet.locator("[data-testid=message]")).to_have_text("Đề nghị đại biểu biểu quyết")
    expect(tablet.locator("[data-testid=ballot]")).to_contain_text("kế hoạch đầu tư công")
    tablet.click("[data-testid=vote-for]")
    tablet.click("[data-testid=confirm-vote]")
    expect(tablet.locator("[data-testid=ballot-recorded]")).to_contain_text("Tán thành")
    progress = chair.get(f"/api/polls/{poll['id']}").json()["poll"]
    assert progress["status"] == "open"
    me = Http(base, "adb01").get(f"/api/polls/{poll['id']}").json()["me"]
    assert me["has_voted"] and me["choice"] == "for", me
    wifi.cut()
