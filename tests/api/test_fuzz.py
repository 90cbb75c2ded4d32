"""Schemathesis fuzzes every operation of the served OpenAPI description against a real server process:
no answer may be a 500, every answer must be one the description lists, with the media type and error
shape it promises. Each operation is called as a role that may perform it, so the fuzz reaches past the
authorization check into validation and the domain rules."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from server import migrate, openapi
from server.accounts.rules import PERMISSIONS
from server.petitions import spreadsheet
from server.app import create_app
from tests.conftest import ServerProcess, make_config
from tests.factories import add_agency, add_operator, build_council
from tests.live.helpers import Http

pytestmark = pytest.mark.serial  # schemathesis' parametrized cases run in make test's single-process pass
EXAMPLES = int(os.environ.get("KYHOP_FUZZ_EXAMPLES", "25"))
# Which of the test accounts performs an operation needing a permission (the first role that has it).
ACTOR_BY_ROLE = {"admin": "aadmin", "secretary": "athuky", "chair": "achutich", "delegate": "adb01",
                 "operator": "aoperator", "agency": "acoquan"}
LOGGED_IN: dict[str, Http] = {}  # role -> its logged-in HTTP session, filled by the `target` fixture


@pytest.fixture(scope="module")
def target(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz")
    cfg = make_config(tmp)
    migrate.upgrade(cfg.database_url)
    app = create_app(cfg)
    data = build_council(app, "a")
    add_operator(app, data)
    add_agency(app, data)
    build_council(app, "b", name="HĐND xã Bên Kia")  # ids of another council for the fuzz to stumble on
    srv = ServerProcess(tmp, cfg.database_url).start()
    actors = {role: Http(srv.url, user) for role, user in ACTOR_BY_ROLE.items()}
    LOGGED_IN.update(actors)
    for user in ("achutich", "adb01", "adb02", "adb03"):  # a quorum, then the session opens
        Http(srv.url, user).post(f"/api/sessions/{data.session_id}/check-in")
    assert actors["chair"].post(f"/api/sessions/{data.session_id}/control", {"action": "open"}).status_code == 200
    yield srv, actors, data
    srv.stop()
    log = (tmp / f"server-{srv.port}.log").read_text(errors="replace")
    assert "Traceback" not in log, log[-4000:]


def _described() -> dict:
    """The description the server serves (built from the same code), so the operations are known at collection."""
    tmp = Path(tempfile.mkdtemp(prefix="kyhop-openapi-"))
    try:
        return openapi.build(create_app(make_config(tmp)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


schema = schemathesis.openapi.from_dict(_described())
schemathesis.serializer.alias("application/pdf", "application/octet-stream")  # uploads: random bytes as the PDF
schemathesis.serializer.alias(spreadsheet.XLSX, "application/octet-stream")  # and as the workbook


def actor(permission: str | None) -> str | None:
    if permission is None:
        return None
    if permission == "login":
        return "secretary"
    return next(role for role in ACTOR_BY_ROLE if role in PERMISSIONS[permission])


@schema.auth()
class LoginCookie:
    """Marks each case with the role that may perform the operation; the test swaps the mark for that
    role's real session cookie and CSRF token. Schemathesis also leaves the cookie out or spoils it on
    purpose, to check that the API then refuses."""

    def get(self, case, ctx):
        return actor(case.operation.definition.raw.get("x-permission"))

    def set(self, case, role, ctx):
        case.cookies = {**(case.cookies or {}), "kyhop_session": f"{MARK}{role}"}


MARK = "as-role:"


def logged_in(case) -> None:
    cookie = (case.cookies or {}).get("kyhop_session", "")
    if cookie.startswith(MARK):
        http = LOGGED_IN[cookie[len(MARK):]]
        case.cookies["kyhop_session"] = http.s.cookies["kyhop_session"]
        case.headers = {**(case.headers or {}), "X-CSRF-Token": http.csrf}


@schema.exclude(path="/api/auth/logout").parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_survives_fuzzing(case, target):
    srv, actors, data = target
    if case.path == "/api/members/{user_id}":
        # edits land on the guest, never on the accounts the fuzz acts as
        case.path_parameters["user_id"] = data.users["akhach"]
    logged_in(case)
    # Not checked: that every schema-valid request succeeds. Domain rules refuse some on purpose with a 422
    # (a sitting outside the session's dates, an item moved inside itself, a search term of one letter).
    case.call_and_validate(base_url=srv.url, excluded_checks=[positive_data_acceptance])


def test_every_json_answer_is_described():
    """Each operation's success answer has a real schema (an object with its keys), which the fuzz above
    checks every answer against (schemathesis' response_schema_conformance)."""
    missing = []
    for path, ops in _described()["paths"].items():
        for method, op in ops.items():
            for status, resp in op["responses"].items():
                schema = resp.get("content", {}).get("application/json", {}).get("schema")
                if status.startswith("2") and schema is not None and not schema.get("properties") and not schema.get("required"):
                    missing.append(f"{method} {path} {status}")
    assert missing == []


def test_every_guarded_operation_is_fuzzed_as_a_role_that_may_perform_it():
    permissions = {op["x-permission"] for ops in _described()["paths"].values() for op in ops.values()
                   if "x-permission" in op} - {"login"}
    assert {p for p in permissions if not any(role in PERMISSIONS[p] for role in ACTOR_BY_ROLE)} == set()
