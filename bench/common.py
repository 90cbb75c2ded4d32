"""Shared bench plumbing: a throwaway instance with a council of N delegates, real server processes."""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECRET = "bench-secret-" + "k" * 40


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Instance:
    """A temporary database with one council, its delegates logged in (cookies minted by the app itself)."""

    def __init__(self, delegates: int, database_url: str | None = None):
        self.tmp = Path(tempfile.mkdtemp(prefix="kyhop-bench-"))
        self.database_url = database_url or f"sqlite:///{self.tmp / 'kyhop.db'}"
        self.env = {**os.environ, "KYHOP_INSTANCE_DIR": str(self.tmp / "instance"),
                    "KYHOP_DATABASE_URL": self.database_url, "KYHOP_DOCUMENTS_DIR": str(self.tmp / "documents"),
                    "KYHOP_SECRET_KEY": SECRET}
        self.cookies: dict[str, str] = {}
        self._build(delegates)

    def _build(self, n: int) -> None:
        from server import migrate
        from server.accounts.models import LoginSession, User
        from server.accounts.passwords import hash_password
        from server.accounts.service import token_hash
        from server.agenda.models import AgendaItem
        from server.app import create_app
        from server.attendance.models import Attendance
        from server.config import Config
        from server.councils.models import Council, Term
        from server.db import transaction
        from server.sessions.models import CouncilSession

        migrate.upgrade(self.database_url)
        app = create_app(Config(instance_dir=self.tmp / "instance", database_url=self.database_url,
                                documents_dir=self.tmp / "documents", secret_key=SECRET))
        pw = hash_password("bench-password")
        with app.app_context(), transaction() as s:
            c = Council(name="HĐND tỉnh Thử Tải", level="province")
            s.add(c)
            s.flush()
            term = Term(council_id=c.id, name="Khóa I", start_year=2026, end_year=2031)
            s.add(term)
            s.flush()
            users = [User(council_id=c.id, term_id=term.id, username="chair", full_name="Chủ tọa", role="chair",
                          password_hash=pw)]
            users += [User(council_id=c.id, term_id=term.id, username=f"d{i:04d}", full_name=f"Đại biểu {i}",
                           role="delegate", password_hash=pw) for i in range(1, n)]
            s.add_all(users)
            cs = CouncilSession(council_id=c.id, term_id=term.id, number=1, kind="regular", title="Kỳ họp thử tải",
                                start_date=date(2026, 12, 1), end_date=date(2026, 12, 1), status="in_progress")
            s.add(cs)
            s.flush()
            items = [AgendaItem(council_id=c.id, session_id=cs.id, position=i, title=f"Nội dung {i + 1}", kind="report")
                     for i in range(40)]
            s.add_all(items)
            s.flush()
            cs.current_item_id = items[0].id
            self.session_id, self.item_ids = cs.id, [i.id for i in items]
            s.add_all(Attendance(council_id=c.id, session_id=cs.id, user_id=u.id, status="present") for u in users)
            # Log everyone in without N Argon2 runs: a login token per user, signed into a session cookie
            # exactly as the login route would (this is setup, not what is measured).
            serializer = app.session_interface.get_signing_serializer(app)
            for u in users:
                token = secrets.token_urlsafe(32)
                s.add(LoginSession(token_hash=token_hash(token), user_id=u.id))
                csrf = secrets.token_urlsafe(16)
                self.cookies[u.username] = (serializer.dumps({"_user_id": token, "_fresh": True, "csrf": csrf}), csrf)
        app.extensions["kyhop.engine"].dispose()


class Server:
    def __init__(self, env: dict, port: int | None = None, args: list[str] | None = None):
        self.env, self.port = env, port or free_port()
        self.args = args or [sys.executable, "-m", "server.cli", "serve", "--port", str(self.port)]
        self.proc = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Server":
        self.proc = subprocess.Popen(self.args, env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def in_process_app(name: str, database_url: str | None = None):
    """A fresh instance in a temporary folder (SQLite there unless `database_url`), migrated: the app and its
    config, for the benches that drive the stack in one process."""
    from server import migrate
    from server.app import create_app
    from tests.conftest import make_config
    cfg = make_config(Path(tempfile.mkdtemp(prefix=f"kyhop-bench-{name}-")), database_url)
    migrate.upgrade(cfg.database_url)
    return create_app(cfg), cfg


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


def chair_session(inst: "Instance"):
    import requests

    class Session(requests.Session):
        def request(self, *args, **kwargs):  # a server that stops answering fails the bench, not hangs it
            kwargs.setdefault("timeout", 60)
            return super().request(*args, **kwargs)

    cookie, csrf = inst.cookies["chair"]
    http = Session()
    http.headers.update({"Cookie": f"kyhop_session={cookie}", "X-CSRF-Token": csrf})
    return http


def report(result: dict, summary: str) -> None:
    """A line for people (stderr), then the figures as the last line of stdout, one JSON object."""
    import json
    print(summary, file=sys.stderr)
    print(json.dumps(result))
