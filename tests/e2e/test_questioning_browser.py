"""Questioning between sessions (issue 18, Done when): a delegate writes a slip citing a voter petition case before a
standing-committee meeting; the secretary groups it (the official preset from the slip), the group is selected and
put on the meeting's questioning item; at the meeting the chair gives the floor to the delegate, then to the official
preset to answer, who answers live within the timer; the secretary records what the official committed to, by a
deadline; once the deadline has passed the commitment shows as overdue, and the next meeting's questioning lists
it. The official sees the question and the commitment on their own screen, beside their agency's petitions."""
from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from server.accounts.models import User
from server.app import create_app
from server.councils.models import Group, GroupMember
from server.db import transaction
from server.questioning.models import Commitment
from tests.conftest import make_config
from tests.factories import add_agency
from tests.live.helpers import Http

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("KYHOP_SCREENSHOTS", "/tmp/shots")) / "questioning"
SLIP = "Đề nghị Giám đốc Sở cho biết khi nào sửa xong tuyến đường liên xã Đông Tây đã xuống cấp nhiều năm?"
PROMISE = "Hoàn thành sửa chữa tuyến đường liên xã Đông Tây trước mùa mưa"


def standing_committee(tmp_path, a) -> int:
    """The council's standing committee (Thường trực HĐND): the chair and two delegates, adb01 among them."""
    app = create_app(make_config(tmp_path))
    with app.app_context(), transaction() as s:
        g = Group(council_id=a.council_id, kind="standing", name="Thường trực HĐND")
        s.add(g)
        s.flush()
        for u in ("achutich", "adb01", "adb02"):
            s.add(GroupMember(group_id=g.id, user_id=a.users[u], council_id=a.council_id))
        s.execute(update(User).where(User.id == a.users["adb01"]).values(constituency="Đơn vị bầu cử số 1"))
        return g.id


def standing_meeting(sec: Http, group_id: int, title: str, on: date) -> dict:
    """A standing-committee meeting prepared by the office: its questioning item, published."""
    r = sec.post("/api/sessions", {"kind": "standing", "group_id": group_id, "title": title,
                                   "start_date": on.isoformat(), "end_date": on.isoformat()})
    assert r.status_code == 201, r.text
    m = r.json()["session"]
    for title_, kind in (("Khai mạc", "procedural"), ("Chất vấn và trả lời chất vấn", "questioning")):
        assert sec.post(f"/api/sessions/{m['id']}/agenda", {"title": title_, "kind": kind}).status_code == 201
    r = sec.s.patch(f"{sec.base}/api/sessions/{m['id']}", json={"status": "published"}, headers={"X-CSRF-Token": sec.csrf})
    assert r.status_code == 200, r.text
    return m


def road_case(sec: Http, a) -> dict:
    """A voter petition heard in adb01's constituency, sent to the transport department."""
    r = sec.post("/api/voter-meetings", {"held_on": "2026-11-01", "place": "Nhà văn hóa thôn Đông",
                                         "constituency": "Đơn vị bầu cử số 1", "voters": 80, "delegate_ids": [a.users["adb01"]]})
    assert r.status_code == 201, r.text
    r = sec.post(f"/api/voter-meetings/{r.json()['meeting']['id']}/petitions", {
        "text": "Đề nghị sửa chữa tuyến đường liên xã Đông Tây bị xuống cấp", "field": "transport", "level": "province",
        "area": "Thôn Đông"})
    assert r.status_code == 201, r.text
    return r.json()["case"]


def shoot(page, name, sizes=((1280, 800), (390, 844))):
    SHOTS.mkdir(parents=True, exist_ok=True)
    first = page.viewport_size
    for w, hgt in sizes:
        page.set_viewport_size({"width": w, "height": hgt})
        page.screenshot(path=str(SHOTS / f"{name}-{w}x{hgt}.png"), full_page=True)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= w, f"{name} is wider than the screen at {w}px ({wide}px)"
    page.set_viewport_size(first)


