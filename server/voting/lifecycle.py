"""A poll's life: prepared (draft), opened with a snapshot of who may vote, closed (by the chair or at its
deadline) and judged by its rule — for the secret kinds, once k members of the counting committee have
decrypted its encrypted totals — cancelled, repeated as a new poll, corrected by a new record."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.agenda.models import AgendaItem
from server.attendance.service import presence
from server.db import db, transaction, utcnow
from server.errors import ApiError, conflict, invalid
from server.journal import Event, record
from server.sessions.models import CouncilSession
from server.voting import elgamal, rules, threshold
from server.voting.committee import current_key
from server.voting.counting import (PUBLISHED_LISTS, board_digest, encrypted_totals, open_tally, options_of,
                                    poll_context, secret_result, trackers_of)
from server.voting.models import CountingKey, KeyMember, PartialDecryption, Poll, PollCorrection, \
    PollOption, PollVoter


def create_poll(cs: CouncilSession, actor_id: int, spec: rules.PollSpec, data: dict) -> Poll:
    """A draft poll from its checked spec (kind, rule, seats, options) and its title, item, duration. Without
    a title it takes its agenda item's: a vote prepared from the item it decides."""
    with transaction() as s:
        cs = s.merge(cs)
        if cs.status == "closed":
            raise conflict("session_closed", "Kỳ họp đã bế mạc.", "The session is closed.")
        item_title = None
        if data.get("agenda_item_id") is not None:
            item_title = s.scalar(select(AgendaItem.title).where(AgendaItem.id == data["agenda_item_id"],
                                                                 AgendaItem.session_id == cs.id))
            if item_title is None:
                raise ApiError(422, "invalid", "Mục chương trình không thuộc kỳ họp này.",
                               "The agenda item is not of this session.", field="agenda_item_id")
        if not data.get("title"):
            if item_title is None:
                raise invalid("title", "Cần nội dung biểu quyết hoặc mục chương trình được biểu quyết.",
                              "Give what is voted on, or the agenda item voted on.")
            data = {**data, "title": item_title}
        p = Poll(council_id=cs.council_id, session_id=cs.id, created_by_id=actor_id, status="draft", kind=spec.kind,
                 rule=spec.rule, seats=spec.seats, **data)
        s.add(p)
        s.flush()
        s.add_all(PollOption(council_id=cs.council_id, poll_id=p.id, position=i, label=label)
                  for i, label in enumerate(spec.options))
    return p


def _session_of(s: Session, p: Poll) -> CouncilSession:
    return s.get(CouncilSession, p.session_id)


def open_poll(p: Poll, actor_id: int, acknowledge_small: bool, duration_s: int | None = None) -> Event:
    with transaction() as s:
        p = s.merge(p)
        cs = _session_of(s, p)
        if p.status != "draft":
            raise conflict("poll_not_draft", "Cuộc biểu quyết này đã được mở trước đó.", "This poll was already opened.")
        if cs.status != "in_progress":
            raise conflict("session_not_in_progress", "Chỉ biểu quyết khi kỳ họp đang diễn ra.",
                           "Polls can be opened only while the session is in progress.")
        if s.scalar(select(Poll.id).where(Poll.session_id == cs.id, Poll.status == "open")):
            raise conflict("poll_already_open", "Đang có một cuộc biểu quyết khác.", "Another poll is open.")
        delegates = presence(s, cs)
        present = [uid for uid, st in delegates if st == "present"]
        if not present:
            raise conflict("nobody_present", "Chưa có đại biểu nào điểm danh.", "No delegate has checked in.")
        if p.kind in rules.SECRET_KINDS:
            key = current_key(s, cs.id)
            if key is None or key.status != "ready":
                raise conflict("committee_not_ready",
                               "Ban kiểm phiếu chưa tạo xong khóa: chưa thể mở bỏ phiếu kín.",
                               "The counting committee has not finished its key: a secret poll cannot open yet.")
            p.key_id = key.id
        if rules.needs_small_electorate_warning(p.kind, len(present)) and not acknowledge_small:
            raise conflict("small_electorate",
                           f"Chỉ có {len(present)} đại biểu bỏ phiếu: nếu kết quả tuyệt đối, mọi lựa chọn sẽ bị lộ. "
                           "Xác nhận để tiếp tục.",
                           f"Only {len(present)} voters: a unanimous result would reveal every choice. "
                           "Confirm to go ahead.", voters=len(present))
        s.add_all(PollVoter(poll_id=p.id, user_id=uid, council_id=p.council_id, present=st == "present")
                  for uid, st in delegates)
        now = utcnow()
        p.duration_s = duration_s or p.duration_s
        p.status, p.opened_at, p.opened_by_id = "open", now, actor_id
        p.deadline = now + timedelta(seconds=p.duration_s)
        p.total_snapshot, p.present_snapshot = len(delegates), len(present)
        s.flush()
        key = {"key_id": p.key_id, "public_key": s.get(CountingKey, p.key_id).public_key} if p.key_id else {}
        # what the poll asks, in the entry a bundle publishes: its motion and names cannot be rewritten there
        return record(s, cs, actor_id, "poll.opened", {"poll_id": p.id, "title": p.title, "kind": p.kind,
                                                       "options": {o.id: o.label for o in options_of(s, p.id)},
                                                       "total": p.total_snapshot, "present": p.present_snapshot,
                                                       **key})


