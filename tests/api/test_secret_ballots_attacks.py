"""Insiders and attackers against encrypted ballots and the counting committee: each test is a hole found in
review, stated as the behaviour the protocol (docs/ballots.md) and server/voting/SECRECY.md promise.

- a voter casting a rearranged or partial copy of another voter's ballot (a new tracker, the same ciphertexts);
- a voter replaying another voter's ballot that a recast took off the board;
- a plain `choice` stored next to the voter for a secret poll opening while the request was in flight;
- an insider making the committee decrypt one ballot by editing the poll's encrypted totals;
- an insider swapping or dropping ballots after closing, replacing the committee's key, hiding a closed poll,
  editing the published trackers: `kyhop verify` must name it; a ballot swapped while open: its voter finds it;
- a bundle that leaves out an encrypted poll's board still verifying;
- a user of another council learning that a poll id is an open secret poll.
"""
from __future__ import annotations

import hashlib
import io
import secrets
import zipfile

import pytest
from sqlalchemy import delete, select, update

from server.db import db
from server.journal.models import SessionEvent
from server.voting import elgamal, threshold
from server.voting.counting import encrypted_totals
from server.voting.models import CountingKey, EncryptedBallot, KeyMember, OpenBallot, PartialDecryption, Poll, \
    PollVoter
from tests.api.test_secret_ballots import _verify, committee_of, count, live, make_poll, open_secret  # noqa: F401 (live: a fixture)
from tests.tablets import cast, encrypt_for, ok


@pytest.fixture
def ready(live, council, client_for):  # noqa: F811 (live: the imported fixture)
    """The chair's client and the committee, its key made."""
    com = committee_of(council, client_for)
    com.ceremony(client_for("athuky"))
    return live, com


def _ballot_of(app, poll_id: int, voter_id: int) -> dict:
    with app.app_context():
        return db().scalar(select(EncryptedBallot.ballot).where(EncryptedBallot.poll_id == poll_id,
                                                               EncryptedBallot.voter_id == voter_id))


def _permuted(ballot: dict, order: list[int]) -> dict:
    """The same ciphertexts and proofs, the choices in another order: every proof still verifies (the
    individual proofs are bound to their ciphertext only, the overall proof to the unchanged sum)."""
    ans = ballot["answers"][0]
    return {"answers": [{"choices": [ans["choices"][i] for i in order],
                         "individual": [ans["individual"][i] for i in order], "overall": ans["overall"]}]}


# --- a voter copying another voter's ballot --------------------------------------------------------------
def test_a_rearranged_copy_of_another_voters_ballot_is_refused(app, ready, council, client_for):
    """SECRECY.md: "a copy of another voter's ballot … refused before anything is stored". Only the whole
    ballot's tracker is checked; the same ciphertexts in another order have a new tracker and pass (each
    individual proof is bound to its ciphertext and the poll only, the overall proof to the unchanged sum).
    The order [0, 2, 1] votes "for" if the victim did and swaps against/abstain otherwise: a voter who can
    read the ballots while the poll is open (a dump, a backup, the WAL — what SECRECY.md says pairs a voter
    with ciphertext only), alone or with a few others casting the same copy, reads the victim's choice off
    the totals (Cortier–Smyth). The exact copy is refused (ballot_replayed) precisely to prevent this."""
    chair, _ = ready
    poll = open_secret(chair, council, kind="secret")
    ok(cast(client_for("adb01"), poll, "for"))
    victim = _ballot_of(app, poll["id"], council.users["adb01"])
    copy = _permuted(victim, [0, 2, 1])
    elgamal.verify_ballot(poll["encryption"]["context"], elgamal.point(poll["encryption"]["public_key"]),
                          [(3, 1, 1)], copy)  # a valid ballot: every proof checks
    r = cast(client_for("adb02"), poll, ballot=copy)
    assert r.status_code == 422, r.json  # today: 200, recorded with a fresh tracker