def test_a_slip_is_answered_live_and_the_commitment_followed_to_the_next_meeting(login_page, site, tmp_path):
    base, a, _srv = site
    group_id = standing_committee(tmp_path, a)
    add_agency(create_app(make_config(tmp_path)), a, "Sở Giao thông vận tải")
    official_id = a.users["acoquan"]
    sec_http = Http(base, "athuky")
    case = road_case(sec_http, a)
    today = date.today()
    first = standing_meeting(sec_http, group_id, "Phiên họp Thường trực HĐND tháng 12", today)
    second = standing_meeting(sec_http, group_id, "Phiên họp Thường trực HĐND tháng 3", today + timedelta(days=90))

    # ---- before the meeting: the delegate writes a slip to the official, for the meeting, citing the case by code
    delegate = login_page("adb01")
    delegate.click("a[href='#/questions']")
    delegate.select_option("[data-testid=slip-official-pick]", str(official_id))
    expect(delegate.locator("[data-testid=slip-official-pick] option:checked")).to_contain_text("Sở Giao thông vận tải")
    delegate.select_option("[data-testid=slip-meeting]", str(first["id"]))
    delegate.fill("[data-testid=slip-text-input]", SLIP)
    delegate.fill("[data-testid=slip-case-code]", case["code"])
    delegate.click("[data-testid=slip-case-add]")
    expect(delegate.locator("[data-testid=slip-cases-chosen]")).to_contain_text(case["code"])
    delegate.click("[data-testid=slip-send]")
    mine = delegate.locator("[data-testid=my-slips] [data-testid=slip]")
    expect(mine).to_have_count(1)
    expect(mine.locator("[data-testid=slip-status]")).to_have_text("Đã gửi")
    expect(mine.locator("[data-testid=slip-cases]")).to_contain_text(case["code"])
    expect(mine.locator("[data-testid=slip-official]")).to_contain_text("Cán bộ Sở Giao thông vận tải")
    shoot(delegate, "delegate-slips")

    # ---- the secretary groups it (the official preset from the slip), selects the group and puts it on the agenda
    sec = login_page("athuky")
    sec.click("a[href='#/questions']")
    sec.click(f"[data-testid=qv-meeting][data-id='{first['id']}']")
    unplaced = sec.locator("[data-testid=unplaced] [data-testid=slip]")
    expect(unplaced).to_have_count(1)
    expect(unplaced).to_contain_text(case["code"])
    unplaced.locator("[data-testid=slip-pick]").check()
    expect(sec.locator("[data-testid=group-official]")).to_have_value(str(official_id))
    sec.fill("[data-testid=group-title]", "Sửa chữa đường liên xã Đông Tây")
    sec.click("[data-testid=group-make]")
    group = sec.locator("[data-testid=group]")
    expect(group).to_have_count(1)
    expect(sec.locator("[data-testid=unplaced] [data-testid=slip]")).to_have_count(0)
    group.locator("[data-testid=group-select]").check()
    expect(group.locator("[data-testid=group-select]")).to_be_checked()
    expect(sec.locator("[data-testid=apply-go]")).to_be_enabled()
    sec.click("[data-testid=apply-go]")
    expect(group.locator("[data-testid=group-applied]")).to_be_visible()
    expect(group.locator("[data-testid=slip-status]")).to_have_text("Được chọn chất vấn")
    shoot(sec, "organize-before")

    # ---- at the meeting: the members check in on their tablets; the chair opens it and moves to the group's item
    for u in ("achutich", "adb01", "adb02"):
        assert Http(base, u).post(f"/api/sessions/{first['id']}/check-in").status_code == 200
    chair = login_page("achutich", viewport=(1366, 768))
    chair.goto(f"{base}/#/live/{first['id']}")
    chair.click("[data-testid=open-session]")
    expect(chair.locator("[data-testid=live-status]")).to_have_text("Đang họp")
    expect(chair.locator("[data-testid=close-session]")).to_have_text("Bế mạc phiên họp")  # a meeting, not a kỳ họp
    chair.locator("[data-testid=agenda] li", has_text="Sửa chữa đường liên xã Đông Tây").locator("button.goto").click()
    chair.click("[data-testid=tab-floor]")
    queue = chair.locator("[data-testid=queue] li")
    expect(queue).to_have_count(1)
    expect(queue).to_contain_text("Đại Biểu Số 1")
    queue.locator("[data-testid=give-floor]").click()
    expect(chair.locator("[data-testid=speaker-name]")).to_have_text("Đại Biểu Số 1")
    # the official the group's slips are addressed to is preset to answer
    expect(chair.locator("[data-testid=give-who]")).to_have_value(str(official_id))
    chair.screenshot(path=str(SHOTS / "console-answerer-1366x768.png"))
    chair.click("[data-testid=give-answer]")
    expect(chair.locator("[data-testid=speaker-name]")).to_have_text("Cán bộ Sở Giao thông vận tải")
    timer = chair.locator("[data-testid=speech-timer]")
    expect(timer).to_have_attribute("data-state", "ok")  # the answer ends within its three minutes
    chair.click("[data-testid=end-speech]")
    expect(chair.locator("[data-testid=current-speaker]")).to_have_count(0)

    # ---- the secretary records what the official committed to, by a deadline
    sec.reload()
    group = sec.locator("[data-testid=group]")
    expect(group.locator("[data-testid=slip-status]")).to_have_text("Đã trả lời")
    expect(group.locator("[data-testid=slip-answer]")).to_have_attribute("data-mode", "live")
    form = group.locator("[data-testid=commitment-form]")
    form.locator("summary").click()
    expect(form.locator("[data-testid=commitment-official]")).to_have_value(str(official_id))
    form.locator("[data-testid=commitment-text-input]").fill(PROMISE)
    deadline = today + timedelta(days=30)
    form.locator("[data-testid=commitment-deadline-input]").fill(deadline.isoformat())
    form.locator("[data-testid=commitment-go]").click()
    made = sec.locator("[data-testid=meeting-commitments] [data-testid=commitment]")
    expect(made).to_have_count(1)
    expect(made.locator("[data-testid=commitment-status]")).to_have_text("Đang thực hiện")
    shoot(sec, "organize-after")

    # the delegate sees the answer given live at the meeting
    delegate.reload()
    expect(mine.locator("[data-testid=slip-status]")).to_have_text("Đã trả lời")
    expect(mine.locator("[data-testid=slip-answer]")).to_contain_text("Trả lời trực tiếp tại phiên họp")

    # ---- the deadline passes with the work not done. Stands for time passing: the commitment's deadline is moved
    # to yesterday in the database (the product's clock cannot be moved from the browser)
    with create_app(make_config(tmp_path)).app_context(), transaction() as s:
        s.execute(update(Commitment).values(deadline=today - timedelta(days=1)))

    # the tracker shows it overdue, first and in red
    sec.goto(f"{base}/#/questions/commitments")
    row = sec.locator("[data-testid=commitment-row]")
    expect(row).to_have_count(1)
    expect(row).to_have_attribute("data-state", "overdue")
    expect(row.locator("[data-testid=commitment-status]")).to_have_text("Quá hạn")
    sec.select_option("[data-testid=cm-filter-state]", "overdue")
    expect(row).to_have_count(1)
    shoot(sec, "tracker-overdue")

    # the next meeting's questioning lists it, overdue
    sec.goto(f"{base}/#/questions/meeting/{second['id']}")
    earlier = sec.locator("[data-testid=earlier-commitments] [data-testid=commitment]")
    expect(earlier).to_have_count(1)
    expect(earlier.locator("[data-testid=commitment-text]")).to_have_text(PROMISE)
    expect(earlier.locator("[data-testid=commitment-status]")).to_have_text("Quá hạn")
    shoot(sec, "next-meeting")

    # ---- the official: "Chất vấn gửi tôi" beside the agency's petitions; the commitment overdue; a progress report
    official = login_page("acoquan")
    nav = official.locator("header nav a")
    expect(nav).to_have_text(["Kiến nghị cử tri", "Chất vấn gửi tôi"])
    official.click("a[href='#/questions']")
    answered = official.locator("[data-testid=slips-answered] [data-testid=slip]")
    expect(answered).to_contain_text(SLIP)
    promise = official.locator("[data-testid=my-commitments] [data-testid=commitment]")
    expect(promise.locator("[data-testid=commitment-status]")).to_have_text("Quá hạn")
    promise.locator("[data-testid=progress-text]").fill("Đã phê duyệt dự toán, đang chọn nhà thầu.")
    promise.locator("[data-testid=progress-go]").click()
    expect(official.locator("[data-testid=my-commitments] [data-testid=commitment-progress]")).to_contain_text("đang chọn nhà thầu")
    shoot(official, "official")


