"""The bundle's vote_events.json is Popolo: it validates against the schema of tests/popolo.py, every kind
of poll is counted (yes/no, each candidate, each office-holder's three levels), and a count, result or
named vote rewritten in it — the manifest regenerated, as a forger would — is named by kyhop verify."""
from __future__ import annotations

import copy
import io
import json
import zipfile

from server.archive.bundle import verify_bundle
from tests.api.test_chain_anchors import _rezip
from tests.api.test_secret_ballots import committee_of, count, live, make_poll, open_secret  # noqa: F401 (live: a fixture)
from tests.popolo import problems
from tests.tablets import cast, ok


def _session_with_every_kind(live, council, client_for) -> dict:  # noqa: F811 (live: the imported fixture)
    """Six present (the chair, adb01–adb05): an open vote, a secret one, an election, a confidence rating and
    a cancelled poll; the session closed. Returns the polls by kind."""
    com = committee_of(council, client_for)
    com.ceremony(client_for("athuky"))
    polls = {}
    polls["open"] = make_poll(live, council, kind="open", title="Thông qua nghị quyết")
    ok(live.post(f"/api/polls/{polls['open']['id']}/open"))
    for u, c in [("achutich", "for"), ("adb01", "for"), ("adb02", "for"), ("adb03", "for"), ("adb04", "against")]:
        ok(client_for(u).post(f"/api/polls/{polls['open']['id']}/ballots", {"request_id": f"request-{u}-0000000000",
                                                                         "choice": c}))
    ok(live.post(f"/api/polls/{polls['open']['id']}/close"))
    polls["secret"] = open_secret(live, council, kind="secret", title="Bãi nhiệm")
    for u, c in [("adb01", "for"), ("adb02", "against"), ("adb03", "abstain")]:
        ok(cast(client_for(u), polls["secret"], c))
    count(live, com, polls["secret"]["id"])
    polls["election"] = open_secret(live, council, kind="election", seats=1, title="Bầu Phó Chủ tịch HĐND",
                                    options=["Nguyễn Văn An", "Trần Thị Bình"])
    an, binh = [o["id"] for o in polls["election"]["options"]]
    for u, keep in [("achutich", [an]), ("adb01", [an]), ("adb02", [an]), ("adb03", [an]), ("adb04", [binh]),
                    ("adb05", [])]:
        ok(cast(client_for(u), polls["election"], keep))
    count(live, com, polls["election"]["id"])
    polls["confidence"] = open_secret(live, council, kind="confidence", title="Lấy phiếu tín nhiệm",
                                      options=["Chủ tịch UBND", "Phó Chủ tịch UBND"])
    p1, p2 = [str(o["id"]) for o in polls["confidence"]["options"]]
    for u, levels in [("adb01", ("low", "high")), ("adb02", ("low", "medium")), ("adb03", ("low", "high")),
                      ("adb04", ("low", "high"))]:
        ok(cast(client_for(u), polls["confidence"], {p1: levels[0], p2: levels[1]}))
    count(live, com, polls["confidence"]["id"])
    polls["cancelled"] = make_poll(live, council, kind="open", title="Biểu quyết hủy")
    ok(live.post(f"/api/polls/{polls['cancelled']['id']}/open"))
    ok(live.post(f"/api/polls/{polls['cancelled']['id']}/cancel"))
    ok(live.post(f"/api/sessions/{council.session_id}/control", {"action": "close"}))
    return polls


def _files(data: bytes) -> dict[str, bytes]:
    z = zipfile.ZipFile(io.BytesIO(data))
    return {n: z.read(n) for n in z.namelist()}


def _forged(files: dict[str, bytes], doc: dict) -> bytes:
    return _rezip({**files, "vote_events.json": json.dumps(doc).encode()})


def _counts(ev: dict) -> dict:
    return {c["option"]: c["value"] for c in ev["counts"]}


