"""Bench clients: N socket.io tablets (python-socketio AsyncClient, websocket only) spread over worker
processes and driven over pipes, each with its own cookie jar, as a browser has."""
from __future__ import annotations

import asyncio
import multiprocessing
import secrets
import time

import aiohttp
import socketio
from yarl import URL


class Client:
    def __init__(self, url: str, login: tuple[str, str] | None, session_id: int | None):
        self.url, self.session_id = url, session_id
        cookie, self.csrf = login or (None, "")
        # One cookie jar (unsafe=True: it must keep cookies for 127.0.0.1) serves the socket, also on
        # reconnect, and the snapshot requests, as a browser's does.
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        if cookie:
            self.http.cookie_jar.update_cookies({"kyhop_session": cookie}, response_url=URL(url))
        self.sio = socketio.AsyncClient(reconnection=True, reconnection_delay=0.5, reconnection_delay_max=3,
                                        randomization_factor=0.5, http_session=self.http)
        self.received: dict[int, float] = {}
        self.kinds: dict[str, float] = {}
        self.seq = 0
        self.followed = False
        self.resynced_at: float | None = None
        self.down_at: float | None = None
        self.sio.on("event", self._event)
        self.sio.on("connect", self._connected)
        self.sio.on("disconnect", self._disconnected)
        self.connects = 0

    async def _event(self, ev):
        now = time.time()
        self.received.setdefault(ev["seq"], now)
        self.kinds.setdefault(ev["kind"], now)

    async def cast(self, poll_id: int, choice, delay: float) -> dict:
        """One ballot after `delay` seconds: `choice` in an open vote, an encrypted ballot (a dict, made
        beforehand as a tablet makes it) in a secret one."""
        await asyncio.sleep(delay)
        request_id = secrets.token_urlsafe(16)
        out = {"request_id": request_id, "choice": choice, "sent": time.time(), "acked": None, "status": None}
        url = f"{self.url}/api/polls/{poll_id}/ballots"
        headers = {"X-CSRF-Token": self.csrf}
        try:
            async with self.http.post(url, json={"request_id": request_id, _field(choice): choice}, headers=headers) as r:
                out["status"] = r.status
                answer = await r.json(content_type=None)
                if r.status == 200:
                    out["acked"], out["tracker"] = time.time(), answer.get("tracker")
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            out["error"] = type(exc).__name__
        return out

    async def second(self, poll_id: int, first: dict, other_choice) -> dict:
        """The same request again (a retry: must answer the same) and a different ballot (must be refused)."""
        url = f"{self.url}/api/polls/{poll_id}/ballots"
        headers = {"X-CSRF-Token": self.csrf}
        async with self.http.post(url, json={"request_id": first["request_id"], _field(first["choice"]): first["choice"]},
                                  headers=headers) as r:
            retry = r.status
        async with self.http.post(url, json={"request_id": secrets.token_urlsafe(16), _field(other_choice): other_choice},
                                  headers=headers) as r:
            different = r.status
        return {"retry": retry, "different": different}

    async def _disconnected(self, *_reason):
        self.down_at = time.time()

    async def _connected(self):
        self.connects += 1
        if self.session_id is not None:
            asyncio.get_running_loop().create_task(self._follow())

    async def _follow(self):
        """What the tablet does on every (re)connect: follow, and reload the snapshot if behind."""
        while True:  # as the tablet does: no answer in 10 s, or a busy server, means follow again
            try:
                ack = await self.sio.call("follow", {"session_id": self.session_id}, timeout=10)
            except socketio.exceptions.TimeoutError:
                if not self.sio.connected:
                    return  # the next connect follows again
                continue
            if ack.get("error") != "retry":
                break
            await asyncio.sleep(1)
        if ack.get("seq") != self.seq or self.connects > 1:
            while True:  # as the tablet does: a server still restarting answers 502/503; try again
                async with self.http.get(f"{self.url}/api/sessions/{self.session_id}/live") as r:
                    if r.status == 200:
                        self.seq = (await r.json())["seq"]
                        break
                await asyncio.sleep(1)
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


def worker(conn, url: str, logins: list, session_id: int | None) -> None:
    """One client process: its share of the clients, driven by commands over a pipe. Receipt times are
    wall-clock (time.time()), comparable with the driver's send times on the same machine."""

    async def serve():
        loop = asyncio.get_running_loop()
        clients = [Client(url, c, session_id) for c in logins]
        while True:
            cmd, arg = await loop.run_in_executor(None, conn.recv)
            if cmd == "connect":
                await connect_all(clients)
                ok = await wait_for(lambda: all(c.followed or session_id is None for c in clients), 60)
                conn.send(ok)
            elif cmd == "wait_seq":
                await wait_for(lambda: all(arg in c.received for c in clients), 10)
                conn.send({"times": [c.received.get(arg) for c in clients]})
            elif cmd == "wait_resync":  # every client lost its connection and resynced after its last loss
                await wait_for(lambda: all(c.down_at and (c.resynced_at or 0) > c.down_at for c in clients), arg)
                conn.send([c.resynced_at for c in clients])
            elif cmd == "cast":  # arg: (poll_id, [choice per client], spread_s)
                poll_id, choices, spread = arg
                conn.send(await asyncio.gather(*(c.cast(poll_id, ch, random_delay(spread))
                                                 for c, ch in zip(clients, choices))))
            elif cmd == "second":  # arg: (poll_id, first answers, [other choice per client])
                poll_id, firsts, others = arg
                conn.send(await asyncio.gather(*(c.second(poll_id, f, o) for c, f, o in zip(clients, firsts, others)
                                                 if f["status"] == 200)))
            elif cmd == "wait_kind":
                kind, timeout = arg
                await wait_for(lambda: all(kind in c.kinds for c in clients), timeout)
                conn.send([c.kinds.get(kind) for c in clients])
            elif cmd == "close":
                for c in clients:
                    await c.close()
                conn.send(True)
                return

    asyncio.run(serve())


class Pool:
    """N clients spread over W processes, so the clients' own CPU does not dominate the figures."""

    def __init__(self, url, logins, session_id, workers):
        ctx = multiprocessing.get_context("spawn")
        self.pipes, self.procs = [], []
        for w in range(workers):
            parent, child = ctx.Pipe()
            p = ctx.Process(target=worker, args=(child, url, logins[w::workers], session_id), daemon=True)
            p.start()
            self.pipes.append(parent)
            self.procs.append(p)

    def ask(self, cmd, arg=None):
        return self.ask_each(cmd, [arg] * len(self.pipes))

    def split(self, values: list) -> list[list]:
        """Per-client values in the order of the logins given, cut as the clients were among the workers."""
        return [values[w::len(self.pipes)] for w in range(len(self.pipes))]

    def ask_each(self, cmd, args: list):
        """One command to every worker, each with its own argument."""
        for p, arg in zip(self.pipes, args):
            p.send((cmd, arg))
        return [p.recv() for p in self.pipes]

    def close(self):
        self.ask("close")
        for p in self.procs:
            p.join(10)




def _field(choice) -> str:
    return "ballot" if isinstance(choice, dict) else "choice"


def random_delay(spread: float) -> float:
    return secrets.randbelow(1_000_000) / 1_000_000 * spread
