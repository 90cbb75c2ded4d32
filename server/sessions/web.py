"""What every area's routes share: the session a request may see, the answer after a change, serving a file."""
from __future__ import annotations

from pathlib import Path

from flask import Response, current_app, jsonify, request, send_file

from server.accounts.authz import acting_role, current_invitation, scoped_get
from server.errors import ApiError, not_found
from server.journal import Event
from server.sessions.models import CouncilSession
from server.sessions.rules import visible_to


def visible_session(session_id: int) -> CouncilSession:
    """The session, if it is of the user's council and they may see it — or, for an invitee admitted by the route
    (accounts/authz.py require), the one session they are invited to; otherwise it does not exist."""
    inv = current_invitation()
    if inv is not None and inv.session_id != session_id:
        raise not_found("Không tìm thấy kỳ họp.", "Session not found.")
    cs = scoped_get(CouncilSession, session_id, "Không tìm thấy kỳ họp.", "Session not found.")
    if not visible_to(acting_role(), cs.status):
        raise not_found("Không tìm thấy kỳ họp.", "Session not found.")
    return cs


def changed(ev: Event | None, cs: CouncilSession, status: int = 200):
    """The answer to a command: the event it recorded (already on its way to every screen), or none."""
    return jsonify({"seq": cs.seq if ev is None else ev.seq, "event": ev and ev.as_json()}), status


def serve_file(path: Path, etag: str, last_modified, filename: str, mimetype: str = "application/pdf") -> Response:
    """Ranges (pdf.js reads pieces), ETag and Last-Modified; or hand the bytes to nginx."""
    cfg = current_app.config["KYHOP"]
    if cfg.x_accel_prefix:
        resp = Response(status=200, mimetype=mimetype)
        resp.headers["X-Accel-Redirect"] = cfg.x_accel_prefix + str(path.relative_to(cfg.documents_dir))
        resp.set_etag(etag)
    else:
        resp = send_file(path, mimetype=mimetype, conditional=True, etag=etag,
                         last_modified=last_modified, download_name=filename, as_attachment=False)
        wrapper = getattr(resp.response, "iterable", resp.response)  # a range answer wraps the file wrapper
        if hasattr(wrapper, "buffer_size"):
            wrapper.buffer_size = 256 * 1024  # 8 KB writes cost a context switch each under gevent; 256 KB do not
    resp.headers["Cache-Control"] = "private, no-cache"  # revalidate: cheap with the ETag, never stale
    return resp


def pdf_body(filename: str):
    """A PDF sent as the request body (Content-Type: application/pdf), as a stream to read as it arrives;
    refused early when it is not a PDF or is larger than the upload limit."""
    cfg = current_app.config["KYHOP"]
    if request.mimetype != "application/pdf":
        raise ApiError(415, "pdf_required", "Hãy gửi tệp PDF (Content-Type: application/pdf).",
                       "Send the PDF file as the body (Content-Type: application/pdf).")
    request.max_content_length = cfg.max_upload_bytes
    if request.content_length is not None and request.content_length > cfg.max_upload_bytes:
        raise ApiError(413, "too_large", f"«{filename}» vượt quá giới hạn {cfg.max_upload_bytes >> 20} MB.",
                       f"«{filename}» exceeds the {cfg.max_upload_bytes >> 20} MB limit.", filename=filename)
    return request.stream
