from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint, event, false, inspect, select
from sqlalchemy.orm import Mapped, mapped_column, object_session

from server.accounts.models import User
from server.db import Base, UTCDateTime, utcnow
from server.journal import changed

LEVELS = ("province", "commune")
AGENCY_LEVELS = ("commune", "province", "national")  # whom a petition is for: xã, tỉnh, trung ương
GROUP_KINDS = ("standing", "committee", "delegate_group")  # Thường trực, Ban, Tổ đại biểu


class Council(Base):
    """The tenant: one People's Council. Everything else belongs to exactly one council."""

    __tablename__ = "councils"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("name", "level", "quorum_num", "quorum_den", "speaking_limits", "archived")
    __table_args__ = (CheckConstraint("quorum_num > 0 AND quorum_den > 0 AND quorum_num <= quorum_den", name="quorum"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))
    quorum_num: Mapped[int] = mapped_column(default=2)
    quorum_den: Mapped[int] = mapped_column(default=3)
    speaking_limits: Mapped[dict | None] = mapped_column(JSON)  # seconds per speech kind, over the defaults
    archived: Mapped[bool] = mapped_column(default=False, server_default=false())  # no more logins; records stay
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Term(Base):
    """Khóa / nhiệm kỳ: membership belongs to a term."""

    __tablename__ = "terms"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("council_id", "name", "start_year", "end_year", "current")

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    start_year: Mapped[int]
    end_year: Mapped[int]
    current: Mapped[bool] = mapped_column(default=True)


class Group(Base):
    __tablename__ = "groups"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("council_id", "kind", "name")
    __table_args__ = (UniqueConstraint("council_id", "kind", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))


class GroupMember(Base):
    __tablename__ = "group_members"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("council_id",)

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)


class TermMember(Base):
    """Who sat in a term as a delegate. Kept when the term is over, so that its records (quorum, roll,
    activity) stay as they were when delegates carry over into the next term. An account's `term_id` is its
    current term; joining one (account created, carried over) adds the row here (see below)."""

    __tablename__ = "term_members"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("council_id",)

    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)


class Agency(Base):
    """A body that answers petitions and questions (UBND, a department, a commune's UBND, the National
    Assembly delegation). Its accounts (role `agency`, `users.agency_id`) see only the cases sent to it."""

    __tablename__ = "agencies"
    __record__ = ("council_id", "name", "level", "email", "active")
    __table_args__ = (UniqueConstraint("council_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))  # AGENCY_LEVELS
    email: Mapped[str] = mapped_column(String(200), default="")  # where reminders go, if SMTP is configured
    active: Mapped[bool] = mapped_column(default=True)


@event.listens_for(User, "after_insert")
@event.listens_for(User, "after_update")
def _joined_term(_mapper, connection, user: User) -> None:
    if user.term_id is None or not inspect(user).attrs.term_id.history.has_changes():
        return
    members = TermMember.__table__
    if connection.execute(select(members.c.user_id).where(members.c.term_id == user.term_id,
                                                         members.c.user_id == user.id)).first() is None:
        connection.execute(members.insert().values(term_id=user.term_id, user_id=user.id, council_id=user.council_id))
        changed(object_session(user), TermMember, [user.term_id, user.id], user.council_id)