def close_poll(p: Poll, actor_id: int | None) -> Event | None:
    """Close (by the chair, or at the deadline with no actor). Safe to race: only one closer wins. An open
    vote is judged at once; a secret kind's ballots are added up encrypted and wait for the committee."""
    with transaction() as s:
        now = utcnow()
        secret = p.kind in rules.SECRET_KINDS
        won = s.execute(update(Poll).where(Poll.id == p.id, Poll.status == "open")
                        .values(status="counting" if secret else "closed", closed_at=now,
                                closed_by_id=actor_id)).rowcount
        if not won:
            return None
        p = s.get(Poll, p.id)
        s.refresh(p)
        cs = _session_of(s, p)
        if secret:
            p.aggregate = encrypted_totals(s, p)
            trackers = trackers_of(s, p.id)
            return record(s, cs, actor_id, "poll.counting", {"poll_id": p.id, "auto": actor_id is None,
                                                             "cast": len(trackers),
                                                             **board_digest(trackers, p.aggregate)})
        p.result, p.counted_at = open_tally(s, p), now
        s.flush()
        return record(s, cs, actor_id, "poll.closed",
                      {"poll_id": p.id, "auto": actor_id is None, "result": _audit_result(p)})


def _audit_result(p: Poll) -> dict:
    """What the session record keeps of a result: the judgement, open votes by name; not the list of
    secret ballots' trackers (published beside the result)."""
    return {k: v for k, v in p.result.items() if k not in PUBLISHED_LISTS}


def decrypt(p: Poll, user_id: int, partial: dict) -> Event:
    """A committee member's confirmation: the decryption factors of the poll's totals with their proofs.
    The k-th computes the result and closes the poll for good."""
    with transaction() as s:
        p = s.scalar(select(Poll).where(Poll.id == p.id).with_for_update())  # one k-th, even when two arrive at once
        if p.status != "counting":
            raise conflict("poll_not_counting", "Cuộc bỏ phiếu này không chờ kiểm phiếu.",
                           "This poll is not waiting to be counted.")
        member = s.scalar(select(KeyMember).where(KeyMember.key_id == p.key_id, KeyMember.user_id == user_id))
        if member is None:
            raise ApiError(403, "not_on_committee", "Bạn không thuộc Ban kiểm phiếu.",
                           "You are not on the counting committee.")
        if s.get(PartialDecryption, (p.id, member.number)) is not None:
            raise conflict("already_done", "Bạn đã xác nhận kết quả kiểm phiếu.", "You have already confirmed.")
        if encrypted_totals(s, p) != p.aggregate:  # decrypt only the sum of the board, never anything else
            raise conflict("board_changed", "Bảng phiếu đã bị thay đổi sau khi kết thúc bỏ phiếu: không giải mã.",
                           "The board changed after the poll closed: nothing is decrypted.")
        try:
            threshold.check_partial(poll_context(p), elgamal.point(member.verification_key), p.aggregate, partial)
        except elgamal.ProofError as e:
            raise ApiError(422, "invalid_proof", "Phần giải mã không hợp lệ, không được ghi nhận.",
                           f"Invalid decryption, not recorded: {e}.", field="partial") from None
        s.add(PartialDecryption(poll_id=p.id, number=member.number, council_id=p.council_id, partial=partial))
        s.flush()
        parts = {d.number: d.partial for d in s.scalars(select(PartialDecryption)
                                                         .where(PartialDecryption.poll_id == p.id))}
        key = s.get(CountingKey, p.key_id)
        cs = _session_of(s, p)
        progress = {"poll_id": p.id, "number": member.number, "confirmed": len(parts), "needed": key.threshold}
        if len(parts) < key.threshold:
            return record(s, cs, user_id, "poll.decryption", progress)
        trackers = trackers_of(s, p.id)
        counts = threshold.combine(p.aggregate, parts, len(trackers))
        p.status, p.result, p.counted_at = "closed", secret_result(s, p, counts, trackers), utcnow()
        s.flush()
        return record(s, cs, user_id, "poll.closed", {**progress, "auto": False, "result": _audit_result(p)})


