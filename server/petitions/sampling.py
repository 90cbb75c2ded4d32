"""Giám sát xác suất: a committee (Ban) or delegate group (Tổ đại biểu) draws a sample of the cases reported
resolved, checks them on site, and confirms or reopens each. One use case per function, one transaction each.

The draw cannot be steered nor quietly redone: its seed is the hash of the council's last chain entry, read
with the chain locked, so it is fixed before the draw and the draw's own entry links to it (its `prev_hash`);
the entry records the population and the picks, so anyone recomputes them (`rules.draw`); a group draws once
per round, and the refusal reads the chain, not only the table."""
from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.accounts.models import User
from server.accounts.rules import can
from server.councils.models import Group, GroupMember
from server.db import db, transaction
from server.errors import ApiError, conflict, invalid, not_found
from server.journal import head, record_council
from server.journal.models import SessionEvent
from server.petitions import cases, rules
from server.petitions.models import Finding, PetitionCase, Sample

DRAWN = "petition.sample_drawn"
CHECKING_KINDS = ("committee", "delegate_group")


def _checking_group(s: Session, council_id: int, group_id: int) -> Group:
    group = s.scalar(select(Group).where(Group.id == group_id, Group.council_id == council_id,
                                         Group.kind.in_(CHECKING_KINDS)))
    if group is None:
        raise invalid("group_id", "Không có Ban hay Tổ đại biểu này.", "No such committee or delegate group.")
    return group


def _may_check(s: Session, actor: User, group: Group) -> None:
    """The group's members check its samples; the office may act for them."""
    if can(actor.role, "petitions.manage"):
        return
    if not s.scalar(select(exists().where(GroupMember.group_id == group.id, GroupMember.user_id == actor.id))):
        raise ApiError(403, "forbidden", f"Chỉ thành viên {group.name} thực hiện được việc giám sát này.",
                       f"Only members of {group.name} may carry out this check.")


def draws(s: Session, council_id: int) -> list[SessionEvent]:
    """The council's draw entries on the chain, in chain order."""
    return list(s.scalars(select(SessionEvent).where(SessionEvent.council_id == council_id, SessionEvent.kind == DRAWN)
                          .order_by(SessionEvent.chain_seq)))


def _drawn_before(s: Session, council_id: int, group_id: int, round_name: str) -> bool:
    key = rules.round_key(round_name)
    return any(e.data.get("group_id") == group_id and rules.round_key(str(e.data.get("round", ""))) == key
               for e in draws(s, council_id))


def population(s: Session, council_id: int, filters: dict) -> list[int]:
    """The cases a sample draws from, as they are now: reported resolved, of the filters' field or agency."""
    rows = s.execute(select(PetitionCase.id, PetitionCase.status, PetitionCase.field, PetitionCase.agency_id)
                     .where(PetitionCase.council_id == council_id, PetitionCase.status == "resolved")).mappings()
    return sorted(r["id"] for r in rows if rules.in_population(dict(r), filters))


def draw(actor: User, group_id: int, round_name: str, size: int, filters: dict) -> Sample:
    with transaction() as s:
        group = _checking_group(s, actor.council_id, group_id)
        _may_check(s, actor, group)
        if filters.get("agency_id"):
            cases.agency_in(s, actor.council_id, filters["agency_id"])
        seed = head(s, actor.council_id)  # the chain is locked from here: nothing comes between seed and draw
        drawn_already = _drawn_already(group, round_name)
        if _drawn_before(s, actor.council_id, group.id, round_name):
            raise drawn_already
        pool = population(s, actor.council_id, filters)
        if not pool:
            raise conflict("nothing_to_draw", "Không có kiến nghị nào đã được báo cáo giải quyết để chọn mẫu.",
                           "No case has been reported resolved: there is nothing to draw from.")
        sample = Sample(council_id=actor.council_id, group_id=group.id, round=round_name, size=size, population=pool,
                        seed=seed, picked=rules.draw(seed, pool, size), drawn_by_id=actor.id)
        s.add(sample)
        try:
            s.flush()
        except IntegrityError:  # the row is there though the chain has no draw: refused all the same
            raise drawn_already
        record_council(s, actor.council_id, actor.id, DRAWN, {
            "sample_id": sample.id, "group_id": group.id, "round": round_name, "size": size,
            "filters": {k: v for k, v in filters.items() if v is not None}, "population": pool, "seed": seed,
            "picked": sample.picked})
        return sample


