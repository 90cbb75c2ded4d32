from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import current_user
from sqlalchemy import select

from server.accounts.authz import require, scoped_get
from server.accounts.rules import can
from server.db import db
from server.errors import ApiError
from server.sessions.models import CouncilSession
from server.sessions.rules import visible_to
from server.sessions.shapes import CHANGED
from server.sessions.web import changed, visible_session
from server.shapes import arr, null, obj
from server.validation import Field, accepts, body, returns
from server.voting import board, casting, committee, lifecycle, reading, rules
from server.voting.models import OpenBallot, Poll, PollVoter
from server.voting.shapes import BALLOT_ANSWER, BOARD, COMMITTEE, MY_VOTE, MY_VOTES, POLL

bp = Blueprint("voting", __name__, url_prefix="/api")

POLL_FIELDS = {
    # without a title, the poll takes its agenda item's (a vote prepared from the item)
    "title": Field("text", max_len=500, label_vi="Nội dung biểu quyết", label_en="Title"),
    "kind": Field("enum", required=True, choices=rules.KINDS, label_vi="Hình thức", label_en="Kind"),
    "agenda_item_id": Field("id", label_vi="Mục chương trình", label_en="Agenda item"),
    "preset": Field("enum", choices=tuple(rules.PRESETS), label_vi="Quy tắc", label_en="Rule preset"),
    "rule_base": Field("enum", choices=rules.BASES, label_vi="Cơ sở tính", label_en="Rule base"),
    "rule_num": Field("int", min=1, max=99, label_vi="Tử số", label_en="Numerator"),
    "rule_den": Field("int", min=1, max=99, label_vi="Mẫu số", label_en="Denominator"),
    "rule_strict": Field("bool", label_vi="Quá (không tính bằng)", label_en="Strictly more"),
    "changeable": Field("bool", label_vi="Cho phép sửa phiếu", label_en="Changeable"),
    "duration_s": Field("int", min=10, max=3600, label_vi="Thời gian (giây)", label_en="Duration (s)"),
    "seats": Field("int", min=1, max=50, label_vi="Số người cần bầu", label_en="Seats"),
    "options": Field("texts", max_len=300, label_vi="Danh sách", label_en="Options"),
}


def _poll(poll_id: int) -> Poll:
    p = scoped_get(Poll, poll_id, "Không tìm thấy cuộc biểu quyết.", "Poll not found.")
    cs = db().get(CouncilSession, p.session_id)
    if not visible_to(current_user.role, cs.status):
        raise ApiError(404, "not_found", "Không tìm thấy cuộc biểu quyết.", "Poll not found.")
    return p


@bp.post("/sessions/<int:session_id>/polls")
@require("polls.prepare")
@accepts(POLL_FIELDS, status=201)
@returns(obj({"poll": POLL}))
def create_poll(session_id: int):
    cs = visible_session(session_id)
    data = body()
    spec = rules.poll_spec(data.pop("kind"), data.pop("options") or [], data.pop("seats"), data.pop("preset"),
                           data.pop("rule_base"), data.pop("rule_num"), data.pop("rule_den"), data.pop("rule_strict"))
    data["changeable"] = bool(data["changeable"])
    data["duration_s"] = data["duration_s"] or 60
    p = lifecycle.create_poll(cs, current_user.id, spec, data)
    return jsonify({"poll": reading.poll_json(db(), p)}), 201


@bp.get("/sessions/<int:session_id>/polls")
@require()
@returns(obj({"polls": arr(POLL)}))
def list_polls(session_id: int):
    cs = visible_session(session_id)
    polls = db().scalars(select(Poll).where(Poll.session_id == cs.id).order_by(Poll.id)).all()
    if not can(current_user.role, "polls.prepare"):
        polls = [p for p in polls if p.status != "draft"]
    return jsonify({"polls": [reading.poll_json(db(), p) for p in polls]})


