from __future__ import annotations

from flask import Blueprint, jsonify, request, session
from flask_login import current_user, login_user, logout_user

from server.accounts import service
from server.accounts.authz import require
from server.accounts.rules import permissions_of
from server.accounts.service import user_json
from server.accounts.shapes import LOGGED_OUT, ME
from server.errors import invalid
from server.security import csrf_token
from server.validation import Field, accepts, body, returns

bp = Blueprint("accounts", __name__, url_prefix="/api/auth")


class LoginUser:
    """What Flask-Login keeps: the account plus the login token that identifies this login."""

    def __init__(self, user, token: str):
        self.user, self.token = user, token

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return self.token

    def __getattr__(self, name):
        return getattr(self.user, name)


def me_json() -> dict:
    return {"user": user_json(current_user.user, private=True), "council": service.council_of(current_user.council_id),
            "permissions": permissions_of(current_user.role), "csrf_token": csrf_token()}


@bp.get("/me")
@returns(ME)
def me():
    if not current_user.is_authenticated:
        return jsonify({"user": None, "csrf_token": csrf_token()})
    return jsonify(me_json())


@bp.post("/login")
@accepts({"username": Field("text", required=True, max_len=64, label_vi="Tên đăng nhập", label_en="Username"),
          "password": Field("secret", required=True, max_len=256, label_vi="Mật khẩu", label_en="Password")})
@returns(ME)
def login():
    data = body()
    user, token = service.authenticate(data["username"], data["password"], request.remote_addr or "")
    session.clear()  # a fresh session on login: no fixation, new CSRF token
    session.permanent = True  # survives a tablet's browser restart, for PERMANENT_SESSION_LIFETIME
    login_user(LoginUser(user, token))
    return jsonify(me_json())


@bp.errorhandler(service.LoginThrottled)
def _throttled(err: service.LoginThrottled):
    resp = jsonify(err.body())
    resp.status_code = err.status
    resp.headers["Retry-After"] = str(err.wait)
    return resp


@bp.post("/password")
@require(before_password_change=True)
@accepts({"current_password": Field("secret", required=True, max_len=256, label_vi="Mật khẩu hiện tại",
                                    label_en="Current password"),
          "new_password": Field("secret", required=True, max_len=256, label_vi="Mật khẩu mới", label_en="New password")})
@returns(ME)
def change_password():
    """The owner chooses their password — after a reset, before anything else. Other logins end."""
    data = body()
    if len(data["new_password"]) < 8:
        raise invalid("new_password", "Mật khẩu phải dài ít nhất 8 ký tự.", "Password must be at least 8 characters.")
    service.change_password(current_user.id, current_user.token, data["current_password"], data["new_password"])
    user = service.load_user(current_user.token)
    login_user(LoginUser(user, current_user.token))
    return jsonify(me_json())


@bp.post("/logout")
@require(before_password_change=True)
@returns(LOGGED_OUT)
def logout():
    service.logout(current_user.token)
    logout_user()
    session.clear()
    return jsonify({"ok": True, "csrf_token": csrf_token()})
