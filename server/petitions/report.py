"""The report to the session (báo cáo kết quả giải quyết kiến nghị cử tri): a council's cases — those created
in a period, if one is given — counted from the database by field, agency, level and status (rules.counts;
merged cases are counted in the case they went into), the overdue ones, the cases drawn in sample checks
and what was found; as figures (JSON), an official document (PDF, DOCX) and a workbook (XLSX)."""
from __future__ import annotations

import io
from collections import defaultdict
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select

from server.accounts.models import User
from server.councils.models import Agency, Council, Group
from server.db import db
from server.documents import official
from server.petitions import rules
from server.petitions.models import Finding, PetitionCase, Sample
from server.petitions.spreadsheet import write_sheet
from server.voting.rules import percent

NO_AGENCY = "Chưa chuyển cơ quan"
VERDICT_VI = {"confirmed": "Xác nhận đã giải quyết", "reopened": "Mở lại, yêu cầu giải quyết tiếp", None: "Chưa kiểm tra"}
# the columns of the table by agency: what became of the cases sent to each
AGENCY_COLUMNS = (("resolved", ("resolved",)), ("explained", ("explained",)), ("pending", rules.OPEN_WITH_AGENCY),
                  ("not_resolved", ("not_resolved",)))


# a period's ends: anything outside is a typing error (and year 1 or 9999 would leave the calendar in UTC)
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


def _moment(day: date) -> datetime:
    """The start of a day where the council is, in UTC (how created_at is stored)."""
    return datetime.combine(day, time(0), official.VN).astimezone(timezone.utc)


def figures(council_id: int, start: date | None, end: date | None, today: date) -> dict:
    """The report's figures, read from the database: the council's cases created from `start` to `end`
    (both days included, either open), overdue as of `today`."""
    s = db()
    q = (select(PetitionCase.id, PetitionCase.code, PetitionCase.summary, PetitionCase.field, PetitionCase.level,
                PetitionCase.status, PetitionCase.deadline, PetitionCase.agency_id, Agency.name)
         .outerjoin(Agency, Agency.id == PetitionCase.agency_id).where(PetitionCase.council_id == council_id))
    if start:
        q = q.where(PetitionCase.created_at >= _moment(start))
    if end:
        q = q.where(PetitionCase.created_at < _moment(end + timedelta(days=1)))
    rows = s.execute(q.order_by(PetitionCase.id)).all()
    cases = [{"id": r.id, "field": r.field, "level": r.level, "status": r.status, "deadline": r.deadline,
              "agency": r.name} for r in rows]
    counted = rules.counts(cases, today)
    by_id = {r.id: r for r in rows}

    def lines(key: str, order, labels: dict, every: bool) -> list[dict]:
        found = counted[key]
        return [{"key": k, "label": labels[k], "count": found.get(k, 0)} for k in order if every or found.get(k)]

    agencies = defaultdict(list)
    for c in cases:
        if c["status"] != "merged":
            agencies[c["agency"]].append(c)
    by_agency = []
    for name, theirs in sorted(agencies.items(), key=lambda kv: (kv[0] is None, -len(kv[1]), kv[0] or "")):
        mine = rules.counts(theirs, today)
        by_agency.append({"agency_id": by_id[theirs[0]["id"]].agency_id, "name": name or NO_AGENCY,
                          "total": mine["total"], "overdue": len(mine["overdue"]),
                          **{col: sum(mine["by_status"].get(st, 0) for st in sts) for col, sts in AGENCY_COLUMNS}})
    overdue = [{"id": i, "code": by_id[i].code, "summary": by_id[i].summary, "agency": by_id[i].name,
                "deadline": by_id[i].deadline.isoformat(), "days": (today - by_id[i].deadline).days}
               for i in counted["overdue"]]
    council = s.get(Council, council_id)
    return {"council": {"id": council.id, "name": council.name},
            "from": start.isoformat() if start else None, "to": end.isoformat() if end else None,
            "today": today.isoformat(), "total": counted["total"],
            "by_status": lines("by_status", [st for st in rules.STATUSES if st != "merged"], rules.STATUS_VI, True),
            "by_field": lines("by_field", rules.FIELDS, rules.FIELD_VI, False),
            "by_level": lines("by_level", rules.LEVELS, rules.LEVEL_VI, True),
            "by_agency": by_agency, "overdue": overdue, "samples": _samples(council_id, by_id)}


def _samples(council_id: int, by_id: dict) -> list[dict]:
    """The sample checks that drew any of the reported cases: those cases, each with what was found."""
    s = db()
    out = []
    for sample, group in s.execute(select(Sample, Group.name).join(Group, Group.id == Sample.group_id)
                                   .where(Sample.council_id == council_id).order_by(Sample.at, Sample.id)).all():
        picked = [cid for cid in sample.picked if cid in by_id]
        if not picked:
            continue
        found = {f.case_id: f for f in s.scalars(select(Finding).where(Finding.sample_id == sample.id))}
        out.append({"id": sample.id, "group": group, "round": sample.round, "size": sample.size,
                    "population": len(sample.population), "drawn_on": sample.at.astimezone(official.VN).date().isoformat(),
                    "cases": [{"case_id": cid, "code": by_id[cid].code,
                               "verdict": found[cid].verdict if cid in found else None,
                               "text": found[cid].text if cid in found else ""} for cid in picked]})
    return out


