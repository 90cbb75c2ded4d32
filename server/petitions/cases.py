"""Following petitions, one use case per function, one transaction each: voter meetings and the petitions heard
there, cases (merged, classified), sent to an agency, answered, forwarded, reopened. Each change of a case is
a step (petition_steps) and a named entry on the council's chain; the rows go on the chain with it."""
from __future__ import annotations

from datetime import date

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from server.accounts.models import User
from server.accounts.rules import can
from server.councils.models import Agency, Group
from server.db import db, transaction, utcnow
from server.documents.rules import fold, terms
from server.errors import ApiError, conflict, invalid, not_found
from server.journal import record_council
from server.petitions import rules
from server.petitions.models import CaseStep, Petition, PetitionCase, VoterMeeting

PAGE = 50


def _gone() -> ApiError:
    return not_found("Không tìm thấy kiến nghị", "Petition case not found")


# ---- who sees which case
def visible_cases(user: User):
    """The cases a user may see, as a select of PetitionCase: the office and the chair every case of the
    council; an agency those sent to it (now or before); a delegate those heard in their constituency.
    Anyone else: none."""
    q = select(PetitionCase).where(PetitionCase.council_id == user.council_id)
    if can(user.role, "petitions.read"):
        return q
    if user.role == "agency" and user.agency_id:
        sent = exists().where(CaseStep.case_id == PetitionCase.id, CaseStep.agency_id == user.agency_id)
        return q.where(or_(PetitionCase.agency_id == user.agency_id, sent))
    if can(user.role, "petitions.own") and user.constituency:
        return q.where(PetitionCase.id.in_(_heard_in(user)))
    return q.where(False)


def _heard_in(user: User):
    """The ids of the cases with a petition heard in the user's constituency."""
    return (select(Petition.case_id).join(VoterMeeting, VoterMeeting.id == Petition.meeting_id)
            .where(Petition.council_id == user.council_id, VoterMeeting.constituency == user.constituency))


def case_for(user: User, case_id: int, s: Session | None = None) -> PetitionCase:
    s = s or db()
    case = s.scalar(visible_cases(user).where(PetitionCase.id == case_id))
    if case is None:
        raise _gone()
    return case


# ---- agencies
def agency_in(s: Session, council_id: int, agency_id: int) -> Agency:
    agency = s.scalar(select(Agency).where(Agency.id == agency_id, Agency.council_id == council_id))
    if agency is None or not agency.active:
        raise invalid("agency_id", "Cơ quan không tồn tại hoặc đã ngừng.", "No such agency, or it is inactive.")
    return agency


def _agency_name_free(s: Session, council_id: int, name: str, agency_id: int | None = None) -> None:
    taken = s.scalar(select(Agency.id).where(Agency.council_id == council_id, Agency.name == name))
    if taken and taken != agency_id:
        raise conflict("agency_exists", f"Cơ quan «{name}» đã có.", f"Agency «{name}» exists.", field="name")


def add_agency(actor: User, data: dict) -> Agency:
    with transaction() as s:
        _agency_name_free(s, actor.council_id, data["name"])
        agency = Agency(council_id=actor.council_id, name=data["name"], level=data["level"], email=data.get("email") or "")
        s.add(agency)
        s.flush()
        record_council(s, actor.council_id, actor.id, "agency.added", {"agency_id": agency.id, "name": agency.name})
        return agency


def update_agency(actor: User, agency_id: int, changes: dict) -> Agency:
    """Name, level, e-mail, active; a field sent empty (null) is left as it is, but the e-mail, which is cleared."""
    with transaction() as s:
        agency = s.scalar(select(Agency).where(Agency.id == agency_id, Agency.council_id == actor.council_id))
        if agency is None:
            raise not_found("Không tìm thấy cơ quan", "Agency not found")
        changes = {k: v for k, v in changes.items() if v is not None or k == "email"}
        if changes.get("name"):
            _agency_name_free(s, actor.council_id, changes["name"], agency.id)
        elif "name" in changes:
            raise invalid("name", "Tên cơ quan không được để trống.", "The agency's name must not be empty.")
        for k, v in changes.items():
            setattr(agency, k, v if v is not None else "")
        record_council(s, actor.council_id, actor.id, "agency.changed", {"agency_id": agency.id, **{
            k: v for k, v in changes.items() if k != "email"}})
        return agency


