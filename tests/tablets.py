"""Test tablets: what a delegate's tablet does for the secret kinds (docs/ballots.md), in Python.

The browser does the same in client/src/ballots/*.js; tests/unit/test_ballot_vectors.py pins the two
together. Works with the in-process ApiClient and with tests/live/helpers.Http alike.
"""
from __future__ import annotations

import secrets

from server.voting import board as boards
from server.voting import elgamal, rules, threshold


def body(r) -> dict:
    return r.json() if callable(r.json) else r.json


def ok(r, status=(200, 201)):
    assert r.status_code in status, (r.status_code, body(r))
    return body(r)


class Committee:
    """The counting committee's tablets: each keeps its transport secret, as a real tablet keeps it."""

    def __init__(self, session_id: int, members: list[tuple[int, object]]):
        self.session_id, self.members = session_id, members  # [(user id, client)] in committee order
        self.secrets: dict[int, int] = {}  # number -> transport secret x

    def state(self) -> dict:
        return body(self.members[0][1].get(f"/api/sessions/{self.session_id}/committee"))["committee"]

    def appoint(self, by) -> dict:
        return ok(by.put(f"/api/sessions/{self.session_id}/committee", {"members": [uid for uid, _ in self.members]}))

    def join(self, number: int):
        x, X = threshold.transport_key()
        r = self.client(number).post(f"/api/sessions/{self.session_id}/committee/join", {"transport_key": X})
        if r.status_code == 200:  # a tablet keeps the secret of the key the server took
            self.secrets[number] = x
        return r

    def deal(self, number: int):
        com = self.state()
        transport = {m["number"]: m["transport_key"] for m in com["members"]}
        d = threshold.deal(com["context"], number, com["threshold"], transport)
        return self.client(number).post(f"/api/sessions/{self.session_id}/committee/deal", {"deal": d})

    def share(self, number: int, com: dict) -> int:
        deals = {m["number"]: m["deal"] for m in com["members"]}
        return threshold.receive(com["context"], number, self.secrets[number], deals)

    def confirm(self, number: int):
        com = self.state()
        proof = threshold.prove_share(com["context"], self.share(number, com))
        return self.client(number).post(f"/api/sessions/{self.session_id}/committee/confirm", {"proof": proof})

    def ceremony(self, by) -> dict:
        """Appoint, then every tablet's two taps (and the automatic deal between them)."""
        self.appoint(by)
        numbers = range(1, len(self.members) + 1)
        for step in (self.join, self.deal, self.confirm):
            for n in numbers:
                ok(step(n))
        com = self.state()
        assert com["status"] == "ready" and com["public_key"]
        return com

    def client(self, number: int):
        return self.members[number - 1][1]

    def prepare_count(self, number: int, poll_id: int) -> dict:
        """What the member's tablet does before "Xác nhận kết quả kiểm phiếu": recheck the board (the totals
        must be the sum of the published ballots, or it could be made to open a single one), then decrypt."""
        board = body(self.client(number).get(f"/api/polls/{poll_id}/board"))["board"]
        boards.check(board)
        return threshold.partial_decrypt(board["context"], self.share(number, board["committee"]), board["aggregate"])

    def confirm_count(self, number: int, poll_id: int):
        return self.client(number).post(f"/api/polls/{poll_id}/decryptions",
                                        {"partial": self.prepare_count(number, poll_id)})


def encrypt_for(poll: dict, choice, questions=None) -> dict:
    """The ballot a tablet sends for `choice` ('for'; a list of kept option ids; {option id: level})."""
    enc = poll["encryption"]
    bits = rules.ballot_bits(poll["kind"], choice, [o["id"] for o in poll["options"]])
    qs = [tuple(q) for q in (questions or enc["questions"])]
    return elgamal.encrypt_ballot(enc["context"], elgamal.point(enc["public_key"]), qs, bits)


def cast(client, poll: dict, choice=None, ballot=None, request_id=None):
    ballot = ballot if ballot is not None else encrypt_for(poll, choice)
    return client.post(f"/api/polls/{poll['id']}/ballots",
                       {"request_id": request_id or secrets.token_urlsafe(16), "ballot": ballot})
