from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user
from sqlalchemy import select

from server.accounts.authz import require, scoped_get
from server.accounts.models import SPEAKER_ROLES, User
from server.accounts.rules import can
from server.accounts.service import user_json
from server.councils import service
from server.councils.models import LEVELS, Council, Group, Term
from server.councils.rules import (DEFAULT_LIMITS_S, IMPORTABLE_ROLES, USERNAME_RE, MemberRow, group_kind,
                                   role_change_refused)
from server.councils.rules import limits as speaking_limits
from server.councils.shapes import COUNCIL, COUNCIL_INFO, COUNCIL_SETTINGS, INITIAL_PASSWORD, MEMBER, TERM
from server.db import db, transaction
from server.errors import ApiError, forbidden, invalid
from server.shapes import INT, STR, arr, null, obj
from server.validation import Field, accepts, body, returns

bp = Blueprint("councils", __name__, url_prefix="/api")

MAX_CSV_BYTES = 1_000_000
MEMBER_FIELDS = {
    "username": Field("text", required=True, max_len=64, label_vi="Tên đăng nhập", label_en="Username"),
    "full_name": Field("text", required=True, max_len=200, label_vi="Họ và tên", label_en="Full name"),
    "role": Field("enum", required=True, choices=IMPORTABLE_ROLES, label_vi="Vai trò", label_en="Role"),
    "title": Field("text", max_len=200, label_vi="Chức vụ", label_en="Title"),
    "constituency": Field("text", max_len=200, label_vi="Đơn vị bầu cử", label_en="Constituency"),
    "active": Field("bool"),
    "password": Field("secret", max_len=256, label_vi="Mật khẩu", label_en="Password"),
    "groups": Field("texts", max_len=200, label_vi="Nhóm", label_en="Groups"),
}


def member_json(user: User, groups: list[dict], private: bool) -> dict:
    return {**user_json(user, private=private), "groups": groups, "term_id": user.term_id}


@bp.get("/council")
@require()
@returns(COUNCIL_INFO)
def council():
    s = db()
    c = s.get(Council, current_user.council_id)
    term = service.current_term(s, c.id)
    groups = s.scalars(select(Group).where(Group.council_id == c.id).order_by(Group.kind, Group.name)).all()
    return jsonify({
        "id": c.id, "name": c.name, "level": c.level, "quorum": [c.quorum_num, c.quorum_den],
        "term": term and {"id": term.id, "name": term.name, "start_year": term.start_year, "end_year": term.end_year},
        "delegates": service.delegate_count(s, c.id, term.id) if term else 0,
        "groups": [{"id": g.id, "kind": g.kind, "name": g.name} for g in groups],
        "speaking_limits": speaking_limits(c.speaking_limits),
    })


@bp.patch("/council")
@require("council.settings")
@accepts({"quorum_num": Field("int", min=1, max=99, label_vi="Tử số", label_en="Numerator"),
          "quorum_den": Field("int", min=1, max=99, label_vi="Mẫu số", label_en="Denominator"),
          "speaking_limits": Field("any", label_vi="Thời gian phát biểu", label_en="Speaking limits")}, partial=True)
@returns(COUNCIL_SETTINGS)
def update_council():
    """The council's own rules: the quorum fraction and the time profile for speeches (seconds per kind)."""
    data = body()
    limits_in = data.get("speaking_limits")
    if limits_in is not None and not (isinstance(limits_in, dict) and set(limits_in) <= set(DEFAULT_LIMITS_S) and all(
            isinstance(v, int) and not isinstance(v, bool) and 10 <= v <= 3600 for v in limits_in.values())):
        raise invalid("speaking_limits", "Thời gian phát biểu: mỗi loại từ 10 đến 3600 giây.",
                      "Speaking limits: 10 to 3600 seconds per kind.")
    with transaction() as s:
        c = s.get(Council, current_user.council_id)
        num, den = data.get("quorum_num") or c.quorum_num, data.get("quorum_den") or c.quorum_den
        if num > den:
            raise invalid("quorum_num", "Tỷ lệ túc số không được lớn hơn 1.", "The quorum fraction must not exceed 1.")
        c.quorum_num, c.quorum_den = num, den
        if limits_in is not None:
            c.speaking_limits = limits_in
    return jsonify({"quorum": [c.quorum_num, c.quorum_den], "speaking_limits": speaking_limits(c.speaking_limits)})


