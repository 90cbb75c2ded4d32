"""RFC 3161 time-stamps: a time-stamping authority (TSA) signs that a digest existed at a given time.

The seal of a session (its chain head at bế mạc) is stamped when KYHOP_TSA_URL is set; the same TSA
stamps PAdES signatures (server/archive/signing.py). The ASN.1 is pyHanko's and asn1crypto's: we only
carry the request over HTTP (urllib, synchronous: the server needs no asyncio HTTP client for it).
"""
from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from asn1crypto import cms, tsp
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError, handle_tsp_response, set_tsp_headers

TIMEOUT_S = 10
MAX_RESPONSE = 1 << 20


class TimestampError(Exception):
    """The TSA could not be reached, refused, or answered something that is not a token for our digest."""


class UrlTimeStamper(TimeStamper):
    """pyHanko's TimeStamper over urllib: usable from the server (sync) and by pyHanko's signer (async)."""

    def __init__(self, url: str, timeout: float = TIMEOUT_S):
        super().__init__()
        self.url, self.timeout = url, timeout

    def post(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        request = urllib.request.Request(self.url, data=req.dump(), headers=set_tsp_headers({}), method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                body = answer.read(MAX_RESPONSE + 1)
        except (OSError, urllib.error.URLError) as exc:
            raise TimestampError(f"TSA {self.url} unreachable: {exc}") from exc
        if len(body) > MAX_RESPONSE:
            raise TimestampError("TSA answer too large")
        try:
            return tsp.TimeStampResp.load(body)
        except ValueError as exc:
            raise TimestampError(f"TSA answer is not a TimeStampResp: {exc}") from exc

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        return await asyncio.to_thread(self.post, req)


def request_token(url: str, digest: bytes, algorithm: str = "sha256") -> bytes:
    """The DER token (a CMS ContentInfo) a TSA signed over `digest`; TimestampError when there is none."""
    stamper = UrlTimeStamper(url)
    nonce, req = stamper.request_cms(digest, algorithm)
    try:
        token = handle_tsp_response(stamper.post(req), nonce)
        der = token.dump()
    except (TimestampRequestError, ValueError, KeyError, TypeError) as exc:
        raise TimestampError(str(exc)) from exc
    info = token_info(der)
    if info is None or bytes.fromhex(info["digest"]) != digest:
        raise TimestampError("the TSA's token does not cover the digest sent")
    return der


def _tst_info(token: bytes) -> tuple[cms.SignedData, tsp.TSTInfo]:
    signed = cms.ContentInfo.load(token)["content"]
    return signed, signed["encap_content_info"]["content"].parsed


def token_info(token: bytes | None) -> dict | None:
    """What a token says, read without checking its signature: time (UTC, ISO 8601), TSA name, digest.
    None for no token or one that cannot be read."""
    if not token:
        return None
    try:
        signed, info = _tst_info(token)
        tsa = info["tsa"]
        if tsa.native is not None:
            name = _cn(tsa.chosen) if tsa.name == "directory_name" else str(tsa.native)
        else:
            name = _cn(_signer_cert(signed).subject)
        return {"time": info["gen_time"].native.isoformat(), "tsa": name,
                "algorithm": info["message_imprint"]["hash_algorithm"]["algorithm"].native,
                "digest": info["message_imprint"]["hashed_message"].native.hex()}
    except Exception:  # noqa: BLE001 - a stored token we cannot read is shown as none, never a 500
        return None


def _cn(name) -> str:
    """A distinguished name as people read it: its common name, else the whole name."""
    return (name.native or {}).get("common_name") or name.human_friendly


def _signer_cert(signed: cms.SignedData):
    sid = signed["signer_infos"][0]["sid"]
    for c in signed["certificates"]:
        cert = c.chosen
        if sid.name == "issuer_and_serial_number" and cert.issuer == sid.chosen["issuer"] \
                and cert.serial_number == sid.chosen["serial_number"].native:
            return cert
        if sid.name == "subject_key_identifier" and cert.key_identifier == sid.chosen.native:
            return cert
    raise ValueError("no signer certificate in the token")


def check_token(token: bytes, digest: bytes, trust_roots: Path | None = None) -> dict:
    """A token's time and TSA, whether it covers `digest`, whether its signature is intact and valid, and
    whether the TSA's certificate leads to one of `trust_roots` (PEM bundle; None: trusted is False)."""
    from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
    from pyhanko_certvalidator import ValidationContext

    info = token_info(token)
    if info is None:
        return {"readable": False, "covers": False, "intact": False, "valid": False, "trusted": False}
    signed, _ = _tst_info(token)
    roots = load_certificates(trust_roots) if trust_roots else []
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    try:
        status = run_sync(validate_tst_signed_data(signed, context, lambda _algorithm: digest))
    except Exception as exc:  # noqa: BLE001 - a broken token is "not valid", with the reason
        return {**info, "readable": True, "covers": False, "intact": False, "valid": False, "trusted": False,
                "problem": f"{type(exc).__name__}: {exc}"}
    return {**info, "readable": True, "covers": bytes.fromhex(info["digest"]) == digest,
            "intact": bool(status.get("intact")), "valid": bool(status.get("valid")),
            "trusted": bool(status.get("trust_problem_indic") is None and roots)}


def run_sync(coro):
    """pyHanko's validation is asynchronous; run it to its end from synchronous code — in a thread of its own
    when this thread already runs an event loop (asyncio.run refuses to nest), e.g. a caller's own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def load_certificates(path: Path) -> list:
    """Every certificate of a PEM (or DER) file, as asn1crypto certificates."""
    from asn1crypto import pem, x509
    data = Path(path).read_bytes()
    if pem.detect(data):
        return [x509.Certificate.load(der) for _kind, _headers, der in pem.unarmor(data, multiple=True)]
    return [x509.Certificate.load(data)]
