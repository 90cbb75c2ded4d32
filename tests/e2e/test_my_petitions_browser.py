"""A delegate's voter petitions on the tablet (issue 17, item 7): the cases heard in their constituency and not the
others', each with its status, agency, deadline and latest answer; a case's origins and steps; the list and every
case still readable after a reload without a network, saying when the copy was kept. The public archive lists a
council's cases by area and field, without login (item 6)."""
from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from server.accounts.models import User
from server.app import create_app
from server.db import transaction
from tests.conftest import make_config
from tests.factories import add_agency
from tests.live.helpers import Http, check_in_and_open
from tests.tcp_proxy import Proxy

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("KYHOP_SCREENSHOTS", "/tmp/shots")) / "my-petitions"
SIZES = [(800, 1280), (1280, 800), (390, 844)]


def petitions_of_two_constituencies(tmp_path, base, a) -> dict[str, dict]:
    """adb01 is of constituency 1; one of its cases is answered by an agency, one waits; one case is of constituency 2."""
    app = create_app(make_config(tmp_path))
    with app.app_context(), transaction() as s:
        s.execute(update(User).where(User.id == a.users["adb01"]).values(constituency="Đơn vị bầu cử số 1"))
    agency = add_agency(app, a, "Sở Giao thông vận tải")
    sec = Http(base, "athuky")

    def meeting(constituency, delegates):
        r = sec.post("/api/voter-meetings", {"held_on": "2026-11-01", "place": f"Nhà văn hóa {constituency}",
                                             "constituency": constituency, "voters": 80, "delegate_ids": delegates})
        assert r.status_code == 201, r.text
        return r.json()["meeting"]["id"]

    def petition(m, text, field, area):
        r = sec.post(f"/api/voter-meetings/{m}/petitions", {"text": text, "field": field, "level": "province", "area": area})
        assert r.status_code == 201, r.text
        return r.json()["case"]

    one, two = meeting("Đơn vị bầu cử số 1", [a.users["adb01"]]), meeting("Đơn vị bầu cử số 2", [])
    cases = {"road": petition(one, "Đề nghị sửa chữa tuyến đường liên xã Đông Tây bị xuống cấp", "transport", "Thôn Đông"),
             "clinic": petition(one, "Đề nghị mở rộng trạm y tế xã, bổ sung bác sĩ", "health", "Thôn Tây"),
             "school": petition(two, "Đề nghị xây thêm phòng học trường mầm non thôn Bắc", "education", "Thôn Bắc")}
    deadline = (date.today() + timedelta(days=30)).isoformat()
    assert sec.post(f"/api/petitions/{cases['road']['id']}/transfer", {"agency_id": agency, "deadline": deadline}).status_code == 200
    assert Http(base, "acoquan").post(f"/api/petitions/{cases['road']['id']}/answer", {
        "status": "resolved", "text": "Đã sửa chữa xong tuyến đường trong tháng 11/2026."}).status_code == 200
    return cases


