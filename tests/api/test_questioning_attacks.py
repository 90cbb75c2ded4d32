"""Questioning against the wrong people and bad input: an official sees, answers and reports on only what is
addressed to them (others' do not exist: 404) and cannot organize; a delegate cannot answer or organize, nor
withdraw another's slip; another council's ids are 404 or refused; bad input is 422 and changes nothing."""
from __future__ import annotations

import pytest

from tests.api.test_questioning import (
    TOMORROW,
    chain,
    chain_ok,
    officials,
    questioning_item,
    slip,
)
from tests.factories import add_agency


@pytest.fixture
def world(app, council, client_for):
    official, other = officials(app, council)
    d1, chair = client_for("adb01"), client_for("achutich")
    mine = slip(d1, official, "Gửi Sở Xây dựng", session_id=council.session_id)
    theirs = slip(d1, other, "Gửi Sở Y tế", session_id=council.session_id)
    group = chair.post(f"/api/sessions/{council.session_id}/question-groups",
                       {"title": "Y tế", "official_id": other, "slip_ids": [theirs["id"]]}).json
    promise = chair.post("/api/commitments", {"official_id": other, "text": "Xây trạm y tế", "deadline": TOMORROW}).json
    own = chair.post("/api/commitments", {"official_id": official, "text": "Sửa đường", "deadline": TOMORROW}).json
    return {"official": official, "other": other, "mine": mine, "theirs": theirs, "group": group, "promise": promise,
            "own": own}


def test_an_official_sees_and_acts_on_only_what_is_addressed_to_them(app, council, world, client_for):
    ag = client_for("acoquan")
    assert [x["id"] for x in ag.get("/api/question-slips").json["slips"]] == [world["mine"]["id"]]
    assert [o["id"] for o in ag.get("/api/officials").json["officials"]] == [world["official"]]
    assert ag.get(f"/api/question-slips/{world['theirs']['id']}").status_code == 404
    assert ag.post(f"/api/question-slips/{world['theirs']['id']}/answer", {"text": "x"}).status_code == 404
    assert [c["id"] for c in ag.get("/api/commitments").json["commitments"]] == [world["own"]["id"]]
    assert ag.post(f"/api/commitments/{world['promise']['id']}/progress", {"progress": "x"}).status_code == 404
    board = ag.get(f"/api/sessions/{council.session_id}/questioning").json
    assert board["groups"] == [] and [x["id"] for x in board["unplaced"]] == [world["mine"]["id"]]
    # organizing is not theirs
    assert ag.post(f"/api/sessions/{council.session_id}/question-groups",
                   {"title": "x", "official_id": world["official"]}).status_code == 403
    assert ag.patch(f"/api/question-groups/{world['group']['id']}", {"selected": True}).status_code == 403
    assert ag.patch(f"/api/commitments/{world['own']['id']}", {"status": "done"}).status_code == 403
    assert ag.post(f"/api/question-slips/{world['mine']['id']}/written", {"deadline": TOMORROW}).status_code == 403
    assert ag.post("/api/question-slips", {"official_id": world["official"], "text": "x"}).status_code == 403
    # what is theirs they answer
    assert ag.post(f"/api/question-slips/{world['mine']['id']}/answer", {"text": "Trả lời"}).status_code == 200


def test_a_delegate_cannot_answer_organize_or_withdraw_anothers(council, world, client_for):
    d2 = client_for("adb02")
    assert d2.post(f"/api/question-slips/{world['mine']['id']}/answer", {"text": "x"}).status_code == 403
    assert d2.post(f"/api/sessions/{council.session_id}/question-groups",
                   {"title": "x", "official_id": world["official"]}).status_code == 403
    assert d2.post(f"/api/sessions/{council.session_id}/questioning/apply", {"agenda_item_id": 1}).status_code == 403
    assert d2.post("/api/commitments", {"official_id": world["official"], "text": "x", "deadline": TOMORROW}).status_code == 403
    assert d2.post(f"/api/commitments/{world['own']['id']}/progress", {"progress": "x"}).status_code == 403
    assert d2.post(f"/api/question-slips/{world['mine']['id']}/withdraw").status_code == 403
    assert d2.get(f"/api/question-slips/{world['mine']['id']}").status_code == 200  # the council's delegates read it