def test_one_answer_copied_from_another_voters_confidence_ballot_is_refused(app, ready, council, client_for):
    """A confidence ballot answers one question per office-holder; the answers are not bound to each other
    nor to the voter, so a voter can cast the victim's rating of one office-holder as their own."""
    chair, _ = ready
    poll = open_secret(chair, council, kind="confidence", options=["Chủ tịch UBND", "Phó Chủ tịch UBND"])
    p1, p2 = [str(o["id"]) for o in poll["options"]]
    ok(cast(client_for("adb01"), poll, {p1: "low", p2: "high"}))
    victim = _ballot_of(app, poll["id"], council.users["adb01"])
    mine = encrypt_for(poll, {p1: "high", p2: "medium"})
    mine["answers"][0] = victim["answers"][0]  # the victim's rating of p1, as it is on the board
    r = cast(client_for("adb02"), poll, ballot=mine)
    assert r.status_code == 422, r.json


def test_a_ballot_taken_off_the_board_by_a_recast_cannot_be_replayed_by_another_voter(app, ready, council,
                                                                                      client_for):
    """The replay check looks only at the ballots on the board now: in a changeable poll, the ballot a voter
    replaced is no longer there, and anyone who saw it (a dump or the WAL taken during the vote) casts it as
    their own — the copy the exact-replay check exists to refuse."""
    chair, _ = ready
    poll = open_secret(chair, council, kind="secret", changeable=True)
    first = encrypt_for(poll, "against")
    ok(cast(client_for("adb01"), poll, ballot=first))
    ok(cast(client_for("adb01"), poll, "for"))  # recast: `first` leaves the board
    r = cast(client_for("adb02"), poll, ballot=first)
    assert r.status_code == 422 and r.json["error"]["code"] == "ballot_replayed", r.json


# --- a plain choice for a secret poll ------------------------------------------------------------------
def test_no_plain_choice_is_stored_for_a_secret_poll_that_opens_while_the_ballot_is_in_flight(
        app, ready, council, client_for, monkeypatch):
    """cast() asks `_encrypted` whether the poll is secret outside the transaction; a secret poll still a
    draft answers None, as an open vote would. If the chair opens it before the ballot's transaction runs,
    `_cast_open` finds it open (it never looks at `kind`) and stores the plain choice next to the voter in
    open_ballots. Here the chair's tap lands exactly in that window."""
    from server.voting import casting, lifecycle
    chair, _ = ready
    draft = make_poll(chair, council, kind="secret")
    real = casting._encrypted

    def chair_opens_meanwhile(poll_id, council_id):
        found = real(poll_id, council_id)
        lifecycle.open_poll(db().get(Poll, poll_id), council.users["achutich"], True)
        return found

    monkeypatch.setattr(casting, "_encrypted", chair_opens_meanwhile)
    r = client_for("adb01").post(f"/api/polls/{draft['id']}/ballots",
                                 {"request_id": secrets.token_urlsafe(16), "choice": "against"})
    monkeypatch.setattr(casting, "_encrypted", real)
    with app.app_context():
        stored = db().scalars(select(OpenBallot.choice).where(OpenBallot.poll_id == draft["id"])).all()
        status = db().scalar(select(Poll.status).where(Poll.id == draft["id"]))
    assert status == "open"
    assert stored == [] and r.status_code != 200, (r.status_code, r.json, stored)


# --- an insider making the committee decrypt a single ballot ------------------------------------------
def test_the_committee_never_decrypts_totals_that_are_not_the_sum_of_the_ballots(app, ready, council, client_for):
    """SECRECY.md: the server operator "never holds a key that opens a ballot"; the decryptions "open the
    total and no single ballot". But neither the server (lifecycle.decrypt checks the factors against
    polls.aggregate as stored) nor the tablet (client/src/views/committee.js confirmCount, tests/tablets.py
    confirm_count) checks that the totals it decrypts are the sum of the board's ballots. An insider who
    writes one voter's ciphertexts into polls.aggregate while the poll is counting gets that ballot opened by
    the honest committee (with k−1 colluding members, one honest confirmation is enough). The ciphertexts of
    an earlier poll of the same key can be fed the same way: the factor s_j·alpha does not depend on the
    context the proof is bound to."""
    chair, com = ready
    poll = open_secret(chair, council, kind="secret")
    for u, choice in [("adb01", "for"), ("adb02", "for"), ("adb04", "against"), ("adb05", "abstain")]:
        ok(cast(client_for(u), poll, choice))
    ok(chair.post(f"/api/polls/{poll['id']}/close"))
    target = _ballot_of(app, poll["id"], council.users["adb04"])
    lone = [[list(c) for c in target["answers"][0]["choices"]]]  # one ballot, in the totals' shape
    with app.app_context():
        db().execute(update(Poll).where(Poll.id == poll["id"]).values(aggregate=lone))
        db().commit()
    for n in (1, 2):
        try:
            com.confirm_count(n, poll["id"])
        except (AssertionError, elgamal.ProofError):  # a tablet that checks the board refuses: fine
            pass
    with app.app_context():
        parts = {d.number: d.partial for d in db().scalars(select(PartialDecryption)
                                                           .where(PartialDecryption.poll_id == poll["id"]))}
    opened = None
    if len(parts) >= 2:  # what the insider reads from partial_decryptions
        try:
            opened = threshold.combine(lone, dict(sorted(parts.items())[:2]), 1)
        except elgamal.ProofError:
            pass
    assert opened is None, f"the committee's factors open adb04's ballot: {opened}"  # today: [[0, 1, 0]]
    after = chair.get(f"/api/polls/{poll['id']}").json["poll"]
    assert not (after["status"] == "closed" and after["result"]["counts"] == [[0, 1, 0]])


