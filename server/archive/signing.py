"""Signed PDFs of the minutes and of resolutions (PAdES, docs/signing.md).

The secretary signs with the council office's certificate — a PKCS#12 file or a key on a PKCS#11 token
(Vietnamese officials sign with USB tokens) — in the documents worker process, time-stamped (PAdES B-T)
when a TSA is configured, else B-B. Or the PDF is signed elsewhere and uploaded back. Either way its
signatures are validated with pyHanko against KYHOP_TRUST_ROOTS, the file is kept in the documents store,
and the chain gets an entry naming its SHA-256 in the same transaction.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.archive.models import Resolution, SignedPdf
from server.config import Config
from server.db import transaction
from server.documents import storage
from server.documents.models import Document, DocumentVersion
from server.errors import ApiError, conflict
from server.journal import record
from server.sessions.models import CouncilSession

KINDS_VI = {"minutes": "biên bản", "conclusion": "thông báo kết luận", "resolution": "nghị quyết"}


def signer_settings(cfg: Config) -> dict:
    """The worker's view of the signing certificate (secrets included: it goes over the worker's stdin,
    never to a log). 409 when none is configured."""
    if cfg.sign_p12:
        return {"p12": str(cfg.sign_p12), "passphrase": cfg.sign_p12_passphrase or ""}
    if cfg.pkcs11_module and cfg.pkcs11_key:
        return {"pkcs11": {"module": cfg.pkcs11_module, "token": cfg.pkcs11_token, "key": cfg.pkcs11_key,
                           "pin": cfg.pkcs11_pin}}
    raise conflict("no_certificate", "Chưa cấu hình chứng thư số của cơ quan (KYHOP_SIGN_P12 hoặc KYHOP_PKCS11_*).",
                   "No signing certificate is configured (KYHOP_SIGN_P12 or KYHOP_PKCS11_*).")


def validate(cfg: Config, path: Path) -> list[dict]:
    """Every signature of the PDF at `path`, validated in the worker process (worker.signatures_of)."""
    result = storage.run_worker("validate_pdf", {"path": str(path), "trust_roots": cfg.trust_roots and str(cfg.trust_roots)})
    if not result.get("ok"):
        raise ApiError(422, "pdf_unreadable", "Không đọc được tệp PDF để kiểm tra chữ ký.",
                       "The PDF could not be read to check its signatures.")
    return result["signatures"]


def sign_bytes(cfg: Config, pdf: bytes, reason: str, location: str) -> Path:
    """Sign `pdf`; returns the temporary path of the signed file (the caller keeps or removes it)."""
    settings = signer_settings(cfg)
    src, dst = storage.tmp_path(cfg, ".pdf"), storage.tmp_path(cfg, ".pdf")
    try:
        src.write_bytes(pdf)
        result = storage.run_worker("sign_pdf", {**settings, "src": str(src), "dst": str(dst), "tsa_url": cfg.tsa_url,
                                                 "reason": reason, "location": location})
    finally:
        src.unlink(missing_ok=True)
    if not result.get("ok"):
        dst.unlink(missing_ok=True)
        raise ApiError(502, "signing_failed", "Không ký số được tệp (kiểm tra chứng thư số, mã PIN, thiết bị ký).",
                       "The file could not be signed (check the certificate, the PIN, the token).",
                       reason=result.get("code", "signing_failed"), detail=result.get("detail", ""))
    return dst


def keep(cfg: Config, tmp: Path, cs: CouncilSession, actor_id: int, kind: str, origin: str,
         signatures: list[dict], resolution: Resolution | None = None) -> SignedPdf:
    """Store a signed file under its SHA-256 and put it on the record: a SignedPdf row and a chain entry
    ("minutes.signed" / "resolution.signed"), one transaction."""
    data = tmp.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    storage.place(cfg, tmp, sha)
    with transaction() as s:
        row = SignedPdf(council_id=cs.council_id, session_id=cs.id, resolution_id=resolution and resolution.id, kind=kind,
                        origin=origin, sha256=sha, size=len(data), signatures=signatures, created_by_id=actor_id)
        s.add(row)
        s.flush()
        record(s, s.get(CouncilSession, cs.id), actor_id, f"{kind}.signed", {
            "signed_pdf_id": row.id, "sha256": sha, "origin": origin, "resolution_id": resolution and resolution.id,
            "signers": [sg["signer"] for sg in signatures]})
    return row


def receive_signed(cfg: Config, tmp: Path, filename: str) -> list[dict]:
    """Check a PDF signed elsewhere before it is kept as the signed minutes or resolution: it must carry a
    signature, and every signature must be intact (the signed bytes unchanged). 422 otherwise, with the
    validation in the answer."""
    signatures = validate(cfg, tmp)
    if not signatures:
        raise ApiError(422, "not_signed", f"«{filename}» không có chữ ký số.", f"«{filename}» carries no signature.",
                       signatures=[])
    if not all(sg["intact"] for sg in signatures):
        raise ApiError(422, "signature_broken", f"«{filename}»: chữ ký số không còn nguyên vẹn (tệp đã bị sửa sau khi ký).",
                       f"«{filename}»: a signature is not intact (the file was changed after signing).",
                       signatures=signatures)
    return signatures


def current(s: Session, session_id: int, kind: str, resolution_id: int | None = None) -> SignedPdf | None:
    q = select(SignedPdf).where(SignedPdf.session_id == session_id, SignedPdf.kind == kind)
    if resolution_id is not None:
        q = q.where(SignedPdf.resolution_id == resolution_id)
    return s.scalar(q.order_by(SignedPdf.id.desc()).limit(1))


def resolution_pdf(cfg: Config, s: Session, r: Resolution) -> bytes:
    """The current version of the resolution's document, to sign. 409 when the register names none."""
    v = None
    if r.document_id is not None:
        doc = s.get(Document, r.document_id)
        v = s.scalar(select(DocumentVersion).where(DocumentVersion.document_id == doc.id,
                                                   DocumentVersion.number == doc.current_version))
    if v is None:
        raise conflict("no_document", "Nghị quyết chưa gắn văn bản (PDF) để ký.", "The resolution has no document (PDF) to sign.")
    return storage.object_path(cfg, v.sha256).read_bytes()


def signed_json(row: SignedPdf, url: str) -> dict:
    return {"id": row.id, "kind": row.kind, "origin": row.origin, "sha256": row.sha256, "size": row.size,
            "resolution_id": row.resolution_id, "signatures": row.signatures, "created_at": row.created_at.isoformat(),
            "url": url}
