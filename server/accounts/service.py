"""Login, logout and login throttling; each function is one transaction."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, column, delete, select, table

from server.accounts.models import DELEGATE_ROLES, LoginFailure, LoginSession, User
from server.accounts.passwords import hash_password, needs_rehash, verify_password
from server.accounts.rules import address_key, login_wait
from server.db import transaction, utcnow
from server.errors import ApiError
from server.journal import record_council


def user_json(user, *, private: bool = False) -> dict:
    out = {"id": user.id, "full_name": user.full_name, "role": user.role, "title": user.title,
           "constituency": user.constituency, "active": user.active}
    if private:
        out["username"] = user.username
        out["must_change_password"] = bool(getattr(user, "must_change_password", False))
        if getattr(user, "agency_id", None):  # an agency's account: the agency it answers for
            out["agency_id"] = user.agency_id
    return out


def council_of(council_id: int) -> dict:
    with current_app.extensions["kyhop.engine"].connect() as conn:
        row = conn.execute(select(_councils).where(_councils.c.id == council_id)).one()
    return {"id": row.id, "name": row.name, "level": row.level}


# The tenant's row, reached by table name: accounts sit below the councils package that owns it.
_councils = table("councils", column("id"), column("name"), column("level"), column("archived"))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class LoginThrottled(ApiError):
    """429: too many failed logins from this address, or for this account from this address."""

    def __init__(self, wait: int):
        super().__init__(429, "login_throttled",
                         f"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {wait} giây.",
                         f"Too many failed logins. Try again in {wait} seconds.", retry_after=wait)
        self.wait = wait


def authenticate(username: str, password: str, ip: str) -> tuple[User, str]:
    """Check credentials under the failed-login throttle; return the user and a new login token.

    `ip` is the client's address (behind nginx: the one nginx saw, KYHOP_TRUSTED_PROXIES). Failures count
    against the address and the (account, address) pair, never against the account alone, so nobody can
    lock a delegate out from another address (rules.login_wait)."""
    cfg = current_app.config["KYHOP"]
    now = utcnow()
    address = address_key(ip)[:64]
    with transaction() as s:
        since = now - timedelta(seconds=cfg.login_window_s)
        failures = s.execute(select(LoginFailure.username, LoginFailure.at).where(
            LoginFailure.ip == address, LoginFailure.at > since)).all()
        wait = login_wait([(u, at) for u, at in failures], username, now, cfg.login_max_failures,
                          cfg.login_window_s)
        if wait:
            raise LoginThrottled(wait)
        user = s.scalar(select(User).where(User.username == username))
        ok = verify_password(user.password_hash if user else None, password)
        if ok and user.active and s.scalar(select(_councils.c.archived).where(_councils.c.id == user.council_id)):
            raise ApiError(403, "council_archived", "Hội đồng này đã được lưu trữ, không đăng nhập được nữa.",
                           "This council is archived; its accounts can no longer log in.")
        if not ok or not user.active:
            s.add(LoginFailure(username=username[:64], ip=address, at=now))
            token = None  # the failure is committed, then refused below
        else:
            token = _start_login(s, user, password, address, since)
    if token is None:
        raise _bad_credentials()
    return user, token


def _start_login(s, user: User, password: str, address: str, since) -> str:
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    # the owner's mistypes at this address are forgiven; the address's count (made-up names, other
    # accounts) and this account's failures at other addresses stay
    s.execute(delete(LoginFailure).where(LoginFailure.username == user.username, LoginFailure.ip == address))
    s.execute(delete(LoginFailure).where(LoginFailure.at < since))
    token = secrets.token_urlsafe(32)
    s.add(LoginSession(token_hash=token_hash(token), user_id=user.id))
    return token


def _bad_credentials() -> ApiError:
    return ApiError(401, "bad_credentials", "Tên đăng nhập hoặc mật khẩu không đúng.",
                    "Wrong username or password.")


@dataclass(frozen=True)
class Principal:
    """Who is making the request: a read-only copy of the account, not an ORM object."""

    id: int
    council_id: int
    username: str
    full_name: str
    role: str
    title: str
    constituency: str
    active: bool
    must_change_password: bool = False
    agency_id: int | None = None  # role agency: the agency it answers for

    @property
    def is_delegate(self) -> bool:
        return self.role in DELEGATE_ROLES


# Runs on every request, so it is built once, with a bound parameter, and read on a connection of its
# own: the request's session starts its transaction only when the use case needs one.
_LOAD_USER = (select(User.id, User.council_id, User.username, User.full_name, User.role, User.title,
                     User.constituency, User.active, User.must_change_password, User.agency_id)
              .join(LoginSession, LoginSession.user_id == User.id)
              .join(_councils, _councils.c.id == User.council_id)  # an archived council's logins end at once
              .where(LoginSession.token_hash == bindparam("token_hash"), User.active.is_(True),
                     _councils.c.archived.is_(False)))


def load_user(token: str) -> Principal | None:
    with current_app.extensions["kyhop.engine"].connect() as conn:
        row = conn.execute(_LOAD_USER, {"token_hash": token_hash(token)}).first()
    return Principal(*row) if row else None


def change_password(user_id: int, token: str, current: str, new: str) -> None:
    """The owner sets their own password (also the one-time password a reset gave them): other logins of
    the account end, this one stays."""
    with transaction() as s:
        user = s.get(User, user_id)
        if not verify_password(user.password_hash, current):
            raise ApiError(422, "invalid", "Mật khẩu hiện tại không đúng.", "The current password is wrong.",
                           field="current_password")
        if new == current:
            raise ApiError(422, "invalid", "Mật khẩu mới phải khác mật khẩu cũ.", "The new password must differ.",
                           field="new_password")
        user.password_hash, user.must_change_password = hash_password(new), False
        record_council(s, user.council_id, user.id, "member.password_changed", {"user_id": user.id})
        s.execute(delete(LoginSession).where(LoginSession.user_id == user_id,
                                             LoginSession.token_hash != token_hash(token)))


def logout(token: str) -> None:
    with transaction() as s:
        s.execute(delete(LoginSession).where(LoginSession.token_hash == token_hash(token)))