@bp.get("/polls/<int:poll_id>")
@require()
@returns(obj({"poll": POLL, "me": null(MY_VOTE)}))
def get_poll(poll_id: int):
    p = _poll(poll_id)
    if p.status == "draft" and not can(current_user.role, "polls.prepare"):
        raise ApiError(404, "not_found", "Không tìm thấy cuộc biểu quyết.", "Poll not found.")
    return jsonify({"poll": reading.poll_json(db(), p, full=True), "me": reading.my_vote(db(), p, current_user.id)})


@bp.post("/polls/<int:poll_id>/open")
@require("polls.run")
@accepts({"acknowledge_small": Field("bool", label_vi="Xác nhận", label_en="Acknowledge"),
          "duration_s": Field("int", min=10, max=3600, label_vi="Thời gian (giây)", label_en="Duration (s)")})
@returns(CHANGED)
def open_poll(poll_id: int):
    p = _poll(poll_id)
    data = body()
    ev = lifecycle.open_poll(p, current_user.id, bool(data["acknowledge_small"]), data["duration_s"])
    return changed(ev, db().get(CouncilSession, p.session_id))


@bp.post("/polls/<int:poll_id>/close")
@require("polls.run")
@returns(CHANGED)
def close_poll(poll_id: int):
    p = _poll(poll_id)
    ev = lifecycle.close_poll(p, current_user.id)
    return changed(ev, db().get(CouncilSession, p.session_id))


@bp.post("/polls/<int:poll_id>/cancel")
@require("polls.run")
@returns(CHANGED)
def cancel_poll(poll_id: int):
    p = _poll(poll_id)
    return changed(lifecycle.cancel_poll(p, current_user.id), db().get(CouncilSession, p.session_id))


@bp.post("/polls/<int:poll_id>/repeat")
@require("polls.run")
@accepts(status=201)
@returns(obj({"poll": POLL}))
def repeat_poll(poll_id: int):
    new = lifecycle.repeat_poll(_poll(poll_id), current_user.id)
    return jsonify({"poll": reading.poll_json(db(), new)}), 201


@bp.post("/polls/<int:poll_id>/corrections")
@require("polls.prepare")
@accepts({"reason": Field("text", required=True, max_len=1000, multiline=True, label_vi="Lý do", label_en="Reason"),
          "delegate_id": Field("id", label_vi="Đại biểu", label_en="Delegate"),
          "choice": Field("enum", choices=rules.ANSWERS, label_vi="Lựa chọn", label_en="Choice")}, status=201)
@returns(CHANGED)
def correct_poll(poll_id: int):
    p = _poll(poll_id)
    data = body()
    ev = lifecycle.correct(p, current_user.id, data["reason"], data["delegate_id"], data["choice"])
    return changed(ev, db().get(CouncilSession, p.session_id), 201)


@bp.post("/polls/<int:poll_id>/ballots")
@require("polls.vote")
@accepts({"request_id": Field("secret", required=True, max_len=64, label_vi="Mã yêu cầu", label_en="Request id"),
          "choice": Field("any", label_vi="Lựa chọn", label_en="Choice"),
          "ballot": Field("any", label_vi="Phiếu mã hóa", label_en="Encrypted ballot")})
@returns(BALLOT_ANSWER)
def cast(poll_id: int):
    """Cast a ballot: `choice` in an open vote; `ballot`, encrypted on the tablet with its proofs
    (docs/ballots.md), in the secret kinds. `request_id`: random, made by the tablet once per ballot,
    repeated on retries. Acknowledged only after the ballot is committed."""
    data = body()
    return jsonify(casting.cast(poll_id, current_user.user, data["choice"], data["ballot"], data["request_id"]))


