from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UTCDateTime, utcnow


class Note(Base):
    """A reader's private note on a document (page None) or one of its pages, written on one version.

    Not part of the record (no __record__): never on the chain, in a bundle or the minutes; only its author
    reads it. `uuid` is made by the tablet, so a note written offline and sent again is the same note."""

    __tablename__ = "notes"
    __table_args__ = (UniqueConstraint("uuid"),)  # made by the tablet (a UUID): one note, whoever asks

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    uuid: Mapped[str] = mapped_column(String(36))
    version_number: Mapped[int]
    page: Mapped[int | None]
    text: Mapped[str] = mapped_column(Text)  # may be empty when the note is a highlight only
    ink: Mapped[list | None] = mapped_column(JSON)  # the page's highlight strokes (rules.clean_ink)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
