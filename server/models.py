"""Imports every model so that the metadata is complete (Alembic, tests)."""
from server.accounts.models import LoginFailure, LoginSession, User  # noqa: F401
from server.agenda.models import AgendaItem  # noqa: F401
from server.archive.models import Conclusion, Minutes, Resolution, SignedPdf  # noqa: F401
from server.attendance.models import Attendance  # noqa: F401
from server.councils.models import Agency, Council, Group, GroupMember, Term, TermMember  # noqa: F401
from server.db import Base  # noqa: F401
from server.documents.models import Document, DocumentPage, DocumentVersion, StampedCopy  # noqa: F401
from server.journal.models import SessionEvent  # noqa: F401
from server.notes.models import Note  # noqa: F401
from server.petitions.models import CaseStep, Finding, Petition, PetitionCase, Reminder, Sample, VoterMeeting  # noqa: F401
from server.questioning.models import Commitment, QuestionGroup, QuestionSlip  # noqa: F401
from server.receipts.models import Receipt  # noqa: F401
from server.sessions.models import CouncilSession, SessionInvitee, Sitting  # noqa: F401
from server.speaking.models import FloorRequest, Speech, WrittenOpinion  # noqa: F401
from server.voting.models import OpenBallot, Poll, PollCorrection, PollOption, PollVoter  # noqa: F401
from server.voting.models import CountingKey, EncryptedBallot, KeyMember, PartialDecryption, UsedCiphertext  # noqa: F401


def include_name(name, type_, parent_names) -> bool:
    """For Alembic's comparison: what the migrations keep outside the models (the full-text index) is skipped."""
    from server.documents.models import not_a_model
    return not not_a_model(name)
