"""Secret kinds end to end over HTTP: the committee's key ceremony, encrypted ballots checked and refused,
the committee's confirmations, the result judged by the same rules as every vote."""
import itertools
import json

import pytest
from sqlalchemy import func, select, text

from server.db import db
from server.voting import board, elgamal, threshold
from server.voting.models import EncryptedBallot, PollVoter
from tests.factories import build_council
from tests.conftest import open_session
from tests.tablets import Committee, cast, encrypt_for, ok


def make_poll(c, data, **kw):
    r = c.post(f"/api/sessions/{data.session_id}/polls", {"title": "Bỏ phiếu kín", "duration_s": 60, **kw})
    assert r.status_code == 201, r.json
    return r.json["poll"]


def committee_of(data, client_for, names=("adb01", "adb02", "adb03")) -> Committee:
    return Committee(data.session_id, [(data.users[n], client_for(n)) for n in names])


def open_secret(chair, data, **kw) -> dict:
    poll = make_poll(chair, data, **kw)
    ok(chair.post(f"/api/polls/{poll['id']}/open", {"acknowledge_small": True}))
    return chair.get(f"/api/polls/{poll['id']}").json["poll"]


def count(chair, com: Committee, poll_id: int, members=(1, 2)) -> dict:
    ok(chair.post(f"/api/polls/{poll_id}/close"))
    for n in members:
        ok(com.confirm_count(n, poll_id))
    return chair.get(f"/api/polls/{poll_id}").json["poll"]


@pytest.fixture
def live(council, client_for):
    return open_session(client_for, council, present=6)


def voted(app, poll_id) -> int:
    with app.app_context():
        return db().scalar(select(func.count()).select_from(PollVoter)
                           .where(PollVoter.poll_id == poll_id, PollVoter.has_voted.is_(True)))


def stored(app, poll_id) -> int:
    with app.app_context():
        return db().scalar(select(func.count()).select_from(EncryptedBallot).where(EncryptedBallot.poll_id == poll_id))


def test_a_secret_poll_from_the_ceremony_to_the_result(app, live, council, client_for):
    chair, sec = live, client_for("athuky")
    com = committee_of(council, client_for)
    draft = make_poll(sec, council, kind="secret")
    r = chair.post(f"/api/polls/{draft['id']}/open", {"acknowledge_small": True})
    assert r.status_code == 409 and r.json["error"]["code"] == "committee_not_ready"
    state = com.ceremony(sec)
    assert (state["threshold"], state["size"]) == (2, 3)
    r = chair.post(f"/api/polls/{draft['id']}/open")
    assert r.status_code == 409 and r.json["error"]["code"] == "small_electorate"  # 6 voters: a warning first
    ok(chair.post(f"/api/polls/{draft['id']}/open", {"acknowledge_small": True}))
    poll = chair.get(f"/api/polls/{draft['id']}").json["poll"]
    assert poll["encryption"]["public_key"] == state["public_key"]

    trackers = {}
    for u, choice in [("achutich", "for"), ("adb01", "against"), ("adb02", "for"), ("adb03", "abstain"),
                      ("adb04", "for")]:
        d = client_for(u)
        ballot = encrypt_for(poll, choice)
        first = cast(d, poll, ballot=ballot)
        assert first.status_code == 200 and set(first.json) == {"recorded", "poll_id", "tracker"}
        assert cast(d, poll, ballot=ballot).json == first.json  # a retry: the same answer
        again = cast(d, poll, "for")
        assert again.status_code == 409 and again.json["error"]["code"] == "already_voted"
        trackers[u] = first.json["tracker"]
        assert d.get(f"/api/polls/{poll['id']}").json["me"]["tracker"] == first.json["tracker"]
    snap = chair.get(f"/api/sessions/{council.session_id}/live").json
    assert snap["poll"]["progress"]["cast"] == 5 and not snap["poll"]["result"]  # no running tally exists
    assert chair.get(f"/api/polls/{poll['id']}/board").status_code == 404  # the board opens at closing

    r = chair.post(f"/api/polls/{poll['id']}/close")
    assert r.json["event"]["kind"] == "poll.counting" and r.json["event"]["patch"]["poll"]["status"] == "counting"
    assert client_for("adb04").post(f"/api/polls/{poll['id']}/decryptions", {"partial": {}}).status_code == 403
    r = com.confirm_count(3, poll["id"])
    assert r.status_code == 201 and r.json["event"]["kind"] == "poll.decryption"
    assert r.json["event"]["patch"]["poll"]["counting"]["confirmed"] == 1  # "Ban kiểm phiếu: 1/3 đã xác nhận"
    assert com.confirm_count(3, poll["id"]).json["error"]["code"] == "already_done"
    r = com.confirm_count(1, poll["id"])
    assert r.json["event"]["kind"] == "poll.closed"
    result = chair.get(f"/api/polls/{poll['id']}").json["poll"]["result"]
    assert {a: line["count"] for a, line in result["answers"].items()} == {"for": 3, "against": 1, "abstain": 1}
    assert result["answers"]["for"]["text"] == "3/6 — 50,00%" and result["passed"] is False  # not MORE than half
    assert sorted(trackers.values()) == result["trackers"] and result["consistent"]
    assert com.confirm_count(2, poll["id"]).json["error"]["code"] == "poll_not_counting"
    published = chair.get(f"/api/polls/{poll['id']}/board").json["board"]
    assert board.check(published) == result["counts"] == [[3, 1, 1]]
    mine = client_for("adb01").get("/api/me/votes").json["votes"][0]
    assert mine["has_voted"] is True and mine["choice"] is None


