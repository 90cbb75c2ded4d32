"""Councils, terms, groups and members: one use case per function, one transaction each."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import Select, column, delete, func, select, table, update
from sqlalchemy.orm import Session

from server.accounts.models import DELEGATE_ROLES, LoginSession, User
from server.accounts.passwords import hash_password
from server.councils.models import Council, Group, GroupMember, Term, TermMember
from server.councils.rules import (
    CouncilRow,
    MemberRow,
    RowError,
    check_council,
    group_kind,
    parse_councils_csv,
    parse_members_csv,
    term_years_error,
)
from server.db import transaction
from server.errors import ApiError, conflict
from server.journal import record_council


def current_term(s: Session, council_id: int) -> Term | None:
    return s.scalar(select(Term).where(Term.council_id == council_id, Term.current.is_(True))
                    .order_by(Term.start_year.desc()).limit(1))


def delegates_of(council_id: int, term_id: int) -> Select:
    """Tổng số đại biểu: the council's active delegates (the chair among them) of the term — the legal base
    of quorum and of every threshold (docs/domain.md). A query of users; callers choose its columns and
    join what they need, but never narrow who is a delegate."""
    return (select(User).join(TermMember, (TermMember.user_id == User.id) & (TermMember.term_id == term_id))
            .where(User.council_id == council_id, User.role.in_(DELEGATE_ROLES), User.active.is_(True)))


def delegate_count(s: Session, council_id: int, term_id: int) -> int:
    return s.scalar(select(func.count()).select_from(delegates_of(council_id, term_id).subquery())) or 0


def groups_of(s: Session, council_id: int, user_ids: list[int]) -> dict[int, list[dict]]:
    rows = s.execute(select(GroupMember.user_id, Group.id, Group.kind, Group.name)
                     .join(Group, Group.id == GroupMember.group_id)
                     .where(GroupMember.council_id == council_id, GroupMember.user_id.in_(user_ids))).all()
    out: dict[int, list[dict]] = {}
    for uid, gid, kind, name in rows:
        out.setdefault(uid, []).append({"id": gid, "kind": kind, "name": name})
    return out


def _ensure_groups(s: Session, council_id: int, names: list[str]) -> list[Group]:
    groups = []
    for name in names:
        g = s.scalar(select(Group).where(Group.council_id == council_id, Group.name == name))
        if g is None:
            g = Group(council_id=council_id, kind=group_kind(name) or "committee", name=name)
            s.add(g)
            s.flush()
        groups.append(g)
    return groups


def _set_groups(s: Session, user: User, names: list[str]) -> None:
    s.query(GroupMember).filter_by(user_id=user.id).delete()
    for g in _ensure_groups(s, user.council_id, names):
        s.add(GroupMember(group_id=g.id, user_id=user.id, council_id=user.council_id))


def _username_taken(s: Session, username: str) -> bool:
    return s.scalar(select(User.id).where(User.username == username)) is not None


def create_member(council_id: int, row: MemberRow) -> tuple[User, str | None]:
    """Create one member in the council's current term; returns the user and any generated password."""
    with transaction() as s:
        if _username_taken(s, row.username):
            raise conflict("username_taken", f"Tên đăng nhập «{row.username}» đã tồn tại.",
                           f"Username «{row.username}» already exists.", field="username")
        user, password = _add_member(s, council_id, row)
    return user, password


def _add_member(s: Session, council_id: int, row: MemberRow) -> tuple[User, str | None]:
    """Returns the user and the generated password (None if the row gave one)."""
    term = current_term(s, council_id)
    password = row.password or secrets.token_urlsafe(9)
    user = User(council_id=council_id, term_id=term.id if term and row.role in DELEGATE_ROLES else None,
                username=row.username, full_name=row.full_name, role=row.role, title=row.title,
                constituency=row.constituency, password_hash=hash_password(password))
    s.add(user)
    s.flush()
    _set_groups(s, user, row.groups)
    return user, None if row.password else password


