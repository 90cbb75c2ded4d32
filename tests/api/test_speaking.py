from datetime import timedelta

import pytest

from server.db import db
from server.speaking.models import Speech
from tests.conftest import open_session


@pytest.fixture
def live(council, client_for):
    chair = open_session(client_for, council)
    chair.post(f"/api/sessions/{council.session_id}/control", {"action": "goto", "item_id": council.item_ids[2]})
    return chair


def ask(c, council, kind="discussion", **kw):
    return c.post(f"/api/sessions/{council.session_id}/floor", {"kind": kind, **kw})


def floor(chair, council, action, **kw):
    return chair.post(f"/api/sessions/{council.session_id}/floor/chair", {"action": action, **kw})


def queue_names(c, council):
    return [q["full_name"] for q in c.get(f"/api/sessions/{council.session_id}/live").json["speaking"]["queue"]]


def test_queue_order_priorities_and_withdraw(live, council, client_for):
    d1, d2, d3 = client_for("adb01"), client_for("adb02"), client_for("adb03")
    assert ask(d1, council).status_code == 201
    assert ask(d2, council, "question", addressee="Giám đốc Sở Xây dựng", subject="Tiến độ đường tỉnh").status_code == 201
    r = ask(d3, council, "procedural")
    assert r.status_code == 201
    assert queue_names(d1, council) == ["Đại Biểu Số 3", "Đại Biểu Số 1", "Đại Biểu Số 2"]  # procedural jumps
    rid = r.json["event"]["patch"]["speaking"]["queue"][0]["id"]
    assert d1.delete(f"/api/sessions/{council.session_id}/floor/{rid}").status_code == 403  # not theirs
    assert d3.delete(f"/api/sessions/{council.session_id}/floor/{rid}").status_code == 200
    assert queue_names(d1, council) == ["Đại Biểu Số 1", "Đại Biểu Số 2"]
    assert ask(d1, council).status_code == 409  # already waiting
    assert ask(d3, council, "question").status_code == 422  # a question names the official


def test_two_speeches_per_item_unless_the_chair_allows_more(live, council, client_for):
    d1 = client_for("adb01")
    for expected_kind, limit in (("discussion", 420), ("second", 180)):
        ask(d1, council)
        q = d1.get(f"/api/sessions/{council.session_id}/live").json["speaking"]["queue"]
        r = floor(live, council, "give", request_id=q[0]["id"])
        cur = r.json["event"]["patch"]["speaking"]["current"]
        assert (cur["kind"], cur["limit_s"]) == (expected_kind, limit)
        floor(live, council, "end")
    r = ask(d1, council)
    assert r.status_code == 409 and r.json["error"]["code"] == "speech_limit"
    floor(live, council, "allow_more", user_id=council.users["adb01"])
    assert ask(d1, council).status_code == 201


def test_authorization(live, council, client_for):
    d1 = client_for("adb01")
    ask(d1, council)
    q = d1.get(f"/api/sessions/{council.session_id}/live").json["speaking"]["queue"]
    assert floor(d1, council, "give", request_id=q[0]["id"]).status_code == 403  # not to themselves
    assert ask(client_for("akhach"), council, "explanation").status_code == 403  # guests: only when invited
    assert ask(client_for("amanhinh"), council).status_code == 403
    r = floor(live, council, "invite", user_id=council.users["akhach"], kind="explanation", subject="Giải trình dự toán")
    assert r.status_code == 200
    assert r.json["event"]["patch"]["speaking"]["queue"][-1]["full_name"] == "Khách Mời"
    assert floor(live, council, "give", user_id=999999, kind="discussion").status_code == 422
    assert floor(live, council, "give", user_id=council.users["amanhinh"], kind="discussion").status_code == 422


def test_questions_answers_and_the_askers_follow_up(live, council, client_for):
    d1, d2 = client_for("adb01"), client_for("adb02")
    ask(d1, council, "question", addressee="Khách Mời", subject="Trường học vùng cao")
    q = d1.get(f"/api/sessions/{council.session_id}/live").json["speaking"]["queue"]
    question = floor(live, council, "give", request_id=q[0]["id"]).json["event"]["patch"]["speaking"]["current"]
    assert question["kind"] == "question" and question["limit_s"] == 60
    answer = floor(live, council, "give", user_id=council.users["akhach"], kind="answer",
                   answers_speech_id=question["id"]).json["event"]["patch"]["speaking"]["current"]
    assert answer["kind"] == "answer" and answer["limit_s"] == 180 and answer["full_name"] == "Khách Mời"
    floor(live, council, "end")
    ask(d2, council, "debate", replies_to_speech_id=answer["id"])
    ask(d1, council, "debate", replies_to_speech_id=answer["id"])
    assert queue_names(d1, council)[0] == "Đại Biểu Số 1"  # the asker first, though they asked later


