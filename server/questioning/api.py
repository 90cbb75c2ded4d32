"""Routes of questioning: parse, authorize (the permission table, then the scope: an official sees only what is
addressed to them), call the service, render. docs/questioning.md."""
from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import current_user

from server.accounts.authz import require
from server.db import db
from server.questioning import commitments, groups, render, rules, scope, slips
from server.questioning.shapes import APPLIED, BOARD, COMMITMENT, GROUP, OFFICIAL, SLIP
from server.sessions.web import visible_session
from server.shapes import arr, obj
from server.validation import Field, accepts, body, query, returns

bp = Blueprint("questioning", __name__, url_prefix="/api")

TEXT = Field("text", required=True, max_len=5000, multiline=True, label_vi="Nội dung", label_en="Text")
OFFICIAL_ID = Field("id", required=True, label_vi="Người được chất vấn", label_en="Official asked")
DEADLINE = Field("date", required=True, label_vi="Hạn", label_en="Deadline")
SESSION_ID = Field("id", label_vi="Kỳ họp, phiên họp", label_en="Session or meeting")


def _slip(slip) -> dict:
    return render.slips_json(db(), [slip], current_user)[0]


def _group(g) -> dict:
    return render.groups_json(db(), [g], current_user)[0]


def _commitment(c) -> dict:
    return render.commitments_json(db(), [c])[0]


@bp.get("/officials")
@require("questions.read")
@returns(obj({"officials": arr(OFFICIAL)}))
def list_officials():
    """The council's officials who can be asked (an official sees only themself)."""
    people = render.people(db(), [u.id for u in slips.officials(current_user, db())])
    return jsonify({"officials": [people[u.id] for u in slips.officials(current_user, db())]})


# ---- slips
@bp.get("/question-slips")
@require("questions.read")
@accepts(query={"session_id": Field("id", label_vi="Kỳ họp", label_en="Session"),
                "status": Field("enum", choices=rules.SLIP_STATUSES, label_vi="Trạng thái", label_en="Status"),
                "mine": Field("enum", choices=("1",), label_vi="Phiếu của tôi", label_en="Mine"),
                "official_id": Field("id", label_vi="Người được chất vấn", label_en="Official")})
@returns(obj({"slips": arr(SLIP)}))
def list_slips():
    return jsonify({"slips": render.slips_json(db(), slips.listing(current_user, query(), db()), current_user)})


@bp.post("/question-slips")
@require("questions.write")
@accepts({"official_id": OFFICIAL_ID, "text": TEXT,
          "session_id": SESSION_ID,
          "case_ids": Field("ids", label_vi="Kiến nghị cử tri", label_en="Petition cases"),
          "follows_up_id": Field("id", label_vi="Tái chất vấn phiếu", label_en="Follows up slip")}, status=201)
@returns(SLIP)
def write_slip():
    """A delegate's question to a named official, citing petition cases they may see."""
    return jsonify(_slip(slips.write(current_user, body()))), 201


@bp.get("/question-slips/<int:slip_id>")
@require("questions.read")
@returns(SLIP)
def get_slip(slip_id: int):
    return jsonify(_slip(scope.slip_for(current_user, slip_id)))


@bp.post("/question-slips/<int:slip_id>/withdraw")
@require("questions.write")
@accepts({})
@returns(SLIP)
def withdraw_slip(slip_id: int):
    """The author takes the slip back, until its group is selected."""
    return jsonify(_slip(slips.withdraw(current_user, slip_id)))


@bp.post("/question-slips/<int:slip_id>/written")
@require("questions.organize")
@accepts({"deadline": DEADLINE})
@returns(SLIP)
def ask_written(slip_id: int):
    """The official is asked to answer in writing by the deadline (after it, the slip is flagged overdue)."""
    return jsonify(_slip(slips.ask_written(current_user, slip_id, body()["deadline"])))


@bp.post("/question-slips/<int:slip_id>/answer")
@require("questions.answer")
@accepts({"text": Field("text", required=True, max_len=20000, multiline=True, label_vi="Nội dung trả lời",
                        label_en="Answer")})
@returns(SLIP)
def answer_slip(slip_id: int):
    """The addressed official's written answer."""
    return jsonify(_slip(slips.answer(current_user, slip_id, body()["text"])))


@bp.post("/question-slips/<int:slip_id>/publish")
@require("questions.organize")
@accepts({"public": Field("bool", required=True, label_vi="Công khai", label_en="Public")})
@returns(SLIP)
def publish_slip(slip_id: int):
    return jsonify(_slip(slips.publish(current_user, slip_id, body()["public"])))


