"""Polls, ballots and the counting committee's key.

Secrecy by construction (server/voting/SECRECY.md, docs/ballots.md): a secret ballot is stored only as
the voter's tablet encrypted it, under the key of the session's counting committee; no plaintext choice
exists anywhere, so what any row, page, WAL frame or log line can pair with a voter is ciphertext. Only the
homomorphic total of a poll is decrypted, by k of the committee's n members.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, composite, mapped_column

from server.db import Base, UTCDateTime, utcnow
from server.voting.rules import Rule

# counting: closed to ballots, its encrypted total waiting for the committee (secret kinds)
STATUSES = ("draft", "open", "counting", "closed", "cancelled")


class Poll(Base):
    __tablename__ = "polls"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("session_id", "agenda_item_id", "kind", "title", "rule_base", "rule_num", "rule_den", "rule_strict",
                  "seats", "changeable", "duration_s", "status", "repeat_of_id", "total_snapshot", "present_snapshot",
                  "opened_at", "deadline", "closed_at", "counted_at", "result", "key_id")
    __record_digest__ = ("aggregate",)

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
    counted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when the result came (secret: after k)
    result: Mapped[dict | None] = mapped_column(JSON)
    key_id: Mapped[int | None] = mapped_column(ForeignKey("counting_keys.id"))  # secret kinds: the key it used
    aggregate: Mapped[list | None] = mapped_column(JSON)  # secret kinds, from closing: the encrypted totals
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PollOption(Base):
    """A candidate (election) or an office-holder (confidence rating)."""

    __tablename__ = "poll_options"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("poll_id", "position", "label")

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(300))


class PollVoter(Base):
    """Every delegate of the term at opening: present (entitled to vote) or absent, and whether they voted."""

    __tablename__ = "poll_voters"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("council_id", "present")

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


class EncryptedBallot(Base):
    """A voter's ballot as their tablet encrypted it, with its proofs; the last valid one counts. The voter
    is named (for "has voted", retries and recasting) next to ciphertext only."""

    __tablename__ = "encrypted_ballots"
    __table_args__ = (UniqueConstraint("poll_id", "tracker"),)

    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True)
    voter_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    tracker: Mapped[str] = mapped_column(String(64))
    ballot: Mapped[dict] = mapped_column(JSON)


class UsedCiphertext(Base):
    """Every ciphertext ever cast in a poll (its alpha), kept when a recast replaces the ballot: a ballot that
    reuses one — another voter's ballot copied, rearranged or in part — is refused (Helios' "weeding")."""

    __tablename__ = "used_ciphertexts"

    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True)
    alpha: Mapped[str] = mapped_column(String(64), primary_key=True)


class CountingKey(Base):
    """A key ceremony of a session's counting committee (Ban kiểm phiếu); `public_key` once every member
    confirmed. Appointing another committee starts a new ceremony; the old one stays for its polls."""

    __tablename__ = "counting_keys"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("session_id", "threshold", "status", "public_key")

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), index=True)
    threshold: Mapped[int]
    status: Mapped[str] = mapped_column(String(12), default="joining")  # joining, dealing, confirming, ready, failed, replaced
    public_key: Mapped[str | None] = mapped_column(String(64))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class KeyMember(Base):
    """A committee member's public part of the ceremony: transport key, deal, verification key, proof."""

    __tablename__ = "key_members"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("user_id", "transport_key", "verification_key", "complaint")
    __record_digest__ = ("deal", "share_proof")

    key_id: Mapped[int] = mapped_column(ForeignKey("counting_keys.id", ondelete="CASCADE"), primary_key=True)
    number: Mapped[int] = mapped_column(primary_key=True)  # 1..n, the x of the member's share
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    transport_key: Mapped[str | None] = mapped_column(String(64))
    deal: Mapped[dict | None] = mapped_column(JSON)
    verification_key: Mapped[str | None] = mapped_column(String(64))
    share_proof: Mapped[list | None] = mapped_column(JSON)
    complaint: Mapped[str | None] = mapped_column(String(300))


class PartialDecryption(Base):
    """A member's decryption factors of a poll's encrypted totals, with their proofs."""

    __tablename__ = "partial_decryptions"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("council_id",)
    __record_digest__ = ("partial",)

    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True)
    number: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    partial: Mapped[dict] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PollCorrection(Base):
    """A closed poll's result is final; a correction is a new record beside it, with who, when and why."""

    __tablename__ = "poll_corrections"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("poll_id", "author_id", "reason", "delegate_id", "choice", "at")

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(1000))
    delegate_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # open votes: whose choice
    choice: Mapped[str | None] = mapped_column(String(16))                  # ...and what it should read
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