def test_slips_are_moved_between_groups_withdrawn_and_answered_in_writing(login_page, site, tmp_path):
    base, a, _srv = site
    app = create_app(make_config(tmp_path))
    add_agency(app, a, "Sở Giao thông vận tải")
    add_agency(app, a, "Sở Y tế", username="acoquan2")
    roads, health = a.users["acoquan"], a.users["acoquan2"]

    # a delegate writes three slips for the session and withdraws one before it is selected
    delegate = login_page("adb02", viewport=(800, 1280))
    delegate.click("a[href='#/questions']")
    for to, text in ((roads, "Tiến độ nâng cấp quốc lộ qua xã?"), (health, "Khi nào trạm y tế xã có bác sĩ thường trực?"),
                     (roads, "Câu hỏi gửi nhầm, xin rút lại")):
        delegate.select_option("[data-testid=slip-official-pick]", str(to))
        delegate.select_option("[data-testid=slip-meeting]", str(a.session_id))
        delegate.fill("[data-testid=slip-text-input]", text)
        delegate.click("[data-testid=slip-send]")
        expect(delegate.locator("[data-testid=my-slips] [data-testid=slip]", has_text=text)).to_be_visible()
    wrong = delegate.locator("[data-testid=my-slips] [data-testid=slip]", has_text="gửi nhầm")
    wrong.locator("[data-testid=slip-withdraw]").click()
    delegate.click("[data-testid=ask-ok]")
    expect(wrong.locator("[data-testid=slip-status]")).to_have_text("Đã rút")
    expect(wrong.locator("[data-testid=slip-withdraw]")).to_have_count(0)

    # the secretary makes a group of both remaining slips, then moves the health one into a group of its own
    sec = login_page("athuky")
    sec.goto(f"{base}/#/questions/meeting/{a.session_id}")
    unplaced = sec.locator("[data-testid=unplaced] [data-testid=slip]")
    expect(unplaced).to_have_count(2)  # the withdrawn slip is not among them
    for slip in unplaced.all():
        slip.locator("[data-testid=slip-pick]").check()
    sec.fill("[data-testid=group-title]", "Giao thông và y tế")
    sec.click("[data-testid=group-make]")
    first = sec.locator("[data-testid=group][data-title='Giao thông và y tế']")
    expect(first.locator("[data-testid=slip]")).to_have_count(2)
    first.locator("[data-testid=slip]", has_text="trạm y tế").locator("[data-testid=slip-move]").select_option("none")
    expect(first.locator("[data-testid=slip]")).to_have_count(1)
    sec.locator("[data-testid=unplaced] [data-testid=slip-pick]").check()
    expect(sec.locator("[data-testid=group-official]")).to_have_value(str(health))
    sec.fill("[data-testid=group-title]", "Y tế cơ sở")
    sec.click("[data-testid=group-make]")
    expect(sec.locator("[data-testid=group]")).to_have_count(2)
    expect(sec.locator("[data-testid=group][data-title='Y tế cơ sở'] [data-testid=slip]")).to_contain_text("trạm y tế")

    # the health slip is to be answered in writing by a deadline
    due = (date.today() + timedelta(days=10)).isoformat()
    health_slip = sec.locator("[data-testid=group][data-title='Y tế cơ sở'] [data-testid=slip]")
    health_slip.locator("[data-testid=written-deadline]").fill(due)
    health_slip.locator("[data-testid=ask-written]").click()
    expect(health_slip.locator("[data-testid=slip-deadline]")).to_be_visible()

    # the health department's official answers it from "Chất vấn gửi tôi", on a phone; the other slip is not theirs
    official = login_page("acoquan2", viewport=(390, 844))
    official.click("a[href='#/questions']")
    waiting = official.locator("[data-testid=slips-waiting] [data-testid=slip]")
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text("trạm y tế")
    waiting.locator("[data-testid=written-answer]").fill("Từ tháng 1/2027 trạm y tế xã có bác sĩ thường trực.")
    waiting.locator("[data-testid=written-answer-go]").click()
    answered = official.locator("[data-testid=slips-answered] [data-testid=slip]")
    expect(answered.locator("[data-testid=slip-answer]")).to_have_attribute("data-mode", "written")
    expect(answered.locator("[data-testid=late]")).to_have_count(0)  # answered before the deadline
    shoot(official, "official-written", sizes=((390, 844), (1280, 800)))

    # the delegate reads the written answer
    delegate.reload()
    mine = delegate.locator("[data-testid=my-slips] [data-testid=slip]", has_text="trạm y tế")
    expect(mine.locator("[data-testid=slip-answer]")).to_contain_text("bác sĩ thường trực")
    expect(mine.locator("[data-testid=slip-status]")).to_have_text("Đã trả lời")
    shoot(delegate, "delegate-written", sizes=((800, 1280), (390, 844)))
