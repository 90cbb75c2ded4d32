"""The chair's console: open (khai mạc), move through the agenda, pause, message, close (bế mạc).

Commands are idempotent where a retried tap could otherwise do harm: next/previous name the item they
start from, so a request repeated after a Wi-Fi drop does not skip an item.
"""
from __future__ import annotations

import logging

from sqlalchemy import column, select, table

from server.agenda import rules as agenda_rules
from server.agenda.models import AgendaItem
from server.agenda.service import items_of, nodes
from server.attendance.service import counts
from server.db import transaction, utcnow
from server.errors import ApiError, conflict
from server.journal import Event, record
from server.sessions.models import CouncilSession
from server.sessions.service import require_in_progress
from server.timestamping import TimestampError, request_token, token_info

log = logging.getLogger(__name__)


def open_session(cs: CouncilSession, actor_id: int) -> Event | None:
    with transaction() as s:
        cs = s.merge(cs)
        if cs.status == "in_progress":
            return None
        if cs.status != "published":
            raise conflict("session_not_published", "Kỳ họp phải được công bố trước khi khai mạc.",
                           "The session must be published before it can be opened.")
        att = counts(s, cs)
        if not att["quorum_met"]:
            raise conflict("no_quorum",
                           f"Chưa đủ số đại biểu để khai mạc: có mặt {att['present']}/{att['total']}, "
                           f"cần ít nhất {att['required']}.",
                           f"Not enough delegates to open the session: {att['present']}/{att['total']} present, "
                           f"at least {att['required']} needed.", **att)
        cs.status, cs.opened_at, cs.paused = "in_progress", utcnow(), False
        if cs.current_item_id is None:
            cs.current_item_id = agenda_rules.step(agenda_rules.flatten(nodes(items_of(s, cs.id))), None, 0)
        return record(s, cs, actor_id, "session.opened", {"attendance": att})


# polls, reached by table name: the console sits beside voting, not above it
_polls = table("polls", column("id"), column("session_id"), column("status"))


def close_session(cs: CouncilSession, actor_id: int) -> Event | None:
    with transaction() as s:
        cs = s.merge(cs)
        if cs.status == "closed":
            return None
        require_in_progress(cs)
        if s.execute(select(_polls.c.id).where(_polls.c.session_id == cs.id,
                                               _polls.c.status.in_(("open", "counting")))).first():
            # its result must be on the record before the seal
            raise conflict("poll_unfinished", "Còn cuộc biểu quyết chưa có kết quả: kết thúc và kiểm phiếu trước khi bế mạc.",
                           "A poll has no result yet: close it and let it be counted before closing the session.")
        cs.status, cs.closed_at, cs.message = "closed", utcnow(), ""
        ev = record(s, cs, actor_id, "session.closed", {}, seal=True)
        # sealed: the chain head at closing; any later change to this record no longer leads to it
        cs.sealed_hash = ev.hash
        return ev


def timestamp_seal(cs: CouncilSession, actor_id: int, tsa_url: str) -> Event | None:
    """Have the seal time-stamped by the TSA (RFC 3161) and keep its token. Asked after the closing
    transaction, never inside it: a slow TSA holds no lock, and a TSA that is down does not stop the
    session from closing (None, logged; the secretary can ask again: POST …/seal/timestamp)."""
    with transaction() as s:
        sealed = s.scalar(select(CouncilSession.sealed_hash).where(CouncilSession.id == cs.id))
    if not sealed:
        raise conflict("not_sealed", "Kỳ họp chưa bế mạc nên chưa có dấu niêm phong.",
                       "The session is not closed, so it has no seal yet.")
    try:
        token = request_token(tsa_url, bytes.fromhex(sealed))
    except TimestampError as exc:
        log.warning("seal of session %s not time-stamped: %s", cs.id, exc)
        return None
    info = token_info(token)
    with transaction() as s:
        row = s.get(CouncilSession, cs.id)
        row.seal_timestamp = token
        return record(s, row, actor_id, "seal.timestamped", {"sealed_hash": row.sealed_hash, "time": info["time"],
                                                             "tsa": info["tsa"]})


def goto(cs: CouncilSession, actor_id: int, item_id: int) -> Event | None:
    with transaction() as s:
        cs = s.merge(cs)
        require_in_progress(cs)
        if s.scalar(select(AgendaItem.id).where(AgendaItem.id == item_id, AgendaItem.session_id == cs.id)) is None:
            raise ApiError(422, "invalid", "Mục này không thuộc chương trình kỳ họp.",
                           "That item is not on this session's agenda.", field="item_id")
        return _set_current(s, cs, actor_id, item_id)


def step(cs: CouncilSession, actor_id: int, delta: int, from_item_id: int | None) -> Event | None:
    """Next (+1) or previous (-1) from `from_item_id`; a no-op if the agenda already moved on from it."""
    with transaction() as s:
        cs = s.merge(cs)
        require_in_progress(cs)
        if from_item_id is not None and from_item_id != cs.current_item_id:
            return None
        target = agenda_rules.step(agenda_rules.flatten(nodes(items_of(s, cs.id))), cs.current_item_id, delta)
        return _set_current(s, cs, actor_id, target)


def _set_current(s, cs: CouncilSession, actor_id: int, item_id: int | None) -> Event | None:
    if item_id == cs.current_item_id:
        return None
    cs.current_item_id = item_id
    # the floor follows the agenda: the new item's queue comes with the move (server/live/events.py)
    return record(s, cs, actor_id, "agenda.current", {"item_id": item_id})


def set_paused(cs: CouncilSession, actor_id: int, paused: bool) -> Event | None:
    with transaction() as s:
        cs = s.merge(cs)
        require_in_progress(cs)
        if cs.paused == paused:
            return None
        cs.paused = paused
        return record(s, cs, actor_id, "session.paused" if paused else "session.resumed", {})


def set_message(cs: CouncilSession, actor_id: int, text: str) -> Event | None:
    with transaction() as s:
        cs = s.merge(cs)
        if cs.status not in ("published", "in_progress"):
            raise conflict("session_not_live", "Chỉ gửi thông báo khi kỳ họp đã công bố hoặc đang diễn ra.",
                           "Messages can be sent only while the session is published or in progress.")
        if cs.message == text:
            return None
        cs.message = text
        return record(s, cs, actor_id, "session.message", {"message": text})
