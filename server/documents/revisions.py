"""What changed in a revision: the change summary of two versions of a document (changes.py), computed in the
documents worker process (a 300-page comparison never holds the event loop) and kept on disk by the two
files' SHA-256, so each pair of versions is compared once whoever asks — and once when every tablet asks at
the same moment (their sync fetches a revision's changes to have them offline)."""
from __future__ import annotations

import json
import os
import threading

from flask import current_app
from sqlalchemy import select

from server.db import db
from server.documents import changes, storage
from server.documents.models import Document, DocumentPage, DocumentVersion
from server.errors import ApiError


def _no_version() -> ApiError:
    return ApiError(404, "not_found", "Không có phiên bản này.", "No such version.")


def version(doc: Document, number: int) -> DocumentVersion:
    v = db().scalar(select(DocumentVersion).where(DocumentVersion.document_id == doc.id, DocumentVersion.number == number))
    if v is None:
        raise _no_version()
    return v


def _texts(v: DocumentVersion) -> list[str]:
    rows = db().execute(select(DocumentPage.page, DocumentPage.text).where(DocumentPage.version_id == v.id)).all()
    texts = [""] * max([v.pages] + [p for p, _ in rows])
    for p, text in rows:
        texts[p - 1] = text
    return texts


_comparing: dict[str, threading.Lock] = {}  # per pair being compared: the others wait for its file (gevent: a green lock)


def cache_path(old_sha: str, new_sha: str):
    cfg = current_app.config["KYHOP"]
    return cfg.documents_dir / "changes" / f"{old_sha}-{new_sha}-{changes.ALGORITHM}.json"


def summary(doc: Document, number: int, since: int | None = None) -> dict:
    """Version `number` compared with version `since` (by default the one before it)."""
    new = version(doc, number)
    since = number - 1 if since is None else since
    if since < 1 or since == number:
        raise ApiError(404, "not_found", "Không có phiên bản trước để so sánh.", "No earlier version to compare with.")
    old = version(doc, since)
    path = cache_path(old.sha256, new.sha256)
    with _comparing.setdefault(path.name, threading.Lock()):
        result = _cached(path) or _compare(doc, old, new, path)
    return {"document_id": doc.id, "from": since, "to": number, "pages": new.pages, "unchanged": result["unchanged"],
            "removed": result["removed"], "changed": result["pages"], "from_pages": result["from_pages"]}


def _cached(path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _compare(doc: Document, old: DocumentVersion, new: DocumentVersion, path) -> dict:
    done = storage.run_worker("changes", {"old": _texts(old), "new": _texts(new)},
                              about=f"document {doc.id} versions {old.number}→{new.number}")
    if not done.get("ok"):
        raise ApiError(503, "changes_failed", "Chưa so sánh được hai phiên bản; xin thử lại sau.",
                       "The two versions could not be compared yet; please try again later.")
    result = done["changes"]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = storage.tmp_path(current_app.config["KYHOP"], ".json")
    tmp.write_text(json.dumps(result, ensure_ascii=False))
    os.replace(tmp, path)
    return result