# --- kyhop verify against an insider with the database -------------------------------------------------
def _insider_ballot(app, poll: dict, voter_id: int, choice: str, drop: bool = False) -> None:
    """Replace (or drop) a voter's ballot as an insider with write access would: a fresh valid encryption
    (anyone can make one with the public key), its tracker, and the totals recomputed if already closed."""
    with app.app_context():
        s = db()
        if drop:
            s.execute(delete(EncryptedBallot).where(EncryptedBallot.poll_id == poll["id"],
                                                    EncryptedBallot.voter_id == voter_id))
            s.execute(update(PollVoter).where(PollVoter.poll_id == poll["id"], PollVoter.user_id == voter_id)
                      .values(has_voted=False))
        else:
            forged = encrypt_for(poll, choice)
            s.execute(update(EncryptedBallot).where(EncryptedBallot.poll_id == poll["id"],
                                                    EncryptedBallot.voter_id == voter_id)
                      .values(ballot=forged, tracker=elgamal.tracker(poll["encryption"]["context"], forged)))
        s.flush()
        p = s.get(Poll, poll["id"])
        if p.status == "counting":
            p.aggregate = encrypted_totals(s, p)
        s.commit()


@pytest.mark.parametrize("drop", [False, True], ids=["swapped", "dropped"])
def test_verify_names_a_ballot_swapped_or_dropped_while_the_poll_is_counting(app, ready, council, client_for, drop):
    """SECRECY.md: "An altered board — a ballot swapped in the database … — is found by kyhop verify." Only
    if the swap comes after the decryptions: between closing and the committee's confirmations the insider
    swaps (or drops) a ballot and recomputes the totals, the committee decrypts those, and every check holds.
    What closing recorded in the chain (poll.counting: "cast") is never compared, and nothing pins the
    totals or the trackers at closing."""
    chair, com = ready
    poll = open_secret(chair, council, kind="secret")
    for u, choice in [("adb01", "against"), ("adb02", "against"), ("adb03", "for")]:
        ok(cast(client_for(u), poll, choice))
    ok(chair.post(f"/api/polls/{poll['id']}/close"))
    _insider_ballot(app, poll, council.users["adb01"], "for", drop=drop)
    for n in (1, 2):
        ok(com.confirm_count(n, poll["id"]))
    result = chair.get(f"/api/polls/{poll['id']}").json["poll"]["result"]
    assert result["answers"]["against"]["count"] == 1  # the insider's result, published
    found = _verify(app)
    assert any(f"poll {poll['id']}" in p for p in found), found


def test_a_ballot_swapped_while_the_poll_is_open_is_found_by_its_voter(app, ready, council, client_for):
    """The same swap while the poll is open: closing then pins the forged board, and no recheck of the board
    can tell (nothing on it is signed by its voter; SECRECY.md says so). Its voter can: the tablet keeps the
    tracker it computed of the ballot it sent (client/src/views/voting.js), and that tracker is missing from
    the published result."""
    chair, com = ready
    poll = open_secret(chair, council, kind="secret")
    sent = {}
    for u, c in [("adb01", "against"), ("adb02", "against"), ("adb03", "for")]:
        sent[u] = encrypt_for(poll, c)
        assert ok(cast(client_for(u), poll, ballot=sent[u]))["tracker"] == elgamal.tracker(
            poll["encryption"]["context"], sent[u])  # the server's answer is what the tablet computed
    _insider_ballot(app, poll, council.users["adb01"], "for")
    count(chair, com, poll["id"])
    result = chair.get(f"/api/polls/{poll['id']}").json["poll"]["result"]
    own = elgamal.tracker(poll["encryption"]["context"], sent["adb01"])  # kept on adb01's tablet
    assert own not in result["trackers"]  # "Không tìm thấy phiếu của bạn trong kết quả!"
    assert all(elgamal.tracker(poll["encryption"]["context"], sent[u]) in result["trackers"] for u in ("adb02", "adb03"))


