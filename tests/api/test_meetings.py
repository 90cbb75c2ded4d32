"""Meetings other than sessions (issue 18): kinds, numbering per series, who sits and their quorum, invitations on
the chain, and bad input refused with nothing changed."""
from __future__ import annotations

import json

from sqlalchemy import func, select, text

from server.archive.verify import verify
from server.db import db
from server.sessions.models import CouncilSession, SessionInvitee
from tests.factories import add_agency

DATES = {"start_date": "2026-12-10", "end_date": "2026-12-10"}


def groups(client_for, data, members: dict[str, list[str]]) -> dict[str, int]:
    """Put members into groups by name (Thường trực …, Ban …); the groups' ids by name."""
    sec = client_for(f"{data.prefix}thuky")
    for user, names in members.items():
        assert sec.patch(f"/api/members/{data.users[data.prefix + user]}", {"groups": names}).status_code == 200
    return {g["name"]: g["id"] for g in sec.get("/api/council").json["groups"]}


def meeting(sec, kind: str, group_id: int | None, title: str = "Phiên họp", **extra) -> dict:
    r = sec.post("/api/sessions", {"kind": kind, "group_id": group_id, "title": title, **DATES, **extra})
    assert r.status_code == 201, r.json
    return r.json["session"]


def counts(app) -> tuple[int, int, int]:
    with app.app_context():
        return (db().scalar(select(func.count(CouncilSession.id))), db().scalar(select(func.count()).select_from(
            SessionInvitee)), db().scalar(text("SELECT count(*) FROM session_events")))


def test_kinds_and_numbers_per_series(app, council, client_for):
    g = groups(client_for, council, {"chutich": ["Thường trực HĐND"], "db01": ["Thường trực HĐND", "Ban Kinh tế"],
                                     "db02": ["Ban Pháp chế"]})
    sec = client_for("athuky")
    st, kt, pc = g["Thường trực HĐND"], g["Ban Kinh tế"], g["Ban Pháp chế"]
    first = meeting(sec, "standing", st)
    assert (first["number"], first["kind"], first["group_id"]) == (1, "standing", st)
    assert meeting(sec, "standing", st)["number"] == 2
    assert meeting(sec, "explanation", st)["number"] == 1  # its own series
    assert meeting(sec, "giao_ban", st)["number"] == 1
    assert meeting(sec, "committee", kt)["number"] == 1
    assert meeting(sec, "committee", pc)["number"] == 1  # each committee counts its own
    assert meeting(sec, "committee", kt)["number"] == 2
    # the kỳ họp count on by themselves: the factory's session is the first
    assert sec.post("/api/sessions", {"kind": "thematic", "title": "Kỳ họp chuyên đề", **DATES}).json["session"]["number"] == 2
    # a number given is checked in its series only
    assert meeting(sec, "standing", st, number=5)["number"] == 5
    assert meeting(sec, "standing", st)["number"] == 6
    r = sec.post("/api/sessions", {"kind": "standing", "group_id": st, "number": 5, "title": "X", **DATES})
    assert r.status_code == 409 and r.json["error"]["code"] == "number_taken"
    r = sec.post("/api/sessions", {"kind": "regular", "number": 1, "title": "X", **DATES})
    assert r.status_code == 409
    # an edit moves a meeting to another series, where its number must be free
    r = sec.patch(f"/api/sessions/{first['id']}", {"kind": "explanation"})
    assert r.status_code == 409, r.json  # explanation 1 exists
    moved = sec.patch(f"/api/sessions/{first['id']}", {"kind": "explanation", "number": 2})
    assert moved.status_code == 200 and moved.json["session"]["kind"] == "explanation"
    back = sec.patch(f"/api/sessions/{first['id']}", {"kind": "extraordinary", "number": 3})
    assert back.status_code == 200 and back.json["session"]["group_id"] is None  # a kỳ họp has no group


def test_bad_kinds_and_groups_are_422_and_change_nothing(app, council, other_council, client_for):
    g = groups(client_for, council, {"chutich": ["Thường trực HĐND"], "db01": ["Ban Kinh tế"], "db02": ["Tổ 1"]})
    theirs = groups(client_for, other_council, {"chutich": ["Thường trực HĐND"]})["Thường trực HĐND"]
    sec = client_for("athuky")
    st, kt, to = g["Thường trực HĐND"], g["Ban Kinh tế"], g["Tổ 1"]
    before = counts(app)
    for body in ({"kind": "standing"},                       # no group
                 {"kind": "standing", "group_id": kt},       # a committee for the standing committee's meeting
                 {"kind": "giao_ban", "group_id": to},       # a delegate group
                 {"kind": "committee", "group_id": st},      # the standing committee for a committee's meeting
                 {"kind": "explanation", "group_id": theirs},  # another council's group
                 {"kind": "committee", "group_id": 999999},
                 {"kind": "regular", "group_id": st},        # a kỳ họp has no group
                 {"kind": "hop_kin", "group_id": st},
                 {"kind": "standing", "group_id": "một"},
                 {"kind": "standing", "group_id": st, "number": 0}):
        r = sec.post("/api/sessions", {"title": "X", **DATES, **body})
        assert r.status_code == 422, (body, r.status_code, r.json)
        assert r.json["error"]["message"] and r.json["error"]["message_en"]
    m = meeting(sec, "standing", st)
    before = counts(app)
    for body in ({"group_id": kt}, {"kind": "committee"}, {"group_id": theirs}, {"kind": "giao_ban", "group_id": to}):
        assert sec.patch(f"/api/sessions/{m['id']}", body).status_code == 422, body
    assert counts(app) == before
    assert sec.get(f"/api/sessions/{m['id']}").json["session"]["group_id"] == st


