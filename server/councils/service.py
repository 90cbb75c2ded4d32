"""Councils, terms, groups and members: one use case per function, one transaction each."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from server.accounts.models import DELEGATE_ROLES, User
from server.accounts.passwords import hash_password
from server.councils.models import Group, GroupMember, Term
from server.councils.rules import MemberRow, RowError, group_kind, parse_members_csv
from server.db import transaction
from server.errors import ApiError, conflict


def current_term(s: Session, council_id: int) -> Term | None:
    return s.scalar(select(Term).where(Term.council_id == council_id, Term.current.is_(True))
                    .order_by(Term.start_year.desc()).limit(1))


def delegates_of(council_id: int, term_id: int) -> Select:
    """Tổng số đại biểu: the council's active delegates (the chair among them) of the term — the legal base
    of quorum and of every threshold (docs/domain.md). A query of users; callers choose its columns and
    join what they need, but never narrow who is a delegate."""
    return select(User).where(User.council_id == council_id, User.term_id == term_id,
                              User.role.in_(DELEGATE_ROLES), User.active.is_(True))


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


def update_member(user: User, changes: dict) -> User:
    with transaction() as s:
        user = s.merge(user)
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


def import_members(council_id: int, data: bytes) -> ImportResult:
    """All rows or none: any invalid row means nothing is imported and every error is reported."""
    with transaction() as s:
        existing = set(s.scalars(select(User.username)))
        rows, errors = parse_members_csv(data, existing)
        if errors:
            return ImportResult([], errors)
        if not rows:
            raise ApiError(422, "empty_import", "Tệp không có dòng dữ liệu nào.", "The file has no data rows.")
        created = [_add_member(s, council_id, row) for row in rows]
    return ImportResult(created, [])