def test_a_delegate_follows_their_constituencys_petitions_offline(login_page, site, tmp_path):
    base, a, srv = site
    cases = petitions_of_two_constituencies(tmp_path, base, a)
    SHOTS.mkdir(parents=True, exist_ok=True)
    wifi = Proxy(srv.port).start()  # the tablet reaches the server only through its Wi-Fi
    origin = f"http://127.0.0.1:{wifi.port}"
    tablet = login_page("adb01", viewport=(800, 1280), base=origin)
    tablet.click("a[href='#/my-petitions']")
    listed = tablet.locator("[data-testid=my-case]")
    expect(listed).to_have_count(2)
    expect(tablet.locator("[data-testid=my-cases]")).not_to_contain_text(cases["school"]["code"])
    road = tablet.locator(f"[data-testid=my-case][data-code='{cases['road']['code']}']")
    expect(road.locator("[data-testid=case-status]")).to_have_text("Đã giải quyết")
    expect(road.locator("[data-testid=my-case-agency]")).to_contain_text("Sở Giao thông vận tải")
    expect(road.locator("[data-testid=my-case-answer]")).to_contain_text("Đã sửa chữa xong tuyến đường")
    expect(tablet.locator(f"[data-testid=my-case][data-code='{cases['clinic']['code']}']")).to_contain_text("Chưa có trả lời")
    expect(tablet.locator("[data-testid=petitions-kept]")).to_have_text("Đã lưu trên máy để xem khi mất mạng: 2/2 kiến nghị")
    tablet.click("[data-testid=mp-show-answered]")
    expect(listed).to_have_count(1)
    tablet.click("[data-testid=mp-show-all]")
    for w, hgt in SIZES:
        tablet.set_viewport_size({"width": w, "height": hgt})
        tablet.screenshot(path=str(SHOTS / f"list-{w}x{hgt}.png"), full_page=True)

    road.click()
    expect(tablet.locator("[data-testid=case-code]")).to_have_text(cases["road"]["code"])
    expect(tablet.locator("[data-testid=case-origins]")).to_contain_text("Nhà văn hóa Đơn vị bầu cử số 1")
    expect(tablet.locator("[data-testid=case-steps] li")).to_have_count(3)  # received, transferred, answered
    for w, hgt in SIZES:
        tablet.set_viewport_size({"width": w, "height": hgt})
        tablet.screenshot(path=str(SHOTS / f"case-{w}x{hgt}.png"), full_page=True)
    tablet.set_viewport_size({"width": 800, "height": 1280})

    # the Wi-Fi is gone and the tablet reloads: the list and each case, the opened one and the others, from its copy
    wifi.cut()
    tablet.context.set_offline(True)
    tablet.reload()
    expect(tablet.locator("[data-testid=case-code]")).to_have_text(cases["road"]["code"])
    expect(tablet.locator("[data-testid=saved-at]")).to_contain_text("Mất mạng — đang xem bản lưu lúc")
    expect(tablet.locator("[data-testid=case-steps]")).to_contain_text("Đã sửa chữa xong tuyến đường")
    tablet.click("a.kn-back")
    expect(listed).to_have_count(2)
    expect(tablet.locator("[data-testid=saved-at]")).to_be_visible()
    tablet.screenshot(path=str(SHOTS / "list-offline-800x1280.png"), full_page=True)
    tablet.click("[data-testid=mp-enter] summary")
    expect(tablet.locator("[data-testid=mp-enter-offline]")).to_be_visible()
    tablet.locator(f"[data-testid=my-case][data-code='{cases['clinic']['code']}']").click()  # never opened, kept all the same
    expect(tablet.locator("[data-testid=case-code]")).to_have_text(cases["clinic"]["code"])
    wifi.restore()
    tablet.context.set_offline(False)

    # back online, the delegate enters a petition heard at the meeting they attended: the voters get its trace code
    tablet.goto(f"{origin}/#/my-petitions")
    tablet.click("[data-testid=mp-enter] summary")
    tablet.fill("[data-testid=petition-text]", "Đề nghị lắp đèn chiếu sáng đường thôn Đông")
    tablet.fill("[data-testid=petition-area]", "Thôn Đông")
    tablet.select_option("[data-testid=petition-field]", "transport")
    tablet.click("[data-testid=petition-go]")
    code = tablet.locator("[data-testid=new-code-value]")
    expect(code).to_have_text(re.compile(r"^KN-"))
    tablet.screenshot(path=str(SHOTS / "entered-800x1280.png"), full_page=True)
    entered = code.text_content()
    code.click()
    expect(tablet.locator("[data-testid=case-code]")).to_have_text(entered)
    tablet.click("a.kn-back")
    expect(listed).to_have_count(3)
    wifi.cut()


def test_the_public_archive_lists_a_councils_petitions_by_area_and_field(browser, site, tmp_path):
    base, a, _srv = site
    cases = petitions_of_two_constituencies(tmp_path, base, a)
    check_in_and_open(base, a)  # the council is in the public archive once a public session has begun
    sec = Http(base, "athuky")
    assert sec.s.patch(f"{base}/api/sessions/{a.session_id}", json={"public": True},
                       headers={"X-CSRF-Token": sec.csrf}).status_code == 200
    SHOTS.mkdir(parents=True, exist_ok=True)
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = ctx.new_page()
        page.goto(f"{base}/#/public/councils/{a.council_id}")  # nobody logged in
        expect(page.locator("[data-testid=public-petitions-link]")).to_be_visible()
        page.screenshot(path=str(SHOTS / "public-council-1280x800.png"), full_page=True)
        page.click("[data-testid=public-petitions-link]")
        rows = page.locator("[data-testid=public-petition]")
        expect(rows).to_have_count(3)
        expect(page.locator("[data-testid=public-petitions-total]")).to_have_text("3 kiến nghị")
        page.select_option("[data-testid=public-petitions-area]", "Thôn Đông")
        page.click("[data-testid=public-petitions-filter]")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text(cases["road"]["code"])
        expect(rows.first).to_contain_text("Đã giải quyết")
        expect(rows.first).to_contain_text("Sở Giao thông vận tải")
        page.select_option("[data-testid=public-petitions-area]", "")
        page.select_option("[data-testid=public-petitions-field]", "health")
        page.click("[data-testid=public-petitions-filter]")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text(cases["clinic"]["code"])
        assert "field=health" in page.url and "area" not in page.url
        page.select_option("[data-testid=public-petitions-field]", "")
        page.click("[data-testid=public-petitions-filter]")
        expect(rows).to_have_count(3)
        expect(page.locator("[data-testid=public-petitions]")).not_to_contain_text("Đại Biểu")  # no person's name
        for w, hgt in SIZES:
            page.set_viewport_size({"width": w, "height": hgt})
            page.screenshot(path=str(SHOTS / f"public-{w}x{hgt}.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= w
        link = page.locator(f"[data-testid=public-petition-code]:text('{cases['school']['code']}')")
        expect(link).to_have_attribute("href", f"#/public/petition?code={cases['school']['code']}")
    finally:
        ctx.close()
