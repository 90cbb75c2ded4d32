from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from server import migrate
from server.app import create_app
from server.config import Config
from tests.factories import PASSWORD, add_operator, build_council

ROOT = Path(__file__).resolve().parent.parent


def make_config(tmp: Path, url: str | None = None, **kw) -> Config:
    return Config(instance_dir=tmp / "instance", database_url=url or f"sqlite:///{tmp / 'kyhop.db'}",
                  documents_dir=tmp / "documents", secret_key="test-secret-key-" + "x" * 32, testing=True, **kw)


@pytest.fixture
def app(tmp_path):
    cfg = make_config(tmp_path)
    migrate.upgrade(cfg.database_url)
    return create_app(cfg)


@pytest.fixture(params=["sqlite", "postgres"])
def app_on_both(request, tmp_path):
    """The app on SQLite, then on PostgreSQL (skipped where no server runs). A module whose tests must hold
    on both databases takes it as its `app` (see test_tamper)."""
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    cfg = make_config(tmp_path, url)
    migrate.upgrade(cfg.database_url)
    return create_app(cfg)


class ApiClient:
    """Flask test client that logs in like the browser does and sends the CSRF token on writes."""

    def __init__(self, flask_client):
        self.c = flask_client
        self.csrf = ""

    def login(self, username: str, password: str = PASSWORD):
        self.csrf = self.c.get("/api/auth/me").json["csrf_token"]
        r = self.post("/api/auth/login", {"username": username, "password": password})
        if r.status_code == 200:
            self.csrf = r.json["csrf_token"]
        return r

    def _send(self, method, path, body=None, **kw):
        headers = {"X-CSRF-Token": self.csrf, **kw.pop("headers", {})}
        if body is not None:
            kw["json"] = body
        return getattr(self.c, method)(path, headers=headers, **kw)

    def get(self, path, **kw):
        return self.c.get(path, **kw)

    def post(self, path, body=None, **kw):
        return self._send("post", path, body if body is not None or "data" in kw else {}, **kw)

    def put(self, path, body=None, **kw):
        return self._send("put", path, body if body is not None or "data" in kw else {}, **kw)

    def patch(self, path, body=None, **kw):
        return self._send("patch", path, body if body is not None else {}, **kw)

    def delete(self, path, **kw):
        return self._send("delete", path, **kw)


@pytest.fixture
def client_for(app):
    def make(username: str | None = None) -> ApiClient:
        c = ApiClient(app.test_client())
        if username:
            r = c.login(username)
            assert r.status_code == 200, r.json
        return c
    return make


def open_session(client_for, data, present: int = 4) -> ApiClient:
    """Check in the chair and the first delegates (`present` people in all) and open the session; returns
    the chair's client. The in-process twin of tests/live/helpers.check_in_and_open."""
    for u in ([f"{data.prefix}chutich"] + data.delegates())[:present]:
        assert client_for(u).post(f"/api/sessions/{data.session_id}/check-in").status_code == 200
    chair = client_for(f"{data.prefix}chutich")
    assert chair.post(f"/api/sessions/{data.session_id}/control", {"action": "open"}).status_code == 200
    return chair


@pytest.fixture
def council(app):
    return build_council(app, "a")


@pytest.fixture
def operator(app, council):
    add_operator(app, council)
    return "aoperator"


@pytest.fixture
def other_council(app):
    return build_council(app, "b", name="HĐND xã Bên Kia")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port: int, proc: subprocess.Popen, why) -> None:
    """Until the process listens on 127.0.0.1:port (30 s at most); if it ends first, `why()` is the error."""
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(why())
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


class ServerProcess:
    """A real `kyhop serve` process on its own port, sharing the test's database."""

    def __init__(self, tmp: Path, database_url: str, env: dict | None = None, port: int | None = None,
                 args: tuple[str, ...] = ()):
        self.tmp, self.database_url, self.extra_env, self.args = tmp, database_url, env or {}, args
        self.port = port or free_port()
        self.proc = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "ServerProcess":
        env = {**os.environ, "KYHOP_INSTANCE_DIR": str(self.tmp / "instance"), "KYHOP_DATABASE_URL": self.database_url,
               "KYHOP_DOCUMENTS_DIR": str(self.tmp / "documents"), "KYHOP_SECRET_KEY": "test-secret-key-" + "x" * 32,
               **self.extra_env}
        self.log = open(self.tmp / f"server-{self.port}.log", "ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "server.cli", "serve", "--port", str(self.port), *self.args],
                                     env=env, stdout=self.log, stderr=subprocess.STDOUT, cwd=ROOT)
        wait_listening(self.port, self.proc, lambda: (self.tmp / f"server-{self.port}.log").read_text())
        return self

    def stop(self, kill: bool = False) -> None:
        if self.proc and self.proc.poll() is None:
            (self.proc.kill if kill else self.proc.terminate)()
            self.proc.wait(10)
        self.log.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def server_factory(tmp_path, request):
    started = []

    def make(database_url: str | None = None, **kw) -> ServerProcess:
        srv = ServerProcess(tmp_path, database_url or f"sqlite:///{tmp_path / 'kyhop.db'}", **kw).start()
        started.append(srv)
        return srv

    yield make
    for srv in started:
        srv.stop()
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:  # the servers' own account of a failed test, in its report
        for srv in started:
            log = (tmp_path / f"server-{srv.port}.log").read_text(errors="replace")
            print(f"---- server :{srv.port} log (last 4000 characters) ----\n{log[-4000:]}")


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


PG_ADMIN_URL = os.environ.get("KYHOP_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def pg_available() -> str | None:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed"
    try:
        with create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3}).connect():
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means: no server here
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {type(exc).__name__}"


@pytest.fixture
def pg_url():
    reason = pg_available()
    if reason:
        pytest.skip(reason)
    name = f"kyhop_t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