def test_any_k_of_n_members_decrypt_the_same_total_and_fewer_cannot(app, live, council, client_for):
    com = committee_of(council, client_for, ("adb01", "adb02", "adb03", "adb04", "adb05"))
    com.ceremony(client_for("athuky"))
    poll = open_secret(live, council, kind="secret")
    for u, choice in [("adb01", "for"), ("adb02", "for"), ("adb03", "against")]:
        ok(cast(client_for(u), poll, choice))
    ok(live.post(f"/api/polls/{poll['id']}/close"))
    b = live.get(f"/api/polls/{poll['id']}/board").json["board"]
    shares = {n: com.share(n, b["committee"]) for n in range(1, 6)}
    parts = {n: threshold.partial_decrypt(b["context"], s, b["aggregate"]) for n, s in shares.items()}
    assert b["committee"]["threshold"] == 3
    for trio in itertools.combinations(range(1, 6), 3):
        assert threshold.combine(b["aggregate"], {n: parts[n] for n in trio}, 3) == [[2, 1, 0]]
    for pair in itertools.combinations(range(1, 6), 2):
        with pytest.raises(elgamal.ProofError):  # two of five: a wrong point, never the total
            threshold.combine(b["aggregate"], {n: parts[n] for n in pair}, 3)


def test_malformed_ballots_are_refused_and_change_nothing(app, live, council, client_for):
    com = committee_of(council, client_for)
    com.ceremony(client_for("athuky"))
    poll = open_secret(live, council, kind="secret")
    other = make_poll(live, council, kind="secret")  # a draft: its context differs
    y = elgamal.point(poll["encryption"]["public_key"])
    ctx = poll["encryption"]["context"]
    d = client_for("adb01")

    def refused(ballot, code="invalid_ballot"):
        r = d.post(f"/api/polls/{poll['id']}/ballots", {"request_id": "r" * 20, "ballot": ballot})
        assert r.status_code == 422 and r.json["error"]["code"] == code, r.json
        assert voted(app, poll["id"]) == stored(app, poll["id"]) == 0 or code == "ballot_replayed"

    # a ciphertext of 2: no honest proof exists; prove it as if 0/1/2 were allowed
    r_ = elgamal.random_scalar()
    a, b_ = elgamal.encrypt(y, 2, r_)
    forged = elgamal.encrypt_ballot(ctx, y, [(3, 1, 1)], [[1, 0, 0]])
    forged["answers"][0]["choices"][0] = [elgamal.hx(a), elgamal.hx(b_)]
    forged["answers"][0]["individual"][0] = elgamal.prove_in(ctx, y, a, b_, r_, [0, 1, 2], 2, elgamal.random_scalar)
    refused(forged)
    refused(elgamal.encrypt_ballot(ctx, y, [(3, 0, 3)], [[1, 1, 0]]))  # two answers
    refused(elgamal.encrypt_ballot(ctx, y, [(3, 0, 3)], [[0, 0, 0]]))  # none
    refused(elgamal.encrypt_ballot(f"poll:{other['id']}:{poll['encryption']['key_id']}", y, [(3, 1, 1)],
                                   [[1, 0, 0]]))  # proven for another poll
    for junk in [None, "for", [], {}, {"answers": []}, {"answers": [{"choices": []}]}, {"answers": "x" * 10},
                 {"answers": [{"choices": [["zz", "00"]] * 3, "individual": [], "overall": []}]}]:
        refused(junk)
    good = encrypt_for(poll, "for")
    ok(cast(d, poll, ballot=good))
    refused_replay = cast(client_for("adb02"), poll, ballot=good)  # the same ballot from another voter
    assert refused_replay.status_code == 422 and refused_replay.json["error"]["code"] == "ballot_replayed"
    assert voted(app, poll["id"]) == stored(app, poll["id"]) == 1


