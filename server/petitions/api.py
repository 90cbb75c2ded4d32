"""Routes of voter petitions: parse, authorize (the permission table, then the case's scope), call cases.py."""
from __future__ import annotations

import hashlib
import hmac
import io
from datetime import date

from flask import Blueprint, Response, current_app, jsonify, request
from flask_login import current_user
from sqlalchemy import func, select

from server.accounts.authz import require, scoped_get
from server.accounts.models import User
from server.accounts.passwords import hash_password
from server.accounts.rules import can
from server.councils.models import Agency, Group
from server.db import db, transaction
from server.documents import official, storage
from server.documents.rules import ACCESS, looks_like_pdf
from server.documents.service import document_json, upload as upload_document
from server.documents.shapes import DOCUMENT
from server.errors import ApiError, conflict, invalid, not_found
from server.journal import record_council
from server.petitions import cases, reminders, report, rules, sampling, spreadsheet
from server.petitions.models import CaseStep, Finding, Petition, PetitionCase, Sample, VoterMeeting
from server.petitions.shapes import (AGENCY, CASE, CASE_DETAIL, MEETING, PUBLIC_CASE, REMINDER, REPORT, SAMPLE,
                                     SAMPLE_DETAIL, UPLOADED)
from server.sessions.web import pdf_body, serve_file, visible_session
from server.shapes import INT, STR, arr, null, obj
from server.validation import Field, accepts, body, clean_text, query, returns

bp = Blueprint("petitions", __name__, url_prefix="/api")
public_bp = Blueprint("petitions_public", __name__, url_prefix="/api/public")


def today() -> date:
    return date.today()


# ---- rendering
def agency_json(a: Agency) -> dict:
    return {"id": a.id, "name": a.name, "level": a.level, "email": a.email, "active": a.active}


