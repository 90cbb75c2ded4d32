"""What a server writes to its log, with the access log on, never holds a secret: passwords (right, wrong,
new, generated), session cookies, CSRF tokens, the secret key. (Secret ballots: tests/live/test_secrecy_insider.py.)"""
from __future__ import annotations

import secrets

import requests

from tests.factories import PASSWORD
from tests.fault.test_crash import setup
from tests.live.helpers import Http, check_in_and_open


def test_no_secret_reaches_the_server_log(tmp_path, server_factory):
    _cfg, a = setup(tmp_path)
    srv = server_factory(args=("--access-log",))
    sec = Http(srv.url, "athuky")
    chosen = "Mat-khau-rat-rieng-" + secrets.token_hex(4)
    created = sec.post("/api/members", {"username": "dbmoi", "full_name": "Khách Mời Một", "role": "guest",
                                        "password": chosen})
    generated = sec.post("/api/members", {"username": "dbmoi2", "full_name": "Khách Mời Hai", "role": "guest"})
    assert created.status_code == 201 and generated.status_code == 201
    wrong = "sai-mat-khau-" + secrets.token_hex(4)
    anon = requests.Session()
    csrf = anon.get(f"{srv.url}/api/auth/me").json()["csrf_token"]
    assert anon.post(f"{srv.url}/api/auth/login", json={"username": "athuky", "password": wrong},
                       headers={"X-CSRF-Token": csrf}).status_code == 401
    newcomer = Http(srv.url, "dbmoi", chosen)

    chair = check_in_and_open(srv.url, a)
    srv.stop()

    log = (tmp_path / f"server-{srv.port}.log").read_text(errors="replace")
    assert "/api/auth/login" in log  # the access log was on
    for http in (sec, chair, newcomer):
        for cookie in http.s.cookies:
            assert cookie.value not in log, cookie.name
        assert http.csrf not in log
    for secret in (PASSWORD, chosen, wrong, generated.json()["initial_password"], "test-secret-key-"):
        assert secret not in log, secret[:6]