def _insider_ceremony(app, key_id: int) -> int:
    """Re-deal the committee's key in the database: new deals whose shares are encrypted to the members' real
    transport keys (so their tablets open them and find them consistent), verification keys and proofs
    of knowing the shares — all made by the insider, who therefore knows the secret key. Returns it."""
    with app.app_context():
        s = db()
        key = s.get(CountingKey, key_id)
        members = s.scalars(select(KeyMember).where(KeyMember.key_id == key_id).order_by(KeyMember.number)).all()
        ctx = f"ceremony:{key.id}:{key.session_id}"
        transport = {m.number: m.transport_key for m in members}
        coeffs, deals = {}, {}
        for m in members:
            drawn = []

            def rand(drawn=drawn):
                drawn.append(elgamal.random_scalar())
                return drawn[-1]
            deals[m.number] = threshold.deal(ctx, m.number, key.threshold, transport, rand)
            coeffs[m.number] = drawn[:key.threshold]  # a_0 … a_{k-1}, the first draws of a deal
        for m in members:
            share = sum(sum(a * pow(m.number, t, elgamal.Q) for t, a in enumerate(cs)) for cs in coeffs.values())
            share %= elgamal.Q
            m.deal, m.verification_key = deals[m.number], elgamal.hx(elgamal.base(share))
            m.share_proof = threshold.prove_share(ctx, share)
        secret = sum(cs[0] for cs in coeffs.values()) % elgamal.Q
        key.public_key = elgamal.hx(elgamal.base(secret))
        s.commit()
        return secret


def test_verify_names_a_committee_key_replaced_in_the_database(app, ready, council, client_for):
    """An insider with write access re-deals the committee's key before a poll opens. The tablets encrypt under
    the insider's key (the server hands it out), the insider opens every ballot, the committee's tablets
    still open their shares and confirm the count — and verify rechecks a ceremony that is consistent in
    itself, without comparing it with the key the members confirmed (committee.confirmed, in the chain)."""
    chair, com = ready
    original = com.state()["public_key"]
    key_id = com.state()["key_id"]
    secret = _insider_ceremony(app, key_id)
    poll = open_secret(chair, council, kind="secret")
    assert poll["encryption"]["public_key"] != original
    choices = {"adb01": "against", "adb02": "for", "adb03": "abstain"}
    for u, c in choices.items():
        ok(cast(client_for(u), poll, c))
    seen = {}  # the insider reads every ballot next to its voter
    for u in choices:
        a, b = (elgamal.point(x) for x in _ballot_of(app, poll["id"], council.users[u])["answers"][0]["choices"][0])
        seen[u] = elgamal.sub(b, elgamal.mul(secret, a)) == elgamal.base(1)
    assert seen == {"adb01": False, "adb02": True, "adb03": False}
    count(chair, com, poll["id"])
    with app.app_context():
        confirmed = [e.data.get("public_key") for e in db().scalars(
            select(SessionEvent).where(SessionEvent.kind == "committee.confirmed"))]
    assert original in confirmed  # the chain knows the key the committee made
    found = _verify(app)
    assert any(f"poll {poll['id']}" in p or "key" in p for p in found), found


@pytest.mark.parametrize("status", ["cancelled", "counting"])
def test_verify_names_a_closed_poll_whose_status_was_changed(app, ready, council, client_for, status):
    """verify recounts only polls whose status is "closed": an insider hides a result (the archive then shows
    the poll cancelled, or still waiting for the committee) and verify says nothing, though the chain holds
    its poll.closed entry."""
    chair, com = ready
    poll = open_secret(chair, council, kind="secret")
    for u, c in [("adb01", "for"), ("adb02", "for"), ("adb03", "against")]:
        ok(cast(client_for(u), poll, c))
    count(chair, com, poll["id"])
    assert _verify(app) == []
    with app.app_context():
        db().execute(update(Poll).where(Poll.id == poll["id"]).values(status=status))
        db().commit()
    found = _verify(app)
    assert any(f"poll {poll['id']}" in p for p in found), found


