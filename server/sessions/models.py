from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UTCDateTime, utcnow

PLENARY_KINDS = ("regular", "thematic", "extraordinary")  # kỳ họp: thường lệ, chuyên đề, bất thường
# meetings other than sessions: phiên họp Thường trực, phiên giải trình, họp Ban, giao ban (the province's standing
# committee with the communes'); their members are a group's (`group_id`) plus those invited (SessionInvitee)
MEETING_KINDS = ("standing", "explanation", "committee", "giao_ban")
KINDS = PLENARY_KINDS + MEETING_KINDS
STATUSES = ("draft", "published", "in_progress", "closed")


class CouncilSession(Base):
    """Kỳ họp. Also holds the live state: current item, pause, message, and `seq`, bumped in the same
    transaction as every change so that clients can tell whether they missed an event."""

    __tablename__ = "sessions"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("council_id", "term_id", "number", "kind", "title", "location", "start_date", "end_date", "status",
                  "current_item_id", "paused", "message", "opened_at", "closed_at", "public", "group_id", "series")
    __record_digest__ = ("seal_timestamp",)
    __table_args__ = (UniqueConstraint("council_id", "term_id", "series", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id"))
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    # what the number counts: "session" for every kỳ họp, else the meeting kind and its group ("standing:3")
    series: Mapped[str] = mapped_column(String(40), default="session", server_default="session")
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"))  # a meeting's members: this group's
    title: Mapped[str] = mapped_column(String(300))
    location: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[date]
    end_date: Mapped[date]
    status: Mapped[str] = mapped_column(String(16), default="draft")
    current_item_id: Mapped[int | None] = mapped_column(default=None)
    paused: Mapped[bool] = mapped_column(default=False)
    message: Mapped[str] = mapped_column(Text, default="")
    seq: Mapped[int] = mapped_column(default=0)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the council's chain head at bế mạc: the hash of the closing entry (so not itself among the record's
    # columns: verify checks it against that entry)
    sealed_hash: Mapped[str | None] = mapped_column(String(64))
    seal_timestamp: Mapped[bytes | None] = mapped_column(LargeBinary)  # an RFC 3161 token over the seal
    public: Mapped[bool] = mapped_column(default=False)  # shown in the public archive, without login
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Sitting(Base):
    """Phiên họp: a half-day plenary sitting of a session."""

    __tablename__ = "sittings"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("session_id", "date", "part", "title")

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    date: Mapped[date]
    part: Mapped[str] = mapped_column(String(16))  # morning / afternoon
    title: Mapped[str] = mapped_column(String(300), default="")


class SessionInvitee(Base):
    """Someone invited to one meeting who is not of its group: an official (an agency account) who answers or
    explains, or — at a giao ban — a member of another council of the deployment, who sees that meeting and
    nothing else of the host council. `council_id` is the host's (the tenant of the row)."""

    __tablename__ = "session_invitees"
    __record__ = ("council_id", "session_id", "user_id", "invited_at")

    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