# ---- voter meetings and petitions
def add_meeting(actor: User, data: dict) -> VoterMeeting:
    with transaction() as s:
        if data.get("group_id") and not s.scalar(select(Group.id).where(
                Group.id == data["group_id"], Group.council_id == actor.council_id)):
            raise invalid("group_id", "Tổ đại biểu không tồn tại.", "No such delegate group.")
        ids = sorted(set(data.get("delegate_ids") or []))
        found = set(s.scalars(select(User.id).where(User.id.in_(ids), User.council_id == actor.council_id,
                                                     User.role.in_(("chair", "delegate")))))
        if found != set(ids):
            raise invalid("delegate_ids", "Có đại biểu không thuộc Hội đồng.", "A delegate is not of this council.")
        m = VoterMeeting(council_id=actor.council_id, held_on=data["held_on"], place=data["place"],
                         constituency=data["constituency"], group_id=data.get("group_id"), voters=data.get("voters") or 0,
                         delegate_ids=ids, created_by_id=actor.id)
        s.add(m)
        s.flush()
        record_council(s, actor.council_id, actor.id, "voter_meeting.held",
                       {"meeting_id": m.id, "held_on": m.held_on.isoformat(), "constituency": m.constituency})
        return m


def meeting_for(user: User, meeting_id: int, s: Session | None = None) -> VoterMeeting:
    s = s or db()
    m = s.scalar(select(VoterMeeting).where(VoterMeeting.id == meeting_id, VoterMeeting.council_id == user.council_id))
    if m is None or not (can(user.role, "petitions.read") or m.constituency == user.constituency or user.id in m.delegate_ids):
        raise not_found("Không tìm thấy cuộc tiếp xúc cử tri", "Voter meeting not found")
    return m


def attach_record(actor: User, meeting_id: int, filename: str, sha256: str) -> VoterMeeting:
    with transaction() as s:
        m = meeting_for(actor, meeting_id, s)
        m.record_sha256, m.record_filename = sha256, filename
        record_council(s, actor.council_id, actor.id, "voter_meeting.record", {"meeting_id": m.id, "sha256": sha256})
        return m


def _new_codes(s: Session, n: int) -> list[str]:
    """`n` trace codes no case has, looked up together (an import asks for thousands)."""
    codes: set[str] = set()
    while len(codes) < n:
        fresh = {rules.new_code() for _ in range(n - len(codes))} - codes
        for chunk in _chunks(sorted(fresh), 500):
            fresh -= set(s.scalars(select(PetitionCase.code).where(PetitionCase.code.in_(chunk))))
        codes |= fresh
    return list(codes)


def _chunks(items: list, size: int):
    return (items[i:i + size] for i in range(0, len(items), size))


def _meeting_to_enter(s: Session, actor: User, meeting_id: int) -> VoterMeeting:
    m = meeting_for(actor, meeting_id, s)
    if not can(actor.role, "petitions.manage") and actor.id not in m.delegate_ids:
        raise ApiError(403, "forbidden", "Chỉ đại biểu dự cuộc tiếp xúc ghi được kiến nghị.",
                       "Only delegates present at the meeting may enter its petitions.")
    return m


def enter_petitions(s: Session, actor: User, m: VoterMeeting, rows: list[dict]) -> list[PetitionCase]:
    """Petitions heard at a meeting, inside the caller's transaction: each its own case from the start, with
    the trace code the voters are given, and its entry on the chain. The rows are inserted together (an
    import brings thousands)."""
    found = [PetitionCase(council_id=actor.council_id, code=code, summary=data["text"], field=data["field"],
                          level=data["level"], area=data.get("area") or "", status="received", folded=fold(data["text"]))
             for data, code in zip(rows, _new_codes(s, len(rows)))]
    s.add_all(found)
    s.flush()
    s.add_all([Petition(council_id=actor.council_id, meeting_id=m.id, case_id=case.id, text=data["text"],
                        area=case.area, field=case.field, level=case.level, entered_by_id=actor.id)
               for case, data in zip(found, rows)])
    for case in found:
        record_council(s, actor.council_id, actor.id, "petition.received",
                       {"case_id": case.id, "code": case.code, "meeting_id": m.id})
    return found


def add_petition(actor: User, meeting_id: int, data: dict) -> PetitionCase:
    with transaction() as s:
        return enter_petitions(s, actor, _meeting_to_enter(s, actor, meeting_id), [data])[0]


def import_petitions(actor: User, meeting_id: int, rows: list[dict]) -> list[PetitionCase]:
    """Petitions of a meeting from a spreadsheet, every row already checked: all in one transaction, each
    entered as one petition is."""
    with transaction() as s:
        return enter_petitions(s, actor, _meeting_to_enter(s, actor, meeting_id), rows)


