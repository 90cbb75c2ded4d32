"""Votes prepared in advance from the agenda item they decide, and the chair's own ballot."""
import secrets

from tests.conftest import open_session


def test_a_poll_prepared_from_an_item_takes_its_title(council, client_for):
    sec = client_for("athuky")
    agenda = sec.post(f"/api/sessions/{council.session_id}/agenda",
                      {"title": "Nghị quyết về dự toán ngân sách năm 2027", "kind": "voting"}).json["event"]["patch"]["agenda"]
    item = next(i for i in agenda if i["kind"] == "voting")
    r = sec.post(f"/api/sessions/{council.session_id}/polls", {"kind": "open", "agenda_item_id": item["id"]})
    assert r.status_code == 201, r.json
    poll = r.json["poll"]
    assert (poll["title"], poll["agenda_item_id"], poll["status"]) == (item["title"], item["id"], "draft")
    # a title given is kept
    r = sec.post(f"/api/sessions/{council.session_id}/polls",
                 {"kind": "open", "agenda_item_id": item["id"], "title": "Biểu quyết lại điều 3"})
    assert r.json["poll"]["title"] == "Biểu quyết lại điều 3"
    # the chair's console lists it (drafts are shown to those who prepare and run polls)
    listed = client_for("achutich").get(f"/api/sessions/{council.session_id}/polls").json["polls"]
    assert [p["title"] for p in listed if p["agenda_item_id"] == item["id"]] == [item["title"], "Biểu quyết lại điều 3"]


def test_a_poll_without_title_or_item_is_refused_and_nothing_is_made(council, client_for):
    sec = client_for("athuky")
    r = sec.post(f"/api/sessions/{council.session_id}/polls", {"kind": "open"})
    assert r.status_code == 422 and r.json["error"]["details"]["field"] == "title"
    r = sec.post(f"/api/sessions/{council.session_id}/polls", {"kind": "open", "title": "  "})
    assert r.status_code == 422
    assert sec.get(f"/api/sessions/{council.session_id}/polls").json["polls"] == []


def test_the_chairs_ballot_counts_like_a_delegates(council, client_for):
    chair = open_session(client_for, council, present=4)
    poll = client_for("athuky").post(f"/api/sessions/{council.session_id}/polls",
                                     {"kind": "open", "agenda_item_id": council.item_ids[1]}).json["poll"]
    chair.post(f"/api/polls/{poll['id']}/open")
    me = chair.get(f"/api/sessions/{council.session_id}/live").json["me"]["vote"]
    assert me == {"poll_id": poll["id"], "entitled": True, "has_voted": False}
    assert chair.post(f"/api/polls/{poll['id']}/ballots",
                      {"request_id": secrets.token_urlsafe(16), "choice": "for"}).status_code == 200
    chair.post(f"/api/polls/{poll['id']}/close")
    result = chair.get(f"/api/polls/{poll['id']}").json["poll"]["result"]
    named = {n["full_name"]: n["choice"] for n in result["named"]}
    assert named["Chủ Tịch Xã"] == "for" and result["answers"]["for"]["count"] == 1
