"""The counting committee (Ban kiểm phiếu) and its key ceremony (docs/ballots.md "The committee's key").

The secretary or the chair appoints 3–7 delegates of the session; their tablets then join (tap 1), deal
(automatic) and confirm (tap 2). Each step here checks what the server can check — the points, the
proofs, who is asking — and records it on the session's chain; no step ever sees a share in the clear.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.accounts.models import User
from server.db import transaction
from server.errors import ApiError, conflict
from server.journal import Event, record
from server.sessions.members import members_of as sitting_members
from server.sessions.models import CouncilSession
from server.voting import elgamal, threshold
from server.voting.models import CountingKey, KeyMember, Poll


def ceremony_context(key: CountingKey) -> str:
    return f"ceremony:{key.id}:{key.session_id}"


def current_key(s: Session, session_id: int) -> CountingKey | None:
    return s.scalar(select(CountingKey).where(CountingKey.session_id == session_id, CountingKey.status != "replaced")
                    .order_by(CountingKey.id.desc()).limit(1))


def members_of(s: Session, key_id: int) -> list[KeyMember]:
    return list(s.scalars(select(KeyMember).where(KeyMember.key_id == key_id).order_by(KeyMember.number)))


def committee_json(s: Session, key: CountingKey | None, full: bool = False) -> dict | None:
    """The committee and how far its ceremony is; `full` adds the public parts every tablet needs to deal,
    confirm and verify (transport keys, deals with their encrypted shares, verification keys, proofs)."""
    if key is None:
        return None
    rows = s.execute(select(KeyMember, User.full_name).join(User, User.id == KeyMember.user_id)
                     .where(KeyMember.key_id == key.id).order_by(KeyMember.number)).all()
    members = []
    for m, name in rows:
        out = {"number": m.number, "user_id": m.user_id, "full_name": name, "joined": m.transport_key is not None,
               "dealt": m.deal is not None, "confirmed": m.share_proof is not None, "complaint": m.complaint}
        if full:
            out.update(transport_key=m.transport_key, deal=m.deal, verification_key=m.verification_key,
                       share_proof=m.share_proof)
        members.append(out)
    return {"key_id": key.id, "session_id": key.session_id, "status": key.status, "threshold": key.threshold,
            "size": len(members), "public_key": key.public_key, "context": ceremony_context(key), "members": members}


def appoint(cs: CouncilSession, actor_id: int, user_ids: list[int]) -> Event:
    """A new committee and ceremony; the previous one is replaced unless a poll still needs it."""
    if not threshold.MIN_MEMBERS <= len(user_ids) <= threshold.MAX_MEMBERS or len(set(user_ids)) != len(user_ids):
        raise ApiError(422, "invalid", "Ban kiểm phiếu gồm từ 3 đến 7 đại biểu khác nhau.",
                       "The counting committee has 3 to 7 different delegates.", field="members")
    with transaction() as s:
        cs = s.merge(cs)
        if cs.status == "closed":
            raise conflict("session_closed", "Kỳ họp đã bế mạc.", "The session is closed.")
        eligible = set(s.scalars(sitting_members(cs).with_only_columns(User.id)
                                 .where(User.id.in_(user_ids))))
        if eligible != set(user_ids):
            raise ApiError(422, "invalid", "Thành viên Ban kiểm phiếu phải là đại biểu của kỳ họp.",
                           "Committee members must be delegates of the session.", field="members")
        old = current_key(s, cs.id)
        if old is not None:
            if s.scalar(select(Poll.id).where(Poll.key_id == old.id, Poll.status.in_(("open", "counting")))):
                raise conflict("committee_in_use", "Ban kiểm phiếu đang kiểm một cuộc bỏ phiếu, chưa thay được.",
                               "The committee is counting a poll and cannot be replaced now.")
            old.status = "replaced"
        key = CountingKey(council_id=cs.council_id, session_id=cs.id, threshold=threshold.threshold(len(user_ids)),
                          status="joining", created_by_id=actor_id)
        s.add(key)
        s.flush()
        s.add_all(KeyMember(key_id=key.id, number=i, user_id=uid, council_id=cs.council_id)
                  for i, uid in enumerate(user_ids, start=1))
        return record(s, cs, actor_id, "committee.appointed",
                      {"key_id": key.id, "members": user_ids, "threshold": key.threshold})


def _step(s: Session, cs: CouncilSession, user_id: int, status: str) -> tuple[CountingKey, KeyMember]:
    """The session's ceremony, which must be at `status`, and the caller's place in it."""
    key = current_key(s, cs.id)
    if key is None:
        raise conflict("no_committee", "Kỳ họp chưa có Ban kiểm phiếu.", "The session has no counting committee.")
    # the key row is the ceremony's lock: two members finishing a step at once cannot both miss the last
    key = s.scalar(select(CountingKey).where(CountingKey.id == key.id).with_for_update())
    member = s.scalar(select(KeyMember).where(KeyMember.key_id == key.id, KeyMember.user_id == user_id))
    if member is None:
        raise ApiError(403, "not_on_committee", "Bạn không thuộc Ban kiểm phiếu.",
                       "You are not on the counting committee.")
    if key.status != status:
        raise conflict("ceremony_step", "Bước này của việc tạo khóa đã qua hoặc chưa đến.",
                       "This step of the key ceremony is over or not yet due.", step=key.status)
    return key, member


def _refused(e: elgamal.ProofError, field: str) -> ApiError:
    return ApiError(422, "invalid_proof", "Dữ liệu khóa không hợp lệ, không được ghi nhận.",
                    f"Invalid key material, not recorded: {e}.", field=field)


def join(cs: CouncilSession, user_id: int, transport_key: str) -> Event:
    """Tap 1: the member's transport key (its secret stays on the tablet)."""
    with transaction() as s:
        key, member = _step(s, cs, user_id, "joining")
        if member.transport_key is not None:
            raise conflict("already_done", "Bạn đã tham gia tạo khóa.", "You have already joined the ceremony.")
        try:
            if elgamal.point(transport_key) == elgamal.IDENTITY or transport_key in {
                    m.transport_key for m in members_of(s, key.id)}:
                raise elgamal.ProofError("a transport key must be new and not the identity")
        except elgamal.ProofError as e:
            raise _refused(e, "transport_key") from None
        member.transport_key = transport_key
        s.flush()
        if all(m.transport_key for m in members_of(s, key.id)):
            key.status = "dealing"
        return record(s, s.merge(cs), user_id, "committee.joined", {"key_id": key.id, "number": member.number})