def _drawn_already(group: Group, round_name: str) -> ApiError:
    return conflict("sample_drawn", f"{group.name} đã chọn mẫu đợt «{round_name}»; mỗi đợt chỉ chọn một lần.",
                    f"{group.name} has already drawn its sample for «{round_name}»; a round is drawn once.",
                    field="round")


def sample_for(actor: User, sample_id: int, s: Session | None = None) -> Sample:
    s = s or db()
    sample = s.scalar(select(Sample).where(Sample.id == sample_id, Sample.council_id == actor.council_id))
    if sample is None:
        raise not_found("Không tìm thấy đợt giám sát", "Sample not found")
    return sample


def samples(actor: User) -> list[Sample]:
    return list(db().scalars(select(Sample).where(Sample.council_id == actor.council_id)
                             .order_by(Sample.at.desc(), Sample.id.desc())))


def check(sample: Sample) -> dict:
    """The sample recomputed from its chain entry: the seed is the hash of the entry before it, the picks
    are the draw from that seed over the population the entry lists, and the row says what the entry says."""
    entry = next((e for e in draws(db(), sample.council_id) if e.data.get("sample_id") == sample.id), None)
    if entry is None:
        return {"entry": None, "prev_hash": None, "ok": False, "problems": ["the chain has no draw of this sample"]}
    problems = rules.draw_problems(entry.prev_hash, entry.data) + disagreements(sample, entry.data)
    return {"entry": entry.chain_seq, "prev_hash": entry.prev_hash, "ok": not problems, "problems": problems}


def disagreements(sample: Sample, drawn: dict) -> list[str]:
    """What the sample's row says otherwise than its draw's chain entry."""
    row = {"group_id": sample.group_id, "round": sample.round, "size": sample.size, "population": sample.population,
           "seed": sample.seed, "picked": sample.picked}
    return [f"its {k} is not what its chain entry says" for k, v in row.items() if drawn.get(k) != v]


def add_finding(actor: User, sample_id: int, case_id: int, verdict: str, text: str) -> Finding:
    """What the group found for one drawn case: confirmed resolved, or reopened (back to its agency)."""
    with transaction() as s:
        sample = sample_for(actor, sample_id, s)
        _may_check(s, actor, s.get(Group, sample.group_id))
        case = s.scalar(select(PetitionCase).where(PetitionCase.id == case_id, PetitionCase.council_id == actor.council_id)
                        ) if case_id in sample.picked else None
        if case is None:
            raise invalid("case_id", "Kiến nghị này không có trong mẫu đã chọn.", "This case was not drawn in the sample.")
        if s.scalar(select(Finding.id).where(Finding.sample_id == sample.id, Finding.case_id == case_id)):
            raise conflict("finding_exists", "Kiến nghị này đã có kết quả giám sát trong đợt.",
                           "This case already has a finding in this sample.", field="case_id")
        if verdict == "confirmed" and case.status != "resolved":
            raise conflict("not_resolved", f"Kiến nghị đang ở trạng thái «{rules.STATUS_VI[case.status]}», không xác nhận "
                           "đã giải quyết được.", f"The case is {case.status} now: it cannot be confirmed resolved.")
        finding = Finding(council_id=actor.council_id, sample_id=sample.id, case_id=case.id, verdict=verdict, text=text,
                          actor_id=actor.id)
        s.add(finding)
        cases.note_finding(s, actor, case, text)
        if verdict == "reopened":
            cases.reopen_case(s, actor, case, text)
        return finding
