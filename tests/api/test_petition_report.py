"""The report to the session on voters' petitions (issue 17, item 5): its figures equal the cases in the
database — counted here by plain SQL — in JSON, in the workbook and in the PDF; the Word file opens; the PDF
goes onto an agenda item as a document of the session."""
import io
from datetime import date, datetime, timedelta, timezone

from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select, text

from server.db import db, transaction
from server.petitions.models import Finding, PetitionCase, Sample
from server.petitions.rules import FIELD_VI, LEVEL_VI, STATUS_VI
from tests.factories import add_agency
from tests.api.test_petitions import meeting, petition

TODAY = date.today()
SOON = (TODAY + timedelta(days=30)).isoformat()
OPEN = ("transferred", "in_progress", "reopened")


def sql_counts(app, council_id: int, start: datetime | None = None, end: datetime | None = None) -> dict:
    """What the report must say, counted by SQL over the tables."""
    where = "c.council_id = :c AND c.status != 'merged'"
    args = {"c": council_id, "today": TODAY, "start": start, "end": end}
    if start:
        where += " AND c.created_at >= :start AND c.created_at < :end"
    with app.app_context():
        s = db()

        def by(col: str) -> dict:
            return dict(s.execute(text(f"SELECT {col}, count(*) FROM petition_cases c LEFT JOIN agencies a "
                                       f"ON a.id = c.agency_id WHERE {where} GROUP BY {col}"), args).all())
        overdue = s.scalars(text(f"SELECT c.id FROM petition_cases c WHERE {where} AND c.status IN {OPEN} "
                                 "AND c.deadline < :today ORDER BY c.id"), args).all()
        return {"total": s.scalar(text(f"SELECT count(*) FROM petition_cases c WHERE {where}"), args),
                "by_field": by("c.field"), "by_level": by("c.level"), "by_status": by("c.status"),
                "by_agency": {k or "Chưa chuyển cơ quan": v for k, v in by("a.name").items()},
                "resolved_by_agency": dict(s.execute(text(
                    f"SELECT a.name, count(*) FROM petition_cases c JOIN agencies a ON a.id = c.agency_id "
                    f"WHERE {where} AND c.status = 'resolved' GROUP BY a.name"), args).all()),
                "overdue": list(overdue)}


def nonzero(lines: list[dict]) -> dict:
    return {ln["key"]: ln["count"] for ln in lines if ln["count"]}


def world(app, council, other_council, client_for) -> dict:
    """Cases of every kind: three agencies, several fields and levels, received / transferred / answered /
    reopened / merged, some past their deadline, one drawn in a sample check; and another council's cases."""
    roads = add_agency(app, council, "Sở Giao thông vận tải")
    schools = add_agency(app, council, "Sở Giáo dục và Đào tạo", username="acoquan2")
    commune = add_agency(app, council, "UBND xã Đông", level="commune", username="acoquan3")
    sec = client_for("athuky")
    m1, m2 = meeting(sec, council), meeting(sec, council, constituency="Đơn vị bầu cử số 2", delegate_ids=[])
    texts = [("Sửa đường liên xã Đông Tây", "transport", "province"), ("Sửa cầu treo thôn Bắc", "transport", "province"),
             ("Xây thêm phòng học trường tiểu học", "education", "province"), ("Hỗ trợ học phí", "education", "province"),
             ("Cấp giấy chứng nhận quyền sử dụng đất", "land", "commune"), ("Đèn chiếu sáng đường thôn", "transport", "commune"),
             ("Nạo vét kênh mương", "environment", "commune"), ("Trạm y tế thiếu thuốc", "health", "province"),
             ("Sửa đường liên xã Đông Tây bị xuống cấp", "transport", "province"), ("Nâng cấp chợ xã", "economy", "national")]
    ids = [petition(sec, m1 if n % 2 else m2, t, field=f, level=lv)["id"] for n, (t, f, lv) in enumerate(texts)]
    # the last road petition is merged into the first: counted once
    assert sec.post(f"/api/petitions/{ids[0]}/merge", {"cases": [ids[8]]}).status_code == 200
    for i, agency in ((0, roads), (1, roads), (2, schools), (3, schools), (4, commune), (5, commune), (7, schools)):
        assert sec.post(f"/api/petitions/{ids[i]}/transfer", {"agency_id": agency, "deadline": SOON}).status_code == 200
    answers = {"acoquan": [(0, "resolved")], "acoquan2": [(2, "in_progress"), (3, "explained")],
               "acoquan3": [(4, "resolved"), (5, "not_resolved")]}
    for user, given in answers.items():
        for i, status in given:
            r = client_for(user).post(f"/api/petitions/{ids[i]}/answer", {"status": status, "text": "Đã xem xét."})
            assert r.status_code == 200, r.json
    assert sec.post(f"/api/petitions/{ids[5]}/reopen", {"text": "Cử tri phản ánh chưa làm"}).status_code == 200
    with app.app_context(), transaction() as s:
        # time passes: two cases still with their agency are past the deadline; one answered case is too (not overdue)
        for i in (1, 2, 4):
            s.get(PetitionCase, ids[i]).deadline = TODAY - timedelta(days=5 + i)
        s.get(PetitionCase, ids[1]).summary = "=1+1 Sửa cầu treo thôn Bắc"  # a spreadsheet would run it as a formula
        # one case heard long ago (outside the report's period)
        s.get(PetitionCase, ids[9]).created_at = datetime(2020, 3, 1, 5, tzinfo=timezone.utc)
        sample = Sample(council_id=council.council_id, group_id=_committee(s, council.council_id), round="2026-Q4",
                        size=2, population=[ids[0], ids[4]], seed="ab" * 32, picked=[ids[4], ids[0]])
        s.add(sample)
        s.flush()
        s.add(Finding(council_id=council.council_id, sample_id=sample.id, case_id=ids[4], verdict="confirmed",
                      text="Đã cấp giấy chứng nhận cho 12 hộ."))
    # another council's cases are not this council's report
    add_agency(app, other_council, "Sở Giao thông vận tải")
    bsec = client_for("bthuky")
    petition(bsec, meeting(bsec, other_council), "Đường xã bên kia", field="land")
    return {"ids": ids, "roads": roads}


