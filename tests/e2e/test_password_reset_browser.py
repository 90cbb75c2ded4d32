"""A password reset by the office, as the delegate meets it: the one-time password logs in to a single
screen, where they choose their own; then the tablet is theirs again."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.live.helpers import Http

pytestmark = pytest.mark.browser


def test_a_one_time_password_leads_to_choosing_ones_own(browser, site):
    base, a, _srv = site
    sec = Http(base, "athuky")
    r = sec.s.patch(f"{base}/api/members/{a.users['adb03']}", json={"password": "cap-lai-mot-lan"},
                    headers={"X-CSRF-Token": sec.csrf})
    assert r.status_code == 200
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    page = ctx.new_page()
    page.goto(base + "/")
    page.fill("input[name=username]", "adb03")
    page.fill("input[name=password]", "cap-lai-mot-lan")
    page.click("button[type=submit]")
    form = page.locator("[data-testid=password-form]")
    expect(form).to_contain_text("Đặt mật khẩu của bạn")
    page.goto(base + f"/#/sessions/{a.session_id}")  # nothing else opens before
    expect(form).to_be_visible()
    page.fill("input[name=current_password]", "cap-lai-mot-lan")
    page.fill("input[name=new_password]", "mat-khau-cua-toi")
    page.fill("input[name=repeat]", "mat-khau-khac-9")
    page.click("[data-testid=password-form] button[type=submit]")
    expect(page.locator("[role=alert]")).to_contain_text("không giống nhau")
    page.fill("input[name=repeat]", "mat-khau-cua-toi")
    page.click("[data-testid=password-form] button[type=submit]")
    expect(page.locator("[data-testid=whoami]")).to_be_visible()
    assert Http(base, "adb03", "mat-khau-cua-toi").get("/api/auth/me").json()["user"]["must_change_password"] is False
    ctx.close()
