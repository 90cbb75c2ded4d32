"""The petitions' tools on screen (issue 17, items 3, 4, 5, 8): the office imports a voter meeting's workbook
— refused whole with its bad row named (row, column, reason), then imported once mended — and exports the
filtered list as .xlsx; an agency sees the cases due soon flagged beside the overdue and its reminders; a
delegate, member of a committee, draws the committee's sample on the tablet, sees the draw recomputed from the
chain, and reopens a case by what was found on site; the office downloads the report as PDF and attaches it to
an agenda item. Nothing is wider than the screen at the console's, the tablet's and a phone's size."""
from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import openpyxl
from playwright.sync_api import expect

from server.app import create_app
from server.petitions import reminders
from tests.conftest import make_config
from tests.e2e.test_petitions_browser import committee, fits, ok
from tests.factories import add_agency
from tests.live.helpers import Http

SHOTS = Path("/tmp/shots/petition-tools")
HEADERS = ["STT", "Nội dung kiến nghị", "Địa bàn cử tri", "Lĩnh vực", "Thẩm quyền"]
ROWS = [[1, "Đề nghị sửa chữa tuyến đường liên xã Đông Tây bị xuống cấp", "Thôn Đông", "Giao thông", "Cấp xã"],
        [2, "Đề nghị nạo vét kênh mương nội đồng thôn Bắc trước mùa mưa", "Thôn Bắc", "Thủy lợi", "Cấp xã"],
        [3, "Đề nghị bố trí thêm giáo viên cho điểm trường thôn Tây", "Thôn Tây", "Giáo dục", "Cấp xã"]]
FINDING = "Kiểm tra thực tế ngày 20/11: đường mới vá tạm, vẫn còn ổ gà lớn"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.screenshot(path=str(SHOTS / f"{name}-{size['width']}x{size['height']}.png"), full_page=True)


