"""Ballot burst: N delegates with live connections all vote within about a second.

Reports acknowledged ballots, lost, duplicates accepted, acknowledgement latency, time to the last ack,
the server's CPU per ballot, and the time until the result reaches every client; then SIGKILLs the server
in the middle of a second (secret) burst, restarts it and checks that every acknowledged ballot is on the
published board. `--mode secret`: the burst is of encrypted ballots (made beforehand, as tablets make
them), each verified by the server before it is acknowledged, and the result is timed from the counting
committee's k-th confirmation. Targets (secret): 100 ballots all acknowledged within 1 s and 1000 within
5 s; the result on every client within 1 s of the k-th confirmation.
Last line: one JSON object.
"""
from __future__ import annotations

import argparse
import os
import threading
import time
from pathlib import Path

import requests
from clients import Pool
from common import chair_session, percentile, report
from deployments import deployment

from server.voting import elgamal
from tests.tablets import Committee, encrypt_for

TICK = os.sysconf("SC_CLK_TCK")


class Http(requests.Session):
    """A logged-in delegate, as the committee's tablets need one."""

    def __init__(self, url: str, cookie_csrf: tuple[str, str]):
        super().__init__()
        self.url = url
        self.headers.update({"Cookie": f"kyhop_session={cookie_csrf[0]}", "X-CSRF-Token": cookie_csrf[1]})

    def request(self, method, path, *args, **kw):
        kw.setdefault("timeout", 60)
        return super().request(method, self.url + path if path.startswith("/") else path, *args, **kw)

    def post(self, path, body=None, **kw):
        return super().post(path, json=body or {}, **kw)

    def put(self, path, body=None, **kw):
        return super().put(path, json=body or {}, **kw)