# ---- reading
def filtered(user: User, f: dict, today: date):
    """The cases the user sees (a select), newest change first, filtered; `q` searches the folded text of the
    case and its petitions (every word, the last as a prefix: as one types); `mine`: only those heard in the
    user's constituency (the chair sees every case, and follows their own constituency's too)."""
    q = visible_cases(user)
    if f.get("mine"):
        q = q.where(PetitionCase.id.in_(_heard_in(user))) if user.constituency else q.where(False)
    if not f.get("merged"):
        q = q.where(PetitionCase.status != "merged")
    for key in ("field", "level", "status", "agency_id", "committee_id"):
        if f.get(key) is not None:
            q = q.where(getattr(PetitionCase, key) == f[key])
    if f.get("area"):
        q = q.where(PetitionCase.area == f["area"])
    if f.get("overdue"):
        q = q.where(PetitionCase.status.in_(rules.OPEN_WITH_AGENCY), PetitionCase.deadline < today)
    if f.get("q"):
        for w in terms(fold(f["q"]))[:8]:
            q = q.where(PetitionCase.folded.like(f"%{w}%"))
    return q.order_by(PetitionCase.updated_at.desc(), PetitionCase.id.desc())


def listing(user: User, f: dict, today: date) -> tuple[list[PetitionCase], int]:
    """A page of the cases the user sees, filtered (`filtered`), and how many there are in all."""
    q = filtered(user, f, today)
    s = db()
    total = s.scalar(select(func.count()).select_from(q.order_by(None).subquery()))
    page = max(1, f.get("page") or 1)
    rows = s.scalars(q.offset((page - 1) * PAGE).limit(PAGE)).all()
    return list(rows), total


def similar_to(user: User, case_id: int) -> list[tuple[PetitionCase, float]]:
    """Cases of the council like this one, to merge: not merged, not this one."""
    s = db()
    case = case_for(user, case_id, s)
    target = rules.words(case.folded)
    pool = s.execute(select(PetitionCase.id, PetitionCase.folded).where(
        PetitionCase.council_id == case.council_id, PetitionCase.id != case.id, PetitionCase.status != "merged")).all()
    best = rules.similar(target, [(cid, rules.words(folded)) for cid, folded in pool])
    found = {c.id: c for c in s.scalars(select(PetitionCase).where(PetitionCase.id.in_([cid for cid, _ in best])))}
    return [(found[cid], score) for cid, score in best]


# ---- changing a case
def _step(s: Session, actor: User, case: PetitionCase, kind: str, **kw) -> CaseStep:
    step = CaseStep(council_id=case.council_id, case_id=case.id, kind=kind, status=case.status, actor_id=actor.id, **kw)
    s.add(step)
    case.updated_at = utcnow()
    s.flush()
    record_council(s, case.council_id, actor.id, f"petition.{kind}",
                   {"case_id": case.id, "code": case.code, "status": case.status, "step_id": step.id,
                    **({"agency_id": kw["agency_id"]} if kw.get("agency_id") else {})})
    return step


def classify(actor: User, case_id: int, changes: dict) -> PetitionCase:
    with transaction() as s:
        case = case_for(actor, case_id, s)
        if case.status == "merged":
            raise conflict("merged", "Kiến nghị đã được gộp vào kiến nghị khác.", "The case was merged into another.")
        if changes.get("committee_id") and not s.scalar(select(Group.id).where(
                Group.id == changes["committee_id"], Group.council_id == actor.council_id, Group.kind == "committee")):
            raise invalid("committee_id", "Ban không tồn tại.", "No such committee.")
        for k, v in changes.items():
            setattr(case, k, v)
        case.folded = _folded(s, case)
        case.updated_at = utcnow()
        record_council(s, case.council_id, actor.id, "petition.classified", {"case_id": case.id, **{
            k: v for k, v in changes.items() if k != "summary"}})
        return case


def _folded(s: Session, case: PetitionCase) -> str:
    texts = s.scalars(select(Petition.text).where(Petition.case_id == case.id).order_by(Petition.id)).all()
    return fold(" ".join([case.summary, *texts]))