@bp.get("/members")
@require()
@returns(obj({"members": arr(MEMBER)}))
def members():
    s = db()
    query = select(User).where(User.council_id == current_user.council_id).order_by(User.full_name)
    private = can(current_user.role, "members.read_all")
    if not private:  # others see the council's delegates and guests, not staff accounts
        query = query.where(User.role.in_(SPEAKER_ROLES), User.active.is_(True))
    users = s.scalars(query).all()
    groups = service.groups_of(s, current_user.council_id, [u.id for u in users])
    return jsonify({"members": [member_json(u, groups.get(u.id, []), private) for u in users]})


def _check_member(data: dict) -> dict:
    if "username" in data:
        data["username"] = data["username"].lower()
        if not USERNAME_RE.match(data["username"]):
            raise invalid("username", "Tên đăng nhập phải dài 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch.",
                          "Username must be 3–64 characters: lowercase letters, digits, dot, dash, underscore.")
    if data.get("password") and len(data["password"]) < 8:
        raise invalid("password", "Mật khẩu phải dài ít nhất 8 ký tự.", "Password must be at least 8 characters.")
    for g in data.get("groups") or []:
        if group_kind(g) is None:
            raise invalid("groups", f"Nhóm không hợp lệ: «{g[:60]}».", f"Invalid group: «{g[:60]}».")
    return data


def _role_allowed(old: str | None, new: str, own_account: bool) -> None:
    refused = role_change_refused(can(current_user.role, "roles.assign"), own_account, old, new)
    if refused:
        raise ApiError(403, "forbidden", *refused)


@bp.post("/members")
@require("members.manage")
@accepts(MEMBER_FIELDS, status=201)
@returns(obj({"member": MEMBER, "initial_password": null(STR)}))
def create_member():
    data = _check_member(body())
    _role_allowed(None, data["role"], own_account=False)
    row = MemberRow(data["username"], data["full_name"], data["role"], data.get("title") or "",
                    data.get("constituency") or "", data.get("groups") or [], data.get("password") or "")
    user, password = service.create_member(current_user.council_id, row)
    groups = service.groups_of(db(), user.council_id, [user.id])
    return jsonify({"member": member_json(user, groups.get(user.id, []), True),
                    "initial_password": password}), 201


@bp.patch("/members/<int:user_id>")
@require("members.manage")
@accepts({k: v for k, v in MEMBER_FIELDS.items() if k != "username"}, partial=True)
@returns(obj({"member": MEMBER}))
def update_member(user_id: int):
    user = scoped_get(User, user_id, "Không tìm thấy thành viên.", "Member not found.")
    if user.role == "operator" and not can(current_user.role, "councils.administer"):
        raise forbidden()
    if user.role == "admin" and not can(current_user.role, "admins.manage"):
        raise ApiError(403, "forbidden", "Chỉ quản trị viên mới sửa được tài khoản quản trị.",
                       "Only an administrator may edit an administrator account.")
    data = _check_member(body())
    if user.id == current_user.id and data.get("active") is False:
        raise invalid("active", "Bạn không thể tự khóa tài khoản của mình.", "You cannot deactivate your own account.")
    if "role" in data:
        _role_allowed(user.role, data["role"], own_account=user.id == current_user.id)
    user = service.update_member(user, data, current_user.id)
    groups = service.groups_of(db(), user.council_id, [user.id])
    return jsonify({"member": member_json(user, groups.get(user.id, []), True)})


@bp.post("/members/import")
@require("members.manage")
@accepts(raw="multipart/form-data")
@returns(obj({"imported": INT, "members": arr(obj({"username": STR, "full_name": STR, "initial_password": null(STR)}))}))
def import_members():
    upload = request.files.get("file")
    if upload is None:
        raise invalid("file", "Chưa chọn tệp CSV.", "No CSV file was sent.")
    data = upload.stream.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        raise ApiError(413, "too_large", "Tệp CSV quá lớn (tối đa 1 MB).", "The CSV file is too large (1 MB at most).")
    result = service.import_members(current_user.council_id, data, can(current_user.role, "roles.assign"))
    if result.errors:
        n = len(result.errors)
        err = ApiError(422, "import_invalid", f"Không nhập dòng nào: tệp có {n} lỗi.", f"Nothing imported: the file has {n} errors.")
        return jsonify({**err.body(), "imported": 0, "errors": [e.as_json() for e in result.errors]}), 422
    return jsonify({"imported": len(result.created),
                    "members": [{"username": u.username, "full_name": u.full_name, "initial_password": pw}
                                for u, pw in result.created]})


