"""The document store: files content-addressed by SHA-256, written to a temporary name and renamed into
place only when complete, so a crash or a full disk never leaves a half file under a real name."""
from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import resource
import secrets
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from server.config import Config
from server.errors import ApiError

log = logging.getLogger("kyhop.documents")
FONT = Path(__file__).resolve().parent.parent / "fonts" / "DejaVuSans.ttf"
WORKER_MEMORY = 1536 * 1024 * 1024
WORKER_TIMEOUT_S = 180


def object_path(cfg: Config, sha: str) -> Path:
    return cfg.documents_dir / "objects" / sha[:2] / f"{sha}.pdf"


def tmp_path(cfg: Config, suffix: str = ".part") -> Path:
    d = cfg.documents_dir / "tmp"
    d.mkdir(parents=True, exist_ok=True)
    return d / f"{secrets.token_hex(12)}{suffix}"


def sweep_partial_files(cfg: Config, older_than_s: float = 3600) -> int:
    """At start-up: remove uploads a killed process left half-received (never under a real name). Only old
    ones: with several processes sharing the folder, another may be receiving right now."""
    import time
    d = cfg.documents_dir / "tmp"
    removed = 0
    for f in d.glob("*") if d.exists() else []:
        if time.time() - f.stat().st_mtime > older_than_s:
            f.unlink(missing_ok=True)
            removed += 1
    return removed


def disk_full(filename: str) -> ApiError:
    return ApiError(507, "disk_full", f"«{filename}»: máy chủ hết dung lượng lưu trữ; tệp không được lưu.",
                    f"«{filename}»: the server's storage is full; the file was not stored.")


def receive(cfg: Config, stream, filename: str, limit: int) -> tuple[Path, str, int, bytes]:
    """Copy an upload to a temporary file, hashing it; refuse beyond `limit` bytes. Returns the path, the
    SHA-256, the size and the first kilobyte."""
    path, digest, size, head = tmp_path(cfg), hashlib.sha256(), 0, b""
    try:
        with open(path, "wb") as out:
            while chunk := stream.read(1 << 20):
                size += len(chunk)
                if size > limit:
                    raise ApiError(413, "too_large", f"«{filename}» vượt quá giới hạn {limit // (1 << 20)} MB.",
                                   f"«{filename}» exceeds the {limit // (1 << 20)} MB limit.", filename=filename)
                if len(head) < 1024:
                    head += chunk[:1024 - len(head)]
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            fsync(out.fileno())
    except OSError as exc:
        path.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise disk_full(filename)
        raise
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, digest.hexdigest(), size, head


def fsync(fd: int) -> None:
    """Wait for the disk in a worker thread under gevent, so live traffic keeps flowing meanwhile."""
    try:
        from gevent import get_hub, monkey
        if monkey.is_module_patched("os"):
            get_hub().threadpool.apply(os.fsync, (fd,))
            return
    except ImportError:
        pass
    os.fsync(fd)


def place(cfg: Config, tmp: Path, sha: str) -> bool:
    """Move a received file to its content address. Returns True if this call created it."""
    dst = object_path(cfg, sha)
    if dst.exists():
        tmp.unlink(missing_ok=True)
        return False
    dst.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, dst)
    return True


# What went wrong with a stored file after ingest proved it (a file accepted before ingest proved merging and
# stamping, one damaged on disk, a worker that failed): a marker per file and kind, made at the first failure
# (its time: the marker's), taken away at the next success. The staff's list of documents names them.
PROBLEMS = ("unmergeable", "unstampable")


def _problem_path(cfg: Config, sha: str, kind: str) -> Path:
    return cfg.documents_dir / "problems" / f"{sha}.{kind}"


def note_problem(cfg: Config, sha: str, kind: str, failed: bool) -> None:
    path = _problem_path(cfg, sha, kind)
    if not failed:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # created once: the first failure's time stays
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        pass


def problems_of(cfg: Config, sha: str) -> list[dict]:
    """[{"kind": "unmergeable" | "unstampable", "found_at": ISO time}] of a stored file."""
    out = []
    for kind in PROBLEMS:
        try:
            found = _problem_path(cfg, sha, kind).stat().st_mtime
        except FileNotFoundError:
            continue
        out.append({"kind": kind, "found_at": datetime.fromtimestamp(found, timezone.utc).isoformat()})
    return out


def _limits():  # in the worker, before it runs: cap its memory
    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, WORKER_MEMORY))


def run_worker(command: str, payload: dict, about: str = "") -> dict:
    """Run a PDF job in its own process (cooperative under gevent: the event loop keeps serving). What the
    worker says on stderr, and every failure, reaches the log under `about` (the document, the packet)."""
    try:
        done = subprocess.run([sys.executable, "-m", "server.documents.worker", command], input=json.dumps(payload),
                              capture_output=True, text=True, timeout=WORKER_TIMEOUT_S, preexec_fn=_limits)
    except subprocess.TimeoutExpired as exc:
        log.error("PDF worker %s for %s: no answer within %d s%s", command, about, WORKER_TIMEOUT_S,
                  _tail(exc.stderr))
        return {"ok": False, "code": "timeout"}
    if done.returncode != 0:
        log.error("PDF worker %s for %s: exit %d%s", command, about, done.returncode, _tail(done.stderr))
        return {"ok": False, "code": "unreadable", "detail": f"worker exit {done.returncode}"}
    try:
        result = json.loads(done.stdout)
    except ValueError:
        log.error("PDF worker %s for %s: unreadable answer%s", command, about, _tail(done.stderr))
        return {"ok": False, "code": "unreadable", "detail": "worker output"}
    if not result.get("ok") or done.stderr.strip():
        (log.warning if result.get("ok") else log.error)(
            "PDF worker %s for %s: %s%s", command, about,
            {k: v for k, v in result.items() if k not in ("texts", "folded")}, _tail(done.stderr))
    return result


def _tail(stderr, limit: int = 4000) -> str:
    if isinstance(stderr, bytes):
        stderr = stderr.decode(errors="replace")
    stderr = (stderr or "").strip()
    return f"\n{stderr[-limit:]}" if stderr else ""