def merge(actor: User, case_id: int, others: list[int]) -> PetitionCase:
    """The other cases' petitions move into this one (their origins kept); the others are left as 'merged'
    pointing here, so their trace codes still lead to the answer."""
    with transaction() as s:
        case = case_for(actor, case_id, s)
        if case.status == "merged":
            raise conflict("merged", "Kiến nghị đã được gộp vào kiến nghị khác.", "The case was merged into another.")
        ids = sorted(set(others) - {case.id})
        if not ids:
            raise invalid("cases", "Chọn ít nhất một kiến nghị khác để gộp.", "Pick at least one other case to merge.")
        found = s.scalars(visible_cases(actor).where(PetitionCase.id.in_(ids))).all()
        if len(found) != len(ids):
            raise _gone()
        for other in found:
            if other.status not in ("received",):
                raise conflict("not_mergeable", f"Kiến nghị {other.code} đã chuyển đi, không gộp được.",
                               f"Case {other.code} has already been sent on and cannot be merged.")
            s.execute(Petition.__table__.update().where(Petition.case_id == other.id).values(case_id=case.id))
            other.status, other.merged_into_id = "merged", case.id
            _step(s, actor, other, "merged", text=case.code)
        case.folded = _folded(s, case)
        _step(s, actor, case, "merged", text=", ".join(o.code for o in found))
        return case


def transfer(actor: User, case_id: int, agency_id: int, deadline: date, text: str, today: date) -> PetitionCase:
    with transaction() as s:
        case = case_for(actor, case_id, s)
        if not rules.can_transfer(case.status):
            raise conflict("not_transferable", f"Kiến nghị đang ở trạng thái «{rules.STATUS_VI[case.status]}», không chuyển được.",
                           f"A case that is {case.status} cannot be transferred.")
        if deadline < today:
            raise invalid("deadline", "Hạn trả lời đã qua.", "The deadline is in the past.")
        agency_in(s, actor.council_id, agency_id)
        case.agency_id, case.deadline, case.status = agency_id, deadline, "transferred"
        _step(s, actor, case, "transferred", agency_id=agency_id, deadline=deadline, text=text)
        return case


def answer(actor: User, case_id: int, status: str, text: str, files: list[dict]) -> PetitionCase:
    """The agency answers a case it holds, with the status it reports."""
    with transaction() as s:
        case = case_for(actor, case_id, s)
        if case.agency_id != actor.agency_id:
            raise ApiError(403, "forbidden", "Kiến nghị này không còn do cơ quan của bạn giải quyết.",
                           "This case is no longer with your agency.")
        if not rules.can_answer(case.status):
            raise conflict("not_answerable", f"Kiến nghị đang ở trạng thái «{rules.STATUS_VI[case.status]}».",
                           f"The case is {case.status}: there is nothing to answer.")
        case.status = status
        case.resolved_on = utcnow().date() if status == "resolved" else case.resolved_on
        _step(s, actor, case, "answered", agency_id=actor.agency_id, text=text, files=files)
        return case


def forward(actor: User, case_id: int, agency_id: int, text: str) -> PetitionCase:
    """An agency hands a case to another agency of its own level (a department to another), deadline kept."""
    with transaction() as s:
        case = case_for(actor, case_id, s)
        if case.agency_id != actor.agency_id or not rules.can_answer(case.status):
            raise ApiError(403, "forbidden", "Kiến nghị này không do cơ quan của bạn giải quyết.",
                           "This case is not with your agency.")
        target = agency_in(s, actor.council_id, agency_id)
        mine = s.get(Agency, actor.agency_id)
        if target.id == mine.id or target.level != mine.level:
            raise invalid("agency_id", "Chỉ chuyển được cho cơ quan khác cùng cấp.",
                          "A case can be forwarded only to another agency of the same level.")
        case.agency_id, case.status = target.id, "transferred"
        _step(s, actor, case, "forwarded", agency_id=target.id, deadline=case.deadline, text=text)
        return case


def reopen(actor: User, case_id: int, text: str) -> PetitionCase:
    """Back to the agency that answered: the office's decision."""
    with transaction() as s:
        return reopen_case(s, actor, case_for(actor, case_id, s), text)


def reopen_case(s: Session, actor: User, case: PetitionCase, text: str) -> PetitionCase:
    """Inside the caller's transaction, a case it found in its scope (the office's, or a sample's drawn cases)
    goes back to its agency."""
    if not rules.can_reopen(case.status):
        raise conflict("not_reopenable", f"Kiến nghị đang ở trạng thái «{rules.STATUS_VI[case.status]}», không mở lại được.",
                       f"A case that is {case.status} cannot be reopened.")
    case.status = "reopened"
    _step(s, actor, case, "reopened", agency_id=case.agency_id, deadline=case.deadline, text=text)
    return case


def note_finding(s: Session, actor: User, case: PetitionCase, text: str) -> CaseStep:
    """Inside the caller's transaction: what a sample check found on site, a step of the case's history."""
    return _step(s, actor, case, "finding", agency_id=case.agency_id, text=text)
