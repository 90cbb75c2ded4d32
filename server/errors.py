"""Errors a user can cause: each carries a Vietnamese and an English message and a 4xx status."""
from __future__ import annotations

import logging

from flask import jsonify, request
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

log = logging.getLogger("kyhop")
# The database went away (restart, network), is locked, or every pooled connection is busy
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout)


class ApiError(Exception):
    def __init__(self, status: int, code: str, vi: str, en: str, **details):
        super().__init__(en)
        self.status, self.code, self.vi, self.en, self.details = status, code, vi, en, details

    def body(self) -> dict:
        lang = request_language()
        return {"error": {"code": self.code, "message": self.vi if lang == "vi" else self.en,
                          "message_vi": self.vi, "message_en": self.en, **({"details": self.details} if self.details else {})}}


def request_language() -> str:
    try:
        lang = request.cookies.get("kyhop_lang") or request.accept_languages.best_match(["vi", "en"])
    except RuntimeError:  # outside a request
        return "vi"
    return "en" if lang == "en" else "vi"


def not_found(what_vi: str = "Không tìm thấy", what_en: str = "Not found") -> ApiError:
    return ApiError(404, "not_found", what_vi, what_en)


def forbidden() -> ApiError:
    return ApiError(403, "forbidden", "Bạn không có quyền thực hiện thao tác này.",
                    "You are not allowed to do this.")


def invalid(field: str, vi: str, en: str) -> ApiError:
    return ApiError(422, "invalid", vi, en, field=field)


def conflict(code: str, vi: str, en: str, **details) -> ApiError:
    return ApiError(409, code, vi, en, **details)


_HTTP_MESSAGES = {
    400: ("Yêu cầu không hợp lệ.", "Bad request."),
    401: ("Bạn cần đăng nhập.", "Please log in."),
    403: ("Bạn không có quyền thực hiện thao tác này.", "You are not allowed to do this."),
    404: ("Không tìm thấy.", "Not found."),
    405: ("Phương thức không được hỗ trợ.", "Method not allowed."),
    413: ("Dữ liệu gửi lên quá lớn.", "The request is too large."),
    415: ("Định dạng dữ liệu không được hỗ trợ.", "Unsupported media type."),
    429: ("Quá nhiều yêu cầu, vui lòng thử lại sau.", "Too many requests; try again later."),
}


def register(app) -> None:
    @app.errorhandler(ApiError)
    def _api_error(err: ApiError):
        return jsonify(err.body()), err.status

    def _database_unavailable(err):
        # nothing was committed; the client retries
        log.warning("database unavailable: %s", type(getattr(err, "orig", err)).__name__)
        if "full" in str(getattr(err, "orig", "")):  # SQLite: "database or disk is full"
            err = ApiError(507, "disk_full", "Máy chủ hết dung lượng lưu trữ; thao tác chưa được lưu.",
                           "The server's storage is full; nothing was saved.")
        else:
            err = ApiError(503, "database_unavailable", "Máy chủ tạm thời không truy cập được cơ sở dữ liệu; "
                           "thao tác chưa được lưu, vui lòng thử lại.",
                           "The server cannot reach its database right now; nothing was saved, please retry.")
        resp = jsonify(err.body())
        resp.status_code = err.status
        resp.headers["Retry-After"] = "5"
        return resp

    for exc in DATABASE_UNAVAILABLE:
        app.register_error_handler(exc, _database_unavailable)

    @app.errorhandler(HTTPException)
    def _http_error(err: HTTPException):
        if not request.path.startswith("/api/"):
            return err
        vi, en = _HTTP_MESSAGES.get(err.code, (err.name, err.name))
        resp = jsonify(ApiError(err.code, err.name.lower().replace(" ", "_"), vi, en).body())
        resp.status_code = err.code
        for name, value in err.get_headers():  # e.g. a 405's Allow
            if name.lower() != "content-type":
                resp.headers[name] = value
        return resp
