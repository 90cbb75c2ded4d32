"""Live-event fan-out: N delegates' socket.io clients follow a session while the chair advances the agenda.

Prints latency from the chair's request to each client's receipt (p50/p99/max over all clients and
events), events lost, server RSS per connected client, the same latency for a bare python-socketio
broadcaster with the ratio, and how long all N clients take to reconnect and reload the snapshot after
the server restarts. Last line: one JSON object.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import requests

from clients import Pool
from common import report, Server, chair_session, free_port, percentile, rss_kb
from deployments import deployment

EVENTS = 20


def measure(pool: Pool, fire) -> tuple[list[float], int]:
    """Fire events one at a time; latency = receipt time - time the request was sent."""
    latencies, lost = [], 0
    for i in range(1, EVENTS + 1):
        t0 = time.time()
        seq = fire(i)
        for reply in pool.ask("wait_seq", seq):
            for t in reply["times"]:
                if t is None:
                    lost += 1
                else:
                    latencies.append((t - t0) * 1000)
        time.sleep(0.1)
    return latencies, lost


def run(n: int, workers: int, topology: str) -> dict:
    srv = deployment(topology, n).start()
    inst = srv.inst
    time.sleep(0.5)
    rss_before = sum(rss_kb(pid) for pid in srv.pids())
    t = time.time()
    pool = Pool(srv.url, list(inst.cookies.values()), inst.session_id, workers)
    assert all(pool.ask("connect")), "clients failed to connect"
    connect_s = time.time() - t
    time.sleep(1)
    rss_after = sum(rss_kb(pid) for pid in srv.pids())

    chair = chair_session(inst)
    current = {"item": inst.item_ids[0]}

    def advance(_i):
        body = chair.post(f"{srv.url}/api/sessions/{inst.session_id}/control",
                          json={"action": "next", "from_item_id": current["item"]}).json()
        current["item"] = body["event"]["patch"]["current_item_id"]
        return body["seq"]

    latencies, lost = measure(pool, advance)

    # restart (every server process): every client must reconnect, follow and reload the snapshot by itself
    t0 = time.time()
    t_restart = srv.restart()  # when the (last) process went down
    server_start_s = time.time() - t0
    resynced = [t for reply in pool.ask("wait_resync", 60) for t in reply]
    done = [t for t in resynced if t]
    resync_s = (max(done) - t_restart) if len(done) == len(resynced) else float("inf")
    pool.close()
    srv.stop()

    port = free_port()
    bare = Server(inst.env, port, [sys.executable, str(Path(__file__).parent / "bare_broadcaster.py"), str(port)]).start()
    bare_pool = Pool(bare.url, [None] * n, None, workers)
    bare_pool.ask("connect")
    time.sleep(1)
    http = requests.Session()

    def fire(i):
        http.get(f"{bare.url}/fire?seq={i}")
        return i

    bare_lat, bare_lost = measure(bare_pool, fire)
    bare_pool.close()
    bare.stop()

    p99, bare_p99 = percentile(latencies, 99), percentile(bare_lat, 99)
    return {"bench": "fanout", "topology": topology, "clients": n, "events": EVENTS, "client_processes": workers,
            "p50_ms": round(percentile(latencies, 50), 1), "p99_ms": round(p99, 1), "max_ms": round(max(latencies), 1),
            "lost": lost, "rss_per_client_kb": round((rss_after - rss_before) / n, 1),
            "bare_p50_ms": round(percentile(bare_lat, 50), 1), "bare_p99_ms": round(bare_p99, 1), "bare_lost": bare_lost,
            "ratio_p99": round(p99 / bare_p99, 2), "resync_s": round(resync_s, 2),
            "not_resynced": len(resynced) - len(done), "server_start_s": round(server_start_s, 2),
            "connect_s": round(connect_s, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--topology", choices=("embedded", "scaled"), default="embedded")
    args = parser.parse_args()
    result = run(args.clients, args.client_processes, args.topology)
    report(result, f"{args.clients} clients, {EVENTS} agenda moves: p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, "
          f"lost {result['lost']}; bare p99 {result['bare_p99_ms']} ms (ratio {result['ratio_p99']}); "
          f"{result['rss_per_client_kb']} KB/client; resync after restart {result['resync_s']} s")


if __name__ == "__main__":
    main()