def deal(cs: CouncilSession, user_id: int, dealt: dict) -> Event:
    """Automatic after everyone joined: the member's commitments and shares, encrypted to each member."""
    with transaction() as s:
        key, member = _step(s, cs, user_id, "dealing")
        members = members_of(s, key.id)
        try:
            threshold.check_deal(ceremony_context(key), key.threshold, [m.number for m in members], dealt)
            if any(m.deal and m.deal["commitments"][0] == dealt["commitments"][0] for m in members):
                raise elgamal.ProofError("a copy of another member's deal")
        except elgamal.ProofError as e:
            raise _refused(e, "deal") from None
        if member.deal is not None:
            raise conflict("already_done", "Bạn đã gửi phần khóa.", "You have already dealt.")
        member.deal = dealt
        s.flush()
        if all(m.deal for m in members):
            key.status = "confirming"
        return record(s, s.merge(cs), user_id, "committee.dealt", {"key_id": key.id, "number": member.number})


def confirm(cs: CouncilSession, user_id: int, proof: list | None, complaint: str | None) -> Event:
    """Tap 2: the member's tablet checked every share dealt to it and proves it holds its share — or reports
    a bad share, which fails the ceremony (the committee is appointed again)."""
    with transaction() as s:
        key, member = _step(s, cs, user_id, "confirming")
        if member.share_proof is not None:
            raise conflict("already_done", "Bạn đã xác nhận khóa.", "You have already confirmed.")
        if complaint:
            member.complaint, key.status = complaint, "failed"
            return record(s, s.merge(cs), user_id, "committee.failed",
                          {"key_id": key.id, "number": member.number, "complaint": complaint})
        members = members_of(s, key.id)
        deals = {m.number: m.deal for m in members}
        vk = threshold.verification_key(deals, member.number)
        try:
            threshold.check_knowledge(ceremony_context(key), vk, proof)
        except elgamal.ProofError as e:
            raise _refused(e, "proof") from None
        member.verification_key, member.share_proof = elgamal.hx(vk), proof
        s.flush()
        if all(m.share_proof for m in members):
            key.status, key.public_key = "ready", elgamal.hx(threshold.public_key(deals))
        return record(s, s.merge(cs), user_id, "committee.confirmed",
                      {"key_id": key.id, "number": member.number, "public_key": key.public_key})