def _names(model, ids) -> dict[int, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    col = model.full_name if model is User else model.name
    return dict(db().execute(select(model.id, col).where(model.id.in_(ids))).all())


def cases_json(rows: list[PetitionCase]) -> list[dict]:
    s = db()
    agencies = _names(Agency, [c.agency_id for c in rows])
    into = {c.merged_into_id for c in rows if c.merged_into_id}  # only a list of merged cases has any
    merged = dict(s.execute(select(PetitionCase.id, PetitionCase.code).where(
        PetitionCase.id.in_(into))).all()) if into else {}
    counts = dict(s.execute(select(Petition.case_id, func.count()).where(
        Petition.case_id.in_([c.id for c in rows])).group_by(Petition.case_id)).all())
    answers = {case_id: (text, at) for case_id, text, at in s.execute(  # the latest answer of each (ids ascending)
        select(CaseStep.case_id, CaseStep.text, CaseStep.at).where(
            CaseStep.case_id.in_([c.id for c in rows]), CaseStep.kind == "answered").order_by(CaseStep.id))}
    t = today()
    return [{"id": c.id, "code": c.code, "summary": c.summary, "field": c.field, "level": c.level, "area": c.area,
             "committee_id": c.committee_id, "status": c.status, "agency_id": c.agency_id,
             "agency": agencies.get(c.agency_id), "deadline": c.deadline.isoformat() if c.deadline else None,
             "overdue": rules.overdue(c.status, c.deadline, t), "due_soon": rules.due_for_reminder(c.status, c.deadline, t),
             "merged_into": merged.get(c.merged_into_id),
             "resolved_on": c.resolved_on.isoformat() if c.resolved_on else None, "petitions": counts.get(c.id, 0),
             "answer": answers[c.id][0] if c.id in answers else None,
             "answered_at": answers[c.id][1].isoformat() if c.id in answers else None,
             "updated_at": c.updated_at.isoformat()} for c in rows]


def steps_json(steps: list[CaseStep], with_names: bool = True) -> list[dict]:
    agencies = _names(Agency, [st.agency_id for st in steps])
    people = _names(User, [st.actor_id for st in steps]) if with_names else {}
    return [{"id": st.id, "kind": st.kind, "status": st.status, "agency": agencies.get(st.agency_id),
             "deadline": st.deadline.isoformat() if st.deadline else None, "text": st.text, "files": st.files or [],
             "by": people.get(st.actor_id), "at": st.at.isoformat()} for st in steps]


def detail_json(case: PetitionCase) -> dict:
    s = db()
    origins = s.execute(select(Petition, VoterMeeting).join(VoterMeeting, VoterMeeting.id == Petition.meeting_id)
                        .where(Petition.case_id == case.id).order_by(Petition.id)).all()
    steps = s.scalars(select(CaseStep).where(CaseStep.case_id == case.id).order_by(CaseStep.id)).all()
    merged = s.scalars(select(PetitionCase.code).where(PetitionCase.merged_into_id == case.id).order_by(PetitionCase.id))
    return {**cases_json([case])[0],
            "origins": [{"id": p.id, "text": p.text, "area": p.area,
                         "meeting": {"id": m.id, "held_on": m.held_on.isoformat(), "place": m.place,
                                     "constituency": m.constituency}} for p, m in origins],
            "steps": steps_json(list(steps)), "merged_codes": list(merged)}


def meetings_json(rows: list[VoterMeeting]) -> list[dict]:
    counts = dict(db().execute(select(Petition.meeting_id, func.count()).where(
        Petition.meeting_id.in_([m.id for m in rows])).group_by(Petition.meeting_id)).all())
    return [{"id": m.id, "held_on": m.held_on.isoformat(), "place": m.place, "constituency": m.constituency,
             "group_id": m.group_id, "voters": m.voters, "delegate_ids": m.delegate_ids or [],
             "record_filename": m.record_filename, "petitions": counts.get(m.id, 0)} for m in rows]


# ---- agencies and their accounts
AGENCY_FIELDS = {
    "name": Field("text", required=True, label_vi="Tên cơ quan", label_en="Agency name"),
    "level": Field("enum", required=True, choices=rules.LEVELS, label_vi="Cấp", label_en="Level"),
    "email": Field("text", max_len=200, label_vi="Thư điện tử", label_en="E-mail"),
}


def _check_email(data: dict) -> dict:
    email = data.get("email")
    if email and ("@" not in email or " " in email or len(email.split("@")[-1]) < 3):
        raise invalid("email", "Địa chỉ thư điện tử không hợp lệ.", "Invalid e-mail address.")
    return data


@bp.get("/agencies")
@require("petitions.follow")
@returns(obj({"agencies": arr(AGENCY)}))
def list_agencies():
    rows = db().scalars(select(Agency).where(Agency.council_id == current_user.council_id).order_by(Agency.level, Agency.name))
    return jsonify({"agencies": [agency_json(a) for a in rows]})


@bp.post("/agencies")
@require("petitions.manage")
@accepts(AGENCY_FIELDS, status=201)
@returns(obj({"agency": AGENCY}))
def create_agency():
    return jsonify({"agency": agency_json(cases.add_agency(current_user, _check_email(body())))}), 201


@bp.patch("/agencies/<int:agency_id>")
@require("petitions.manage")
@accepts({**AGENCY_FIELDS, "active": Field("bool", label_vi="Còn hoạt động", label_en="Active")}, partial=True)
@returns(obj({"agency": AGENCY}))
def update_agency(agency_id: int):
    return jsonify({"agency": agency_json(cases.update_agency(current_user, agency_id, _check_email(body())))})


@bp.post("/agencies/<int:agency_id>/accounts")
@require("petitions.manage")
@accepts({"username": Field("text", required=True, max_len=64, label_vi="Tên đăng nhập", label_en="Username"),
          "full_name": Field("text", required=True, label_vi="Họ và tên", label_en="Full name"),
          "title": Field("text", label_vi="Chức vụ", label_en="Title")}, status=201)
@returns(obj({"id": INT, "username": STR, "initial_password": STR}))
def create_agency_account(agency_id: int):
    """An account of the agency (role agency): it sees and answers the cases sent to its agency only. Its
    password is good for one login; its owner then chooses their own."""
    import secrets

    from server.councils.rules import USERNAME_RE
    data = body()
    username = data["username"].lower()
    if not USERNAME_RE.match(username):
        raise invalid("username", "Tên đăng nhập phải dài 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch.",
                      "Username must be 3–64 characters: lowercase letters, digits, dot, dash, underscore.")
    scoped_get(Agency, agency_id, "Không tìm thấy cơ quan.", "Agency not found.")
    password = secrets.token_urlsafe(9)
    with transaction() as s:
        cases.agency_in(s, current_user.council_id, agency_id)
        if s.scalar(select(User.id).where(User.username == username)):
            raise conflict("username_taken", f"Tên đăng nhập «{username}» đã tồn tại.",
                           f"Username «{username}» already exists.", field="username")
        user = User(council_id=current_user.council_id, username=username, full_name=data["full_name"], role="agency",
                    title=data.get("title") or "", agency_id=agency_id, password_hash=hash_password(password),
                    must_change_password=True)
        s.add(user)
        s.flush()
        record_council(s, current_user.council_id, current_user.id, "agency.account_added",
                       {"user_id": user.id, "agency_id": agency_id})
        uid = user.id
    return jsonify({"id": uid, "username": username, "initial_password": password}), 201


# ---- voter meetings
MEETING_FIELDS = {
    "held_on": Field("date", required=True, label_vi="Ngày tiếp xúc", label_en="Date"),
    "place": Field("text", required=True, max_len=300, label_vi="Địa điểm", label_en="Place"),
    "constituency": Field("text", required=True, label_vi="Đơn vị bầu cử", label_en="Constituency"),
    "group_id": Field("id", label_vi="Tổ đại biểu", label_en="Delegate group"),
    "voters": Field("int", min=0, max=1_000_000, label_vi="Số cử tri", label_en="Voters"),
    "delegate_ids": Field("ids", label_vi="Đại biểu dự", label_en="Delegates present"),
}


@bp.get("/voter-meetings")
@require("petitions.enter")
@returns(obj({"meetings": arr(MEETING)}))
def list_meetings():
    """The office: every meeting; a delegate: those of their constituency and those they attended."""
    q = select(VoterMeeting).where(VoterMeeting.council_id == current_user.council_id)
    rows = db().scalars(q.order_by(VoterMeeting.held_on.desc(), VoterMeeting.id.desc())).all()
    if not can(current_user.role, "petitions.read"):
        rows = [m for m in rows if m.constituency == current_user.constituency or current_user.id in (m.delegate_ids or [])]
    return jsonify({"meetings": meetings_json(list(rows))})


@bp.post("/voter-meetings")
@require("petitions.manage")
@accepts(MEETING_FIELDS, status=201)
@returns(obj({"meeting": MEETING}))
def create_meeting():
    if body()["held_on"] > today():
        raise invalid("held_on", "Cuộc tiếp xúc chưa diễn ra.", "The meeting has not taken place yet.")
    return jsonify({"meeting": meetings_json([cases.add_meeting(current_user, body())])[0]}), 201


def _store_pdf(filename: str) -> dict:
    """A PDF sent as the body, in the documents store: its name, SHA-256 and size. Nothing stays of a refused one."""
    cfg = current_app.config["KYHOP"]
    tmp, sha, size, head = storage.receive(cfg, pdf_body(filename), filename, cfg.max_upload_bytes)
    if not looks_like_pdf(head):
        tmp.unlink(missing_ok=True)
        raise ApiError(415, "not_pdf", f"«{filename}» không phải tệp PDF.", f"«{filename}» is not a PDF file.")
    storage.place(cfg, tmp, sha)
    return {"filename": _base_name(filename), "sha256": sha, "size": size}


def _base_name(filename: str) -> str:
    """A file's name without any folders a sender put before it ("../../x.pdf", "C:\\Users\\x.pdf")."""
    return filename.replace("\\", "/").rsplit("/", 1)[-1].strip() or "tep.pdf"


FILENAME = {"filename": Field("text", required=True, max_len=255, label_vi="Tên tệp", label_en="File name")}


@bp.put("/voter-meetings/<int:meeting_id>/record")
@require("petitions.manage")
@accepts(query=FILENAME, raw="application/pdf")
@returns(obj({"meeting": MEETING}))
def put_meeting_record(meeting_id: int):
    """The meeting's biên bản (PDF)."""
    cases.meeting_for(current_user, meeting_id)
    f = _store_pdf(query()["filename"])
    return jsonify({"meeting": meetings_json([cases.attach_record(current_user, meeting_id, f["filename"], f["sha256"])])[0]})


@bp.get("/voter-meetings/<int:meeting_id>/record")
@require("petitions.enter")
@accepts(produces="application/pdf")
def get_meeting_record(meeting_id: int):
    m = cases.meeting_for(current_user, meeting_id)
    if not m.record_sha256:
        raise not_found("Chưa có biên bản", "No record attached yet")
    path = storage.object_path(current_app.config["KYHOP"], m.record_sha256)
    return serve_file(path, m.record_sha256, m.created_at, m.record_filename)


PETITION_FIELDS = {
    "text": Field("text", required=True, max_len=5000, multiline=True, label_vi="Nội dung kiến nghị", label_en="Petition"),
    "area": Field("text", label_vi="Địa bàn cử tri", label_en="Voters' area"),
    "field": Field("enum", required=True, choices=rules.FIELDS, label_vi="Lĩnh vực", label_en="Field"),
    "level": Field("enum", required=True, choices=rules.LEVELS, label_vi="Thẩm quyền", label_en="Competent level"),
}


@bp.post("/voter-meetings/<int:meeting_id>/petitions")
@require("petitions.enter")
@accepts(PETITION_FIELDS, status=201)
@returns(obj({"case": CASE}))
def add_petition(meeting_id: int):
    """A petition heard at the meeting: its case and trace code (given to the voters)."""
    return jsonify({"case": cases_json([cases.add_petition(current_user, meeting_id, body())])[0]}), 201


# ---- cases
LIST_QUERY = {
    "q": Field("text", max_len=200, label_vi="Từ khóa", label_en="Search term"),
    "field": Field("enum", choices=rules.FIELDS, label_vi="Lĩnh vực", label_en="Field"),
    "level": Field("enum", choices=rules.LEVELS, label_vi="Thẩm quyền", label_en="Level"),
    "status": Field("enum", choices=rules.STATUSES, label_vi="Trạng thái", label_en="Status"),
    "agency_id": Field("id", label_vi="Cơ quan", label_en="Agency"),
    "committee_id": Field("id", label_vi="Ban", label_en="Committee"),
    "area": Field("text", label_vi="Địa bàn", label_en="Area"),
    "overdue": Field("enum", choices=("1",), label_vi="Quá hạn", label_en="Overdue"),
    "mine": Field("enum", choices=("1",), label_vi="Đơn vị bầu cử của tôi", label_en="My constituency"),
    "page": Field("int", min=1, max=100_000, label_vi="Trang", label_en="Page"),
}


@bp.get("/petitions")
@require("petitions.follow")
@accepts(query=LIST_QUERY)
@returns(obj({"cases": arr(CASE), "total": INT, "page_size": INT}))
def list_cases():
    """The cases the caller follows (the office all, a delegate their constituency's, an agency its own)."""
    rows, total = cases.listing(current_user, query(), today())
    return jsonify({"cases": cases_json(rows), "total": total, "page_size": cases.PAGE})


@bp.get("/petitions/<int:case_id>")
@require("petitions.follow")
@returns(obj({"case": CASE_DETAIL}))
def get_case(case_id: int):
    return jsonify({"case": detail_json(cases.case_for(current_user, case_id))})


@bp.get("/petitions/<int:case_id>/similar")
@require("petitions.manage")
@returns(obj({"similar": arr(obj({"case": CASE, "score": {"type": "number"}}))}))
def similar(case_id: int):
    found = cases.similar_to(current_user, case_id)
    rendered = cases_json([c for c, _ in found])
    return jsonify({"similar": [{"case": r, "score": score} for r, (_, score) in zip(rendered, found)]})


@bp.patch("/petitions/<int:case_id>")
@require("petitions.manage")
@accepts({"summary": Field("text", max_len=5000, multiline=True, label_vi="Tóm tắt", label_en="Summary"),
          "field": PETITION_FIELDS["field"], "level": PETITION_FIELDS["level"], "area": PETITION_FIELDS["area"],
          "committee_id": Field("id", label_vi="Ban", label_en="Committee")}, partial=True)
@returns(obj({"case": CASE}))
def classify(case_id: int):
    changes = {k: v for k, v in body().items() if v is not None or k == "committee_id"}
    if "summary" in changes and not changes["summary"]:
        raise invalid("summary", "Tóm tắt không được để trống.", "The summary must not be empty.")
    return jsonify({"case": cases_json([cases.classify(current_user, case_id, changes)])[0]})


@bp.post("/petitions/<int:case_id>/merge")
@require("petitions.manage")
@accepts({"cases": Field("ids", required=True, label_vi="Kiến nghị gộp vào", label_en="Cases to merge")})
@returns(obj({"case": CASE_DETAIL}))
def merge(case_id: int):
    return jsonify({"case": detail_json(cases.merge(current_user, case_id, body()["cases"]))})


@bp.post("/petitions/<int:case_id>/transfer")
@require("petitions.manage")
@accepts({"agency_id": Field("id", required=True, label_vi="Cơ quan", label_en="Agency"),
          "deadline": Field("date", required=True, label_vi="Hạn trả lời", label_en="Deadline"),
          "text": Field("text", max_len=2000, multiline=True, label_vi="Ghi chú", label_en="Note")})
@returns(obj({"case": CASE}))
def transfer(case_id: int):
    d = body()
    return jsonify({"case": cases_json([cases.transfer(current_user, case_id, d["agency_id"], d["deadline"],
                                                       d.get("text") or "", today())])[0]})


@bp.post("/petitions/files")
@require("petitions.answer")
@accepts(query=FILENAME, raw="application/pdf", status=201)
@returns(obj({"file": UPLOADED}))
def upload_answer_file():
    """A PDF to attach to an answer: stored, then named in the answer's `files` as this call gives it (its
    `token` says the caller uploaded it)."""
    f = _store_pdf(query()["filename"])
    return jsonify({"file": {**f, "token": _file_token(f["sha256"])}}), 201


def _file_token(sha: str) -> str:
    """Proof that the caller uploaded the file: the store is shared by every council and addressed by content,
    so naming a SHA-256 (another council's confidential document, another agency's upload) attaches nothing."""
    key = current_app.config["KYHOP"].secret_key.encode()
    return hmac.new(key, f"petition-file:{current_user.id}:{sha}".encode(), hashlib.sha256).hexdigest()


@bp.post("/petitions/<int:case_id>/answer")
@require("petitions.answer")
@accepts({"status": Field("enum", required=True, choices=rules.ANSWER_STATUSES, label_vi="Kết quả", label_en="Outcome"),
          "text": Field("text", required=True, max_len=20000, multiline=True, label_vi="Nội dung trả lời", label_en="Answer"),
          "files": Field("any", label_vi="Tệp đính kèm", label_en="Attachments")})
@returns(obj({"case": CASE}))
def answer(case_id: int):
    """The agency's answer, with the PDFs uploaded first (POST /api/petitions/files) named as that call gave them."""
    d = body()
    return jsonify({"case": cases_json([cases.answer(current_user, case_id, d["status"], d["text"],
                                                     _uploaded(d.get("files") or []))])[0]})


def _uploaded(files) -> list[dict]:
    cfg = current_app.config["KYHOP"]
    bad = invalid("files", "Tệp đính kèm phải là tệp bạn đã tải lên (tối đa 10).",
                  "Attachments must be files you uploaded (10 at most).")
    if not isinstance(files, list) or len(files) > 10:
        raise bad
    out = []
    for f in files:
        sha = f.get("sha256") if isinstance(f, dict) else None
        name = f.get("filename") if isinstance(f, dict) else None
        token = f.get("token") if isinstance(f, dict) else None
        if not (isinstance(sha, str) and len(sha) == 64 and all(ch in "0123456789abcdef" for ch in sha)
                and isinstance(name, str) and 0 < len(name) <= 255 and isinstance(token, str)
                and hmac.compare_digest(token.encode(), _file_token(sha).encode())):
            raise bad
        path = storage.object_path(cfg, sha)
        if not path.exists():
            raise bad
        try:
            name = clean_text(name)
        except ValueError:
            raise bad
        out.append({"filename": _base_name(name), "sha256": sha, "size": path.stat().st_size})
    return out


@bp.get("/petitions/<int:case_id>/files/<string:sha>")
@require("petitions.follow")
@accepts(produces="application/pdf")
def case_file(case_id: int, sha: str):
    """An attachment of one of the case's steps (to whoever may read the case)."""
    case = cases.case_for(current_user, case_id)
    steps = db().scalars(select(CaseStep).where(CaseStep.case_id == case.id)).all()
    f = next((f for st in steps for f in (st.files or []) if f["sha256"] == sha), None)
    if f is None:
        raise not_found("Không tìm thấy tệp", "File not found")
    return serve_file(storage.object_path(current_app.config["KYHOP"], sha), sha, case.created_at, f["filename"])


@bp.post("/petitions/<int:case_id>/forward")
@require("petitions.answer")
@accepts({"agency_id": Field("id", required=True, label_vi="Cơ quan", label_en="Agency"),
          "text": Field("text", max_len=2000, multiline=True, label_vi="Lý do", label_en="Reason")})
@returns(obj({"case": CASE}))
def forward(case_id: int):
    d = body()
    return jsonify({"case": cases_json([cases.forward(current_user, case_id, d["agency_id"], d.get("text") or "")])[0]})


@bp.post("/petitions/<int:case_id>/reopen")
@require("petitions.manage")
@accepts({"text": Field("text", required=True, max_len=2000, multiline=True, label_vi="Lý do", label_en="Reason")})
@returns(obj({"case": CASE}))
def reopen(case_id: int):
    return jsonify({"case": cases_json([cases.reopen(current_user, case_id, body()["text"])])[0]})


# ---- sample oversight (giám sát xác suất): a committee or delegate group checks a random sample of resolved cases
def samples_json(rows: list[Sample], detail: bool = False) -> list[dict]:
    s = db()
    groups = {g.id: g for g in s.scalars(select(Group).where(Group.id.in_({r.group_id for r in rows})))}
    drawn = s.scalars(select(PetitionCase).where(PetitionCase.id.in_({i for r in rows for i in r.picked})))
    picked = {c["id"]: c for c in cases_json(list(drawn))}
    findings = {(f.sample_id, f.case_id): f for f in s.scalars(select(Finding).where(
        Finding.sample_id.in_([r.id for r in rows])))}
    people = _names(User, [r.drawn_by_id for r in rows] + [f.actor_id for f in findings.values()])
    filters = {e.data.get("sample_id"): e.data.get("filters", {}) for e in sampling.draws(s, current_user.council_id)}

    def finding(f: Finding | None) -> dict | None:
        return None if f is None else {"verdict": f.verdict, "text": f.text, "by": people.get(f.actor_id),
                                       "at": f.at.isoformat()}

    out = []
    for r in rows:
        g = groups[r.group_id]
        out.append({"id": r.id, "group": {"id": g.id, "kind": g.kind, "name": g.name}, "round": r.round, "size": r.size,
                    "filters": filters.get(r.id, {}), "population_size": len(r.population), "seed": r.seed,
                    "picked": [{**picked[cid], "finding": finding(findings.get((r.id, cid)))} for cid in r.picked
                               if cid in picked],
                    "drawn_by": people.get(r.drawn_by_id), "at": r.at.isoformat(),
                    **({"population": r.population, "check": sampling.check(r)} if detail else {})})
    return out


@bp.get("/petitions/samples")
@require("petitions.oversee")
@returns(obj({"samples": arr(SAMPLE)}))
def list_samples():
    """Every sample check of the council, newest first, with the cases drawn and what was found."""
    return jsonify({"samples": samples_json(sampling.samples(current_user))})


@bp.post("/petitions/samples")
@require("petitions.oversee")
@accepts({"group_id": Field("id", required=True, label_vi="Ban hoặc Tổ đại biểu", label_en="Committee or delegate group"),
          "round": Field("text", required=True, max_len=40, label_vi="Đợt giám sát", label_en="Round"),
          "size": Field("int", required=True, min=1, max=500, label_vi="Số kiến nghị chọn", label_en="Sample size"),
          "field": Field("enum", choices=rules.FIELDS, label_vi="Lĩnh vực", label_en="Field"),
          "agency_id": Field("id", label_vi="Cơ quan", label_en="Agency")}, status=201)
@returns(obj({"sample": SAMPLE_DETAIL}))
def draw_sample():
    """The group's draw for a round, from the cases reported resolved (of a field or agency, if given), seeded
    by the chain's last hash. Once per group and round."""
    d = body()
    sample = sampling.draw(current_user, d["group_id"], d["round"], d["size"], {k: d.get(k) for k in rules.SAMPLE_FILTERS})
    return jsonify({"sample": samples_json([sample], detail=True)[0]}), 201


@bp.get("/petitions/samples/<int:sample_id>")
@require("petitions.oversee")
@returns(obj({"sample": SAMPLE_DETAIL}))
def get_sample(sample_id: int):
    """A sample with its population and `check`: the draw recomputed from its chain entry."""
    return jsonify({"sample": samples_json([sampling.sample_for(current_user, sample_id)], detail=True)[0]})


@bp.post("/petitions/samples/<int:sample_id>/findings")
@require("petitions.oversee")
@accepts({"case_id": Field("id", required=True, label_vi="Kiến nghị", label_en="Case"),
          "verdict": Field("enum", required=True, choices=rules.VERDICTS, label_vi="Kết luận", label_en="Verdict"),
          "text": Field("text", required=True, max_len=5000, multiline=True, label_vi="Kết quả giám sát",
                        label_en="Finding")}, status=201)
@returns(obj({"sample": SAMPLE_DETAIL}))
def add_finding(sample_id: int):
    """What the group found on site for a drawn case: confirmed resolved, or reopened (back to its agency)."""
    d = body()
    sampling.add_finding(current_user, sample_id, d["case_id"], d["verdict"], d["text"])
    return jsonify({"sample": samples_json([sampling.sample_for(current_user, sample_id)], detail=True)[0]}), 201


# ---- open to voters: by trace code, and the council's list by area and field
def public_json(case: PetitionCase) -> dict:
    steps = db().scalars(select(CaseStep).where(CaseStep.case_id == case.id).order_by(CaseStep.id)).all()
    answered = [st for st in steps if st.kind == "answered"]
    agencies = _names(Agency, [case.agency_id, *[st.agency_id for st in steps]])
    return {"code": case.code, "summary": case.summary, "field": case.field, "level": case.level, "area": case.area,
            "status": case.status, "agency": agencies.get(case.agency_id),
            "deadline": case.deadline.isoformat() if case.deadline else None,
            "answer": answered[-1].text if answered else None, "answered_at": answered[-1].at.isoformat() if answered else None,
            "steps": [{"kind": st.kind, "status": st.status, "agency": agencies.get(st.agency_id), "at": st.at.isoformat()}
                      for st in steps if st.kind != "merged"]}


@public_bp.get("/petitions/<string:code>")
@returns(obj({"case": PUBLIC_CASE, "council": obj({"id": INT, "name": STR}), "asked": STR}))
def public_case(code: str):
    """A case by the trace code the voters were given (a merged one answers with the case it went into): its
    answer and status. No person's name: the steps say which agency, never who."""
    from server.councils.models import Council
    s = db()
    case = s.scalar(select(PetitionCase).where(PetitionCase.code == rules.normal_code(code))) if len(code) <= 20 else None
    if case is None:
        raise ApiError(404, "not_found", "Không tìm thấy kiến nghị với mã này.", "No petition with this code.")
    asked = case.code
    while case.merged_into_id:
        case = s.get(PetitionCase, case.merged_into_id)
    council = s.get(Council, case.council_id)
    return jsonify({"case": public_json(case), "council": {"id": council.id, "name": council.name}, "asked": asked})


@public_bp.get("/councils/<int:council_id>/petitions")
@accepts(query={k: LIST_QUERY[k] for k in ("field", "area", "status", "page")})
@returns(obj({"cases": arr(obj({"code": STR, "summary": STR, "field": STR, "area": STR, "status": STR,
                                "agency": null(STR), "updated_at": STR})), "areas": arr(STR), "total": INT,
              "page_size": INT, "council": obj({"id": INT, "name": STR})}))
def public_list(council_id: int):
    """The council's cases by area and field (merged ones are under the case they went into)."""
    from server.councils.models import Council
    s = db()
    council = s.get(Council, council_id)
    if council is None:
        raise ApiError(404, "not_found", "Không tìm thấy.", "Not found.")
    f = query()
    q = select(PetitionCase).where(PetitionCase.council_id == council_id, PetitionCase.status != "merged")
    for key in ("field", "area", "status"):
        if f.get(key):
            q = q.where(getattr(PetitionCase, key) == f[key])
    total = s.scalar(select(func.count()).select_from(q.subquery()))
    page = f.get("page") or 1
    rows = s.scalars(q.order_by(PetitionCase.updated_at.desc(), PetitionCase.id.desc())
                     .offset((page - 1) * cases.PAGE).limit(cases.PAGE)).all()
    agencies = _names(Agency, [c.agency_id for c in rows])
    areas = s.scalars(select(PetitionCase.area).where(PetitionCase.council_id == council_id, PetitionCase.area != "")
                      .distinct().order_by(PetitionCase.area)).all()
    return jsonify({"cases": [{"code": c.code, "summary": c.summary, "field": c.field, "area": c.area, "status": c.status,
                               "agency": agencies.get(c.agency_id), "updated_at": c.updated_at.isoformat()} for c in rows],
                    "areas": list(areas), "total": total, "page_size": cases.PAGE,
                    "council": {"id": council.id, "name": council.name}})


# ---- spreadsheets: a meeting's petitions imported from .xlsx; the listing exported as .xlsx or CSV
@bp.post("/voter-meetings/<int:meeting_id>/petitions/import")
@require("petitions.manage")
@accepts(raw=spreadsheet.XLSX, status=201)
@returns(obj({"imported": INT, "cases": arr(CASE)}))
def import_petitions(meeting_id: int):
    """The meeting's petitions from an .xlsx (the body) with Vietnamese headers (Nội dung kiến nghị, Địa bàn cử
    tri, Lĩnh vực, Thẩm quyền; in any order): all rows or none — any bad row and nothing is entered, every bad
    row named with its column."""
    cases.meeting_for(current_user, meeting_id)
    if request.mimetype != spreadsheet.XLSX:
        raise ApiError(415, "xlsx_required", "Hãy gửi tệp Excel .xlsx (Content-Type của .xlsx).",
                       f"Send the .xlsx file as the body (Content-Type: {spreadsheet.XLSX}).")
    too_large = ApiError(413, "too_large", f"Tệp quá lớn (tối đa {spreadsheet.MAX_BYTES >> 20} MB).",
                         f"The file is too large ({spreadsheet.MAX_BYTES >> 20} MB at most).")
    if (request.content_length or 0) > spreadsheet.MAX_BYTES:
        raise too_large
    data = request.stream.read(spreadsheet.MAX_BYTES + 1)
    if len(data) > spreadsheet.MAX_BYTES:
        raise too_large
    rows, errors = spreadsheet.read_petitions(data, PETITION_FIELDS)
    if errors:
        n = len({e.row for e in errors})
        err = ApiError(422, "import_invalid", f"Không nhập dòng nào: {n} dòng có lỗi.", f"Nothing imported: {n} rows have errors.")
        return jsonify({**err.body(), "imported": 0, "errors": [e.as_json() for e in errors]}), 422
    return jsonify({"imported": len(rows), "cases": cases_json(cases.import_petitions(current_user, meeting_id, rows))}), 201


EXPORT_QUERY = {k: f for k, f in LIST_QUERY.items() if k != "page"}


def _export(name: str, media: str, write) -> Response:
    """The cases the listing shows with these filters (the caller's scope), every page, as a file."""
    rows = db().scalars(cases.filtered(current_user, query(), today()).limit(spreadsheet.MAX_EXPORT + 1)).all()
    if len(rows) > spreadsheet.MAX_EXPORT:
        raise ApiError(413, "too_many", f"Quá {spreadsheet.MAX_EXPORT} kiến nghị: hãy lọc bớt.",
                       f"More than {spreadsheet.MAX_EXPORT} cases: narrow the filters.")
    agencies, t = _names(Agency, [c.agency_id for c in rows]), today()
    data = write([spreadsheet.export_row(c, agencies.get(c.agency_id), t) for c in rows])
    return Response(data, mimetype=media, headers={
        "Content-Disposition": f'attachment; filename="kien-nghi-cu-tri-{t.isoformat()}.{name}"',
        "Cache-Control": "private, no-store"})


@bp.get("/petitions/export.xlsx")
@require("petitions.follow")
@accepts(query=EXPORT_QUERY, produces=spreadsheet.XLSX)
def export_xlsx():
    return _export("xlsx", spreadsheet.XLSX, spreadsheet.as_xlsx)


@bp.get("/petitions/export.csv")
@require("petitions.follow")
@accepts(query=EXPORT_QUERY, produces="text/csv")
def export_csv():
    """UTF-8 with a BOM (Excel reads the Vietnamese right); a cell that could run as a formula begins with '."""
    return _export("csv", "text/csv", spreadsheet.as_csv)


# ---- the report to the session (báo cáo kết quả giải quyết kiến nghị cử tri)
PERIOD = {"from": Field("date", label_vi="Từ ngày", label_en="From"),
          "to": Field("date", label_vi="Đến ngày", label_en="To")}


def _figures(f: dict) -> dict:
    """The figures of the council's cases created in the period (either end open)."""
    if f.get("from") and f.get("to") and f["from"] > f["to"]:
        raise invalid("to", "Ngày kết thúc trước ngày bắt đầu.", "The end date is before the start date.")
    for end in ("from", "to"):
        if f.get(end) and not report.EARLIEST <= f[end] <= report.LATEST:
            raise invalid(end, f"Ngày phải trong khoảng năm {report.EARLIEST.year}–{report.LATEST.year}.",
                          f"The date must be within the years {report.EARLIEST.year}–{report.LATEST.year}.")
    return report.figures(current_user.council_id, f.get("from"), f.get("to"), today())


def _report_pdf(fig: dict) -> bytes:
    data = report.pdf_bytes(current_app.config["KYHOP"], fig)
    if data is None:
        raise ApiError(500, "render_failed", "Không tạo được tệp PDF báo cáo.", "Could not render the report.")
    return data


def _download(ext: str, mimetype: str, render, inline: bool = False) -> Response:
    """The report of the period asked for, rendered by `render` from its figures, as a file to keep."""
    fig = _figures(query())
    name = f"bao-cao-kien-nghi-cu-tri-{fig['today']}.{ext}"
    return Response(render(fig), mimetype=mimetype, headers={
        "Content-Disposition": f'{"inline" if inline else "attachment"}; filename="{name}"'})


@bp.get("/petitions/report.json")
@require("petitions.read")
@accepts(query=PERIOD)
@returns(REPORT)
def report_json():
    """The report's figures: counts by status, field, level and agency (merged cases counted in the case they
    went into), the overdue cases, the sample checks of the reported cases and what they found."""
    return jsonify(_figures(query()))


@bp.get("/petitions/report.pdf")
@require("petitions.read")
@accepts(query=PERIOD, produces="application/pdf")
def report_pdf():
    """The report as an official document (NĐ 30/2020 layout), for the session."""
    return _download("pdf", "application/pdf", _report_pdf, inline=True)


@bp.get("/petitions/report.docx")
@require("petitions.read")
@accepts(query=PERIOD, produces=official.DOCX)
def report_docx():
    return _download("docx", official.DOCX, report.docx_bytes)


@bp.get("/petitions/report.xlsx")
@require("petitions.read")
@accepts(query=PERIOD, produces=spreadsheet.XLSX)
def report_xlsx():
    return _download("xlsx", spreadsheet.XLSX, report.xlsx_bytes)


@bp.post("/petitions/report/attach")
@require("petitions.manage")
@accepts({"session_id": Field("id", required=True, label_vi="Kỳ họp", label_en="Session"),
          "agenda_item_id": Field("id", required=True, label_vi="Mục chương trình", label_en="Agenda item"),
          "format": Field("enum", choices=("pdf",), label_vi="Định dạng", label_en="Format"),
          "access": Field("enum", choices=ACCESS, label_vi="Phạm vi", label_en="Access"), **PERIOD}, status=201)
@returns(obj({"document": DOCUMENT, "seq": INT}))
def attach_report():
    """The report (PDF) as a document of a session's agenda item: uploaded as any PDF is (read, its pages
    searchable, on the session's record); delegates read it unless another access is given."""
    d = body()
    cs = visible_session(d["session_id"])
    fig = _figures(d)
    title = f"Báo cáo kết quả giải quyết kiến nghị cử tri {report.period_vi(fig)}"
    doc, ev = upload_document(cs, current_user.id, io.BytesIO(_report_pdf(fig)),
                              f"bao-cao-kien-nghi-cu-tri-{fig['today']}.pdf",
                              {"title": title, "kind": "report", "access": d.get("access") or "delegates",
                               "agenda_item_id": d["agenda_item_id"]})
    return jsonify({"document": document_json(db(), doc, True), "seq": ev.seq}), 201


# ---- reminders of deadlines (sent hourly by the server: server/petitions/reminders.py)
@bp.get("/petitions/reminders")
@require("petitions.follow")
@returns(obj({"reminders": arr(REMINDER)}))
def list_reminders():
    """The reminders of deadlines about the caller's cases, the latest first: an agency sees those sent to it."""
    found = reminders.of_user(current_user)
    agencies, t = _names(Agency, [r.agency_id for r, _ in found]), today()
    return jsonify({"reminders": [{"id": r.id, "case_id": c.id, "code": c.code, "summary": c.summary,
                                   "agency": agencies.get(r.agency_id), "deadline": r.deadline.isoformat(),
                                   "status": c.status, "overdue": rules.overdue(c.status, c.deadline, t),
                                   "emailed": r.emailed, "at": r.at.isoformat()} for r, c in found]})