def cancel_poll(p: Poll, actor_id: int) -> Event:
    with transaction() as s:
        won = s.execute(update(Poll).where(Poll.id == p.id, Poll.status.in_(("draft", "open", "counting")))
                        .values(status="cancelled", closed_at=utcnow(), closed_by_id=actor_id)).rowcount
        if not won:
            raise conflict("poll_finished", "Cuộc biểu quyết đã kết thúc.", "The poll has already ended.")
        p = s.get(Poll, p.id)
        s.refresh(p)
        return record(s, _session_of(s, p), actor_id, "poll.cancelled", {"poll_id": p.id})


def repeat_poll(p: Poll, actor_id: int) -> Poll:
    """Biểu quyết lại: a new draft linked to the old poll, which stays in the archive as it was."""
    if p.status not in ("closed", "cancelled"):
        raise conflict("poll_not_finished", "Chỉ biểu quyết lại sau khi cuộc biểu quyết đã kết thúc.",
                       "A poll can be repeated only after it has ended.")
    with transaction() as s:
        labels = [o.label for o in options_of(s, p.id)]
        new = Poll(council_id=p.council_id, session_id=p.session_id, agenda_item_id=p.agenda_item_id, kind=p.kind,
                   title=p.title, rule=p.rule, seats=p.seats, changeable=p.changeable, duration_s=p.duration_s,
                   status="draft", repeat_of_id=p.id, created_by_id=actor_id)
        s.add(new)
        s.flush()
        s.add_all(PollOption(council_id=p.council_id, poll_id=new.id, position=i, label=label)
                  for i, label in enumerate(labels))
    return new


def close_due() -> list[Event]:
    """Close every open poll whose deadline has passed, in any council (run by the deadline keeper)."""
    s = db()
    due = s.scalars(select(Poll).where(Poll.status == "open", Poll.deadline <= utcnow())).all()
    s.commit()
    return [ev for ev in (close_poll(p, None) for p in due) if ev is not None]


def correct(p: Poll, actor_id: int, reason: str, delegate_id: int | None, choice: str | None) -> Event:
    """Record a correction to a closed poll. The result itself is never rewritten."""
    if p.status != "closed":
        raise conflict("poll_not_closed", "Chỉ đính chính cuộc biểu quyết đã kết thúc.", "Only a closed poll can be corrected.")
    if (delegate_id is None) != (choice is None):
        raise ApiError(422, "invalid", "Cần cả đại biểu và lựa chọn đính chính.", "Give both the delegate and the choice.",
                       field="choice")
    with transaction() as s:
        if delegate_id is not None:
            if p.kind != "open":
                raise ApiError(422, "invalid", "Phiếu kín không thể đính chính theo từng người.",
                               "A secret ballot cannot be corrected per voter.", field="delegate_id")
            if s.get(PollVoter, (p.id, delegate_id)) is None:
                raise ApiError(422, "invalid", "Đại biểu không thuộc cuộc biểu quyết này.",
                               "That delegate is not on this poll's roll.", field="delegate_id")
        c = PollCorrection(council_id=p.council_id, poll_id=p.id, author_id=actor_id, reason=reason,
                           delegate_id=delegate_id, choice=choice)
        s.add(c)
        s.flush()
        return record(s, _session_of(s, p), actor_id, "poll.corrected",
                      {"poll_id": p.id, "correction_id": c.id, "reason": reason, "delegate_id": delegate_id,
                       "choice": choice})