# --- councils and terms, administered ---------------------------------------------------------------------
COUNCIL_FIELDS = {
    "name": Field("text", required=True, max_len=200, label_vi="Tên hội đồng", label_en="Name"),
    "level": Field("enum", required=True, choices=LEVELS, label_vi="Cấp", label_en="Level"),
    "term_name": Field("text", required=True, max_len=100, label_vi="Khóa", label_en="Term"),
    "term_start_year": Field("int", required=True, min=1945, max=2999, label_vi="Năm bắt đầu", label_en="Start year"),
    "term_end_year": Field("int", required=True, min=1945, max=2999, label_vi="Năm kết thúc", label_en="End year"),
    "quorum_num": Field("int", min=1, max=99, label_vi="Tử số túc số", label_en="Quorum numerator"),
    "quorum_den": Field("int", min=1, max=99, label_vi="Mẫu số túc số", label_en="Quorum denominator"),
    "admin_username": Field("text", max_len=64, label_vi="Tài khoản quản trị", label_en="Administrator's username"),
    "admin_full_name": Field("text", max_len=200, label_vi="Họ tên quản trị", label_en="Administrator's name"),
}


@bp.get("/councils")
@require("councils.administer")
@returns(obj({"councils": arr(COUNCIL)}))
def list_councils():
    """Every council of the deployment (the operator's view)."""
    s = db()
    return jsonify({"councils": [service.council_json(s, c) for c in service.list_councils(s)]})


@bp.post("/councils")
@require("councils.administer")
@accepts(COUNCIL_FIELDS, status=201)
@returns(obj({"council": COUNCIL, "admin": null(INITIAL_PASSWORD)}))
def create_council():
    """A new council with its current term and, if a username is given, its first administrator."""
    data = body()
    council, admin = service.create_council(
        data["name"], data["level"], data["term_name"], data["term_start_year"], data["term_end_year"],
        (data["quorum_num"] or 2, data["quorum_den"] or 3), data["admin_username"] or "", data["admin_full_name"] or "")
    return jsonify({"council": service.council_json(db(), council),
                    "admin": admin and {"username": admin[0].username, "initial_password": admin[1]}}), 201


@bp.post("/councils/<int:council_id>/archive")
@require("councils.administer")
@returns(obj({"council": COUNCIL}))
def archive_council(council_id: int):
    """No more logins for the council's accounts; its sessions and records stay."""
    if council_id == current_user.council_id:
        raise invalid("council_id", "Không thể lưu trữ hội đồng của chính mình.", "You cannot archive your own council.")
    return jsonify({"council": service.council_json(db(), service.archive_council(council_id))})


@bp.get("/terms")
@require("terms.manage")
@returns(obj({"terms": arr(TERM)}))
def list_terms():
    s = db()
    terms = s.scalars(select(Term).where(Term.council_id == current_user.council_id).order_by(Term.start_year.desc()))
    return jsonify({"terms": [service.term_json(s, t) for t in terms]})


@bp.post("/terms")
@require("terms.manage")
@accepts({"name": Field("text", required=True, max_len=100, label_vi="Tên khóa", label_en="Name"),
          "start_year": Field("int", required=True, min=1945, max=2999, label_vi="Năm bắt đầu", label_en="Start year"),
          "end_year": Field("int", required=True, min=1945, max=2999, label_vi="Năm kết thúc", label_en="End year"),
          "carry_over": Field("ids", label_vi="Đại biểu tiếp tục", label_en="Delegates carried over")}, status=201)
@returns(obj({"term": TERM, "carried_over": INT}))
def open_term():
    """A new term of the council becomes current; the delegates listed in carry_over continue into it."""
    data = body()
    term, carried = service.open_term(current_user.council_id, data["name"], data["start_year"], data["end_year"],
                                      data["carry_over"] or [])
    return jsonify({"term": service.term_json(db(), term), "carried_over": carried}), 201
