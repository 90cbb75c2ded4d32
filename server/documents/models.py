from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UTCDateTime, utcnow
from server.documents.rules import ACCESS  # noqa: F401 - the access levels, defined with who reads them

# tờ trình, dự thảo nghị quyết, báo cáo thẩm tra, ý kiến UBND, phụ lục, báo cáo, khác
KINDS = ("submission", "draft_resolution", "review_report", "ubnd_opinion", "annex", "report", "other")


class Document(Base):
    __tablename__ = "documents"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("session_id", "agenda_item_id", "title", "kind", "access", "current_version")

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(24))
    access: Mapped[str] = mapped_column(String(16))
    current_version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DocumentVersion(Base):
    """One uploaded file; the bytes live content-addressed under the documents folder by their SHA-256."""

    __tablename__ = "document_versions"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("document_id", "number", "sha256", "size", "pages", "filename")
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int]
    pages: Mapped[int]
    filename: Mapped[str] = mapped_column(String(255))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # the PDF's signatures as validated at upload (server/archive/signing.py); None: not signed
    signatures: Mapped[list | None] = mapped_column(JSON)


class DocumentPage(Base):
    """Extracted text per page, and the same folded for search without diacritics."""

    __tablename__ = "document_pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id", ondelete="CASCADE"), index=True)
    page: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    folded: Mapped[str] = mapped_column(Text)


class StampedCopy(Base):
    """A confidential document as served to one reader, with their name and a trace code on every page."""

    __tablename__ = "stamped_copies"
    __table_args__ = (UniqueConstraint("version_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    trace_code: Mapped[str] = mapped_column(String(32), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# The full-text index of the pages (migrations 0008, 0011) is not a model: on SQLite an FTS5 table (and its
# shadow tables, document_pages_fts_*) kept in step by triggers, on PostgreSQL a generated tsvector column and
# its GIN index. The comparison of models with migrations (and autogenerate) leaves these names alone.
FTS_NAMES = ("document_pages_fts", "folded_tsv", "ix_document_pages_fts")


def not_a_model(name: str | None) -> bool:
    return bool(name) and name.startswith(FTS_NAMES)
