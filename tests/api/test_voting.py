import secrets
from datetime import timedelta

import pytest
from sqlalchemy import update

from server.db import db, utcnow
from server.voting import lifecycle
from server.voting.models import Poll
from tests.conftest import open_session


def rid() -> str:
    return secrets.token_urlsafe(16)


@pytest.fixture
def live(council, client_for):
    """Council A in session: chair + 4 delegates present (of 6), agenda open."""
    return open_session(client_for, council, present=5)


def make_poll(c, council, **kw):
    body = {"title": "Nghị quyết về dự toán ngân sách", "kind": "open", "duration_s": 60, **kw}
    r = c.post(f"/api/sessions/{council.session_id}/polls", body)
    assert r.status_code == 201, r.json
    return r.json["poll"]


def vote(c, poll_id, choice, request_id=None, **kw):
    return c.post(f"/api/polls/{poll_id}/ballots", {"request_id": request_id or rid(), "choice": choice, **kw})


def test_open_vote_counted_against_all_delegates(live, council, client_for):
    poll = make_poll(client_for("athuky"), council, preset="resolution")
    r = live.post(f"/api/polls/{poll['id']}/open")
    assert r.status_code == 200 and r.json["event"]["patch"]["poll"]["status"] == "open"
    assert r.json["event"]["patch"]["poll"]["total"] == 6 and r.json["event"]["patch"]["poll"]["present"] == 5
    assert vote(live, poll["id"], "for").json["choice"] == "for"  # the chair votes as a delegate
    for u, choice in [("adb01", "for"), ("adb02", "for"), ("adb03", "against")]:
        assert vote(client_for(u), poll["id"], choice).status_code == 200
    r = live.post(f"/api/polls/{poll['id']}/close")
    summary = r.json["event"]["patch"]["poll"]["result"]
    assert "named" not in summary  # events to every tablet carry the summary only
    result = live.get(f"/api/polls/{poll['id']}").json["poll"]["result"]
    assert {k: v for k, v in result.items() if k != "named"} == summary
    # 3 of 6 for is not MORE than half of all delegates, even though 3 of 4 voting agreed
    assert result["passed"] is False
    assert result["answers"]["for"]["text"] == "3/6 — 50,00%"
    assert (result["cast"], result["did_not_vote"], result["absent"]) == (4, 1, 1)
    named = {n["full_name"]: n["choice"] for n in result["named"]}
    assert named["Chủ Tịch Xã"] == "for" and named["Đại Biểu Số 3"] == "against"
    assert named["Đại Biểu Số 4"] == "did_not_vote" and named["Đại Biểu Số 5"] == "absent"
    assert result["consistent"] is True
    assert vote(client_for("adb04"), poll["id"], "for").status_code == 409  # after close


def test_a_retry_gets_the_same_answer_and_a_second_ballot_is_refused(live, council, client_for):
    poll = make_poll(live, council)
    live.post(f"/api/polls/{poll['id']}/open")
    d = client_for("adb01")
    req = rid()
    first = vote(d, poll["id"], "against", req)
    again = vote(d, poll["id"], "against", req)
    assert first.status_code == again.status_code == 200 and first.json == again.json
    other = vote(d, poll["id"], "for")
    assert other.status_code == 409 and other.json["error"]["code"] == "already_voted"
    live.post(f"/api/polls/{poll['id']}/close")
    res = live.get(f"/api/polls/{poll['id']}").json["poll"]["result"]
    assert res["cast"] == 1 and res["answers"]["against"]["count"] == 1


def test_changeable_poll_lets_a_delegate_change(live, council, client_for):
    poll = make_poll(live, council, changeable=True)
    live.post(f"/api/polls/{poll['id']}/open")
    d = client_for("adb01")
    vote(d, poll["id"], "against")
    assert vote(d, poll["id"], "for").json["changed"] is True
    live.post(f"/api/polls/{poll['id']}/close")
    assert live.get(f"/api/polls/{poll['id']}").json["poll"]["result"]["answers"]["for"]["count"] == 1


def test_who_may_vote(live, council, other_council, client_for):
    poll = make_poll(live, council)
    live.post(f"/api/polls/{poll['id']}/open")
    for u in ("akhach", "amanhinh", "athuky"):
        assert vote(client_for(u), poll["id"], "for").status_code == 403
    absent = vote(client_for("adb05"), poll["id"], "for")  # not checked in when the poll opened
    assert absent.status_code == 403 and absent.json["error"]["code"] == "not_entitled"
    assert vote(client_for("bdb01"), poll["id"], "for").status_code in (403, 404)  # other council
    for bad in ["yes", None, 1, ["for"], {"x": 1}]:
        assert vote(client_for("adb01"), poll["id"], bad).status_code == 422
    assert vote(client_for("adb01"), poll["id"], "for", request_id="short").status_code == 422
    assert client_for("adb01").post(f"/api/polls/{poll['id']}/close").status_code == 403
    assert client_for("athuky").post(f"/api/polls/{poll['id']}/close").status_code == 403


def test_votes_after_the_deadline_are_refused_and_the_poll_closes_itself(app, live, council, client_for):
    poll = make_poll(live, council)
    live.post(f"/api/polls/{poll['id']}/open")
    vote(client_for("adb01"), poll["id"], "for")
    with app.app_context():
        db().execute(update(Poll).where(Poll.id == poll["id"]).values(deadline=utcnow() - timedelta(seconds=1)))
        db().commit()
    late = vote(client_for("adb02"), poll["id"], "for")
    assert late.status_code == 409 and late.json["error"]["code"] == "poll_closed"
    with app.test_request_context():
        events = lifecycle.close_due()
    assert len(events) == 1 and events[0].patch["poll"]["status"] == "closed"
    p = live.get(f"/api/polls/{poll['id']}").json["poll"]
    assert p["status"] == "closed" and p["result"]["cast"] == 1