def test_another_councils_ids_do_not_exist(app, council, other_council, world, client_for):
    add_agency(app, other_council)
    b_official = other_council.users["bcoquan"]
    for user in ("bthuky", "bchutich", "bdb01", "bcoquan"):
        c = client_for(user)
        assert c.get(f"/api/question-slips/{world['mine']['id']}").status_code == 404, user
        assert c.get(f"/api/sessions/{council.session_id}/questioning").status_code == 404, user
        assert world["mine"]["id"] not in [x["id"] for x in c.get("/api/question-slips").json["slips"]]
        assert c.get("/api/commitments").json["commitments"] == []
    bchair = client_for("bchutich")
    assert bchair.patch(f"/api/question-groups/{world['group']['id']}", {"selected": True}).status_code == 404
    assert bchair.delete(f"/api/question-groups/{world['group']['id']}").status_code == 404
    assert bchair.patch(f"/api/commitments/{world['own']['id']}", {"status": "done"}).status_code == 404
    assert bchair.post(f"/api/question-slips/{world['mine']['id']}/publish", {"public": True}).status_code == 404
    assert bchair.post(f"/api/sessions/{council.session_id}/questioning/apply", {"agenda_item_id": 1}).status_code == 404
    # naming A's things in B's writes is refused
    bd = client_for("bdb01")
    for bad in ({"official_id": world["official"]}, {"official_id": b_official, "session_id": council.session_id},
                {"official_id": b_official, "follows_up_id": world["mine"]["id"]}):
        assert bd.post("/api/question-slips", {"text": "x", **bad}).status_code == 422, bad
    assert bchair.post("/api/commitments", {"official_id": world["official"], "text": "x", "deadline": TOMORROW}).status_code == 422
    assert bchair.post("/api/commitments", {"official_id": b_official, "text": "x", "deadline": TOMORROW,
                                            "slip_id": world["mine"]["id"]}).status_code == 422
    assert client_for("bcoquan").post(f"/api/question-slips/{world['mine']['id']}/answer", {"text": "x"}).status_code == 404


def test_bad_input_is_refused_and_changes_nothing(app, council, world, client_for):
    d1, chair, sec = client_for("adb01"), client_for("achutich"), client_for("athuky")
    before = chain(app, council.council_id)
    sid = council.session_id
    bad = [
        (d1.post, "/api/question-slips", {"official_id": world["official"]}),  # no text
        (d1.post, "/api/question-slips", {"official_id": world["official"], "text": "   "}),
        (d1.post, "/api/question-slips", {"official_id": council.users["adb02"], "text": "x"}),  # not an official
        (d1.post, "/api/question-slips", {"official_id": world["official"], "text": "x", "case_ids": [999999]}),
        (d1.post, "/api/question-slips", {"official_id": world["official"], "text": "x", "session_id": 999999}),
        (d1.post, "/api/question-slips", {"official_id": world["official"], "text": "x", "bogus": 1}),
        (d1.post, "/api/question-slips", {"official_id": "1", "text": "x"}),
        (sec.post, f"/api/question-slips/{world['mine']['id']}/written", {"deadline": "2026-13-01"}),
        (sec.post, f"/api/question-slips/{world['mine']['id']}/written", {"deadline": "mai"}),
        (chair.post, f"/api/sessions/{sid}/question-groups", {"title": "", "official_id": world["official"]}),
        (chair.post, f"/api/sessions/{sid}/question-groups", {"title": "x", "official_id": world["official"],
                                                              "slip_ids": [world["theirs"]["id"]]}),  # in a group
        (chair.post, f"/api/sessions/{sid}/question-groups", {"title": "x", "official_id": world["official"],
                                                              "slip_ids": [999999]}),
        (chair.patch, f"/api/question-groups/{world['group']['id']}", {"title": None}),
        (chair.patch, f"/api/question-groups/{world['group']['id']}", {"official_id": council.users["adb01"]}),
        (chair.post, f"/api/sessions/{sid}/questioning/apply", {"agenda_item_id": council.item_ids[1]}),  # a report
        (chair.post, f"/api/sessions/{sid}/questioning/apply", {"agenda_item_id": 999999}),
        (chair.post, "/api/commitments", {"official_id": world["official"], "text": "x"}),  # no deadline
        (chair.post, "/api/commitments", {"official_id": world["official"], "text": "x", "deadline": TOMORROW,
                                          "group_id": 999999}),
        (chair.patch, f"/api/commitments/{world['own']['id']}", {"status": "closed"}),
        (chair.patch, f"/api/commitments/{world['own']['id']}", {"text": ""}),
    ]
    for send, path, data in bad:
        r = send(path, data)
        assert r.status_code == 422, (path, data, r.status_code, r.json)
        assert r.json["error"]["message_vi"] and r.json["error"]["message_en"]
    assert chain(app, council.council_id) == before
    # applying with no group selected adds nothing
    item = questioning_item(sec, council)
    assert chair.post(f"/api/sessions/{sid}/questioning/apply", {"agenda_item_id": item}).json["items"] == []
    assert chain_ok(app) == []
