"""Every role × every action × own/other council: who may do what is decided on the server, before any
state is looked at, and another council's objects do not exist for anyone."""
import pytest

ROLES = {"admin": "aadmin", "secretary": "athuky", "chair": "achutich", "delegate": "adb01", "guest": "akhach",
         "display": "amanhinh"}
STAFF = {"admin", "secretary"}
ALL = set(ROLES)

# (method, path, body, roles allowed)
ACTIONS = [
    ("get", "/api/council", None, ALL),
    ("patch", "/api/council", {"quorum_num": 2}, {"admin"}),
    ("get", "/api/members", None, ALL),
    ("post", "/api/members", {"username": "matrix-x", "full_name": "X", "role": "delegate"}, STAFF),
    ("patch", "/api/members/{member}", {"title": "X"}, STAFF),
    ("get", "/api/sessions", None, ALL),
    ("post", "/api/sessions", {"number": 7, "kind": "regular", "title": "X", "start_date": "2026-12-01", "end_date": "2026-12-01"}, STAFF),
    ("get", "/api/sessions/{session}", None, ALL),
    ("patch", "/api/sessions/{session}", {"location": "X"}, STAFF),
    ("get", "/api/sessions/{session}/live", None, ALL),
    ("post", "/api/sessions/{session}/control", {"action": "pause"}, {"chair"}),
    ("post", "/api/sessions/{session}/agenda", {"title": "X", "kind": "report"}, STAFF),
    ("patch", "/api/agenda/{item}", {"title": "X"}, STAFF),
    ("post", "/api/sessions/{session}/check-in", {}, {"chair", "delegate"}),
    ("put", "/api/sessions/{session}/attendance/{member}", {"status": "present"}, STAFF | {"chair"}),
    ("post", "/api/sessions/{session}/polls", {"title": "X", "kind": "open"}, STAFF | {"chair"}),
    ("get", "/api/sessions/{session}/polls", None, ALL),
    ("post", "/api/polls/{poll}/open", {}, {"chair"}),
    ("post", "/api/polls/{poll}/close", {}, {"chair"}),
    ("post", "/api/polls/{poll}/ballots", {"request_id": "matrix-request-00001", "choice": "for"}, {"chair", "delegate"}),
    ("post", "/api/polls/{poll}/corrections", {"reason": "x"}, STAFF | {"chair"}),
    ("post", "/api/polls/{poll}/resolution", {"normative": False}, STAFF),
    ("get", "/api/me/votes", None, {"chair", "delegate"}),
    ("post", "/api/sessions/{session}/floor", {"kind": "discussion"}, {"chair", "delegate"}),
    ("post", "/api/sessions/{session}/floor/chair", {"action": "close"}, {"chair"}),
    ("post", "/api/sessions/{session}/opinions", {"text": "x"}, {"chair", "delegate"}),
    ("get", "/api/sessions/{session}/speeches", None, ALL),
    ("get", "/api/sessions/{session}/documents", None, ALL),
    ("get", "/api/activity", None, STAFF | {"chair"}),
    ("get", "/api/sessions/{session}/minutes", None, STAFF | {"chair", "delegate"}),
    ("put", "/api/sessions/{session}/minutes", {"text": "x"}, STAFF),
    ("get", "/api/resolutions", None, ALL),
]


def ids(data, poll_id):
    return {"session": data.session_id, "item": data.item_ids[1], "member": data.users[f"{data.prefix}db02"], "poll": poll_id}


@pytest.fixture
def world(council, other_council, client_for):
    polls = {}
    for d in (council, other_council):
        polls[d.prefix] = client_for(f"{d.prefix}thuky").post(f"/api/sessions/{d.session_id}/polls",
                                                              {"title": "Ma trận", "kind": "open"}).json["poll"]["id"]
    return polls


def call(c, method, path, body):
    return getattr(c, method)(path) if method == "get" else getattr(c, method)(path, body)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_each_role_reaches_exactly_its_actions(role, council, world, client_for):
    c = client_for(ROLES[role])
    for method, path, body, allowed in ACTIONS:
        r = call(c, method, path.format(**ids(council, world["a"])), body)
        if role in allowed:
            assert r.status_code not in (401, 403), (role, method, path, r.json)
        else:
            assert r.status_code == 403, (role, method, path, r.status_code)


def test_anonymous_reaches_nothing(council, world, client_for):
    c = client_for()
    c.csrf = c.get("/api/auth/me").json["csrf_token"]
    for method, path, body, _allowed in ACTIONS:
        assert call(c, method, path.format(**ids(council, world["a"])), body).status_code == 401, (method, path)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_no_role_reaches_another_councils_objects(role, council, other_council, world, client_for):
    c = client_for(ROLES[role])
    for method, path, body, allowed in ACTIONS:
        if "{" not in path or role not in allowed:
            continue  # council-wide lists are scoped by construction; refused roles are refused earlier
        r = call(c, method, path.format(**ids(other_council, world["b"])), body)
        assert r.status_code == 404, (role, method, path, r.status_code)
