"""Where a benchmark runs: the embedded server (one process, SQLite) or the scaled topology (several
gunicorn/gevent processes on PostgreSQL and Redis behind nginx, deploy/scaled.py). Same interface."""
from __future__ import annotations

import os
import secrets
import signal
import sys
import time

from common import ROOT, SECRET, Instance, Server

sys.path.insert(0, str(ROOT / "deploy"))
from scaled import Topology, workers_of  # noqa: E402

PG_ADMIN = os.environ.get("KYHOP_BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("KYHOP_BENCH_REDIS", "redis://127.0.0.1:6379/0")


class Embedded:
    name = "embedded"

    def __init__(self, delegates: int, env: dict | None = None):
        self.inst = Instance(delegates)
        self.server = Server({**self.inst.env, **(env or {})})
        self.documents_dir = self.inst.tmp / "documents"

    @property
    def url(self) -> str:
        return self.server.url

    def start(self):
        self.server.start()
        return self

    def pids(self) -> list[int]:
        return [self.server.proc.pid]

    def restart(self) -> float:
        """Returns when the server went down."""
        self.server.stop()
        down = time.time()
        self.server.start()
        return down

    def kill_one(self) -> None:
        self.server.proc.send_signal(signal.SIGKILL)
        self.server.proc.wait()

    def revive(self) -> None:
        self.server.start()

    def stop(self) -> None:
        self.server.stop()


class Scaled:
    name = "scaled"

    def __init__(self, delegates: int, processes: int = 2, env: dict | None = None):
        from sqlalchemy import create_engine, text
        self.db = f"kyhop_bench_{secrets.token_hex(4)}"
        self.admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.db}"'))
        url = PG_ADMIN.rsplit("/", 1)[0] + f"/{self.db}"
        self.inst = Instance(delegates, url)
        self.inst.tmp.chmod(0o755)  # nginx's workers read the documents below it
        os.environ["KYHOP_SECRET_KEY"] = SECRET  # the topology signs cookies with the key the instance minted them with
        self.topo = Topology(url, REDIS, processes, run_dir=self.inst.tmp / "scaled")
        self.topo.env.update(env or {})
        self.documents_dir = self.topo.documents

    @property
    def url(self) -> str:
        return self.topo.url

    def start(self):
        self.topo.start()
        return self

    def pids(self) -> list[int]:
        """The gunicorn workers (each master forks one), which hold the connections."""
        return [w for p in self.topo.apps for w in workers_of(p.pid)]

    def restart(self) -> float:
        """A rolling restart, as a deployment does it: one process after the other, so the service stays up.
        Returns when the last process went down."""
        for i, port in enumerate(self.topo.app_ports):
            p = self.topo.apps[i]
            p.send_signal(signal.SIGQUIT)  # gunicorn's quick shutdown (a graceful one waits for websockets to end)
            p.wait(30)
            down = time.time()
            self.topo.apps[i] = self.topo.start_app(port)
        return down

    def kill_one(self) -> None:
        self.topo.kill_app(0)

    def revive(self) -> None:
        self.topo.apps[0] = self.topo.start_app(self.topo.app_ports[0])

    def stop(self) -> None:
        from sqlalchemy import text
        self.topo.stop()
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.db}" WITH (FORCE)'))
        self.admin.dispose()


def deployment(topology: str, delegates: int, env: dict | None = None):
    return Scaled(delegates, env=env) if topology == "scaled" else Embedded(delegates, env=env)
