from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UTCDateTime, utcnow

REQUEST_STATUSES = ("waiting", "speaking", "done", "withdrawn", "removed")


class FloorRequest(Base):
    """Đăng ký phát biểu on an agenda item."""

    __tablename__ = "floor_requests"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("session_id", "agenda_item_id", "user_id", "kind", "replies_to_speech_id", "addressee", "subject",
                  "priority", "manual_position", "status")

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    replies_to_speech_id: Mapped[int | None]  # tranh luận: the speech answered (checked by the service)
    addressee: Mapped[str] = mapped_column(String(200), default="")  # chất vấn: the official asked
    subject: Mapped[str] = mapped_column(String(300), default="")
    priority: Mapped[bool] = mapped_column(default=False)  # the asker's follow-up after an answer
    manual_position: Mapped[float | None]
    status: Mapped[str] = mapped_column(String(12), default="waiting", index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Speech(Base):
    """One speech: who, what kind, on which item, when, for how long — the raw material of the minutes."""

    __tablename__ = "speeches"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("session_id", "agenda_item_id", "user_id", "kind", "request_id", "answers_speech_id", "addressee",
                  "subject", "limit_s", "added_s", "started_at", "paused_at", "paused_total_s", "ended_at", "duration_s",
                  "overrun_s")

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("floor_requests.id"))
    answers_speech_id: Mapped[int | None] = mapped_column(ForeignKey("speeches.id"))
    addressee: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(300), default="")
    limit_s: Mapped[int]
    added_s: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paused_total_s: Mapped[float] = mapped_column(default=0.0)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    duration_s: Mapped[int | None]
    overrun_s: Mapped[int | None]


class WrittenOpinion(Base):
    """Gửi ý kiến bằng văn bản: for delegates the list did not reach."""

    __tablename__ = "written_opinions"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("session_id", "agenda_item_id", "user_id")
    __record_digest__ = ("text",)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
