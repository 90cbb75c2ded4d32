from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UTCDateTime, utcnow


class Resolution(Base):
    """Nghị quyết: numbered per council and year, linked to the vote that passed it."""

    __tablename__ = "resolutions"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("session_id", "poll_id", "document_id", "year", "number", "normative", "code", "title",
                  "adopted_on")
    __table_args__ = (UniqueConstraint("council_id", "year", "number"), UniqueConstraint("poll_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), index=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    year: Mapped[int]
    number: Mapped[int]
    normative: Mapped[bool]  # văn bản quy phạm pháp luật: the year is part of its number
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(500))
    adopted_on: Mapped[date]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Minutes(Base):
    """Biên bản kỳ họp: drafted from the record, edited by the secretary; every save is a chain entry."""

    __tablename__ = "minutes"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("session_id", "updated_by_id")
    __record_digest__ = ("text",)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), unique=True)
    text: Mapped[str] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Conclusion(Base):
    """Thông báo kết luận of a meeting: drafted from the record (questions, answers, commitments, what an
    explanation settled), edited by the secretary, signed like the minutes; every save is a chain entry."""

    __tablename__ = "conclusions"
    __record__ = ("session_id", "updated_by_id")
    __record_digest__ = ("text",)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), unique=True)
    text: Mapped[str] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SignedPdf(Base):
    """A signed PDF of the minutes or of a resolution: signed here with the council office's certificate, or
    signed elsewhere and uploaded back. Kept, never replaced: the newest of a kind is the current one."""

    __tablename__ = "signed_pdfs"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("session_id", "resolution_id", "kind", "origin", "sha256", "size")

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), index=True)
    resolution_id: Mapped[int | None] = mapped_column(ForeignKey("resolutions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))     # minutes, resolution
    origin: Mapped[str] = mapped_column(String(16))   # signed (here), uploaded (signed elsewhere)
    sha256: Mapped[str] = mapped_column(String(64))   # the bytes, in the documents store
    size: Mapped[int]
    signatures: Mapped[list] = mapped_column(JSON, default=list)  # validation of each signature at receipt
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
