from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UTCDateTime, utcnow


class SessionEvent(Base):
    """Append-only record of every change to a session's state: who, what, when, at which seq — and a
    link in the council's hash chain (server/journal/chain.py), so that no entry can change unnoticed."""

    __tablename__ = "session_events"
    __table_args__ = (UniqueConstraint("session_id", "seq"), UniqueConstraint("council_id", "chain_seq"))

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id"), index=True)  # None: the council's
    seq: Mapped[int | None]                                                                  # own (members, roles)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    chain_seq: Mapped[int]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # what the transaction left of every record row it changed: [[table, id, {column: value} or None]];
    # the hash covers its SHA-256 (server/journal/tracking.py)
    state: Mapped[list | None] = mapped_column(JSON)