def test_cancel_and_repeat_keep_the_old_poll(live, council, client_for):
    poll = make_poll(live, council)
    live.post(f"/api/polls/{poll['id']}/open")
    assert live.post(f"/api/polls/{poll['id']}/cancel").status_code == 200
    r = live.post(f"/api/polls/{poll['id']}/repeat")
    assert r.status_code == 201 and r.json["poll"]["repeat_of_id"] == poll["id"] and r.json["poll"]["status"] == "draft"
    polls = {p["id"]: p["status"] for p in live.get(f"/api/sessions/{council.session_id}/polls").json["polls"]}
    assert polls[poll["id"]] == "cancelled"
    assert live.post(f"/api/polls/{r.json['poll']['id']}/open").status_code == 200


def test_only_one_poll_open_at_a_time_and_only_in_a_live_session(live, council, client_for):
    a, b = make_poll(live, council), make_poll(live, council)
    live.post(f"/api/polls/{a['id']}/open")
    assert live.post(f"/api/polls/{b['id']}/open").json["error"]["code"] == "poll_already_open"


def test_poll_preparation_validation(live, council, client_for):
    sec = client_for("athuky")
    base = f"/api/sessions/{council.session_id}/polls"
    for body in [{"title": "X", "kind": "referendum"}, {"title": "", "kind": "open"},
                 {"title": "X", "kind": "election"}, {"title": "X", "kind": "open", "options": ["A"]},
                 {"title": "X", "kind": "election", "options": ["A", "A"]},
                 {"title": "X", "kind": "election", "options": ["A"], "seats": 2},
                 {"title": "X", "kind": "secret", "seats": 2}, {"title": "X", "kind": "open", "seats": 1},
                 {"title": "X", "kind": "open", "rule_base": "all", "rule_num": 3, "rule_den": 2},
                 {"title": "X", "kind": "open", "duration_s": 1}]:
        assert sec.post(base, body).status_code == 422, body
    assert client_for("adb01").post(base, {"title": "X", "kind": "open"}).status_code == 403
    custom = make_poll(sec, council, rule_base="present", rule_num=2, rule_den=3, rule_strict=False)
    assert custom["rule"]["text"][0] == "ít nhất 2/3 số đại biểu có mặt"


def test_a_closed_result_is_final_and_corrections_sit_beside_it(live, council, client_for):
    poll = make_poll(live, council)
    live.post(f"/api/polls/{poll['id']}/open")
    vote(client_for("adb01"), poll["id"], "against")
    sec = client_for("athuky")
    base = f"/api/polls/{poll['id']}/corrections"
    assert sec.post(base, {"reason": "Sớm quá"}).status_code == 409  # still open
    live.post(f"/api/polls/{poll['id']}/close")
    before = live.get(f"/api/polls/{poll['id']}").json["poll"]["result"]
    r = sec.post(base, {"reason": "Đại biểu báo bấm nhầm nút", "delegate_id": council.users["adb01"], "choice": "for"})
    assert r.status_code == 201
    after = live.get(f"/api/polls/{poll['id']}").json["poll"]
    assert after["result"] == before  # the result itself never changes
    assert after["corrections"][0]["reason"] == "Đại biểu báo bấm nhầm nút"
    assert after["corrections"][0]["author_id"] == council.users["athuky"]
    assert sec.post(base, {"reason": "x", "delegate_id": council.users["akhach"], "choice": "for"}).status_code == 422
    assert sec.post(base, {"reason": "x", "choice": "for"}).status_code == 422
    assert client_for("adb01").post(base, {"reason": "tự sửa"}).status_code == 403


def test_a_preset_with_a_contradictory_rule_is_refused_and_elections_show_the_rule_they_apply(live, council, client_for):
    sec = client_for("athuky")
    base = f"/api/sessions/{council.session_id}/polls"
    before = len(sec.get(base).json["polls"])
    for body, field in [({"title": "X", "kind": "open", "preset": "resolution", "rule_base": "present"}, "preset"),
                        ({"title": "X", "kind": "open", "preset": "dismissal", "rule_strict": True}, "preset"),
                        ({"title": "X", "kind": "election", "options": ["A", "B"], "preset": "procedural"}, "preset"),
                        ({"title": "X", "kind": "election", "options": ["A", "B"], "rule_base": "cast"}, "rule_base"),
                        ({"title": "X", "kind": "confidence", "options": ["A"], "rule_num": 2, "rule_den": 3}, "rule_base")]:
        r = sec.post(base, body)
        assert r.status_code == 422 and r.json["error"]["details"]["field"] == field, (body, r.json)
    assert len(sec.get(base).json["polls"]) == before  # nothing was created
    agreeing = make_poll(sec, council, preset="dismissal", rule_base="all", rule_num=2, rule_den=3)
    assert agreeing["rule"]["text"][1] == "at least 2/3 of all delegates"
    election = make_poll(sec, council, kind="election", options=["A", "B"])
    assert election["rule"]["text"][1] == "more than 1/2 of all delegates"


def test_ids_beyond_the_database_range_are_not_found(live, council):
    for path in ("/api/sessions/99999999999999999999999", "/api/sessions/3000000000", "/api/polls/2147483648",
                 "/api/sessions/0", "/api/documents/4294967296/versions/1/file", "/api/polls/" + "9" * 5000):
        r = live.get(path)
        assert r.status_code == 404 and r.json["error"]["code"] == "not_found", path
    assert live.get(f"/api/sessions/{council.session_id}").status_code == 200
