"""Hostile input on write endpoints: a clear 4xx, never a 500, nothing changed."""
import json

import pytest

from tests.conftest import open_session

NASTY_TEXT = [
    "A" * 10_000,                      # 10 kB name
    "Nguye\u0302\u0303n",              # combining marks (normalised to NFC, accepted)
    "\u202eevil\u202c",                # right-to-left override
    "zero\u200bwidth",                 # zero-width space
    "\ufeffBOM",
    "line\nbreak",
    "\x00nul",
    "🙂 emoji 😀",
    "שלום عربى",                        # right-to-left scripts (allowed)
]


@pytest.fixture
def live(council, client_for):
    return open_session(client_for, council)


def writes(council):
    sid = council.session_id
    return [
        ("athuky", "post", "/api/members", lambda t: {"username": "hostile1", "full_name": t, "role": "delegate"}),
        ("athuky", "post", f"/api/sessions/{sid}/agenda", lambda t: {"title": t, "kind": "report"}),
        ("athuky", "patch", f"/api/sessions/{sid}", lambda t: {"location": t}),
        ("achutich", "post", f"/api/sessions/{sid}/control", lambda t: {"action": "message", "message": t}),
        ("athuky", "post", f"/api/sessions/{sid}/polls", lambda t: {"title": t, "kind": "open"}),
        ("adb01", "post", f"/api/sessions/{sid}/floor", lambda t: {"kind": "question", "addressee": t}),
    ]


def test_unicode_edge_cases_never_500(live, council, client_for):
    for user, method, path, body in writes(council):
        c = client_for(user)
        for text in NASTY_TEXT:
            r = getattr(c, method)(path, body(text))
            assert r.status_code < 500, (path, repr(text[:20]), r.status_code)
            if any(ch in text for ch in "\u202e\u200b\ufeff\x00") or len(text) > 5000:
                assert r.status_code == 422, (path, repr(text[:20]), r.status_code)


def test_malformed_bodies(live, council, client_for):
    c = client_for("athuky")
    path = f"/api/sessions/{council.session_id}/agenda"
    deep = "[" * 100_000 + "]" * 100_000
    cases = [
        (b"{not json", "application/json", 400),
        (deep.encode(), "application/json", 400),
        (json.dumps({"title": "x" * 10, "kind": "report", "pad": "y" * 3_000_000}).encode(), "application/json", 413),
        (b'"just a string"', "application/json", 400),
        (b'{"title": ["list"], "kind": "report"}', "application/json", 422),
        (b'{"title": "ok", "kind": "report", "planned_minutes": true}', "application/json", 422),
        (b'{"title": "ok", "kind": "report", "unknown": 1}', "application/json", 422),
        (b'{"title": "ok", "kind": "report"}', "text/plain", 415),
    ]
    for data, ctype, status in cases:
        r = c.c.post(path, data=data, content_type=ctype, headers={"X-CSRF-Token": c.csrf})
        assert r.status_code == status, (data[:40], r.status_code)
        assert r.json["error"]["message_vi"] and r.json["error"]["message_en"]
    assert len(c.get(f"/api/sessions/{council.session_id}").json["agenda"]) == 4  # nothing was added
