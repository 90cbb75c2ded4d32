"""Failed logins slow the address they come from and the (account, address) pair, never the account alone:
nobody can lock a delegate out from another address. Behind nginx the address is the one nginx saw
(KYHOP_TRUSTED_PROXIES=1: werkzeug's ProxyFix reads its X-Forwarded-For / X-Forwarded-Proto), and HSTS is
sent when nginx took the request over HTTPS."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time

import pytest
import requests

from server import migrate
from server.app import create_app
from server.config import Config
from tests.conftest import ROOT, ApiClient, ServerProcess, free_port, make_config
from tests.factories import PASSWORD, build_council
from tests.live.helpers import Follower, Http

ATTACKER, DELEGATE = "203.0.113.66", "198.51.100.7"
NGINX = "127.0.0.1"  # the address every request has when it comes through nginx


def make_app(tmp_path, trusted_proxies: int = 0):
    cfg = make_config(tmp_path)
    cfg.trusted_proxies = trusted_proxies  # KYHOP_TRUSTED_PROXIES
    migrate.upgrade(cfg.database_url)
    app = create_app(cfg)
    build_council(app, "a")
    return app


@pytest.fixture
def behind_nginx(tmp_path):
    """The documented province topology: nginx in front, KYHOP_TRUSTED_PROXIES=1."""
    return make_app(tmp_path, trusted_proxies=1)


def client(app, address: str, proxied: bool = False) -> ApiClient:
    """A browser at `address`: connecting directly, or through nginx (which appends the address it saw)."""
    c = ApiClient(app.test_client())
    if proxied:
        c.c.environ_base.update(REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=address)
    else:
        c.c.environ_base["REMOTE_ADDR"] = address
    return c


@pytest.mark.parametrize("proxied", [False, True], ids=["direct", "behind-nginx"])
def test_made_up_names_from_one_address_do_not_lock_out_a_delegate_elsewhere(tmp_path, proxied):
    app = make_app(tmp_path, trusted_proxies=1 if proxied else 0)
    attacker = client(app, ATTACKER, proxied)
    for i in range(49):
        assert attacker.login(f"ai-do-{i}", "sai").status_code == 401
    # the attacker's own good login does not wipe the address's failures
    assert client(app, ATTACKER, proxied).login("adb05").status_code == 200
    assert attacker.login("ai-do-49", "sai").status_code == 401
    r = attacker.login("ai-do-50", "sai")
    assert r.status_code == 429, "50 failures in the window slow the address"
    assert client(app, ATTACKER, proxied).login("adb02").status_code == 429  # the whole address waits
    r = client(app, DELEGATE, proxied).login("adb01")
    assert r.status_code == 200, r.json  # …not a delegate at another address


def test_failures_against_an_account_do_not_lock_out_its_owner_elsewhere(app, council):
    attacker = client(app, ATTACKER)
    for i in range(20):
        assert attacker.login("adb01", f"doan-{i}").status_code == (401 if i < 5 else 429)
    r = client(app, DELEGATE).login("adb01")
    assert r.status_code == 200, r.json
    # the owner's login elsewhere does not hand the attacker a fresh set of guesses
    assert attacker.login("adb01", "doan-them").status_code == 429
    assert attacker.login("adb01").status_code == 429  # the pair waits, even with the right password


def test_the_pair_is_freed_by_the_owners_login_from_that_address(app, council):
    """A delegate who mistyped four times and then got it right starts again from zero at that address."""
    tablet = client(app, DELEGATE)
    for _ in range(4):
        assert tablet.login("adb01", "sai").status_code == 401
    assert client(app, DELEGATE).login("adb01").status_code == 200
    for _ in range(4):
        assert tablet.login("adb01", "sai").status_code == 401
    assert client(app, DELEGATE).login("adb01").status_code == 200


def test_behind_a_trusted_proxy_each_forwarded_address_is_throttled_on_its_own(behind_nginx):
    attacker = client(behind_nginx, ATTACKER, proxied=True)
    for _ in range(5):
        assert attacker.login("adb01", "sai").status_code == 401
    assert attacker.login("adb01").status_code == 429
    # nginx appends the address it saw ($proxy_add_x_forwarded_for): a forged first hop changes nothing
    for i in range(3):
        attacker.c.environ_base["HTTP_X_FORWARDED_FOR"] = f"192.0.2.{i}, {ATTACKER}"
        assert attacker.login("adb01").status_code == 429
    r = client(behind_nginx, DELEGATE, proxied=True).login("adb01")
    assert r.status_code == 200, r.json


def test_without_trusted_proxies_x_forwarded_for_cannot_spoof_the_address(app, council):
    attacker = client(app, ATTACKER)
    for i in range(5):
        attacker.c.environ_base["HTTP_X_FORWARDED_FOR"] = f"192.0.2.{i}"
        assert attacker.login("adb01", "sai").status_code == 401
    attacker.c.environ_base["HTTP_X_FORWARDED_FOR"] = DELEGATE
    assert attacker.login("adb01").status_code == 429


def test_the_throttled_answer(app, council):
    c = client(app, ATTACKER)
    for _ in range(5):
        c.login("adb01", "sai")
    r = c.login("adb01", "sai")
    assert r.status_code == 429
    err = r.json["error"]
    assert err["code"] == "login_throttled" and "Đăng nhập sai" in err["message_vi"] and "Too many" in err["message_en"]
    assert 590 <= err["details"]["retry_after"] <= 600
    assert r.headers["Retry-After"] == str(err["details"]["retry_after"])


def test_hsts_behind_a_tls_terminating_proxy(behind_nginx, app):
    https = {"X-Forwarded-Proto": "https"}
    r = behind_nginx.test_client().get("/api/auth/me", headers=https)
    assert r.headers.get("Strict-Transport-Security") == "max-age=31536000"
    assert "Strict-Transport-Security" not in behind_nginx.test_client().get("/api/auth/me").headers  # plain http
    # without a trusted proxy the header is the client's word: no HSTS on plain http
    assert "Strict-Transport-Security" not in app.test_client().get("/api/auth/me", headers=https).headers
    # kyhop serve --tls: HTTPS of its own
    r = app.test_client().get("/api/auth/me", base_url="https://localhost")
    assert r.headers.get("Strict-Transport-Security") == "max-age=31536000"


def test_trusted_proxies_setting(tmp_path, monkeypatch):
    def cfg():
        return Config.from_env(instance_dir=tmp_path, secret_key="k" * 40)

    monkeypatch.delenv("KYHOP_TRUSTED_PROXIES", raising=False)
    assert cfg().trusted_proxies == 0
    monkeypatch.setenv("KYHOP_TRUSTED_PROXIES", "1")
    assert cfg().trusted_proxies == 1
    monkeypatch.setenv("KYHOP_TRUSTED_PROXIES", "-1")
    with pytest.raises(ValueError, match="KYHOP_TRUSTED_PROXIES"):
        cfg()


def test_scaled_topology_trusts_its_nginx(tmp_path):
    sys.path.insert(0, str(ROOT / "deploy"))
    try:
        from scaled import Topology
    finally:
        sys.path.remove(str(ROOT / "deploy"))
    assert Topology("sqlite://", "redis://", run_dir=tmp_path).env["KYHOP_TRUSTED_PROXIES"] == "1"
    for conf in ("nginx.conf.template", "nginx.compose.conf"):
        text = (ROOT / "deploy" / conf).read_text()
        assert "X-Forwarded-For $proxy_add_x_forwarded_for" in text, conf
        assert "X-Forwarded-Proto $scheme" in text, conf


class From(requests.adapters.HTTPAdapter):
    """Connect from a given loopback address (Linux answers on all of 127.0.0.0/8)."""

    def __init__(self, source: str):
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args, **kw):
        kw["source_address"] = (self.source, 0)
        return super().init_poolmanager(*args, **kw)


def login_from(base: str, source: str, username: str, password: str = PASSWORD, forged: str | None = None):
    s = requests.Session()
    s.mount("http://", From(source))
    csrf = s.get(f"{base}/api/auth/me").json()["csrf_token"]
    headers = {"X-CSRF-Token": csrf, **({"X-Forwarded-For": forged} if forged else {})}
    return s.post(f"{base}/api/auth/login", json={"username": username, "password": password}, headers=headers)


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed")
def test_the_documented_nginx_passes_each_client_address(tmp_path):
    """deploy/nginx.conf.template in front of a real `kyhop serve` with KYHOP_TRUSTED_PROXIES=1: clients at
    127.0.0.2 and 127.0.0.3 are throttled apart, a forged X-Forwarded-For does not help, and websockets
    still pass (ProxyFix wraps the Socket.IO middleware)."""
    cfg = make_config(tmp_path)
    migrate.upgrade(cfg.database_url)
    data = build_council(create_app(cfg), "a")
    app = ServerProcess(tmp_path, cfg.database_url, env={"KYHOP_TRUSTED_PROXIES": "1"}).start()
    run = tmp_path / "nginx"
    run.mkdir()
    port = free_port()
    conf = run / "nginx.conf"
    conf.write_text((ROOT / "deploy" / "nginx.conf.template").read_text().format(
        run_dir=run, listen=f"127.0.0.1:{port}", documents_dir=tmp_path / "documents",
        upstreams=f"    server 127.0.0.1:{app.port};"))
    for d in (tmp_path, run):
        d.chmod(0o755)
    nginx = subprocess.Popen([shutil.which("nginx"), "-c", str(conf), "-g", "daemon off;"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 10
        while True:
            try:
                requests.get(f"{base}/healthz", timeout=1).raise_for_status()
                break
            except requests.RequestException:
                assert time.time() < deadline and nginx.poll() is None, (run / "nginx-error.log").read_text()
                time.sleep(0.1)
        for i in range(5):
            assert login_from(base, "127.0.0.2", "adb01", "sai", forged=f"192.0.2.{i}").status_code == 401
        assert login_from(base, "127.0.0.2", "adb01", forged="127.0.0.3").status_code == 429
        r = login_from(base, "127.0.0.3", "adb01")
        assert r.status_code == 200, r.text
        follower = Follower(base, Http(base, "adb02"), data.session_id).connect()
        try:
            assert follower.acks.get(timeout=10)["ok"]
        finally:
            follower.close()
    finally:
        nginx.terminate()
        nginx.wait(10)
        app.stop()