def test_a_meetings_quorum_and_voters_are_its_groups_members(app, council, client_for):
    st = groups(client_for, council, {u: ["Thường trực HĐND"] for u in ("chutich", "db01", "db02")})["Thường trực HĐND"]
    sec = client_for("athuky")
    m = meeting(sec, "standing", st, title="Phiên họp Thường trực tháng 12")
    assert sec.patch(f"/api/sessions/{m['id']}", {"status": "published"}).status_code == 200
    chair = client_for("achutich")
    assert chair.post(f"/api/sessions/{m['id']}/check-in").status_code == 200
    # a delegate not of the group does not sit in it: not counted, cannot check in
    assert client_for("adb03").post(f"/api/sessions/{m['id']}/check-in").status_code == 404
    live = chair.get(f"/api/sessions/{m['id']}/live").json
    assert live["attendance"] == {"present": 1, "total": 3, "absent": 2, "required": 2, "quorum_met": False}
    r = chair.post(f"/api/sessions/{m['id']}/control", {"action": "open"})
    assert r.status_code == 409 and r.json["error"]["code"] == "no_quorum"
    # an invited official checks in and is still not counted
    add_agency(app, council)
    assert sec.post(f"/api/sessions/{m['id']}/invitees", {"user_id": council.users["acoquan"]}).status_code == 200
    assert client_for("acoquan").post(f"/api/sessions/{m['id']}/check-in").status_code == 200
    assert chair.get(f"/api/sessions/{m['id']}/live").json["attendance"]["present"] == 1
    assert client_for("adb01").post(f"/api/sessions/{m['id']}/check-in").status_code == 200
    assert chair.post(f"/api/sessions/{m['id']}/control", {"action": "open"}).status_code == 200  # 2 of 3
    # roll and poll: the group's members only
    roll = sec.get(f"/api/sessions/{m['id']}/live").json["roll"]
    assert sorted(r["user_id"] for r in roll) == sorted(council.users[f"a{u}"] for u in ("chutich", "db01", "db02"))
    poll = sec.post(f"/api/sessions/{m['id']}/polls", {"title": "Thông qua kết luận", "kind": "open"}).json["poll"]["id"]
    opened = chair.post(f"/api/polls/{poll}/open", {})
    assert opened.status_code == 200, opened.json
    got = chair.get(f"/api/polls/{poll}").json["poll"]
    assert (got["total"], got["present"]) == (3, 2)
    ballot = {"request_id": "meeting-ballot-000001", "choice": "for"}
    assert client_for("acoquan").post(f"/api/polls/{poll}/ballots", ballot).status_code == 403  # never votes
    assert client_for("adb03").post(f"/api/polls/{poll}/ballots", {**ballot, "request_id": "meeting-ballot-000002"}
                                    ).status_code in (403, 404, 409)
    assert client_for("adb01").post(f"/api/polls/{poll}/ballots", {**ballot, "request_id": "meeting-ballot-000003"}
                                    ).status_code == 200
    # the plenary session still counts every delegate of the term against the council's fraction
    plenary = chair.get(f"/api/sessions/{council.session_id}/live").json["attendance"]
    assert (plenary["total"], plenary["required"]) == (6, 4)


