"""Ballot burst: N delegates with live connections all vote within about a second.

Reports acknowledged ballots, lost, duplicates accepted, acknowledgement latency, time to the last ack,
time from close to the result reaching every client; then SIGKILLs the server in the middle of a second
(secret) burst, restarts it and checks that every acknowledged ballot is in the published result.
Last line: one JSON object.
"""
from __future__ import annotations

import argparse
import threading
import time

from clients import Pool
from common import report, chair_session, percentile
from deployments import deployment


def new_poll(chair, url, session_id, kind):
    poll = chair.post(f"{url}/api/sessions/{session_id}/polls",
                      json={"title": f"Biểu quyết thử tải ({kind})", "kind": kind, "duration_s": 600}).json()["poll"]
    r = chair.post(f"{url}/api/polls/{poll['id']}/open", json={"acknowledge_small": True})
    assert r.status_code == 200, r.text
    return poll["id"]


def run(n: int, workers: int, spread: float, topology: str) -> dict:
    srv = deployment(topology, n).start()
    inst = srv.inst
    pool = Pool(srv.url, list(inst.cookies.values()), inst.session_id, workers)
    assert all(pool.ask("connect")), "clients failed to connect"
    chair = chair_session(inst)

    # 1. the burst
    poll_id = new_poll(chair, srv.url, inst.session_id, "open")
    t0 = time.time()
    per_worker = pool.ask("cast", (poll_id, "for", spread))
    answers = [a for reply in per_worker for a in reply]
    acked = [a for a in answers if a["acked"]]
    lat = [(a["acked"] - a["sent"]) * 1000 for a in acked]
    last_ack_s = max(a["acked"] for a in acked) - t0
    seconds = [r for reply in pool.ask_each("second", [(poll_id, w, "against") for w in per_worker]) for r in reply]
    duplicates = sum(1 for r in seconds if r["different"] == 200)
    retries_same = sum(1 for r in seconds if r["retry"] == 200)

    # 2. close: how soon does every tablet have the result?
    t_close = time.time()
    chair.post(f"{srv.url}/api/polls/{poll_id}/close")
    got = [t for reply in pool.ask("wait_kind", ("poll.closed", 10)) for t in reply]
    result_ms = (max(got) - t_close) * 1000 if all(got) else float("inf")
    result = chair.get(f"{srv.url}/api/polls/{poll_id}").json()["poll"]["result"]

    # 3. SIGKILL (of the server; in the scaled topology, of one of its processes) in the middle of a secret burst
    poll2 = new_poll(chair, srv.url, inst.session_id, "secret")
    box = {}
    burst = threading.Thread(target=lambda: box.update(answers=[a for r in pool.ask("cast", (poll2, "for", spread))
                                                                for a in r]))
    burst.start()
    time.sleep(spread * 0.4)
    srv.kill_one()
    burst.join()
    acked2 = [a for a in box["answers"] if a["acked"]]
    srv.revive()
    chair.post(f"{srv.url}/api/polls/{poll2}/close")
    published = {x["receipt"] for x in chair.get(f"{srv.url}/api/polls/{poll2}").json()["poll"]["result"]["receipts"]}
    lost_after_kill = sum(1 for a in acked2 if a["request_id"] not in published)

    pool.close()
    srv.stop()
    return {"bench": "votes", "topology": topology, "clients": n, "client_processes": workers, "spread_s": spread,
            "acked": len(acked), "lost": n - len(acked), "duplicates": duplicates, "retries_same_answer": retries_same,
            "ack_p50_ms": round(percentile(lat, 50), 1), "ack_p99_ms": round(percentile(lat, 99), 1),
            "last_ack_s": round(last_ack_s, 2), "result_ms": round(result_ms, 1),
            "result_cast": result["cast"], "result_consistent": result["consistent"],
            "kill_acked": len(acked2), "kill_committed": len(published), "lost_after_kill": lost_after_kill}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--spread", type=float, default=1.0, help="seconds over which the ballots are sent")
    parser.add_argument("--topology", choices=("embedded", "scaled"), default="embedded")
    args = parser.parse_args()
    r = run(args.clients, args.client_processes, args.spread, args.topology)
    report(r, f"{r['acked']}/{args.clients} acked, {r['duplicates']} duplicates; ack p50 {r['ack_p50_ms']} ms, "
          f"p99 {r['ack_p99_ms']} ms, last ack {r['last_ack_s']} s; result to all {r['result_ms']} ms; "
          f"after SIGKILL {r['lost_after_kill']} of {r['kill_acked']} acked lost")


if __name__ == "__main__":
    main()