def test_timers_are_held_by_the_server_and_the_log_records_overruns(app, live, council, client_for):
    d1 = client_for("adb01")
    ask(d1, council)
    q = d1.get(f"/api/sessions/{council.session_id}/live").json["speaking"]["queue"]
    floor(live, council, "give", request_id=q[0]["id"])
    floor(live, council, "add", seconds=60)
    with app.app_context():  # the speech started 500 s ago (7 min + 1 min added = 480 s allowed)
        sp = db().query(Speech).one()
        sp.started_at = sp.started_at - timedelta(seconds=500)
        db().commit()
    snap = d1.get(f"/api/sessions/{council.session_id}/live").json  # what a reconnecting tablet gets
    cur = snap["speaking"]["current"]
    from datetime import datetime
    elapsed = (datetime.fromisoformat(snap["server_time"]) - datetime.fromisoformat(cur["started_at"])).total_seconds()
    remaining = cur["limit_s"] + cur["added_s"] - elapsed + cur["paused_total_s"]
    assert -21 < remaining < -19  # 20 s over, computed from the server's clock and the speech's start
    floor(live, council, "end")
    log = live.get(f"/api/sessions/{council.session_id}/speeches").json
    sp = log["speeches"][0]
    assert sp["full_name"] == "Đại Biểu Số 1" and sp["kind"] == "discussion" and sp["agenda_item_id"] == council.item_ids[2]
    assert 499 <= sp["duration_s"] <= 502 and 19 <= sp["overrun_s"] <= 22 and sp["ended_at"]
    assert floor(live, council, "end").status_code == 409


def test_closed_list_and_written_opinions(live, council, client_for):
    d1 = client_for("adb01")
    assert d1.post(f"/api/sessions/{council.session_id}/opinions", {"text": "Ý kiến"}).status_code == 409
    floor(live, council, "close")
    r = ask(d1, council)
    assert r.status_code == 409 and "văn bản" in r.json["error"]["message_vi"]
    assert ask(d1, council, "procedural").status_code == 201  # a procedural point still may be raised
    assert d1.post(f"/api/sessions/{council.session_id}/opinions",
                   {"text": "Đề nghị bổ sung kinh phí cho trường học vùng cao."}).status_code == 201
    written = client_for("athuky").get(f"/api/sessions/{council.session_id}/speeches").json["written"]
    assert written[0]["text"].startswith("Đề nghị bổ sung") and written[0]["full_name"] == "Đại Biểu Số 1"
    assert "written" not in d1.get(f"/api/sessions/{council.session_id}/speeches").json
    floor(live, council, "reopen")
    assert ask(client_for("adb02"), council).status_code == 201


def test_chair_reorders_and_removes(live, council, client_for):
    for u in ("adb01", "adb02", "adb03"):
        ask(client_for(u), council)
    q = live.get(f"/api/sessions/{council.session_id}/live").json["speaking"]["queue"]
    floor(live, council, "move", request_id=q[2]["id"], index=0)
    assert queue_names(live, council) == ["Đại Biểu Số 3", "Đại Biểu Số 1", "Đại Biểu Số 2"]
    floor(live, council, "remove", request_id=q[0]["id"])
    assert queue_names(live, council) == ["Đại Biểu Số 3", "Đại Biểu Số 2"]


def test_the_councils_time_profile(live, council, client_for):
    admin = client_for("aadmin")
    assert client_for("athuky").patch("/api/council", {"speaking_limits": {"discussion": 300}}).status_code == 403
    assert admin.patch("/api/council", {"speaking_limits": {"discussion": 5}}).status_code == 422
    assert admin.patch("/api/council", {"speaking_limits": {"lecture": 60}}).status_code == 422
    assert admin.patch("/api/council", {"quorum_num": 3, "quorum_den": 2}).status_code == 422
    r = admin.patch("/api/council", {"speaking_limits": {"discussion": 300}})
    assert r.status_code == 200 and r.json["speaking_limits"]["discussion"] == 300 and r.json["speaking_limits"]["second"] == 180
    ask(client_for("adb01"), council)
    q = live.get(f"/api/sessions/{council.session_id}/live").json["speaking"]["queue"]
    assert floor(live, council, "give", request_id=q[0]["id"]).json["event"]["patch"]["speaking"]["current"]["limit_s"] == 300
