"""Questioning (chất vấn) between and in sessions: the slips delegates write to a named official, the issue
groups the standing committee makes of them and selects for a meeting, the answers (live at the meeting, or in
writing by a deadline) and what officials commit to (lời hứa), followed to done. Every table is on the record."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UTCDateTime, utcnow


class QuestionGroup(Base):
    """An issue group (nhóm vấn đề) of slips for one meeting's questioning; when selected, it becomes a sub-item
    of the questioning item, with `official_id` preset as the one who answers."""

    __tablename__ = "question_groups"
    __record__ = ("council_id", "session_id", "title", "official_id", "selected", "agenda_item_id", "position")

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    official_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    selected: Mapped[bool] = mapped_column(default=False)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(default=0)


class QuestionSlip(Base):
    """Phiếu chất vấn: a delegate's question to a named official (an agency account), for a session or meeting or
    not yet placed, citing voter petition cases and perhaps following up an earlier slip (tái chất vấn)."""

    __tablename__ = "question_slips"
    __record__ = ("council_id", "author_id", "official_id", "session_id", "case_ids", "follows_up_id", "group_id",
                  "status", "answer_deadline", "answered_by_id", "answered_at", "public", "created_at")
    __record_digest__ = ("text", "answer_text")

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    official_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    case_ids: Mapped[list] = mapped_column(JSON, default=list)  # petition cases cited
    follows_up_id: Mapped[int | None] = mapped_column(ForeignKey("question_slips.id"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("question_groups.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="submitted", index=True)  # rules.SLIP_STATUSES
    answer_deadline: Mapped[date | None] = mapped_column(Date)  # a written answer is due by this day
    answer_text: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    public: Mapped[bool] = mapped_column(default=False)  # the council publishes it (and its answer) to the public
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Commitment(Base):
    """Lời hứa: what an official committed to, in an answer or an explanation, by a deadline; followed to done."""

    __tablename__ = "commitments"
    __record__ = ("council_id", "session_id", "slip_id", "group_id", "official_id", "deadline", "status", "done_on",
                  "public", "created_by_id", "created_at")
    __record_digest__ = ("text", "progress")

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id"), index=True)  # where it was made
    slip_id: Mapped[int | None] = mapped_column(ForeignKey("question_slips.id"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("question_groups.id", ondelete="SET NULL"))
    official_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)  # open, done
    done_on: Mapped[date | None] = mapped_column(Date)
    progress: Mapped[str] = mapped_column(Text, default="")  # what the official or the office reported
    public: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