def update_member(user: User, changes: dict, actor_id: int) -> User:
    """A password set by someone else ends every login of the account (its sockets drop within a second) and
    is good for one login: the owner must then choose their own."""
    with transaction() as s:
        user = s.merge(user)
        if changes.get("password") and user.id != actor_id:  # a reset: one login, then the owner's own choice
            s.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
            user.must_change_password = True
            record_council(s, user.council_id, actor_id, "member.password_reset", {"user_id": user.id})
        if "role" in changes and changes["role"] != user.role:
            record_council(s, user.council_id, actor_id, "member.role_changed",
                           {"user_id": user.id, "from": user.role, "to": changes["role"]})
        if "active" in changes and changes["active"] != user.active:
            record_council(s, user.council_id, actor_id, "member.activated" if changes["active"] else "member.deactivated",
                           {"user_id": user.id})
        groups = changes.pop("groups", None)
        password = changes.pop("password", None)
        for key, value in changes.items():
            setattr(user, key, value)
        if "role" in changes:
            term = current_term(s, user.council_id)
            user.term_id = term.id if term and user.role in DELEGATE_ROLES else None
        if password:
            user.password_hash = hash_password(password)
        if groups is not None:
            _set_groups(s, user, groups)
    return user


@dataclass
class ImportResult:
    created: list[tuple[User, str | None]]
    errors: list[RowError]


def import_members(council_id: int, data: bytes, may_assign: bool) -> ImportResult:
    """All rows or none: any invalid row means nothing is imported and every error is reported.
    `may_assign`: the importer may give the roles only an administrator gives (chair, secretary)."""
    with transaction() as s:
        existing = set(s.scalars(select(User.username)))
        rows, errors = parse_members_csv(data, existing, may_assign)
        if errors:
            return ImportResult([], errors)
        if not rows:
            raise ApiError(422, "empty_import", "Tệp không có dòng dữ liệu nào.", "The file has no data rows.")
        created = [_add_member(s, council_id, row) for row in rows]
    return ImportResult(created, [])


# --- councils and terms, administered ---------------------------------------------------------------------
def term_json(s: Session, t: Term) -> dict:
    return {"id": t.id, "name": t.name, "start_year": t.start_year, "end_year": t.end_year, "current": t.current,
            "delegates": delegate_count(s, t.council_id, t.id)}


def council_json(s: Session, c: Council) -> dict:
    term = current_term(s, c.id)
    term = term and term_json(s, term)
    return {"id": c.id, "name": c.name, "level": c.level, "archived": c.archived,
            "term": term, "delegates": term["delegates"] if term else 0,
            "members": s.scalar(select(func.count(User.id)).where(User.council_id == c.id, User.active.is_(True))) or 0}


def list_councils(s: Session) -> list[Council]:
    return list(s.scalars(select(Council).order_by(Council.archived, Council.name)))


def _taken(s: Session) -> tuple[set[str], set[str]]:
    return ({n.lower() for n in s.scalars(select(Council.name))}, set(s.scalars(select(User.username))))


def _add_council(s: Session, row: CouncilRow) -> tuple[Council, tuple[User, str] | None]:
    council = Council(name=row.name, level=row.level, quorum_num=row.quorum_num, quorum_den=row.quorum_den)
    s.add(council)
    s.flush()
    s.add(Term(council_id=council.id, name=row.term_name, start_year=row.start_year, end_year=row.end_year,
               current=True))
    s.flush()
    admin = _add_member(s, council.id, MemberRow(row.admin_username, row.admin_full_name, "admin")) \
        if row.admin_username else None
    return council, admin


def create_council(name: str, level: str, term_name: str, start_year: int, end_year: int,
                   quorum: tuple[int, int] = (2, 3), admin_username: str = "", admin_full_name: str = ""):
    """A new tenant with its current term and, if asked, its first administrator (with a generated password)."""
    with transaction() as s:
        row, problems = check_council(name, level, term_name, start_year, end_year, quorum, admin_username,
                                      admin_full_name, *_taken(s))
        if problems:
            field, vi, en = problems[0]
            raise ApiError(422, "invalid", vi, en, field=field)
        return _add_council(s, row)