def cpu_s(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / TICK


def new_poll(chair, url, session_id, kind) -> dict:
    poll = chair.post(f"{url}/api/sessions/{session_id}/polls",
                      json={"title": f"Biểu quyết thử tải ({kind})", "kind": kind, "duration_s": 600}).json()["poll"]
    r = chair.post(f"{url}/api/polls/{poll['id']}/open", json={"acknowledge_small": True})
    assert r.status_code == 200, r.text
    return chair.get(f"{url}/api/polls/{poll['id']}").json()["poll"]


def ballots(poll: dict, choice: str, n: int) -> list:
    return [encrypt_for(poll, choice) for _ in range(n)] if poll["secret"] else [choice] * n


def count(com: Committee, chair, url: str, poll_id: int) -> float:
    """The committee confirms (each tablet rechecks the board first); returns when the k-th was sent."""
    assert com.confirm_count(1, poll_id).status_code == 201
    partial = com.prepare_count(2, poll_id)
    t_k = time.time()
    assert com.client(2).post(f"/api/polls/{poll_id}/decryptions", {"partial": partial}).status_code == 201
    return t_k


def run(n: int, workers: int, spread: float, topology: str, mode: str) -> dict:
    srv = deployment(topology, n).start()
    inst = srv.inst
    logins = list(inst.cookies.values())
    pool = Pool(srv.url, logins, inst.session_id, workers)
    assert all(pool.ask("connect")), "clients failed to connect"
    chair = chair_session(inst)
    members = [Http(srv.url, inst.cookies[u]) for u in ("d0001", "d0002", "d0003")]
    com = Committee(inst.session_id, [(h.get("/api/auth/me").json()["user"]["id"], h) for h in members])
    com.ceremony(Http(srv.url, inst.cookies["chair"]))  # appointed by the chair, keys made on three "tablets"

    # 1. the burst (ballots made first: a tablet's encryption is not the server's time)
    poll = new_poll(chair, srv.url, inst.session_id, "secret" if mode == "secret" else "open")
    firsts, others = ballots(poll, "for", n), ballots(poll, "against", n)
    t_verify = time.process_time()
    if poll["secret"]:
        ctx, y = poll["encryption"]["context"], elgamal.point(poll["encryption"]["public_key"])
        for b in firsts[:100]:
            elgamal.verify_ballot(ctx, y, [tuple(q) for q in poll["encryption"]["questions"]], b)
    verify_ms = (time.process_time() - t_verify) * 1000 / 100 if poll["secret"] else 0.0
    cpu0 = cpu_s(srv.pids())
    t0 = time.time()
    per_worker = pool.ask_each("cast", [(poll["id"], part, spread) for part in pool.split(firsts)])
    answers = [a for reply in per_worker for a in reply]
    acked = [a for a in answers if a["acked"]]
    cpu_per_ballot_ms = (cpu_s(srv.pids()) - cpu0) * 1000 / max(1, len(acked))
    lat = [(a["acked"] - a["sent"]) * 1000 for a in acked]
    last_ack_s = max(a["acked"] for a in acked) - t0
    seconds = [r for reply in pool.ask_each("second", [(poll["id"], w, part) for w, part in
                                                       zip(per_worker, pool.split(others))]) for r in reply]
    duplicates = sum(1 for r in seconds if r["different"] == 200)
    retries_same = sum(1 for r in seconds if r["retry"] == 200)

    # 2. close: how soon does every tablet have the result (secret: after the k-th confirmation)?
    t_close = time.time()
    chair.post(f"{srv.url}/api/polls/{poll['id']}/close")
    if poll["secret"]:
        t_close = count(com, chair, srv.url, poll["id"])
    got = [t for reply in pool.ask("wait_kind", ("poll.closed", 10)) for t in reply]
    result_ms = (max(got) - t_close) * 1000 if all(got) else float("inf")
    result = chair.get(f"{srv.url}/api/polls/{poll['id']}").json()["poll"]["result"]

    # 3. SIGKILL (of the server; in the scaled topology, of one of its processes) in the middle of a secret burst
    poll2 = new_poll(chair, srv.url, inst.session_id, "secret")
    second_ballots = pool.split(ballots(poll2, "for", n))
    box = {}
    burst = threading.Thread(target=lambda: box.update(answers=[
        a for r in pool.ask_each("cast", [(poll2["id"], part, spread) for part in second_ballots]) for a in r]))
    burst.start()
    time.sleep(spread * 0.4)
    srv.kill_one()
    burst.join()
    acked2 = [a for a in box["answers"] if a["acked"]]
    srv.revive()
    chair.post(f"{srv.url}/api/polls/{poll2['id']}/close")
    count(com, chair, srv.url, poll2["id"])
    published = set(chair.get(f"{srv.url}/api/polls/{poll2['id']}").json()["poll"]["result"]["trackers"])
    lost_after_kill = sum(1 for a in acked2 if a["tracker"] not in published)

    pool.close()
    srv.stop()
    return {"bench": "votes" if mode == "open" else "votes_secret", "mode": mode, "topology": topology, "clients": n, "client_processes": workers,
            "spread_s": spread, "acked": len(acked), "lost": n - len(acked), "duplicates": duplicates,
            "retries_same_answer": retries_same,
            "ack_p50_ms": round(percentile(lat, 50), 1), "ack_p99_ms": round(percentile(lat, 99), 1),
            "last_ack_s": round(last_ack_s, 2), "server_cpu_per_ballot_ms": round(cpu_per_ballot_ms, 2),
            "verify_cpu_per_ballot_ms": round(verify_ms, 2), "result_ms": round(result_ms, 1),
            "result_from": "k-th confirmation" if poll["secret"] else "close",
            "result_cast": result["cast"], "result_consistent": result["consistent"],
            "kill_acked": len(acked2), "kill_committed": len(published), "lost_after_kill": lost_after_kill}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--spread", type=float, default=1.0, help="seconds over which the ballots are sent")
    parser.add_argument("--topology", choices=("embedded", "scaled"), default="embedded")
    parser.add_argument("--mode", choices=("open", "secret"), default="open")
    args = parser.parse_args()
    r = run(args.clients, args.client_processes, args.spread, args.topology, args.mode)
    report(r, f"{args.mode}: {r['acked']}/{args.clients} acked, {r['duplicates']} duplicates; ack p50 {r['ack_p50_ms']} ms, "
          f"p99 {r['ack_p99_ms']} ms, last ack {r['last_ack_s']} s; server CPU {r['server_cpu_per_ballot_ms']} ms "
          f"per ballot (proofs {r['verify_cpu_per_ballot_ms']} ms); result to all {r['result_ms']} ms after the "
          f"{r['result_from']}; after SIGKILL {r['lost_after_kill']} of {r['kill_acked']} acked lost")


if __name__ == "__main__":
    main()