def workbook(rows: list[list]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH KIẾN NGHỊ CỬ TRI"])  # a title above the headers, as offices write them
    for row in [HEADERS, *rows]:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def choose_workbook(page, data: bytes) -> None:
    page.get_by_test_id("meeting").get_by_test_id("import-file").set_input_files(files=[{
        "name": "kien-nghi.xlsx", "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "buffer": data}])


def test_import_export_samples_reminders_and_report(browser, site, login_page, tmp_path):
    base, a, _srv = site
    app = create_app(make_config(tmp_path))
    agency = add_agency(app, a, "Phòng Kinh tế UBND xã", level="commune")
    group = committee(app, a, "adb01")
    sec = Http(base, "athuky")
    assert sec.post("/api/voter-meetings", {"held_on": "2026-11-02", "place": "Nhà văn hóa thôn Đông",
                                            "constituency": "Đơn vị bầu cử số 1"}).status_code == 201

    # ---- the office imports a workbook with a bad row: refused whole, the row and column named
    office = login_page("athuky", viewport=(1366, 768))
    office.goto(f"{base}/#/petitions/meetings")
    choose_workbook(office, workbook(ROWS))
    errors = office.get_by_test_id("import-errors").get_by_test_id("import-error")
    expect(errors).to_have_count(1)
    expect(errors).to_have_attribute("data-row", "4")  # the title, the headers, then rows 3 to 5
    expect(errors).to_contain_text("Lĩnh vực")
    expect(errors).to_contain_text("«Thủy lợi» không hợp lệ")
    expect(office.get_by_test_id("import-refused")).to_contain_text("Không nhập dòng nào")
    expect(office.get_by_test_id("meeting")).to_contain_text("0 kiến nghị")
    assert sec.get("/api/petitions").json()["total"] == 0
    shot(office, "office-import-refused")
    fits(office)

    # mended, the same file imported again: every row entered
    ROWS[1][3] = "Môi trường"
    choose_workbook(office, workbook(ROWS))
    expect(office.get_by_test_id("import-done")).to_contain_text("Đã nhập 3 kiến nghị")
    expect(office.get_by_test_id("import-refused")).to_have_count(0)
    expect(office.get_by_test_id("meeting")).to_contain_text("3 kiến nghị")
    shot(office, "office-import-done")

    # ---- the list filtered, exported as it is filtered
    office.get_by_test_id("kn-tab-cases").click()
    office.locator("select[name=field]").select_option("transport")
    expect(office.get_by_test_id("case-row")).to_have_count(1)
    with office.expect_download() as got:
        office.get_by_test_id("export-xlsx").click()
    assert got.value.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(got.value.path().read_bytes()), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == [ROWS[0][1]]  # the headers, then the one transport case
    assert "field=transport" in office.get_by_test_id("export-csv").get_attribute("href")
    shot(office, "office-list")

    # ---- sent to the agency: one answered resolved, one due in two days (reminded), one due in a month
    cases = {c["area"]: c for c in sec.get("/api/petitions").json()["cases"]}
    soon = (date.today() + timedelta(days=2)).isoformat()
    later = (date.today() + timedelta(days=30)).isoformat()
    for area, deadline in (("Thôn Đông", later), ("Thôn Bắc", soon), ("Thôn Tây", later)):
        r = sec.post(f"/api/petitions/{cases[area]['id']}/transfer", {"agency_id": agency, "deadline": deadline})
        assert r.status_code == 200, r.text
    answer = Http(base, "acoquan").post(f"/api/petitions/{cases['Thôn Đông']['id']}/answer",
                                        {"status": "resolved", "text": "Đã vá ổ gà đoạn qua thôn Đông."})
    assert answer.status_code == 200, answer.text
    with app.app_context():
        assert reminders.record_due(date.today()) == 1

    # ---- the agency: the case due soon flagged, and its reminder; on the tablet and on a phone
    for size in ((1280, 800), (390, 844)):
        page = login_page("acoquan", viewport=size)
        row = page.get_by_test_id("waiting").locator(f"[data-code='{cases['Thôn Bắc']['code']}']")
        expect(row.get_by_test_id("due-soon")).to_have_text("Sắp đến hạn")
        expect(page.get_by_test_id("waiting").get_by_test_id("due-soon")).to_have_count(1)
        reminder = page.get_by_test_id("reminders").get_by_test_id("reminder")
        expect(reminder).to_have_count(1)
        expect(reminder).to_have_attribute("data-code", cases["Thôn Bắc"]["code"])
        shot(page, "agency-due-soon")
        fits(page)

    # ---- a committee member on the tablet draws the committee's sample and reopens the resolved case
    member = login_page("adb01", viewport=(1280, 800))
    member.get_by_role("link", name="Kiến nghị cử tri").click()
    member.get_by_test_id("mp-samples").click()
    draw = member.get_by_test_id("sample-draw")
    expect(draw.get_by_test_id("sample-group")).to_have_value(str(group))
    draw.get_by_test_id("sample-round").fill("Quý IV/2026")
    draw.get_by_test_id("sample-size").fill("2")
    draw.get_by_test_id("sample-draw-go").click()
    ok(member)
    sample = member.get_by_test_id("sample").filter(has_text="Quý IV/2026")
    expect(sample.get_by_test_id("sample-check")).to_contain_text("Kiểm tra lại từ chuỗi: khớp")
    drawn = sample.get_by_test_id("sample-case")
    expect(drawn).to_have_count(1)  # one case was reported resolved
    expect(drawn).to_have_attribute("data-code", cases["Thôn Đông"]["code"])
    shot(member, "member-sample-drawn")
    fits(member)
    drawn.get_by_test_id("finding-reopened").click()
    ok(member, FINDING)
    expect(drawn.get_by_test_id("sample-finding")).to_contain_text("Mở lại")
    expect(drawn.get_by_test_id("sample-finding")).to_contain_text(FINDING)
    expect(drawn.get_by_test_id("case-status")).to_have_text("Mở lại")
    expect(sample.get_by_test_id("sample-progress")).to_have_text("Đã giám sát 1/1")
    expect(sample.get_by_test_id("sample-check")).to_contain_text("khớp")
    assert sec.get(f"/api/petitions/{cases['Thôn Đông']['id']}").json()["case"]["status"] == "reopened"
    shot(member, "member-sample-reopened")
    fits(member)
    # the round is drawn once: the same round again is refused with the reason
    draw.locator("summary").click()  # folded now that the list has a round
    draw.get_by_test_id("sample-round").fill("quý iv/2026")
    draw.get_by_test_id("sample-draw-go").click()
    ok(member)
    expect(member.locator(".flash.error")).to_contain_text("mỗi đợt chỉ chọn một lần")
    expect(member.get_by_test_id("sample")).to_have_count(1)

    # the same screen on the member's phone
    phone = login_page("adb01", viewport=(390, 844))
    phone.goto(f"{base}/#/petitions/samples")
    expect(phone.get_by_test_id("sample-finding")).to_contain_text(FINDING)
    expect(phone.get_by_test_id("sample-check")).to_contain_text("khớp")
    shot(phone, "member-sample")
    fits(phone)

    # ---- the report: its PDF downloaded for the period, and attached to the session's report item
    office.get_by_test_id("kn-tab-report").click()
    office.get_by_test_id("report-from").fill("2026-01-01")
    office.get_by_test_id("report-from").dispatch_event("change")
    expect(office.get_by_test_id("report-figures")).to_contain_text("Tổng số: 3 kiến nghị")
    assert "from=2026-01-01" in office.get_by_test_id("report-pdf").get_attribute("href")
    with office.expect_download() as got:
        office.get_by_test_id("report-pdf").click()
    assert got.value.path().read_bytes().startswith(b"%PDF-")
    assert got.value.suggested_filename.endswith(".pdf")
    expect(office.get_by_test_id("report-item")).to_have_value(str(a.item_ids[1]))  # the session's report item
    office.get_by_test_id("report-attach-go").click()
    expect(office.get_by_test_id("report-attached")).to_contain_text("Báo cáo kinh tế – xã hội")
    docs = sec.get(f"/api/sessions/{a.session_id}/documents").json()["documents"]
    assert [d["agenda_item_id"] for d in docs if d["title"].startswith("Báo cáo kết quả giải quyết kiến nghị")] == [a.item_ids[1]]
    shot(office, "office-report")
    fits(office)