# ---- a meeting's questioning: groups, selection, the agenda
@bp.get("/sessions/<int:session_id>/questioning")
@require("questions.read")
@returns(BOARD)
def questioning(session_id: int):
    cs = scope.board_session(current_user, session_id)
    s = db()
    found, unplaced, earlier = groups.board(current_user, cs, s)
    return jsonify({"groups": render.groups_json(s, found, current_user),
                    "unplaced": render.slips_json(s, unplaced, current_user),
                    "earlier_commitments": render.commitments_json(s, earlier)})


GROUP_FIELDS = {"title": Field("text", required=True, max_len=300, label_vi="Tên nhóm vấn đề", label_en="Issue group"),
                "official_id": OFFICIAL_ID,
                "slip_ids": Field("ids", label_vi="Phiếu chất vấn", label_en="Slips")}


@bp.post("/sessions/<int:session_id>/question-groups")
@require("questions.organize")
@accepts(GROUP_FIELDS, status=201)
@returns(GROUP)
def create_group(session_id: int):
    visible_session(session_id)
    return jsonify(_group(groups.create(current_user, session_id, body()))), 201


@bp.patch("/question-groups/<int:group_id>")
@require("questions.organize")
@accepts({**GROUP_FIELDS, "selected": Field("bool", label_vi="Được chọn", label_en="Selected")}, partial=True)
@returns(GROUP)
def update_group(group_id: int):
    return jsonify(_group(groups.update(current_user, group_id, body())))


@bp.delete("/question-groups/<int:group_id>")
@require("questions.organize")
@accepts(status=204)
def delete_group(group_id: int):
    """The group is undone (not once on the agenda); its slips go back to unplaced."""
    groups.delete(current_user, group_id)
    return "", 204


@bp.post("/sessions/<int:session_id>/questioning/apply")
@require("questions.organize")
@accepts({"agenda_item_id": Field("id", required=True, label_vi="Mục chất vấn", label_en="Questioning item")})
@returns(APPLIED)
def apply_selection(session_id: int):
    """Each selected group not yet applied: a sub-item of the questioning item, its slips' authors waiting for
    the floor, its official the answerer."""
    visible_session(session_id)
    applied = groups.apply(current_user, session_id, body()["agenda_item_id"])
    return jsonify({"items": [{"group_id": g.id, "agenda_item_id": g.agenda_item_id} for g in applied]})


# ---- commitments
@bp.get("/commitments")
@require("questions.read")
@accepts(query={"status": Field("enum", choices=rules.COMMITMENT_STATUSES, label_vi="Trạng thái", label_en="Status"),
                "official_id": Field("id", label_vi="Người hứa", label_en="Official"),
                "session_id": Field("id", label_vi="Kỳ họp", label_en="Session")})
@returns(obj({"commitments": arr(COMMITMENT)}))
def list_commitments():
    return jsonify({"commitments": render.commitments_json(db(), commitments.listing(current_user, query(), db()))})


@bp.post("/commitments")
@require("questions.organize")
@accepts({"official_id": OFFICIAL_ID, "text": TEXT, "deadline": DEADLINE,
          "session_id": SESSION_ID,
          "slip_id": Field("id", label_vi="Phiếu chất vấn", label_en="Slip"),
          "group_id": Field("id", label_vi="Nhóm vấn đề", label_en="Issue group")}, status=201)
@returns(COMMITMENT)
def make_commitment():
    """What an official committed to, with its deadline."""
    return jsonify(_commitment(commitments.make(current_user, body()))), 201


@bp.patch("/commitments/<int:commitment_id>")
@require("questions.organize")
@accepts({"status": Field("enum", choices=rules.COMMITMENT_STATUSES, label_vi="Trạng thái", label_en="Status"),
          "progress": Field("text", max_len=5000, multiline=True, label_vi="Tiến độ", label_en="Progress"),
          "text": Field("text", max_len=5000, multiline=True, label_vi="Nội dung", label_en="Text"),
          "deadline": Field("date", label_vi="Hạn", label_en="Deadline"),
          "public": Field("bool", label_vi="Công khai", label_en="Public")}, partial=True)
@returns(COMMITMENT)
def update_commitment(commitment_id: int):
    return jsonify(_commitment(commitments.update(current_user, commitment_id, body())))


@bp.post("/commitments/<int:commitment_id>/progress")
@require("questions.answer")
@accepts({"progress": Field("text", required=True, max_len=5000, multiline=True, label_vi="Tiến độ",
                            label_en="Progress")})
@returns(COMMITMENT)
def report_progress(commitment_id: int):
    """The official reports progress on their own commitment."""
    return jsonify(_commitment(commitments.progress(current_user, commitment_id, body()["progress"])))
