"""Server-side authorization helpers used by every route: login, role permissions, council scoping, and the one
door for someone invited to a meeting of a council (theirs or another's) that they are not otherwise part of."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import g
from flask_login import current_user
from sqlalchemy import column, select, table

from server.accounts.rules import INVITEE, can
from server.db import db
from server.errors import ApiError, forbidden, not_found


def unauthenticated() -> ApiError:
    return ApiError(401, "unauthenticated", "Bạn cần đăng nhập.", "Please log in.")


def password_change_required() -> ApiError:
    return ApiError(403, "password_change_required", "Hãy đặt mật khẩu mới trước khi tiếp tục.",
                    "Choose a new password before going on.")


# Sessions sit above accounts: the one question asked of them here (is this person invited to that session, and
# whose session is it) reaches the tables by name.
_sessions = table("sessions", column("id"), column("council_id"))
_invitees = table("session_invitees", column("session_id"), column("user_id"))


@dataclass(frozen=True)
class Invitation:
    """The request is an invitee's, in the one session they were admitted to: they act there as INVITEE, in the
    host council."""
    session_id: int
    council_id: int


def invitation_to(user, session_id: int | None) -> Invitation | None:
    """The user's invitation to that session, if they are invited and are not one of its council's own people
    (an agency's official of the council counts as invited: by role it sees no session)."""
    if session_id is None or not user.is_authenticated:
        return None
    host = db().scalar(select(_sessions.c.council_id).join(_invitees, _invitees.c.session_id == _sessions.c.id)
                       .where(_sessions.c.id == session_id, _invitees.c.user_id == user.id))
    if host is None or (host == user.council_id and can(user.role, "sessions.follow")):
        return None
    return Invitation(session_id, host)


def current_invitation() -> Invitation | None:
    return g.get("kyhop_invitation")


def acting_role() -> str:
    """The role the request acts in: INVITEE inside the session an invitee was admitted to, else the user's own."""
    return INVITEE if current_invitation() else current_user.role


def acting_council() -> int:
    """The council whose objects the request may reach: the host's for an admitted invitee, else the user's own."""
    inv = current_invitation()
    return inv.council_id if inv else current_user.council_id


def require(action: str | None = None, *, before_password_change: bool = False,
            invitees: bool | Callable[..., int | None] = False):
    """Route decorator: a logged-in user, and if `action` is given, a role allowed to do it. A login with a
    one-time password reaches only the routes marked `before_password_change` (choosing one, logging out).

    `invitees`: the route is open to someone invited to the session it is about — True: the `session_id` of the
    URL; a function: the session id read from the route's other arguments (a document's). An invitee acts there as
    INVITEE: `action` must be one that role may do, and they reach that session (sessions/web.py visible_session)
    and nothing else of the host council. A route that does not say so is closed to invitees."""

    def deco(fn):
        @wraps(fn)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                raise unauthenticated()
            if current_user.must_change_password and not before_password_change:
                raise password_change_required()
            g.kyhop_invitation = None
            if invitees:
                sid = kwargs.get("session_id") if invitees is True else invitees(**kwargs)
                inv = invitation_to(current_user, sid)
                if inv is not None:
                    if action and not can(INVITEE, action):
                        raise forbidden()
                    g.kyhop_invitation = inv
                    return fn(*args, **kwargs)
            if action and not can(current_user.role, action):
                raise forbidden()
            return fn(*args, **kwargs)

        wrapper.permission = action or "login"  # read by the OpenAPI description
        wrapper.invitees = bool(invitees)
        return wrapper

    return deco


def scoped_get(model, obj_id, vi: str = "Không tìm thấy.", en: str = "Not found."):
    """Load a row of the current user's council (an admitted invitee's: the host's — the route checked it belongs
    to their session); anything of another council does not exist for them."""
    row = db().scalar(select(model).where(model.id == obj_id, model.council_id == acting_council()))
    if row is None:
        raise not_found(vi, en)
    return row