@dataclass
class CouncilsImport:
    created: list[tuple[Council, tuple[User, str] | None]]
    errors: list[RowError]


def create_councils(data: bytes) -> CouncilsImport:
    """Every council of a CSV file, or none: any invalid row means nothing is created and all are reported."""
    with transaction() as s:
        rows, errors = parse_councils_csv(data, *_taken(s))
        if errors:
            return CouncilsImport([], errors)
        if not rows:
            raise ApiError(422, "empty_import", "Tệp không có dòng dữ liệu nào.", "The file has no data rows.")
        return CouncilsImport([_add_council(s, row) for row in rows], [])


def archive_council(council_id: int) -> Council:
    """Archived: nobody of the council logs in any more (open logins end now); its records stay, readable
    in the public archive."""
    with transaction() as s:
        c = s.get(Council, council_id)
        if c is None:
            raise ApiError(404, "not_found", "Không tìm thấy hội đồng.", "Council not found.")
        c.archived = True
        s.execute(delete(LoginSession).where(LoginSession.user_id.in_(select(User.id).where(User.council_id == c.id))))
    return c


# Sessions sit above councils: the one question asked of them here reaches the table by name.
_sessions = table("sessions", column("id"), column("term_id"), column("status"))


def open_term(council_id: int, name: str, start_year: int, end_year: int, carry_over: list[int]) -> tuple[Term, int]:
    """A new term becomes current. The delegates named in `carry_over` (of the outgoing term) continue into it;
    the outgoing term keeps everyone who sat in it (TermMember). New delegates are then added or imported."""
    bad = term_years_error(start_year, end_year)
    if bad:
        raise ApiError(422, "invalid", *bad, field="start_year")
    with transaction() as s:
        if s.get(Council, council_id) is None:
            raise ApiError(404, "not_found", "Không tìm thấy hội đồng.", "Council not found.")
        old = current_term(s, council_id)
        if old and s.scalar(select(_sessions.c.id).where(_sessions.c.term_id == old.id,
                                                       _sessions.c.status.in_(("published", "in_progress")))):
            raise conflict("session_under_way", "Khóa hiện hành còn kỳ họp đã công bố hoặc đang diễn ra; "
                           "hãy bế mạc hoặc đưa về bản nháp trước khi mở khóa mới.",
                           "The current term has a session published or in progress; close it or take it back to "
                           "draft before opening a new term.")
        if s.scalar(select(Term.id).where(Term.council_id == council_id, Term.name == name)):
            raise conflict("term_exists", f"Khóa «{name}» đã có.", f"Term «{name}» already exists.", field="name")
        if old and start_year < old.start_year:
            raise ApiError(422, "invalid", "Khóa mới không thể bắt đầu trước khóa hiện hành.",
                           "A new term cannot start before the current one.", field="start_year")
        carried = []
        if carry_over:
            if old is None:
                raise ApiError(422, "invalid", "Chưa có khóa hiện hành để chuyển tiếp.", "There is no current term to carry over from.",
                               field="carry_over")
            carried = s.scalars(delegates_of(council_id, old.id).where(User.id.in_(carry_over))).all()
            if len(carried) != len(set(carry_over)):
                raise ApiError(422, "invalid", "Chỉ chuyển tiếp được đại biểu của khóa hiện hành.",
                               "Only delegates of the current term can be carried over.", field="carry_over")
        s.execute(update(Term).where(Term.council_id == council_id).values(current=False))
        term = Term(council_id=council_id, name=name, start_year=start_year, end_year=end_year, current=True)
        s.add(term)
        s.flush()
        for u in carried:
            u.term_id = term.id
    return term, len(carried)
