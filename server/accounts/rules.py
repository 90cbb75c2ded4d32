"""Who may do what: one table, checked on the server for every route and socket event, and sent to the
client (`GET /api/auth/me` lists the user's permissions), which asks it instead of knowing roles."""
from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta

STAFF = frozenset({"admin", "secretary"})
READERS = frozenset({"admin", "secretary", "chair", "delegate"})
EVERYONE = frozenset({"admin", "secretary", "chair", "delegate", "guest", "display"})
# Not an account's role: what someone invited to one meeting (an agency's official of the council, or — at a giao
# ban — a member of another council) acts as in that meeting, and only there (accounts/authz.py require). They
# follow it, read its documents that are not confidential, check in and ask for the floor; never vote, never count.
INVITEE = "invitee"
PERMISSIONS: dict[str, frozenset[str]] = {
    "members.read_all": frozenset({"admin", "secretary", "chair"}),
    "members.manage": STAFF,
    "roles.assign": frozenset({"admin"}),          # make someone chair or secretary, or stop them being one
    "admins.manage": frozenset({"admin"}),         # edit an administrator's account
    "council.settings": frozenset({"admin"}),
    "councils.administer": frozenset({"operator"}),  # every council of the deployment: create, list, archive
    "terms.manage": frozenset({"admin"}),          # open a new term of the own council, carry members over
    "activity.read": STAFF | {"chair"},
    "minutes.read": STAFF | {"chair", "delegate"},
    "minutes.sign": STAFF,               # sign the minutes and resolutions (PAdES), upload signed copies, stamp the seal
    "sessions.manage": STAFF,            # create/edit sessions and their agenda
    "sessions.read_drafts": STAFF | {"chair"},
    "sessions.follow": EVERYONE | {"operator", INVITEE},  # see the sessions (an agency: only those it is invited to)
    "session.control": frozenset({"chair"}),  # khai mạc, agenda, pause, messages, bế mạc
    "attendance.manage": STAFF | {"chair"},
    "attendance.check_in": frozenset({"chair", "delegate", INVITEE}),
    "polls.prepare": STAFF | {"chair"},
    "polls.run": frozenset({"chair"}),           # open, close, cancel, repeat
    "polls.vote": frozenset({"chair", "delegate"}),
    "committee.appoint": frozenset({"secretary", "chair"}),  # Ban kiểm phiếu of a session
    "committee.serve": frozenset({"chair", "delegate"}),     # key ceremony, confirming a count (if appointed)
    "floor.request": frozenset({"chair", "delegate", INVITEE}),  # guests speak when the chair invites them
    "floor.chair": frozenset({"chair"}),
    "opinions.read": STAFF | {"chair"},         # written opinions handed in instead of speaking
    "documents.read.public": EVERYONE | {INVITEE},
    "documents.read.delegates": READERS | {INVITEE},
    "documents.read.confidential": READERS,     # each reader gets a copy stamped with their name
    "notes.keep": READERS,                      # private notes on documents: their author's only, never the record
    "receipts.report": READERS,                 # the tablet says it has a document / opened it
    "receipts.read": STAFF | {"chair"},         # who has received and opened what (never another delegate)
    "live.follow": EVERYONE | {INVITEE},
    "live.board": frozenset({"admin", "secretary", "chair", "display"}),  # running counts (ballots cast)
    "hall.display": frozenset({"display"}),     # the hall screen's view of a session
    # voter petitions (server/petitions/): the office follows every case; delegates enter what they heard at a
    # meeting they attended and see their constituency's; an agency answers what was sent to it, nothing else
    "petitions.manage": STAFF,                  # meetings, classify, merge, transfer, reopen, agencies, report
    "petitions.follow": STAFF | {"chair", "delegate", "agency"},  # list and read cases (of their scope)
    "petitions.read": STAFF | {"chair"},        # every case of the council
    "petitions.own": frozenset({"chair", "delegate"}),  # the cases heard in their constituency
    "petitions.enter": STAFF | {"chair", "delegate"},   # petitions heard at a meeting (delegates: if present)
    "petitions.answer": frozenset({"agency"}),  # answer or forward a case sent to the own agency
    "petitions.oversee": STAFF | {"chair", "delegate"},  # sample checks (members of the checking group)
    # questioning (server/questioning/): delegates write slips to a named official; the standing committee (the
    # chair, the office) groups and selects them and records commitments; an official (an agency account) sees
    # and answers only what is addressed to them
    "questions.read": STAFF | {"chair", "delegate", "agency"},  # slips, answers, commitments (of their scope)
    "questions.write": frozenset({"chair", "delegate"}),       # a slip, a follow-up (tái chất vấn)
    "questions.organize": STAFF | {"chair"},   # group, select, ask for written answers, record commitments, publish
    "questions.answer": frozenset({"agency"}),  # answer in writing, report progress on a commitment
}


def permissions_of(role: str) -> list[str]:
    return sorted(action for action, roles in PERMISSIONS.items() if role in roles)


def can(role: str, action: str) -> bool:
    return role in PERMISSIONS[action]


def login_blocked(failures: list[datetime], now: datetime, max_failures: int, window_s: int) -> int:
    """Seconds to wait before another attempt, or 0: blocked once `max_failures` fell in the window."""
    recent = sorted(t for t in failures if now - t < timedelta(seconds=window_s))
    if len(recent) < max_failures:
        return 0
    unblock_at = recent[-max_failures] + timedelta(seconds=window_s)
    return max(1, int((unblock_at - now).total_seconds()))


# An address may fail this many times more than one (account, address) pair before it waits: a hall's
# tablets behind one NAT share it, and made-up names count against it.
ADDRESS_FAILURES_FACTOR = 10


def login_wait(failures: list[tuple[str, datetime]], username: str, now: datetime, max_failures: int,
               window_s: int) -> int:
    """Seconds before `username` may try again from an address, or 0, given the (username, at) failures
    from that address. The pair waits after `max_failures`, the address after ADDRESS_FAILURES_FACTOR
    times as many, whatever the names. Failures from other addresses never count: nobody can lock an
    account's owner out from elsewhere."""
    pair = login_blocked([at for name, at in failures if name == username], now, max_failures, window_s)
    address = login_blocked([at for _name, at in failures], now, max_failures * ADDRESS_FAILURES_FACTOR, window_s)
    return max(pair, address)


def address_key(ip: str) -> str:
    """What login failures are counted under: the IPv4 address, or an IPv6 address's /64 (one subscriber
    gets a whole /64 and could take a fresh address for every guess). Anything else as it is."""
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if addr.version == 6 and addr.ipv4_mapped:
        return str(addr.ipv4_mapped)
    if addr.version == 6:
        return str(ipaddress.ip_network(f"{addr}/64", strict=False))
    return str(addr)
