"""Polls and ballots.

Secrecy by construction (see server/voting/SECRECY.md): for secret kinds, *who has voted* lives in
poll_voters and *what was chosen* in secret_ballots, with nothing to join them — no voter id, no
timestamp, no autoincrement or insertion-ordered key on secret_ballots (random receipt as key, and on
SQLite a WITHOUT ROWID table, so rows are stored in receipt order, not arrival order).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, composite, mapped_column

from server.db import Base, UTCDateTime, utcnow
from server.voting.rules import Rule

STATUSES = ("draft", "open", "closed", "cancelled")


class Poll(Base):
    __tablename__ = "polls"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(500))
    rule_base: Mapped[str] = mapped_column(String(8), default="all")
    rule_num: Mapped[int] = mapped_column(default=1)
    rule_den: Mapped[int] = mapped_column(default=2)
    rule_strict: Mapped[bool] = mapped_column(default=True)
    rule: Mapped[Rule] = composite("rule_base", "rule_num", "rule_den", "rule_strict")  # the four columns as one value
    seats: Mapped[int | None]
    changeable: Mapped[bool] = mapped_column(default=False)
    duration_s: Mapped[int] = mapped_column(default=60)
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    repeat_of_id: Mapped[int | None] = mapped_column(ForeignKey("polls.id"))
    total_snapshot: Mapped[int | None]
    present_snapshot: Mapped[int | None]
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    result: Mapped[dict | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PollOption(Base):
    """A candidate (election) or an office-holder (confidence rating)."""

    __tablename__ = "poll_options"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(300))


class PollVoter(Base):
    """Every delegate of the term at opening: present (entitled to vote) or absent, and whether they voted."""

    __tablename__ = "poll_voters"

    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    present: Mapped[bool]
    has_voted: Mapped[bool] = mapped_column(default=False)


class OpenBallot(Base):
    """A named ballot of an open vote: public and archived by name."""

    __tablename__ = "open_ballots"
    __table_args__ = (UniqueConstraint("poll_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    choice: Mapped[str] = mapped_column(String(16))
    request_id: Mapped[str] = mapped_column(String(64))
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SecretBallot(Base):
    """A secret choice: its random receipt and the choice, nothing else."""

    __tablename__ = "secret_ballots"
    __table_args__ = {"sqlite_with_rowid": False}

    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True)
    receipt: Mapped[str] = mapped_column(String(64), primary_key=True)
    choice: Mapped[dict | list | str] = mapped_column(JSON)


class PollCorrection(Base):
    """A closed poll's result is final; a correction is a new record beside it, with who, when and why."""

    __tablename__ = "poll_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(1000))
    delegate_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # open votes: whose choice
    choice: Mapped[str | None] = mapped_column(String(16))                  # ...and what it should read
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