def test_invitations_are_on_the_chain_and_bad_ones_change_nothing(app, council, other_council, client_for):
    st = groups(client_for, council, {"chutich": ["Thường trực HĐND"]})["Thường trực HĐND"]
    groups(client_for, other_council, {"chutich": ["Thường trực HĐND"], "db01": ["Thường trực HĐND"]})
    add_agency(app, council)
    add_agency(app, other_council)
    sec = client_for("athuky")
    standing = meeting(sec, "standing", st)["id"]
    giao_ban = meeting(sec, "giao_ban", st, title="Hội nghị giao ban quý IV")["id"]
    official = council.users["acoquan"]

    listed = sec.get(f"/api/sessions/{standing}/invitees").json
    assert listed["invitees"] == [] and listed["invitable"]["councils"] == []  # other councils: giao ban only
    assert [o["user_id"] for o in listed["invitable"]["officials"]] == [official]
    assert sec.get(f"/api/sessions/{giao_ban}/invitees").json["invitable"]["councils"] == [{"id": other_council.council_id, "name": "HĐND xã Bên Kia"}]

    before = counts(app)
    for sid, body in ((standing, {"user_id": council.users["adb01"]}),   # a delegate is not invited: they sit or not
                      (standing, {"user_id": council.users["akhach"]}),
                      (standing, {"council_id": other_council.council_id}),  # other councils: giao ban only
                      (standing, {"user_id": other_council.users["bchutich"]}),
                      (giao_ban, {"user_id": other_council.users["bdb02"]}),  # not of their standing committee
                      (giao_ban, {"user_id": other_council.users["bcoquan"]}),  # another council's official
                      (giao_ban, {"council_id": council.council_id}),  # the host itself
                      (giao_ban, {"council_id": 999999}),
                      (giao_ban, {}),
                      (giao_ban, {"user_id": official, "council_id": other_council.council_id})):
        r = sec.post(f"/api/sessions/{sid}/invitees", body)
        assert r.status_code == 422, (body, r.status_code, r.json)
    assert sec.delete(f"/api/sessions/{standing}/invitees/{official}").status_code == 404
    assert client_for("bthuky").post(f"/api/sessions/{giao_ban}/invitees", {"user_id": official}).status_code == 404
    assert counts(app) == before

    assert sec.post(f"/api/sessions/{standing}/invitees", {"user_id": official}).json["event"]["kind"] == "invitees.added"
    assert sec.post(f"/api/sessions/{standing}/invitees", {"user_id": official}).json["event"] is None  # already
    added = sec.post(f"/api/sessions/{giao_ban}/invitees", {"council_id": other_council.council_id})
    assert added.status_code == 200 and added.json["event"]["kind"] == "invitees.added"
    invitees = sec.get(f"/api/sessions/{giao_ban}/invitees").json["invitees"]
    assert {i["user_id"] for i in invitees} == {other_council.users["bchutich"], other_council.users["bdb01"]}
    assert {i["council"] for i in invitees} == {"HĐND xã Bên Kia"}
    removed = sec.delete(f"/api/sessions/{giao_ban}/invitees/{other_council.users['bdb01']}")
    assert removed.status_code == 200 and removed.json["event"]["kind"] == "invitees.removed"

    with app.app_context():
        assert verify(db()) == []  # every invitation and removal went through the product, on the chain
        kinds = {}
        for kind, state in db().execute(text("SELECT kind, state FROM session_events")):
            tables = {row[0] for row in (json.loads(state) if isinstance(state, str) else state) or []}
            if "session_invitees" in tables:
                kinds[kind] = kinds.get(kind, 0) + 1
        assert kinds == {"invitees.added": 2, "invitees.removed": 1}


def test_activity_counts_a_delegate_against_the_meetings_they_sit_only(app, council, client_for):
    """Delegate activity (archive/activity.py): the standing committee's meeting and its poll count for its members
    only; a delegate outside the group is not absent from it, nor short of its vote."""
    st = groups(client_for, council, {u: ["Thường trực HĐND"] for u in ("chutich", "db01", "db02")})["Thường trực HĐND"]
    sec, chair = client_for("athuky"), client_for("achutich")
    m = meeting(sec, "standing", st, title="Phiên họp Thường trực tháng 12")
    assert sec.patch(f"/api/sessions/{m['id']}", {"status": "published"}).status_code == 200
    for u in ("chutich", "db01"):
        assert client_for(f"a{u}").post(f"/api/sessions/{m['id']}/check-in").status_code == 200
    assert chair.post(f"/api/sessions/{m['id']}/control", {"action": "open"}).status_code == 200
    poll = sec.post(f"/api/sessions/{m['id']}/polls", {"title": "Thông qua kết luận", "kind": "open"}).json["poll"]["id"]
    assert chair.post(f"/api/polls/{poll}/open", {}).status_code == 200
    assert client_for("adb01").post(f"/api/polls/{poll}/ballots", {"request_id": "activity-ballot-0001", "choice": "for"}
                                    ).status_code == 200
    assert chair.post(f"/api/polls/{poll}/close", {}).status_code == 200
    rows = {r["user_id"]: r for r in sec.get("/api/activity").json["delegates"]}
    member, absent, outsider = (rows[council.users[f"a{u}"]] for u in ("db01", "db02", "db03"))
    assert (member["sessions"], member["present"], member["attendance"]["percent"]) == (1, 1, "100,00")
    assert (member["polls"], member["polls_present"], member["polls_voted"]) == (1, 1, 1)
    assert (absent["sessions"], absent["present"], absent["attendance"]["percent"]) == (1, 0, "0,00")
    assert (absent["polls"], absent["polls_voted"]) == (1, 0)
    # not of the group: the meeting is none of theirs (the factory's kỳ họp is not held)
    assert (outsider["sessions"], outsider["present"], outsider["polls"], outsider["polls_voted"]) == (0, 0, 0, 0)
