"""Server-side authorization helpers used by every route: login, role permissions, council scoping."""
from __future__ import annotations

from functools import wraps

from flask_login import current_user
from sqlalchemy import select

from server.accounts.rules import can
from server.db import db
from server.errors import ApiError, forbidden, not_found


def unauthenticated() -> ApiError:
    return ApiError(401, "unauthenticated", "Bạn cần đăng nhập.", "Please log in.")


def password_change_required() -> ApiError:
    return ApiError(403, "password_change_required", "Hãy đặt mật khẩu mới trước khi tiếp tục.",
                    "Choose a new password before going on.")


def require(action: str | None = None, *, before_password_change: bool = False):
    """Route decorator: a logged-in user, and if `action` is given, a role allowed to do it. A login with a
    one-time password reaches only the routes marked `before_password_change` (choosing one, logging out)."""

    def deco(fn):
        @wraps(fn)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                raise unauthenticated()
            if current_user.must_change_password and not before_password_change:
                raise password_change_required()
            if action and not can(current_user.role, action):
                raise forbidden()
            return fn(*args, **kwargs)

        wrapper.permission = action or "login"  # read by the OpenAPI description
        return wrapper

    return deco


def scoped_get(model, obj_id, vi: str = "Không tìm thấy.", en: str = "Not found."):
    """Load a row of the current user's council; anything of another council does not exist for them."""
    row = db().scalar(select(model).where(model.id == obj_id, model.council_id == current_user.council_id))
    if row is None:
        raise not_found(vi, en)
    return row
