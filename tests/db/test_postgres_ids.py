"""On PostgreSQL ids are 32-bit integers: a larger id in a path must answer 404, not a database error."""
from __future__ import annotations

import pytest

from server import migrate
from server.app import create_app, socketio
from tests.conftest import ApiClient, make_config
from tests.factories import build_council


@pytest.mark.postgres
def test_ids_beyond_int4_are_not_found_on_postgresql(tmp_path, pg_url):
    migrate.upgrade(pg_url)
    app = create_app(make_config(tmp_path, pg_url))
    data = build_council(app, "a")
    c = ApiClient(app.test_client())
    assert c.login("athuky").status_code == 200
    for path in ("/api/sessions/3000000000", "/api/sessions/99999999999999999999999", "/api/polls/2147483648",
                 "/api/documents/2147483648/versions/2147483648/file", "/api/sessions/2147483647"):
        r = c.get(path)
        assert r.status_code == 404 and r.json["error"]["code"] == "not_found", path
    r = c.post(f"/api/sessions/{data.session_id}/polls", {"title": "X", "kind": "open", "agenda_item_id": 2**31 - 1})
    assert r.status_code == 422
    sock = socketio.test_client(app, flask_test_client=c.c)
    assert sock.emit("follow", {"session_id": 3_000_000_000}, callback=True) == {"ok": False, "error": "invalid"}
    assert sock.emit("follow", {"session_id": 2**31 - 1}, callback=True) == {"ok": False, "error": "not_found"}
    sock.disconnect()
    app.extensions["kyhop.engine"].dispose()
