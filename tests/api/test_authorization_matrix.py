"""Every role × every action × own/other council: who may do what is decided on the server, before any
state is looked at, and another council's objects do not exist for anyone."""
import re

import pytest

from server.documents.samples import make_pdf
from tests.factories import add_agency

ROLES = {"admin": "aadmin", "secretary": "athuky", "chair": "achutich", "delegate": "adb01", "guest": "akhach",
         "display": "amanhinh", "operator": "aoperator", "agency": "acoquan"}
STAFF = {"admin", "secretary"}
ALL = set(ROLES) - {"operator", "agency"}  # the council's own people
LOGIN = set(ROLES)  # anyone logged in, the deployment's operator too
# Administering the deployment's councils reaches every council by design: not a council-scoped object.
DEPLOYMENT_WIDE = {"/api/councils/{council}/archive"}

READERS = STAFF | {"chair", "delegate"}  # who reads the council's documents (and keeps notes on them)
NOTE = "00000000-0000-4000-8000-000000000001"
FOLLOW = STAFF | {"chair", "delegate", "agency"}  # who follows petitions (each in their own scope)
ENTER = STAFF | {"chair", "delegate"}  # who enters petitions heard at a meeting
OVERSEE = STAFF | {"chair", "delegate"}  # who checks samples of resolved cases (members of the sampling group)
QREAD = STAFF | {"chair", "delegate", "agency"}  # questioning: slips, answers, commitments (an official: its own)
QWRITE = {"chair", "delegate"}  # question slips
QORG = STAFF | {"chair"}  # group, select, apply, ask written answers, record commitments
# (method, path, body, roles allowed)
ACTIONS = [
    ("get", "/api/council", None, LOGIN),
    ("patch", "/api/council", {"quorum_num": 2}, {"admin"}),
    ("get", "/api/members", None, LOGIN),
    ("post", "/api/members", {"username": "matrix-x", "full_name": "X", "role": "delegate"}, STAFF),
    ("patch", "/api/members/{member}", {"title": "X"}, STAFF),
    ("get", "/api/sessions", None, LOGIN),
    ("post", "/api/sessions", {"number": 7, "kind": "regular", "title": "X", "start_date": "2026-12-01", "end_date": "2026-12-01"}, STAFF),
    ("get", "/api/sessions/{session}", None, LOGIN),
    ("patch", "/api/sessions/{session}", {"location": "X"}, STAFF),
    ("get", "/api/sessions/{session}/live", None, ALL),
    ("post", "/api/sessions/{session}/control", {"action": "pause"}, {"chair"}),
    ("post", "/api/sessions/{session}/agenda", {"title": "X", "kind": "report"}, STAFF),
    ("patch", "/api/agenda/{item}", {"title": "X"}, STAFF),
    ("post", "/api/sessions/{session}/check-in", {}, {"chair", "delegate"}),
    ("put", "/api/sessions/{session}/attendance/{member}", {"status": "present"}, STAFF | {"chair"}),
    ("post", "/api/sessions/{session}/polls", {"title": "X", "kind": "open"}, STAFF | {"chair"}),
    ("get", "/api/sessions/{session}/polls", None, LOGIN),
    ("post", "/api/polls/{poll}/open", {}, {"chair"}),
    ("post", "/api/polls/{poll}/close", {}, {"chair"}),
    ("post", "/api/polls/{poll}/ballots", {"request_id": "matrix-request-00001", "choice": "for"}, {"chair", "delegate"}),
    ("post", "/api/polls/{poll}/corrections", {"reason": "x"}, STAFF | {"chair"}),
    ("post", "/api/polls/{poll}/resolution", {"normative": False}, STAFF),
    ("get", "/api/me/votes", None, {"chair", "delegate"}),
    ("get", "/api/sessions/{session}/committee", None, LOGIN),
    ("put", "/api/sessions/{session}/committee", {"members": [1, 2, 3]}, {"secretary", "chair"}),
    ("post", "/api/sessions/{session}/committee/join", {"transport_key": "00" * 32}, {"chair", "delegate"}),
    ("post", "/api/sessions/{session}/committee/deal", {"deal": {}}, {"chair", "delegate"}),
    ("post", "/api/sessions/{session}/committee/confirm", {"complaint": "x"}, {"chair", "delegate"}),
    ("post", "/api/polls/{poll}/decryptions", {"partial": {}}, {"chair", "delegate"}),
    ("get", "/api/polls/{poll}/board", None, LOGIN),
    ("post", "/api/sessions/{session}/floor", {"kind": "discussion"}, {"chair", "delegate"}),
    ("post", "/api/sessions/{session}/floor/chair", {"action": "close"}, {"chair"}),
    ("post", "/api/sessions/{session}/opinions", {"text": "x"}, {"chair", "delegate"}),
    ("get", "/api/sessions/{session}/speeches", None, LOGIN),
    ("get", "/api/sessions/{session}/documents", None, LOGIN),
    ("get", "/api/activity", None, STAFF | {"chair"}),
    ("get", "/api/sessions/{session}/minutes", None, STAFF | {"chair", "delegate"}),
    ("put", "/api/sessions/{session}/minutes", {"text": "x"}, STAFF),
    ("get", "/api/resolutions", None, LOGIN),
    ("post", "/api/sessions/{session}/sittings", {"date": "2026-12-01", "part": "morning"}, STAFF),
    ("get", "/api/sessions/{session}/invitees", None, STAFF),
    ("post", "/api/sessions/{session}/invitees", {"user_id": 999999}, STAFF),  # 422: nobody to invite
    ("delete", "/api/sessions/{session}/invitees/999999", None, STAFF),  # 404: not invited
    ("post", "/api/agenda/{item}/move", {"index": 0}, STAFF),
    ("post", "/api/members/import", {}, STAFF),
    ("get", "/api/polls/{poll}", None, LOGIN),
    ("post", "/api/polls/{poll}/repeat", {}, {"chair"}),
    ("post", "/api/polls/{poll}/cancel", {}, {"chair"}),
    ("delete", "/api/sessions/{session}/floor/999999", None, {"chair", "delegate"}),
    ("post", "/api/sessions/{session}/documents?filename=x.pdf&kind=other&access=public", {}, STAFF),
    ("get", "/api/documents/{doc}", None, LOGIN),
    ("post", "/api/documents/{doc}/versions?filename=x.pdf", {}, STAFF),
    ("get", "/api/documents/{doc}/versions/1/file", None, LOGIN),
    ("get", "/api/documents/{doc}/versions/1/changes", None, LOGIN),  # 404: no earlier version
    ("get", "/api/sessions/{session}/packet", None, LOGIN),
    ("get", "/api/sessions/{session}/search?q=ngan+sach", None, LOGIN),
    ("get", "/api/search?q=ngan+sach", None, LOGIN),
    ("get", "/api/sessions/{session}/minutes.pdf", None, STAFF | {"chair", "delegate"}),
    ("get", "/api/sessions/{session}/minutes.docx", None, STAFF | {"chair", "delegate"}),
    ("post", "/api/sessions/{session}/minutes/sign", {}, STAFF),  # 409 until closed
    ("put", "/api/sessions/{session}/minutes.signed.pdf?filename=a.pdf", {}, STAFF),  # 415: not a PDF
    ("get", "/api/sessions/{session}/minutes.signed.pdf", None, STAFF | {"chair", "delegate"}),  # 404: none yet
    # a plenary session has no conclusion notice (409): the routes are reached all the same
    ("get", "/api/sessions/{session}/conclusion", None, STAFF | {"chair", "delegate"}),
    ("put", "/api/sessions/{session}/conclusion", {"text": "x"}, STAFF),
    ("get", "/api/sessions/{session}/conclusion.pdf", None, STAFF | {"chair", "delegate"}),
    ("get", "/api/sessions/{session}/conclusion.docx", None, STAFF | {"chair", "delegate"}),
    ("post", "/api/sessions/{session}/conclusion/sign", {}, STAFF),
    ("put", "/api/sessions/{session}/conclusion.signed.pdf?filename=a.pdf", {}, STAFF),
    ("get", "/api/sessions/{session}/conclusion.signed.pdf", None, STAFF | {"chair", "delegate"}),
    ("post", "/api/sessions/{session}/seal/timestamp", {}, STAFF),  # 409: no TSA configured
    ("post", "/api/resolutions/{resolution}/sign", {}, STAFF),  # 404: no such resolution
    ("put", "/api/resolutions/{resolution}/signed.pdf?filename=a.pdf", {}, STAFF),
    ("get", "/api/resolutions/{resolution}/signed.pdf", None, LOGIN),
    ("get", "/api/sessions/{session}/bundle.zip", None, STAFF | {"chair", "delegate"}),
    ("delete", "/api/agenda/{item}", None, STAFF),
    ("get", "/api/councils", None, {"operator"}),
    ("post", "/api/councils", {"name": "HĐND xã Ma Trận", "level": "commune", "term_name": "Khóa I",
                               "term_start_year": 2026, "term_end_year": 2031}, {"operator"}),
    ("post", "/api/councils/{council}/archive", {}, {"operator"}),
    ("get", "/api/terms", None, {"admin"}),
    ("post", "/api/terms", {"name": "Khóa II", "start_year": 2031, "end_year": 2036}, {"admin"}),
    ("get", "/api/documents/{doc}/notes", None, READERS),
    ("put", "/api/documents/{doc}/notes/{note}", {"version": 1, "text": "x"}, READERS),  # 404: another's note
    ("delete", "/api/documents/{doc}/notes/{note}", None, READERS),
    ("get", "/api/me/notes/export", None, READERS),
    ("post", "/api/sessions/{session}/receipts", {"versions": []}, READERS),
    ("get", "/api/me/sessions/{session}/unopened-revisions", None, READERS),
    ("post", "/api/documents/{doc}/versions/1/opened", {}, READERS),
    ("get", "/api/sessions/{session}/receipts", None, STAFF | {"chair"}),
    ("get", "/api/agencies", None, FOLLOW),
    ("post", "/api/agencies", {"name": "Sở Ma Trận", "level": "province"}, STAFF),
    ("patch", "/api/agencies/{agency}", {"email": "so@example.vn"}, STAFF),
    ("post", "/api/agencies/{agency}/accounts", {"username": "matrix-ag", "full_name": "X"}, STAFF),
    ("get", "/api/voter-meetings", None, ENTER),
    ("post", "/api/voter-meetings", {"held_on": "2026-11-01", "place": "X", "constituency": "X"}, STAFF),
    ("put", "/api/voter-meetings/{meeting}/record?filename=a.pdf", {}, STAFF),  # 415: not a PDF
    ("get", "/api/voter-meetings/{meeting}/record", None, ENTER),  # 404: none yet
    ("post", "/api/voter-meetings/{meeting}/petitions", {"text": "x", "field": "land", "level": "commune"}, ENTER),
    ("get", "/api/petitions", None, FOLLOW),
    ("get", "/api/petitions/{case}", None, FOLLOW),
    ("get", "/api/petitions/{case}/similar", None, STAFF),
    ("patch", "/api/petitions/{case}", {"area": "Thôn 1"}, STAFF),
    ("post", "/api/petitions/{case}/merge", {"cases": [999999]}, STAFF),
    ("post", "/api/petitions/{case}/transfer", {"agency_id": 999999, "deadline": "2030-01-01"}, STAFF),
    ("post", "/api/petitions/files?filename=a.pdf", {}, {"agency"}),  # 415: not a PDF
    ("post", "/api/petitions/{case}/answer", {"status": "in_progress", "text": "x"}, {"agency"}),
    ("get", "/api/petitions/{case}/files/{sha}", None, FOLLOW),  # 404: no such file
    ("post", "/api/petitions/{case}/forward", {"agency_id": 999999}, {"agency"}),
    ("post", "/api/petitions/{case}/reopen", {"text": "x"}, STAFF),  # 409: not answered
    ("get", "/api/petitions/report.json", None, STAFF | {"chair"}),
    ("get", "/api/petitions/report.pdf", None, STAFF | {"chair"}),
    ("get", "/api/petitions/report.docx", None, STAFF | {"chair"}),
    ("get", "/api/petitions/report.xlsx", None, STAFF | {"chair"}),
    ("post", "/api/petitions/report/attach", {"session_id": 999999, "agenda_item_id": 999999}, STAFF),  # 404: no session
    ("post", "/api/voter-meetings/{meeting}/petitions/import", {}, STAFF),  # 415: not a workbook
    ("get", "/api/petitions/export.xlsx", None, FOLLOW),
    ("get", "/api/petitions/export.csv", None, FOLLOW),
    ("get", "/api/petitions/reminders", None, FOLLOW),
    ("get", "/api/petitions/samples", None, OVERSEE),
    ("post", "/api/petitions/samples", {"group_id": 999999, "round": "X", "size": 1}, OVERSEE),  # 422: no such group
    ("get", "/api/petitions/samples/{sample}", None, OVERSEE),
    ("post", "/api/petitions/samples/{sample}/findings", {"case_id": 999999, "verdict": "confirmed", "text": "x"},
     OVERSEE),  # 422: not drawn (the chair and the delegate are members of the sampling committee)
    ("get", "/api/officials", None, QREAD),
    ("get", "/api/question-slips", None, QREAD),
    ("post", "/api/question-slips", {"official_id": 999999, "text": "x"}, QWRITE),  # 422: no such official
    ("get", "/api/question-slips/999999", None, QREAD),  # 404 (every slip id: test_questioning_attacks.py)
    ("post", "/api/question-slips/999999/withdraw", {}, QWRITE),
    ("post", "/api/question-slips/999999/written", {"deadline": "2030-01-01"}, QORG),
    ("post", "/api/question-slips/999999/answer", {"text": "x"}, {"agency"}),
    ("post", "/api/question-slips/999999/publish", {"public": True}, QORG),
    ("get", "/api/sessions/{session}/questioning", None, QREAD),
    ("post", "/api/sessions/{session}/question-groups", {"title": "X", "official_id": 999999}, QORG),  # 422
    ("patch", "/api/question-groups/999999", {"title": "X"}, QORG),
    ("delete", "/api/question-groups/999999", None, QORG),
    ("post", "/api/sessions/{session}/questioning/apply", {"agenda_item_id": 999999}, QORG),  # 422: not its item
    ("get", "/api/commitments", None, QREAD),
    ("post", "/api/commitments", {"official_id": 999999, "text": "x", "deadline": "2030-01-01"}, QORG),  # 422
    ("patch", "/api/commitments/999999", {"status": "done"}, QORG),
    ("post", "/api/commitments/999999/progress", {"progress": "x"}, {"agency"}),
    ("post", "/api/auth/password", {"current_password": "x", "new_password": "y"}, LOGIN),  # 422: wrong password
    ("post", "/api/auth/logout", {}, LOGIN),  # last: it ends the login
]


