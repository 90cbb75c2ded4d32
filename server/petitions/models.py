"""Voter petitions (kiến nghị cử tri): the voter meetings they are heard at, the petitions as heard, the
cases they are merged into and followed as, the agencies that answer them, and the sample checks of cases
reported resolved. Every table but the reminders' log is on the record (the chain carries its rows). The
agencies that answer are the council's (server/councils/models.py Agency)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UTCDateTime, utcnow


class VoterMeeting(Base):
    """Tiếp xúc cử tri: where and when delegates met voters, and the meeting's record (biên bản)."""

    __tablename__ = "voter_meetings"
    __record__ = ("council_id", "held_on", "place", "constituency", "group_id", "voters", "delegate_ids",
                  "record_sha256", "record_filename")

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(300))
    constituency: Mapped[str] = mapped_column(String(200), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"))  # the delegate group (Tổ đại biểu)
    voters: Mapped[int] = mapped_column(default=0)  # how many voters came
    delegate_ids: Mapped[list] = mapped_column(JSON, default=list)  # the delegates present
    record_sha256: Mapped[str | None] = mapped_column(String(64))  # the biên bản, in the documents store
    record_filename: Mapped[str | None] = mapped_column(String(255))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PetitionCase(Base):
    """What is followed: one or more petitions, from one or more meetings, sent to one agency. `code` is given
    to the voters (the public page looks it up); a case merged into another keeps its code, which then leads
    to the case it went into."""

    __tablename__ = "petition_cases"
    __record__ = ("council_id", "code", "summary", "field", "level", "area", "committee_id", "status", "agency_id",
                  "deadline", "merged_into_id", "resolved_on", "created_at")  # created_at: the report's period
    __table_args__ = (UniqueConstraint("code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text)
    field: Mapped[str] = mapped_column(String(24), index=True)   # rules.FIELDS
    level: Mapped[str] = mapped_column(String(16))               # rules.LEVELS
    area: Mapped[str] = mapped_column(String(200), default="")   # the voters' area (xã, thôn, phường)
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"))  # the Ban that follows it
    status: Mapped[str] = mapped_column(String(16), index=True)  # rules.STATUSES
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    deadline: Mapped[date | None] = mapped_column(Date)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("petition_cases.id"))
    resolved_on: Mapped[date | None] = mapped_column(Date)  # when the agency last reported it resolved
    folded: Mapped[str] = mapped_column(Text, default="")   # summary and petitions' texts folded, for search
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Petition(Base):
    """One petition as heard at a meeting. Never merged away: it moves into the case it is merged into."""

    __tablename__ = "petitions"
    __record__ = ("council_id", "meeting_id", "case_id", "text", "area", "field", "level")

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("voter_meetings.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("petition_cases.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    area: Mapped[str] = mapped_column(String(200), default="")
    field: Mapped[str] = mapped_column(String(24))
    level: Mapped[str] = mapped_column(String(16))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CaseStep(Base):
    """The history of a case, one row per step: transferred, forwarded, answered (with the status the agency
    reports), reopened, merged, a sample finding. Append-only: a later step supersedes, nothing is edited."""

    __tablename__ = "petition_steps"
    __record__ = ("council_id", "case_id", "kind", "status", "agency_id", "deadline", "text", "files", "actor_id",
                  "at")  # at: when it was answered, shown to the voters

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("petition_cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))      # rules.STEP_KINDS
    status: Mapped[str] = mapped_column(String(16))    # the case's status after the step
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    deadline: Mapped[date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, default="")
    files: Mapped[list] = mapped_column(JSON, default=list)  # [{"filename", "sha256", "size"}] in the documents store
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Reminder(Base):
    """A reminder sent to an agency before a case's deadline: one per case, agency and deadline, whatever the channel
    managed (the product always; e-mail when SMTP is configured). Not the record: a delivery log."""

    __tablename__ = "petition_reminders"
    __table_args__ = (UniqueConstraint("case_id", "agency_id", "deadline"),)  # a case forwarded: its new agency too

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("petition_cases.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    deadline: Mapped[date] = mapped_column(Date)
    emailed: Mapped[bool] = mapped_column(default=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Sample(Base):
    """Giám sát xác suất: a committee or delegate group's random sample of the cases reported resolved. The
    draw is seeded from the hash of the chain entry before it (fixed before anyone could see the result), over
    the population it lists: anyone recomputes `picked` from the chain. One sample per group and round."""

    __tablename__ = "petition_samples"
    __record__ = ("council_id", "group_id", "round", "size", "population", "seed", "picked", "drawn_by_id", "at")
    __table_args__ = (UniqueConstraint("council_id", "group_id", "round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    round: Mapped[str] = mapped_column(String(40))  # e.g. "2026-Q4" or "Kỳ họp thứ 5"
    size: Mapped[int]
    population: Mapped[list] = mapped_column(JSON)  # the case ids drawn from, sorted
    seed: Mapped[str] = mapped_column(String(64))   # the hash of the chain entry before the draw
    picked: Mapped[list] = mapped_column(JSON)      # the case ids drawn, in draw order
    drawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Finding(Base):
    """What the sampling group found on site for one drawn case: confirmed resolved, or reopened."""

    __tablename__ = "petition_findings"
    __record__ = ("council_id", "sample_id", "case_id", "verdict", "text", "actor_id", "at")
    __table_args__ = (UniqueConstraint("sample_id", "case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("petition_samples.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("petition_cases.id"))
    verdict: Mapped[str] = mapped_column(String(16))  # confirmed | reopened
    text: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