@bp.post("/polls/<int:poll_id>/decryptions")
@require("committee.serve")
@accepts({"partial": Field("any", required=True, label_vi="Phần giải mã", label_en="Partial decryption")}, status=201)
@returns(CHANGED)
def decrypt(poll_id: int):
    """Xác nhận kết quả kiểm phiếu: a committee member's decryption of the poll's encrypted totals."""
    p = _poll(poll_id)
    ev = lifecycle.decrypt(p, current_user.id, body()["partial"])
    return changed(ev, db().get(CouncilSession, p.session_id), 201)


@bp.get("/polls/<int:poll_id>/board")
@require()
@returns(BOARD)
def get_board(poll_id: int):
    """The published board of a secret poll once it has closed: everything to recheck its result."""
    p = _poll(poll_id)
    if p.kind not in rules.SECRET_KINDS or p.key_id is None or p.status not in ("counting", "closed"):
        raise ApiError(404, "not_found", "Cuộc biểu quyết này không có bảng phiếu mã hóa.",
                       "This poll has no published board of encrypted ballots.")
    return jsonify({"board": board.board_json(db(), p)})


# --- the counting committee ----------------------------------------------------------------------------
@bp.get("/sessions/<int:session_id>/committee")
@require()
@returns(obj({"committee": null(COMMITTEE)}))
def get_committee(session_id: int):
    cs = visible_session(session_id)
    s = db()
    return jsonify({"committee": committee.committee_json(s, committee.current_key(s, cs.id), full=True)})


@bp.put("/sessions/<int:session_id>/committee")
@require("committee.appoint")
@accepts({"members": Field("ids", required=True, label_vi="Thành viên", label_en="Members")})
@returns(CHANGED)
def appoint_committee(session_id: int):
    cs = visible_session(session_id)
    return changed(committee.appoint(cs, current_user.id, body()["members"]), cs)


@bp.post("/sessions/<int:session_id>/committee/join")
@require("committee.serve")
@accepts({"transport_key": Field("secret", required=True, max_len=64, label_vi="Khóa", label_en="Transport key")})
@returns(CHANGED)
def join_committee(session_id: int):
    cs = visible_session(session_id)
    return changed(committee.join(cs, current_user.id, body()["transport_key"]), cs)


@bp.post("/sessions/<int:session_id>/committee/deal")
@require("committee.serve")
@accepts({"deal": Field("any", required=True, label_vi="Phần khóa", label_en="Deal")})
@returns(CHANGED)
def deal_committee(session_id: int):
    cs = visible_session(session_id)
    return changed(committee.deal(cs, current_user.id, body()["deal"]), cs)


@bp.post("/sessions/<int:session_id>/committee/confirm")
@require("committee.serve")
@accepts({"proof": Field("any", label_vi="Bằng chứng", label_en="Proof"),
          "complaint": Field("text", max_len=300, label_vi="Khiếu nại", label_en="Complaint")})
@returns(CHANGED)
def confirm_committee(session_id: int):
    cs = visible_session(session_id)
    data = body()
    return changed(committee.confirm(cs, current_user.id, data["proof"], data["complaint"] or None), cs)


@bp.get("/me/votes")
@require("polls.vote")
@returns(MY_VOTES)
def my_votes():
    """A delegate's own voting history: choices of open votes; for secret kinds, only that they took part."""
    s = db()
    rows = s.execute(select(Poll, PollVoter.present, PollVoter.has_voted, OpenBallot.choice)
                     .join(PollVoter, (PollVoter.poll_id == Poll.id) & (PollVoter.user_id == current_user.id))
                     .outerjoin(OpenBallot, (OpenBallot.poll_id == Poll.id) & (OpenBallot.user_id == current_user.id))
                     .where(Poll.council_id == current_user.council_id).order_by(Poll.opened_at.desc())).all()
    return jsonify({"votes": [{"poll_id": p.id, "session_id": p.session_id, "title": p.title, "kind": p.kind,
                               "status": p.status, "opened_at": p.opened_at and p.opened_at.isoformat(),
                               "present": present, "has_voted": voted, "choice": choice,
                               "passed": (p.result or {}).get("passed")}
                              for p, present, voted, choice in rows]})