def shape(method: str, path: str) -> tuple[str, str]:
    """An operation whatever its ids: /api/polls/{poll}/open and /api/polls/{poll_id}/open are the same."""
    return method, re.sub(r"/(\{\w+\}|\d+)(?=/|$)", "/{}", path.split("?")[0])


def test_the_matrix_covers_every_guarded_operation(app):
    """A new route must be added above: the API description lists every operation and its permission
    (logging in and the public archive need none; tests/api/test_auth.py and test_public.py cover them)."""
    from server.openapi import build
    covered = {shape(m, p) for m, p, _, _ in ACTIONS}
    guarded = {shape(m, path) for path, ops in build(app)["paths"].items() for m, op in ops.items()
               if "x-permission" in op}
    assert guarded - covered == set()


def ids(data, world):
    poll, doc, agency, meeting, case, sample = world[data.prefix]
    return {"session": data.session_id, "item": data.item_ids[1], "member": data.users[f"{data.prefix}db02"],
            "poll": poll, "doc": doc, "council": data.council_id, "resolution": 999999,
            "note": NOTE, "agency": agency, "meeting": meeting, "case": case, "sha": "0" * 64, "sample": sample}


@pytest.fixture
def world(app, council, other_council, operator, client_for):
    out = {}
    pdf = make_pdf("Ma trận", 1)
    for d in (council, other_council):
        sec = client_for(f"{d.prefix}thuky")
        poll = sec.post(f"/api/sessions/{d.session_id}/polls", {"title": "Ma trận", "kind": "open"}).json["poll"]["id"]
        doc = sec.post(f"/api/sessions/{d.session_id}/documents?filename=a.pdf&kind=other&access=public",
                       data=pdf, content_type="application/pdf").json["document"]["id"]
        # a petition heard at a meeting every delegate attended, sent to the council's agency
        agency = add_agency(app, d)
        meeting = sec.post("/api/voter-meetings", {"held_on": "2026-11-01", "place": "Nhà văn hóa", "constituency": "Đơn vị 1",
                                                   "delegate_ids": [v for k, v in d.users.items() if "db" in k or "chutich" in k]})
        case = sec.post(f"/api/voter-meetings/{meeting.json['meeting']['id']}/petitions",
                        {"text": "Sửa đường", "field": "transport", "level": "province"}).json["case"]["id"]
        assert sec.post(f"/api/petitions/{case}/transfer", {"agency_id": agency, "deadline": "2030-01-01"}).status_code == 200
        m = meeting.json["meeting"]["id"]
        out[d.prefix] = (poll, doc, agency, m, case, sampled(d, client_for, m, agency))
    return out


