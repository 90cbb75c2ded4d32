from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UTCDateTime, utcnow

# operator: administers the deployment's councils (creates, archives); belongs to the council it was made in
# agency: answers what is sent to its agency (users.agency_id), nothing else of the council
ROLES = ("admin", "secretary", "chair", "delegate", "guest", "display", "operator", "agency")
DELEGATE_ROLES = ("chair", "delegate")  # the chair is a delegate too: counted, votes, checks in
# who may be given the floor (an agency's official answers questions); also who the council lists to all
SPEAKER_ROLES = ("chair", "delegate", "guest", "agency")


class User(Base):
    """A person (or the hall display) with a login, belonging to one council."""

    __tablename__ = "users"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("council_id", "term_id", "username", "full_name", "role", "title", "constituency", "active",
                  "must_change_password", "agency_id")
    __record_digest__ = ("password_hash",)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    term_id: Mapped[int | None] = mapped_column(ForeignKey("terms.id"), index=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200), default="")  # chức vụ
    constituency: Mapped[str] = mapped_column(String(200), default="")  # đơn vị bầu cử
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))  # role agency: the one it answers for
    active: Mapped[bool] = mapped_column(default=True)
    # a password set by someone else is good for one login only: the owner chooses their own first
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_delegate(self) -> bool:
        return self.role in DELEGATE_ROLES


class LoginSession(Base):
    """A server-side login: the cookie carries a random token whose hash is kept here, so logging out
    or deactivating the account ends it everywhere."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LoginFailure(Base):
    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    ip: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
