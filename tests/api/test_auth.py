from tests.factories import PASSWORD


def test_login_me_logout(council, client_for):
    c = client_for()
    r = c.login("athuky")
    assert r.status_code == 200
    assert r.json["user"]["username"] == "athuky" and r.json["user"]["role"] == "secretary"
    assert r.json["council"]["id"] == council.council_id
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert c.get("/api/auth/me").json["user"]["username"] == "athuky"
    assert c.post("/api/auth/logout").status_code == 200
    assert c.get("/api/auth/me").json["user"] is None
    assert c.get("/api/members").status_code == 401


def test_logout_revokes_the_cookie_server_side(council, client_for):
    c = client_for("athuky")
    stolen = c.c.get_cookie("kyhop_session").value
    c.post("/api/auth/logout")
    thief = client_for()
    thief.c.set_cookie("kyhop_session", stolen)
    assert thief.get("/api/members").status_code == 401


def test_login_rotates_the_session(council, client_for):
    c = client_for()
    c.get("/api/auth/me")
    before = c.c.get_cookie("kyhop_session").value
    c.login("athuky")
    assert c.c.get_cookie("kyhop_session").value != before


def test_session_fixation_a_planted_cookie_stays_anonymous(council, client_for):
    attacker = client_for()
    old_csrf = attacker.get("/api/auth/me").json["csrf_token"]
    victim = client_for()
    # the attacker's cookie, planted in the victim's browser before the victim logs in with it
    victim.c.set_cookie("kyhop_session", attacker.c.get_cookie("kyhop_session").value)
    assert victim.login("athuky").status_code == 200
    assert victim.get("/api/members").status_code == 200
    assert victim.csrf != old_csrf  # a new CSRF token with the new login
    # the attacker still holds the cookie they planted: it is not the victim's login
    assert attacker.get("/api/members").status_code == 401
    assert attacker.get("/api/auth/me").json["user"] is None


def test_wrong_password_and_unknown_user_get_the_same_answer(council, client_for):
    c = client_for()
    a = c.login("athuky", "sai-mat-khau")
    b = c.login("khong-co-ai", "sai-mat-khau")
    assert a.status_code == b.status_code == 401
    assert a.json["error"]["code"] == b.json["error"]["code"] == "bad_credentials"
    assert a.json["error"]["message_vi"] and a.json["error"]["message_en"]


def test_failed_logins_are_throttled_per_account_and_address(council, client_for):
    c = client_for()
    for _ in range(5):
        assert c.login("adb01", "sai").status_code == 401
    r = c.login("adb01", PASSWORD)  # even the right password waits, at this address
    assert r.status_code == 429 and r.json["error"]["details"]["retry_after"] > 0
    assert c.login("adb02").status_code == 200  # other accounts are not locked out
    # from other addresses, and the address as a whole: tests/api/test_login_throttling.py


def test_inactive_account_cannot_log_in(council, client_for):
    sec = client_for("athuky")
    assert sec.patch(f"/api/members/{council.users['adb03']}", {"active": False}).status_code == 200
    assert client_for().login("adb03").status_code == 401


def test_deactivation_ends_existing_logins(council, client_for):
    d = client_for("adb04")
    client_for("athuky").patch(f"/api/members/{council.users['adb04']}", {"active": False})
    assert d.get("/api/council").status_code == 401


def test_writes_need_the_csrf_token(council, client_for):
    c = client_for("athuky")
    r = c.c.post("/api/members", json={"username": "x1", "full_name": "X", "role": "delegate"})
    assert r.status_code == 403 and r.json["error"]["code"] == "csrf"
    r = c.c.post("/api/members", json={"username": "x1", "full_name": "X", "role": "delegate"},
                 headers={"X-CSRF-Token": "forged"})
    assert r.status_code == 403
    login = client_for().c.post("/api/auth/login", json={"username": "athuky", "password": PASSWORD})
    assert login.status_code == 403  # login too: no login CSRF


def test_security_headers(council, client_for):
    r = client_for().get("/api/auth/me")
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Cache-Control"] == "no-store"


def test_error_messages_follow_the_language(council, client_for):
    c = client_for()
    c.c.set_cookie("kyhop_lang", "en")
    assert c.get("/api/members").json["error"]["message"] == "Please log in."
    c.c.set_cookie("kyhop_lang", "vi")
    assert c.get("/api/members").json["error"]["message"] == "Bạn cần đăng nhập."