def _committee(s, council_id: int) -> int:
    from server.councils.models import Group
    g = Group(council_id=council_id, kind="committee", name="Ban Kinh tế - Ngân sách")
    s.add(g)
    s.flush()
    return g.id


def test_the_session_reports_figures_equal_the_cases_in_the_database(app, council, other_council, client_for):
    w = world(app, council, other_council, client_for)
    ids = w["ids"]
    chair = client_for("achutich")
    r = chair.get("/api/petitions/report.json")
    assert r.status_code == 200, r.json
    fig = r.json
    want = sql_counts(app, council.council_id)
    assert fig["total"] == want["total"] == 9  # ten heard, one merged into another
    assert nonzero(fig["by_field"]) == want["by_field"]
    assert nonzero(fig["by_level"]) == want["by_level"]
    assert nonzero(fig["by_status"]) == want["by_status"]
    assert {a["name"]: a["total"] for a in fig["by_agency"]} == want["by_agency"]
    assert {a["name"]: a["resolved"] for a in fig["by_agency"] if a["resolved"]} == want["resolved_by_agency"]
    assert [o["id"] for o in fig["overdue"]] == want["overdue"] == [ids[1], ids[2]]
    assert sum(a["overdue"] for a in fig["by_agency"]) == 2
    assert fig["overdue"][0]["days"] == 6 and fig["overdue"][0]["agency"] == "Sở Giao thông vận tải"
    # the sample: both drawn cases, one found resolved on site, one not yet checked
    [sample] = fig["samples"]
    assert [(c["case_id"], c["verdict"]) for c in sample["cases"]] == [(ids[4], "confirmed"), (ids[0], None)]
    assert sample["group"] == "Ban Kinh tế - Ngân sách" and sample["population"] == 2

    # a period: cases heard from 2021 to tomorrow (the old one left out), compared with SQL over the same bounds
    # (midnight in Vietnam, UTC+7, both ends)
    start = datetime(2021, 1, 1, tzinfo=timezone.utc) - timedelta(hours=7)
    end = datetime.combine(TODAY + timedelta(days=2), datetime.min.time(), timezone.utc) - timedelta(hours=7)
    period = chair.get(f"/api/petitions/report.json?from=2021-01-01&to={TODAY + timedelta(days=1)}").json
    want_period = sql_counts(app, council.council_id, start, end)
    assert period["total"] == want_period["total"] == 8
    assert nonzero(period["by_field"]) == want_period["by_field"] and "economy" not in nonzero(period["by_field"])
    assert chair.get("/api/petitions/report.json?from=2026-02-01&to=2026-01-01").status_code == 422

    # the workbook says the same, numbers as numbers
    x = chair.get("/api/petitions/report.xlsx")
    assert x.status_code == 200 and x.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(x.data))
    rows = {name: [row for row in wb[name].iter_rows(min_row=3, values_only=True)] for name in wb.sheetnames}
    assert {k: v for k, v in rows["Lĩnh vực"][:-1]} == {FIELD_VI[k]: v for k, v in want["by_field"].items()}
    assert {k: v for k, v in rows["Cấp thẩm quyền"][:-1] if v} == {LEVEL_VI[k]: v for k, v in want["by_level"].items()}
    assert {k: v for k, v in rows["Trạng thái"][:-1] if v} == {STATUS_VI[k]: v for k, v in want["by_status"].items()}
    assert rows["Lĩnh vực"][-1] == ("Tổng cộng", 9)
    assert {r[0]: r[1] for r in rows["Cơ quan"][:-1]} == want["by_agency"] and rows["Cơ quan"][-1][1:] == (9, 2, 1, 4, 0, 2)
    assert [r[0] for r in rows["Quá hạn"]] == [fig["overdue"][0]["code"], fig["overdue"][1]["code"]]
    summary = wb["Quá hạn"].cell(row=3, column=2)
    assert summary.value == "=1+1 Sửa cầu treo thôn Bắc" and summary.data_type == "s"  # text, never a formula

    # the PDF carries the totals; the Word file opens with the same tables
    pdf = chair.get("/api/petitions/report.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    words = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert "BÁO CÁO" in words and "Kết quả giải quyết kiến nghị cử tri" in words
    assert "đang theo dõi 9 kiến nghị" in words and "quá hạn trả lời: 2" in words
    assert "Tổng cộng 9 2 1 4 0 2" in words and fig["overdue"][1]["code"] in words
    doc = Document(io.BytesIO(chair.get("/api/petitions/report.docx").data))
    assert any(p.text == "BÁO CÁO" for p in doc.paragraphs)
    assert ["Tổng cộng", "9", "2", "1", "4", "0", "2"] in [[c.text for c in row.cells] for t in doc.tables for row in t.rows]

    # only the office and the chair read it
    for user in ("adb01", "acoquan"):
        assert client_for(user).get("/api/petitions/report.json").status_code == 403


def test_the_report_goes_onto_an_agenda_item_as_a_document_of_the_session(app, council, other_council, client_for):
    sec = client_for("athuky")
    petition(sec, meeting(sec, council), "Sửa chữa đường liên thôn", field="transport")
    item = council.item_ids[1]
    r = sec.post("/api/petitions/report/attach", {"session_id": council.session_id, "agenda_item_id": item, "format": "pdf"})
    assert r.status_code == 201, r.json
    doc = r.json["document"]
    assert doc["agenda_item_id"] == item and doc["kind"] == "report" and doc["access"] == "delegates"
    assert doc["title"].startswith("Báo cáo kết quả giải quyết kiến nghị cử tri")
    listed = client_for("adb01").get(f"/api/sessions/{council.session_id}/documents").json["documents"]
    assert [d["id"] for d in listed if d["agenda_item_id"] == item] == [doc["id"]]
    # ingested as any upload: its pages are searchable, its adding is on the session's record
    hits = sec.get(f"/api/sessions/{council.session_id}/search?q=ket qua giai quyet kien nghi").json["hits"]
    assert doc["id"] in {h["document_id"] for h in hits}
    with app.app_context():
        from server.journal.models import SessionEvent
        kinds = db().scalars(select(SessionEvent.kind).where(SessionEvent.session_id == council.session_id)).all()
    assert "documents.added" in kinds
    # another council's session does not exist; an item of another session is refused, nothing added
    assert sec.post("/api/petitions/report/attach", {"session_id": other_council.session_id,
                                                     "agenda_item_id": other_council.item_ids[1]}).status_code == 404
    assert sec.post("/api/petitions/report/attach", {"session_id": council.session_id,
                                                     "agenda_item_id": other_council.item_ids[1]}).status_code == 422
    assert len(sec.get(f"/api/sessions/{council.session_id}/documents").json["documents"]) == 1
    assert client_for("achutich").post("/api/petitions/report/attach", {
        "session_id": council.session_id, "agenda_item_id": item}).status_code == 403