def test_the_bundle_vote_events_are_popolo_and_every_kind_is_counted_and_checked(app, live, council, client_for):  # noqa: F811
    polls = _session_with_every_kind(live, council, client_for)
    data = client_for("athuky").get(f"/api/sessions/{council.session_id}/bundle.zip").data
    assert verify_bundle(data) == []
    files = _files(data)
    doc = json.loads(files["vote_events.json"])
    assert problems(doc) == []

    # each thing named once, and every reference resolves
    (org,) = doc["organizations"]
    (session,) = doc["events"]
    assert org["name"] == "HĐND xã A" and session["organization_id"] == org["id"]
    persons = {p["id"]: p["name"] for p in doc["persons"]}
    assert len(persons) == len(doc["persons"])
    events = {ev["id"]: ev for ev in doc["vote_events"]}
    assert len(events) == len(doc["vote_events"]) == 6  # a confidence rating: one event per office-holder
    for ev in events.values():
        assert ev["organization_id"] == org["id"] and ev["legislative_session_id"] == session["id"]
        assert ev["motion"]["text"] and ev["result"]
        assert all(v["voter_id"] in persons and v["vote_event_id"] == ev["id"] for v in ev.get("votes", []))

    opened = events[f"poll-{polls['open']['id']}"]
    assert opened["classification"] == "open" and opened["result"] == "pass"
    assert _counts(opened) == {"yes": 4, "no": 1, "abstain": 0, "absent": 0, "not voting": 1}
    assert {persons[v["voter_id"]]: v["option"] for v in opened["votes"]}["Đại Biểu Số 4"] == "no"

    secret = events[f"poll-{polls['secret']['id']}"]
    assert _counts(secret) == {"yes": 1, "no": 1, "abstain": 1, "absent": 0, "not voting": 3} and "votes" not in secret

    election = events[f"poll-{polls['election']['id']}"]
    an, binh = [o["id"] for o in polls["election"]["options"]]
    assert election["result"] == "elected" and election["+seats"] == 1
    assert {c["option"]: (c["value"], c.get("+option_id"), c.get("+elected")) for c in election["counts"]} == {
        "Nguyễn Văn An": (4, an, True), "Trần Thị Bình": (1, binh, False),
        "absent": (0, None, None), "not voting": (0, None, None)}

    p1, p2 = [o["id"] for o in polls["confidence"]["options"]]
    first, second = events[f"poll-{polls['confidence']['id']}-option-{p1}"], events[f"poll-{polls['confidence']['id']}-option-{p2}"]
    assert first["motion"]["text"] == "Lấy phiếu tín nhiệm: Chủ tịch UBND" and first["+option_id"] == p1
    assert _counts(first) == {"high confidence": 0, "confidence": 0, "low confidence": 4, "absent": 0, "not voting": 2}
    assert first["result"] == "two thirds or more low confidence"  # 4 of the 6 delegates
    assert _counts(second) == {"high confidence": 3, "confidence": 1, "low confidence": 0, "absent": 0, "not voting": 2}
    assert second["result"] == "half or less low confidence"

    cancelled = events[f"poll-{polls['cancelled']['id']}"]
    assert cancelled["result"] == "cancelled" and "counts" not in cancelled

    # every kind's vote events are checked against the result sealed in the chain
    def forge(edit) -> list[str]:
        d = copy.deepcopy(doc)
        edit({ev["id"]: ev for ev in d["vote_events"]}, d)
        return verify_bundle(_forged(files, d))

    def one(found: list[str], ident: str, what: str) -> None:
        assert len(found) == 1 and f"vote event {ident}" in found[0] and what in found[0], found

    def count_of(ev: dict, option: str) -> dict:
        return next(c for c in ev["counts"] if c["option"] == option)

    def edit(ident, option, key="value", value=None):
        def change(evs, _d):
            c = count_of(evs[ident], option)
            c[key] = value if value is not None else c[key] + 1
        return change

    ident = opened["id"]
    one(forge(edit(ident, "yes")), ident, "counts differ")
    one(forge(lambda evs, _d: evs[ident]["votes"][0].update(option="abstain")), ident, "votes differ")
    one(forge(lambda evs, _d: evs[ident].update(result="fail")), ident, "is not the sealed result's")
    one(forge(edit(secret["id"], "abstain")), secret["id"], "counts differ")
    one(forge(edit(election["id"], "Trần Thị Bình")), election["id"], "counts differ")
    one(forge(edit(election["id"], "Trần Thị Bình", "+elected", True)), election["id"], "counts differ")
    one(forge(edit(election["id"], "not voting")), election["id"], "counts differ")
    one(forge(lambda evs, _d: evs[election["id"]].update(result="tie, new round")), election["id"], "sealed result's")
    one(forge(lambda evs, _d: evs[election["id"]].update({"+seats": 2})), election["id"], "sealed result's")

    def swap_candidates(evs, _d):  # the votes given to the other candidate: counts keep their names
        a, b = count_of(evs[election["id"]], "Nguyễn Văn An"), count_of(evs[election["id"]], "Trần Thị Bình")
        a["value"], b["value"] = b["value"], a["value"]
    one(forge(swap_candidates), election["id"], "counts differ")
    one(forge(edit(first["id"], "low confidence", value=3)), first["id"], "counts differ")
    one(forge(edit(second["id"], "confidence")), second["id"], "counts differ")
    one(forge(lambda evs, _d: evs[first["id"]].update(result="more than half low confidence")), first["id"],
        "is not the sealed result's")

    def drop(evs, d):  # an office-holder's rating left out
        d["vote_events"] = [ev for ev in d["vote_events"] if ev["id"] != first["id"]]
    found = forge(drop)
    assert len(found) == 1 and f"option {p1}: missing, but the chain seals its result" in found[0], found

    def count_cancelled(evs, _d):  # a result claimed for a poll the chain never closed
        evs[cancelled["id"]].update(result="pass", counts=opened["counts"])
    one(forge(count_cancelled), cancelled["id"], "the chain seals no result")


def test_the_schema_refuses_what_is_not_popolo():
    """The shape the bundle had: a voter's name where Popolo wants a person object, the poll's kind and
    status as properties Popolo does not define. The schema must say so, or it checks nothing."""
    old = {"vote_events": [{"identifier": "poll-1", "motion": {"text": "Thông qua"}, "kind": "open", "status": "closed",
                            "counts": [{"option": "yes", "value": 2}, {"option": "no"}],
                            "votes": [{"voter_id": "person-1", "voter": "Nguyễn Văn An", "option": "yes"}],
                            "start_date": "hôm qua"}]}
    found = problems(old)
    assert any("/vote_events/0/votes/0/voter" in p for p in found)
    assert any("/vote_events/0/counts/1" in p and "value" in p for p in found)
    assert any("/vote_events/0" in p and "kind" in p for p in found)
    assert any("/vote_events/0/start_date" in p for p in found)
    assert problems({"vote_events": [{"id": "poll-1", "+poll_id": 1, "counts": [{"option": "yes", "value": 2}],
                                      "votes": [{"voter_id": "person-1", "voter": {"id": "person-1"}}]}]}) == []