def sampled(d, client_for, meeting: int, agency: int) -> int:
    """A sample drawn by a committee the chair and a delegate sit on, from a second case reported resolved."""
    sec = client_for(f"{d.prefix}thuky")
    resolved = sec.post(f"/api/voter-meetings/{meeting}/petitions", {"text": "Nạo vét kênh", "field": "environment",
                                                                      "level": "province"}).json["case"]["id"]
    assert sec.post(f"/api/petitions/{resolved}/transfer", {"agency_id": agency, "deadline": "2030-01-01"}).status_code == 200
    answer = {"status": "resolved", "text": "Đã nạo vét"}
    assert client_for(f"{d.prefix}coquan").post(f"/api/petitions/{resolved}/answer", answer).status_code == 200
    for u in ("chutich", "db01"):
        assert sec.patch(f"/api/members/{d.users[d.prefix + u]}", {"groups": ["Ban Kinh tế"]}).status_code == 200
    ban = next(g["id"] for g in sec.get("/api/council").json["groups"] if g["name"] == "Ban Kinh tế")
    return sec.post("/api/petitions/samples", {"group_id": ban, "round": "Quý IV/2026", "size": 1}).json["sample"]["id"]


def call(c, method, path, body):
    return getattr(c, method)(path) if method in ("get", "delete") else getattr(c, method)(path, body)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_each_role_reaches_exactly_its_actions(role, council, world, client_for):
    c = client_for(ROLES[role])
    for method, path, body, allowed in ACTIONS:
        r = call(c, method, path.format(**ids(council, world)), body)
        if role in allowed:
            assert r.status_code not in (401, 403), (role, method, path, r.json)
        else:
            assert r.status_code == 403, (role, method, path, r.status_code)


def test_anonymous_reaches_nothing(council, world, client_for):
    c = client_for()
    c.csrf = c.get("/api/auth/me").json["csrf_token"]
    for method, path, body, _allowed in ACTIONS:
        assert call(c, method, path.format(**ids(council, world)), body).status_code == 401, (method, path)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_no_role_reaches_another_councils_objects(role, council, other_council, world, client_for):
    c = client_for(ROLES[role])
    for method, path, body, allowed in ACTIONS:
        if "{" not in path or role not in allowed or path in DEPLOYMENT_WIDE:
            continue  # council-wide lists are scoped by construction; refused roles are refused earlier
        r = call(c, method, path.format(**ids(other_council, world)), body)
        assert r.status_code == 404, (role, method, path, r.status_code)
