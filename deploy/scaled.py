"""The scaled topology without Docker: N kyhop processes (gunicorn, one gevent worker each) on PostgreSQL
and Redis, behind nginx on 127.0.0.1.

    python deploy/scaled.py --database postgresql+psycopg://postgres@127.0.0.1/kyhop \\
        --redis redis://127.0.0.1:6379/0 --processes 2 --port 8080

Stops everything on Ctrl-C. The same pieces as docker-compose.yml; tests/fault uses this module.
"""
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def workers_of(pid: int) -> list[int]:
    """The processes a gunicorn master forked."""
    try:
        return [int(c) for c in open(f"/proc/{pid}/task/{pid}/children").read().split()]
    except OSError:
        return []


class Topology:
    def __init__(self, database_url: str, redis_url: str, processes: int = 2, port: int | None = None,
                 run_dir: Path | None = None, channel: str | None = None):
        self.owns_run_dir = run_dir is None
        self.run_dir = run_dir or Path(tempfile.mkdtemp(prefix="kyhop-scaled-"))
        self.documents = self.run_dir / "documents"
        self.port = port or free_port()
        self.env = {**os.environ, "KYHOP_DATABASE_URL": database_url, "KYHOP_MESSAGE_QUEUE": redis_url,
                    "KYHOP_MESSAGE_QUEUE_CHANNEL": channel or f"kyhop-{secrets.token_hex(4)}",
                    "KYHOP_SECRET_KEY": os.environ.get("KYHOP_SECRET_KEY") or secrets.token_urlsafe(48),
                    "KYHOP_INSTANCE_DIR": str(self.run_dir / "instance"), "KYHOP_DOCUMENTS_DIR": str(self.documents),
                    "KYHOP_X_ACCEL_PREFIX": "/_kyhop_documents/",
                    "KYHOP_TRUSTED_PROXIES": "1"}  # nginx: the client's address (login throttling), its scheme
        self.app_ports = [free_port() for _ in range(processes)]
        self.apps: list[subprocess.Popen] = []
        self.nginx: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Topology":
        subprocess.run([sys.executable, "-m", "server.cli", "db", "upgrade"], env=self.env, cwd=ROOT, check=True,
                       capture_output=True)
        self.documents.mkdir(parents=True, exist_ok=True)
        self.apps = [self.start_app(port) for port in self.app_ports]
        conf = self.run_dir / "nginx.conf"
        conf.write_text((ROOT / "deploy" / "nginx.conf.template").read_text().format(
            run_dir=self.run_dir, listen=f"127.0.0.1:{self.port}", documents_dir=self.documents,
            upstreams="\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=1s;" for p in self.app_ports)))
        for d in [self.run_dir, *(p for p in self.run_dir.rglob("*") if p.is_dir())]:
            d.chmod(0o755)  # nginx's workers read the documents unprivileged
        self.nginx = subprocess.Popen([shutil.which("nginx"), "-c", str(conf), "-g", "daemon off;"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port(self.port, self.nginx)
        return self

    def start_app(self, port: int) -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "python:server.gunicorn_conf",
                                 "--bind", f"127.0.0.1:{port}", "server.wsgi:app"],
                                env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port(port, proc)
        return proc

    def kill_app(self, index: int) -> None:
        """SIGKILL the process and its gunicorn worker (killing the master alone leaves the worker serving)."""
        master = self.apps[index]
        for pid in [*workers_of(master.pid), master.pid]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        master.wait()

    def stop(self) -> None:
        for p in [self.nginx, *self.apps]:
            if p and p.poll() is None:
                p.terminate()
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
        if self.owns_run_dir:
            shutil.rmtree(self.run_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True)
    parser.add_argument("--redis", required=True)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    topo = Topology(args.database, args.redis, args.processes, args.port).start()
    print(f"kyhop: {args.processes} processes behind nginx at {topo.url}/ (Ctrl-C stops)", flush=True)
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        topo.stop()


if __name__ == "__main__":
    main()