def test_an_election_ballot_keeping_more_names_than_seats_is_refused(app, live, council, client_for):
    committee_of(council, client_for).ceremony(client_for("athuky"))
    poll = open_secret(live, council, kind="election", seats=2, options=["Một", "Hai", "Ba"])
    ids = [o["id"] for o in poll["options"]]
    too_many = encrypt_for(poll, ids, questions=[[3, 0, 3]])  # proven for up to three names
    r = cast(client_for("adb01"), poll, ballot=too_many)
    assert r.status_code == 422 and stored(app, poll["id"]) == 0
    ok(cast(client_for("adb01"), poll, ids[:2]))
    ok(cast(client_for("adb02"), poll, []))  # keeping no name is a valid ballot


def test_a_changeable_poll_counts_the_last_ballot(app, live, council, client_for):
    com = committee_of(council, client_for)
    com.ceremony(client_for("athuky"))
    poll = open_secret(live, council, kind="secret", changeable=True)
    d = client_for("adb01")
    first = ok(cast(d, poll, "against"))
    second = ok(cast(d, poll, "for"))
    assert second["changed"] is True and second["tracker"] != first["tracker"]
    assert stored(app, poll["id"]) == 1
    result = count(live, com, poll["id"])["result"]
    assert result["answers"]["for"]["count"] == 1 and result["answers"]["against"]["count"] == 0
    assert result["trackers"] == [second["tracker"]]


# --- the voting rules, for the secret kinds, through the encrypted path --------------------------------
@pytest.fixture
def hall(app, client_for):
    """A council of 9 delegates, all present, with its committee's key made."""
    data = build_council(app, "h", delegates=9)
    chair = open_session(client_for, data, present=9)
    com = Committee(data.session_id, [(data.users[n], client_for(n)) for n in ("hdb01", "hdb02", "hdb03")])
    com.ceremony(client_for("hthuky"))
    return data, chair, com


def _voters(data):
    return ["hchutich"] + data.delegates()


@pytest.mark.parametrize("preset,yes,passed", [("resolution", 4, False), ("resolution", 5, True),
                                              ("dismissal", 5, False), ("dismissal", 6, True)])
def test_secret_thresholds_at_the_boundary_against_all_delegates(hall, client_for, preset, yes, passed):
    data, chair, com = hall
    poll = open_secret(chair, data, kind="secret", preset=preset)
    for i, u in enumerate(_voters(data)[:yes + 2]):
        ok(cast(client_for(u), poll, "for" if i < yes else "against"))
    result = count(chair, com, poll["id"], members=(2, 3))["result"]
    assert result["answers"]["for"]["count"] == yes and result["passed"] is passed  # 9 delegates: >4.5, ≥6


def test_secret_election_with_seats_and_a_tie(hall, client_for):
    data, chair, com = hall
    poll = open_secret(chair, data, kind="election", seats=2, options=["An", "Bình", "Chi", "Dung"])
    a, b, c, d = [o["id"] for o in poll["options"]]
    # An 7, Bình 5, Chi 5, Dung 0: An elected; Bình and Chi, both over half of 9, tie for the last seat
    keeps = [[a, b]] * 3 + [[a, c]] * 3 + [[b, c]] * 2 + [[a]]
    for u, keep in zip(_voters(data), keeps):
        ok(cast(client_for(u), poll, keep))
    result = count(chair, com, poll["id"])["result"]
    assert {x["option_id"]: x["count"] for x in result["candidates"]} == {a: 7, b: 5, c: 5, d: 0}
    assert result["elected"] == [a] and result["tie"] and sorted(result["tied"]) == sorted([b, c])
    assert result["new_round_needed"]


def test_secret_election_fills_its_seats_by_votes(hall, client_for):
    data, chair, com = hall
    poll = open_secret(chair, data, kind="election", seats=2, options=["An", "Bình", "Chi"])
    a, b, c = [o["id"] for o in poll["options"]]
    keeps = [[a, b]] * 5 + [[a, c]] * 2 + [[c]] * 2  # An 7, Bình 5, Chi 4
    for u, keep in zip(_voters(data), keeps):
        ok(cast(client_for(u), poll, keep))
    result = count(chair, com, poll["id"])["result"]
    assert result["elected"] == [a, b] and not result["tie"] and not result["new_round_needed"]


