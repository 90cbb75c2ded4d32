"""Test data built through the models: councils with terms, delegates, staff and a session with an agenda."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from server.accounts.models import User
from server.accounts.passwords import hash_password
from server.agenda.models import AgendaItem
from server.councils.models import Council, Term
from server.db import transaction
from server.sessions.models import CouncilSession

PASSWORD = "mat-khau-thu-nghiem"
_HASH = hash_password(PASSWORD)  # one Argon2 run for every test account


@dataclass
class CouncilData:
    council_id: int
    term_id: int
    session_id: int
    item_ids: list[int]
    users: dict[str, int] = field(default_factory=dict)  # username -> id
    prefix: str = ""

    def delegates(self) -> list[str]:
        return [u for u in self.users if u.startswith(f"{self.prefix}db")]


def build_council(app, prefix: str = "a", delegates: int = 6, status: str = "published",
                  name: str | None = None) -> CouncilData:
    """A council with a chair, `delegates - 1` delegates, secretary, admin, guest, display, and a session."""
    with app.app_context(), transaction() as s:
        c = Council(name=name or f"HĐND xã {prefix.upper()}", level="commune")
        s.add(c)
        s.flush()
        term = Term(council_id=c.id, name="Khóa I", start_year=2026, end_year=2031)
        s.add(term)
        s.flush()
        users = {}

        def add(username, role, full_name, delegate=False):
            u = User(council_id=c.id, term_id=term.id if delegate else None, username=username, full_name=full_name,
                     role=role, password_hash=_HASH)
            s.add(u)
            s.flush()
            users[username] = u.id

        add(f"{prefix}admin", "admin", "Quản trị")
        add(f"{prefix}thuky", "secretary", "Thư Ký Một")
        add(f"{prefix}chutich", "chair", "Chủ Tịch Xã", delegate=True)
        for i in range(1, delegates):
            add(f"{prefix}db{i:02d}", "delegate", f"Đại Biểu Số {i}", delegate=True)
        add(f"{prefix}khach", "guest", "Khách Mời")
        add(f"{prefix}manhinh", "display", "Màn hình")
        cs = CouncilSession(council_id=c.id, term_id=term.id, number=1, kind="regular", title="Kỳ họp thứ nhất",
                            start_date=date(2026, 12, 1), end_date=date(2026, 12, 2), status=status)
        s.add(cs)
        s.flush()
        items = []
        for pos, (title, kind) in enumerate([("Khai mạc", "procedural"), ("Báo cáo kinh tế – xã hội", "report"),
                                             ("Thảo luận", "discussion_plenary"), ("Bế mạc", "procedural")]):
            it = AgendaItem(council_id=c.id, session_id=cs.id, position=pos, title=title, kind=kind)
            s.add(it)
            s.flush()
            items.append(it.id)
        return CouncilData(c.id, term.id, cs.id, items, users, prefix)


def add_operator(app, data: CouncilData) -> None:
    """The deployment's operator (administers every council), as an account of this council."""
    with app.app_context(), transaction() as s:
        u = User(council_id=data.council_id, username=f"{data.prefix}operator", full_name="Quản trị triển khai",
                 role="operator", password_hash=_HASH)
        s.add(u)
        s.flush()
        data.users[u.username] = u.id


def add_agency(app, data: CouncilData, name: str = "Sở Xây dựng", level: str = "province",
               username: str | None = None) -> int:
    """An agency of the council (answers petitions) with one account, `<prefix>coquan` unless named. Returns
    the agency's id."""
    from server.councils.models import Agency
    with app.app_context(), transaction() as s:
        agency = Agency(council_id=data.council_id, name=name, level=level, email="")
        s.add(agency)
        s.flush()
        u = User(council_id=data.council_id, username=username or f"{data.prefix}coquan", full_name=f"Cán bộ {name}",
                 role="agency", agency_id=agency.id, password_hash=_HASH)
        s.add(u)
        s.flush()
        data.users[u.username] = u.id
        return agency.id