# ---- the document
def _day(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


def period_vi(fig: dict) -> str:
    if fig["from"] and fig["to"]:
        return f"từ ngày {_day(fig['from'])} đến ngày {_day(fig['to'])}"
    if fig["from"]:
        return f"từ ngày {_day(fig['from'])} đến ngày {_day(fig['today'])}"
    return f"đến ngày {_day(fig['to'] or fig['today'])}"


def _share(lines: list[dict], total: int, first: str) -> dict:
    """A table of counts with their share of the total, and the total row."""
    return {"columns": ["STT", first, "Số kiến nghị", "Tỷ lệ (%)"], "widths": [0.08, 0.52, 0.2, 0.2],
            "align": ["center", "left", "right", "right"], "total": True,
            "rows": [[n, ln["label"], ln["count"], percent(ln["count"], total)] for n, ln in enumerate(lines, 1)]
            + [["", "Tổng cộng", total, percent(total, total)]]}


def payload(fig: dict, signer: str) -> dict:
    """The report as an official document (server/documents/official.py) of the council's Standing Committee."""
    total = fig["total"]
    status = {ln["key"]: ln["count"] for ln in fig["by_status"]}
    pending = sum(status[st] for st in rules.OPEN_WITH_AGENCY)
    sent = total - status["received"]
    blocks: list = [
        ("h1", "I. TÌNH HÌNH CHUNG"),
        ("p", f"Kỳ báo cáo {period_vi(fig)}. Tổng hợp từ các cuộc tiếp xúc cử tri, Hội đồng nhân dân đang theo dõi "
              f"{total} kiến nghị của cử tri (các kiến nghị trùng nội dung đã được gộp làm một), trong đó {sent} kiến "
              f"nghị đã được chuyển đến cơ quan có thẩm quyền giải quyết."),
        ("p", f"Kết quả: đã giải quyết {status['resolved']} kiến nghị ({percent(status['resolved'], total)}%); "
              f"đã giải trình, cung cấp thông tin {status['explained']} kiến nghị ({percent(status['explained'], total)}%); "
              f"đang giải quyết {pending} kiến nghị; chưa giải quyết {status['not_resolved']} kiến nghị; "
              f"chưa chuyển cơ quan giải quyết {status['received']} kiến nghị. "
              f"Số kiến nghị quá hạn trả lời: {len(fig['overdue'])}."),
        ("h1", "II. KẾT QUẢ THEO TRẠNG THÁI GIẢI QUYẾT"),
        ("table", _share(fig["by_status"], total, "Trạng thái")),
        ("h1", "III. KIẾN NGHỊ THEO LĨNH VỰC"),
        ("table", _share(fig["by_field"], total, "Lĩnh vực")),
        ("h1", "IV. KIẾN NGHỊ THEO CẤP THẨM QUYỀN GIẢI QUYẾT"),
        ("table", _share(fig["by_level"], total, "Cấp thẩm quyền")),
        ("h1", "V. KẾT QUẢ THEO CƠ QUAN GIẢI QUYẾT"),
        ("table", {"columns": ["Cơ quan", "Tổng số", "Đã giải quyết", "Đã giải trình", "Đang giải quyết",
                               "Chưa giải quyết", "Quá hạn"],
                   "widths": [0.31, 0.11, 0.12, 0.11, 0.12, 0.12, 0.11], "total": True,
                   "align": ["left"] + ["right"] * 6,
                   "rows": [[a["name"], a["total"], a["resolved"], a["explained"], a["pending"], a["not_resolved"],
                             a["overdue"]] for a in fig["by_agency"]]
                   + [["Tổng cộng", total, *(sum(a[k] for a in fig["by_agency"]) for k in
                                              ("resolved", "explained", "pending", "not_resolved", "overdue"))]]}),
        ("h1", "VI. KIẾN NGHỊ QUÁ HẠN TRẢ LỜI"),
    ]
    if fig["overdue"]:
        blocks += [("p", f"Có {len(fig['overdue'])} kiến nghị đã quá hạn mà cơ quan được chuyển chưa trả lời:"),
                   ("table", {"columns": ["STT", "Mã", "Nội dung kiến nghị", "Cơ quan", "Hạn trả lời", "Số ngày quá hạn"],
                              "widths": [0.08, 0.23, 0.26, 0.17, 0.15, 0.11],
                              "align": ["center", "left", "left", "left", "center", "right"],
                              "rows": [[n, o["code"], o["summary"], o["agency"] or "", _day(o["deadline"]), o["days"]]
                                       for n, o in enumerate(fig["overdue"], 1)]})]
    else:
        blocks.append(("p", "Không có kiến nghị quá hạn trả lời."))
    blocks.append(("h1", "VII. KẾT QUẢ GIÁM SÁT XÁC SUẤT"))
    if not fig["samples"]:
        blocks.append(("p", "Trong kỳ báo cáo chưa có đợt giám sát xác suất nào đối với các kiến nghị trên."))
    for n, sm in enumerate(fig["samples"], 1):
        confirmed = sum(c["verdict"] == "confirmed" for c in sm["cases"])
        reopened = sum(c["verdict"] == "reopened" for c in sm["cases"])
        blocks += [("h2", f"{n}. {sm['group']} — đợt {sm['round']}"),
                   ("p", f"Ngày {_day(sm['drawn_on'])} rút ngẫu nhiên {sm['size']} trong số {sm['population']} kiến nghị "
                         f"được báo cáo đã giải quyết để kiểm tra thực tế: xác nhận đã giải quyết {confirmed}, mở lại "
                         f"{reopened}, chưa kiểm tra {len(sm['cases']) - confirmed - reopened}."),
                   ("table", {"columns": ["STT", "Mã", "Kết quả kiểm tra", "Ghi nhận"], "widths": [0.08, 0.24, 0.26, 0.42],
                              "align": ["center", "left", "left", "left"],
                              "rows": [[i, c["code"], VERDICT_VI[c["verdict"]], c["text"]]
                                       for i, c in enumerate(sm["cases"], 1)]})]
    blocks.append(("p", "Trên đây là báo cáo kết quả giải quyết kiến nghị cử tri, trình Hội đồng nhân dân tại kỳ họp "
                        "xem xét."))
    return {**official.heading(fig["council"]["name"], "BC", date.fromisoformat(fig["today"])),
            "title": "BÁO CÁO", "subtitle": f"Kết quả giải quyết kiến nghị cử tri {period_vi(fig)}", "blocks": blocks,
            "signers": [{"role": "TM. THƯỜNG TRỰC HĐND\nCHỦ TỊCH", "name": signer}],
            "recipients": ["- Các vị đại biểu Hội đồng nhân dân;", "- Ủy ban nhân dân;",
                           "- Các cơ quan được chuyển kiến nghị;", "- Lưu: VT."]}


def signer_of(council_id: int) -> str:
    """Who signs for the Standing Committee: the council's chair (the first account of that role)."""
    user = db().scalar(select(User).where(User.council_id == council_id, User.role == "chair").order_by(User.id).limit(1))
    return user.full_name if user else ""


def pdf_bytes(cfg, fig: dict) -> bytes | None:
    return official.pdf_bytes(cfg, payload(fig, signer_of(fig["council"]["id"])),
                              about=f"petitions report of council {fig['council']['id']}")


def docx_bytes(fig: dict) -> bytes:
    return official.docx_bytes(payload(fig, signer_of(fig["council"]["id"])))


def xlsx_bytes(fig: dict) -> bytes:
    """The figures as a workbook, one sheet per table, numbers as numbers (for the office's own sums), text as
    text (a case's summary is never taken for a formula)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    above = f"{fig['council']['name']} — kết quả giải quyết kiến nghị cử tri {period_vi(fig)}"
    total = fig["total"]
    for title, key in (("Trạng thái", "by_status"), ("Lĩnh vực", "by_field"), ("Cấp thẩm quyền", "by_level")):
        write_sheet(wb, title, [title, "Số kiến nghị"],
                    [[ln["label"], ln["count"]] for ln in fig[key]] + [["Tổng cộng", total]], [36, 14], above)
    keys = ("total", "resolved", "explained", "pending", "not_resolved", "overdue")
    write_sheet(wb, "Cơ quan", ["Cơ quan", "Tổng số", "Đã giải quyết", "Đã giải trình", "Đang giải quyết",
                                "Chưa giải quyết", "Quá hạn"],
                [[a["name"], *(a[k] for k in keys)] for a in fig["by_agency"]]
                + [["Tổng cộng", *(sum(a[k] for a in fig["by_agency"]) for k in keys)]], [40, 10, 14, 14, 16, 16, 10],
                above)
    write_sheet(wb, "Quá hạn", ["Mã", "Nội dung kiến nghị", "Cơ quan", "Hạn trả lời", "Số ngày quá hạn"],
                [[o["code"], o["summary"], o["agency"] or "", date.fromisoformat(o["deadline"]), o["days"]]
                 for o in fig["overdue"]], [14, 60, 30, 14, 14], above)
    write_sheet(wb, "Giám sát xác suất", ["Đợt", "Mã", "Kết quả kiểm tra", "Ghi nhận"],
                [[f"{sm['group']} — {sm['round']}", c["code"], VERDICT_VI[c["verdict"]], c["text"]]
                 for sm in fig["samples"] for c in sm["cases"]], [36, 14, 30, 60], above)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
