"""Live-event fan-out: N delegates' socket.io clients follow a session while the chair advances the agenda.

Prints latency from the chair's request to each client's receipt (p50/p99/max over all clients and
events), events lost, server RSS per connected client, the same latency for a bare python-socketio
broadcaster with the ratio, and how long all N clients take to reconnect and reload the snapshot after
the server restarts. Last line: one JSON object.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import sys
import time
from pathlib import Path

import aiohttp
import requests
import socketio
from yarl import URL

from common import Instance, Server, free_port, percentile, rss_kb

EVENTS = 20


class Client:
    def __init__(self, url: str, cookie: str | None, session_id: int | None):
        self.url, self.session_id = url, session_id
        # One cookie jar (unsafe=True: it must keep cookies for 127.0.0.1) serves the socket, also on
        # reconnect, and the snapshot requests, as a browser's does.
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        if cookie:
            self.http.cookie_jar.update_cookies({"kyhop_session": cookie}, response_url=URL(url))
        self.sio = socketio.AsyncClient(reconnection=True, reconnection_delay=0.5, reconnection_delay_max=3,
                                        randomization_factor=0.5, http_session=self.http)
        self.received: dict[int, float] = {}
        self.seq = 0
        self.followed = False
        self.resynced_at: float | None = None
        self.sio.on("event", self._event)
        self.sio.on("connect", self._connected)
        self.connects = 0

    async def _event(self, ev):
        self.received.setdefault(ev["seq"], time.time())

    async def _connected(self):
        self.connects += 1
        if self.session_id is not None:
            asyncio.get_running_loop().create_task(self._follow())

    async def _follow(self):
        """What the tablet does on every (re)connect: follow, and reload the snapshot if behind."""
        ack = await self.sio.call("follow", {"session_id": self.session_id}, timeout=30)
        if ack.get("seq") != self.seq or self.connects > 1:
            async with self.http.get(f"{self.url}/api/sessions/{self.session_id}/live") as r:
                snap = await r.json()
                self.seq = snap["seq"]
        self.followed = True
        if self.connects > 1:
            self.resynced_at = time.time()

    async def connect(self):
        await self.sio.connect(self.url, transports=["websocket"], wait_timeout=30)

    async def close(self):
        await self.sio.disconnect()
        if not self.http.closed:
            await self.http.close()


async def connect_all(clients, parallel=100):
    sem = asyncio.Semaphore(parallel)

    async def one(c):
        async with sem:
            await c.connect()

    await asyncio.gather(*(one(c) for c in clients))


async def wait_for(pred, timeout):
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if pred():
            return True
        await asyncio.sleep(0.005)
    return False


def worker(conn, url: str, cookies: list[str | None], session_id: int | None) -> None:
    """One client process: its share of the clients, driven by commands over a pipe. Receipt times are
    wall-clock (time.time()), comparable with the driver's send times on the same machine."""

    async def serve():
        loop = asyncio.get_running_loop()
        clients = [Client(url, c, session_id) for c in cookies]
        while True:
            cmd, arg = await loop.run_in_executor(None, conn.recv)
            if cmd == "connect":
                await connect_all(clients)
                ok = await wait_for(lambda: all(c.followed or session_id is None for c in clients), 60)
                conn.send(ok)
            elif cmd == "wait_seq":
                await wait_for(lambda: all(arg in c.received for c in clients), 10)
                conn.send({"times": [c.received.get(arg) for c in clients]})
            elif cmd == "wait_resync":
                await wait_for(lambda: all(c.resynced_at for c in clients), arg)
                conn.send([c.resynced_at for c in clients])
            elif cmd == "close":
                for c in clients:
                    await c.close()
                conn.send(True)
                return

    asyncio.run(serve())


class Pool:
    """N clients spread over W processes, so the clients' own CPU does not dominate the figures."""

    def __init__(self, url, cookies, session_id, workers):
        ctx = multiprocessing.get_context("spawn")
        self.pipes, self.procs = [], []
        for w in range(workers):
            parent, child = ctx.Pipe()
            p = ctx.Process(target=worker, args=(child, url, cookies[w::workers], session_id), daemon=True)
            p.start()
            self.pipes.append(parent)
            self.procs.append(p)

    def ask(self, cmd, arg=None):
        for p in self.pipes:
            p.send((cmd, arg))
        return [p.recv() for p in self.pipes]

    def close(self):
        self.ask("close")
        for p in self.procs:
            p.join(10)


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


def run(n: int, workers: int) -> dict:
    inst = Instance(n)
    srv = Server(inst.env).start()
    time.sleep(0.5)
    rss_before = rss_kb(srv.proc.pid)
    t = time.time()
    pool = Pool(srv.url, [inst.cookies[u][0] for u in inst.cookies], inst.session_id, workers)
    assert all(pool.ask("connect")), "clients failed to connect"
    connect_s = time.time() - t
    time.sleep(1)
    rss_after = rss_kb(srv.proc.pid)

    cookie, csrf = inst.cookies["chair"]
    chair = requests.Session()
    chair.headers.update({"Cookie": f"kyhop_session={cookie}", "X-CSRF-Token": csrf})
    current = {"item": inst.item_ids[0]}

    def advance(_i):
        body = chair.post(f"{srv.url}/api/sessions/{inst.session_id}/control",
                          json={"action": "next", "from_item_id": current["item"]}).json()
        current["item"] = body["event"]["patch"]["current_item_id"]
        return body["seq"]

    latencies, lost = measure(pool, advance)

    # restart: every client must reconnect, follow and reload the snapshot by itself
    srv.stop()
    t_restart = time.time()
    srv.start()
    server_start_s = time.time() - t_restart
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
    return {"bench": "fanout", "clients": n, "events": EVENTS, "client_processes": workers,
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
    args = parser.parse_args()
    result = run(args.clients, args.client_processes)
    print(f"{args.clients} clients, {EVENTS} agenda moves: p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, "
          f"lost {result['lost']}; bare p99 {result['bare_p99_ms']} ms (ratio {result['ratio_p99']}); "
          f"{result['rss_per_client_kb']} KB/client; resync after restart {result['resync_s']} s", file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