def test_secret_confidence_rating_flags(hall, client_for):
    data, chair, com = hall
    poll = open_secret(chair, data, kind="confidence", options=["Chủ tịch UBND", "Phó Chủ tịch", "Giám đốc Sở"])
    p1, p2, p3 = [str(o["id"]) for o in poll["options"]]
    for i, u in enumerate(_voters(data)):
        # p1: 6 of 9 low (two-thirds); p2: 5 low (over half, not two-thirds); p3: 4 low (neither)
        ok(cast(client_for(u), poll, {p1: "low" if i < 6 else "high", p2: "low" if i < 5 else "medium",
                                      p3: "low" if i < 4 else "high"}))
    result = count(chair, com, poll["id"])["result"]
    people = {str(p["option_id"]): p for p in result["people"]}
    assert people[p1]["low_two_thirds"] and people[p1]["low_over_half"]
    assert people[p2]["low_over_half"] and not people[p2]["low_two_thirds"]
    assert not people[p3]["low_over_half"] and people[p3]["high"]["count"] == 5
    assert board.check(chair.get(f"/api/polls/{poll['id']}/board").json["board"]) == result["counts"]


# --- the ceremony refuses what does not fit ------------------------------------------------------------
def test_appointing_the_committee(live, council, client_for):
    sec, url = client_for("athuky"), f"/api/sessions/{council.session_id}/committee"
    u = council.users
    for members in ([u["adb01"], u["adb02"]], [u["adb01"]] * 3, [u["adb01"], u["adb02"], u["athuky"]],
                    [u["adb01"], u["adb02"], 999999], list(u.values())[:8]):
        r = sec.put(url, {"members": members})
        assert r.status_code == 422, members
    assert sec.get(url).json["committee"] is None
    assert client_for("adb01").put(url, {"members": [u["adb01"], u["adb02"], u["adb03"]]}).status_code == 403
    assert live.put(url, {"members": [u["adb01"], u["adb02"], u["adb03"]]}).status_code == 200  # the chair may


def test_the_ceremony_refuses_bad_steps_and_a_bad_share_fails_it(live, council, client_for):
    com = committee_of(council, client_for)
    com.appoint(client_for("athuky"))
    url = f"/api/sessions/{council.session_id}/committee"
    r = client_for("adb04").post(f"{url}/join", {"transport_key": threshold.transport_key()[1]})
    assert r.status_code == 403 and r.json["error"]["code"] == "not_on_committee"
    assert com.client(1).post(f"{url}/join", {"transport_key": "00" * 31 + "01"}).status_code == 422
    assert com.client(1).post(f"{url}/deal", {"deal": {}}).status_code == 409  # not everyone has joined
    for n in (1, 2, 3):
        ok(com.join(n))
    assert com.join(1).status_code == 409  # the joining is over
    bad = threshold.deal(com.state()["context"], 1, 2, {m["number"]: m["transport_key"] for m in com.state()["members"]})
    bad["pok"] = bad["pok"][::-1]
    assert com.client(1).post(f"{url}/deal", {"deal": bad}).status_code == 422
    assert com.client(1).post(f"{url}/deal", {"deal": {"commitments": []}}).status_code == 422
    ok(com.deal(1))
    copied = com.state()["members"][0]["deal"]  # member 2 sends member 1's deal as its own
    r = com.client(2).post(f"{url}/deal", {"deal": copied})
    assert r.status_code == 422 and "copy" in r.json["error"]["message_en"]
    for n in (2, 3):
        ok(com.deal(n))
    assert com.client(1).post(f"{url}/confirm", {"proof": ["00" * 32, "00" * 32]}).status_code == 422
    ok(com.confirm(1))
    r = com.client(2).post(f"{url}/confirm", {"complaint": "Phần khóa của thành viên 3 không khớp"})
    assert r.status_code == 200 and com.state()["status"] == "failed"
    com.ceremony(client_for("athuky"))  # appointed again, a new ceremony succeeds


# --- kyhop verify: the board rechecked from the database and from a bundle ----------------------------
def _verify(app):
    from server.archive.verify import verify
    with app.app_context():
        return verify(db())


def _sql(app, statement, **params):
    with app.app_context():
        db().execute(text(statement), params)
        db().commit()