def test_verify_names_edited_published_trackers(app, ready, council, client_for):
    """The result's tracker list is what a voter's tablet (client/src/views/voting.js trackerCheck) and the
    public page's lookup (client/src/views/public.js) search — not the board; verify leaves it out of every
    comparison, so an insider can drop a voter's tracker from it ("Không tìm thấy phiếu của bạn") or list
    one that is on no board ("Phiếu của bạn có trong kết quả ✓") unnoticed."""
    chair, com = ready
    poll = open_secret(chair, council, kind="secret")
    mine = ok(cast(client_for("adb01"), poll, "for"))["tracker"]
    for u in ("adb02", "adb03"):
        ok(cast(client_for(u), poll, "against"))
    count(chair, com, poll["id"])
    with app.app_context():
        p = db().get(Poll, poll["id"])
        p.result = {**p.result, "trackers": sorted([t for t in p.result["trackers"] if t != mine] + ["f" * 64])}
        db().commit()
    found = _verify(app)
    assert any(f"poll {poll['id']}" in p for p in found), found


def test_a_bundle_without_the_board_of_an_encrypted_poll_does_not_verify(app, ready, council, client_for):
    """verify_bundle checks the boards it finds; a bundle built without one (by a server that would rather its
    counts were not rechecked) verifies clean, though its chain has a poll.closed entry with encrypted
    counts ("counts" in the result) that only the board proves."""
    from server.archive.bundle import verify_bundle
    chair, com = ready
    poll = open_secret(chair, council, kind="secret")
    for u, c in [("adb01", "for"), ("adb02", "for"), ("adb03", "against")]:
        ok(cast(client_for(u), poll, c))
    count(chair, com, poll["id"])
    ok(chair.post(f"/api/sessions/{council.session_id}/control", {"action": "close"}))
    data = client_for("athuky").get(f"/api/sessions/{council.session_id}/bundle.zip").data
    assert verify_bundle(data) == []
    z = zipfile.ZipFile(io.BytesIO(data))
    files = {n: z.read(n) for n in z.namelist() if n not in ("MANIFEST.sha256", f"boards/poll-{poll['id']}.json")}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as w:
        for n, blob in files.items():
            w.writestr(n, blob)
        w.writestr("MANIFEST.sha256", "".join(f"{hashlib.sha256(x).hexdigest()}  {n}\n" for n, x in sorted(files.items())))
    found = verify_bundle(out.getvalue())
    assert any(f"poll-{poll['id']}" in p or f"poll {poll['id']}" in p for p in found), found


# --- another council ----------------------------------------------------------------------------------
def test_another_councils_user_cannot_tell_an_open_secret_poll_from_no_poll(app, ready, council, other_council,
                                                                            client_for):
    """casting._encrypted keeps what checks a poll's ballots per process, keyed by poll id alone: once a
    ballot of council A's secret poll was checked, a user of council B posting to that id gets A's ballot
    check (422 invalid_ballot) instead of the 404 of a poll that is not theirs."""
    chair, _ = ready
    poll = open_secret(chair, council, kind="secret")
    stranger = client_for("bdb01")
    before = stranger.post(f"/api/polls/{poll['id']}/ballots", {"request_id": secrets.token_urlsafe(16), "choice": "for"})
    assert before.status_code == 404
    ok(cast(client_for("adb01"), poll, "for"))
    after = stranger.post(f"/api/polls/{poll['id']}/ballots", {"request_id": secrets.token_urlsafe(16), "choice": "for"})
    assert after.status_code == 404, after.json



# --- the record chain carries rows, but never who voted when -----------------------------------------------
def test_casting_a_secret_ballot_adds_nothing_to_the_chain(app, ready, council, client_for):
    chair, _com = ready
    poll = open_secret(chair, council, kind="secret")

    def entries():
        with app.app_context():
            return db().scalars(select(SessionEvent.id).order_by(SessionEvent.id)).all()
    before = entries()
    for u, choice in [("adb01", "for"), ("adb02", "against"), ("adb03", "for")]:
        ok(cast(client_for(u), poll, choice))
    assert entries() == before  # no entry per ballot: its time would say who voted when