def test_verify_rechecks_every_proof_and_names_the_edited_poll(app, live, council, client_for):
    com = committee_of(council, client_for)
    com.ceremony(client_for("athuky"))
    poll = open_secret(live, council, kind="secret")
    for u, choice in [("adb01", "for"), ("adb02", "for"), ("adb03", "against")]:
        ok(cast(client_for(u), poll, choice))
    count(live, com, poll["id"])
    assert _verify(app) == []
    with app.app_context():
        row = db().execute(select(EncryptedBallot.voter_id, EncryptedBallot.ballot)
                           .where(EncryptedBallot.voter_id == council.users["adb03"])).one()
    # an insider replaces a ballot by a valid encryption of another choice: the totals no longer add up
    forged = encrypt_for(poll, "for")
    _sql(app, "UPDATE encrypted_ballots SET ballot = :b, tracker = :t WHERE voter_id = :v",
         b=json.dumps(forged), t=elgamal.tracker(poll["encryption"]["context"], forged), v=row[0])
    found = _verify(app)
    assert found and all(f"poll {poll['id']}" in f for f in found)
    assert any("not the sum of the ballots" in f for f in found) and any("closing pinned" in f for f in found)
    _sql(app, "UPDATE encrypted_ballots SET ballot = :b, tracker = :t WHERE voter_id = :v",
         b=json.dumps(row[1]), t=elgamal.tracker(poll["encryption"]["context"], row[1]), v=row[0])
    assert _verify(app) == []
    # one decryption factor edited: its proof fails
    with app.app_context():
        part = db().execute(text("SELECT number, partial FROM partial_decryptions")).first()
    p = part[1] if isinstance(part[1], dict) else json.loads(part[1])
    p["factors"][0][0] = elgamal.hx(elgamal.base(7))
    _sql(app, "UPDATE partial_decryptions SET partial = :p WHERE number = :n", p=json.dumps(p), n=part[0])
    assert "decryption by member" in " ".join(_verify(app))


def test_a_bundle_carries_the_board_and_a_forged_one_is_caught(app, live, council, client_for):
    import hashlib
    import io
    import zipfile

    from server.archive.bundle import verify_bundle
    com = committee_of(council, client_for)
    com.ceremony(client_for("athuky"))
    poll = open_secret(live, council, kind="confidence", options=["Chủ tịch UBND", "Phó Chủ tịch UBND"])
    p1, p2 = [str(o["id"]) for o in poll["options"]]
    for u in ("adb01", "adb02", "adb03"):
        ok(cast(client_for(u), poll, {p1: "low", p2: "high"}))
    count(live, com, poll["id"])
    ok(live.post(f"/api/sessions/{council.session_id}/control", {"action": "close"}))
    data = client_for("athuky").get(f"/api/sessions/{council.session_id}/bundle.zip").data
    assert verify_bundle(data) == []
    z = zipfile.ZipFile(io.BytesIO(data))
    files = {n: z.read(n) for n in z.namelist() if n != "MANIFEST.sha256"}
    name = f"boards/poll-{poll['id']}.json"
    b = json.loads(files[name])
    assert b["counts"] == [[0, 0, 3], [3, 0, 0]]
    b["counts"] = [[3, 0, 0], [3, 0, 0]]  # the forger's totals, with the manifest regenerated
    files[name] = json.dumps(b).encode()
    forged = io.BytesIO()
    with zipfile.ZipFile(forged, "w") as out:
        for n, blob in files.items():
            out.writestr(n, blob)
        out.writestr("MANIFEST.sha256", "".join(f"{hashlib.sha256(x).hexdigest()}  {n}\n" for n, x in sorted(files.items())))
    found = verify_bundle(forged.getvalue())
    assert len(found) == 1 and name in found[0] and "published counts" in found[0]


def test_the_session_does_not_close_before_every_poll_has_its_result(app, live, council, client_for):
    """Bế mạc seals the record: a poll still open or still being counted would get its result after the seal."""
    com = committee_of(council, client_for)
    com.ceremony(client_for("athuky"))
    poll = open_secret(live, council, kind="secret")
    ok(cast(client_for("adb01"), poll, "for"))
    control = f"/api/sessions/{council.session_id}/control"
    for step in ("open", "counting"):
        r = live.post(control, {"action": "close"})
        assert r.status_code == 409 and r.json["error"]["code"] == "poll_unfinished", step
        if step == "open":
            ok(live.post(f"/api/polls/{poll['id']}/close"))
    for n in (2, 3):
        ok(com.confirm_count(n, poll["id"]))
    assert live.post(control, {"action": "close"}).status_code == 200
