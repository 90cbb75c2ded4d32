"""Run every benchmark on the embedded server and, where PostgreSQL, Redis and nginx are here, on the scaled
topology; write one markdown report with the machine, the figures, the baselines and the targets side by
side (bench/REPORT.md unless --out). `make bench` runs this.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (figure, target as text, check) per benchmark: the targets the issues set, for the embedded server
TARGETS = {
    "fanout": [("p99_ms", "≤ 150 ms", lambda v: v <= 150), ("ratio_p99", "≤ 1.5 × bare", lambda v: v <= 1.5),
               ("lost", "0", lambda v: v == 0), ("rss_per_client_kb", "≤ 100 KB", lambda v: v <= 100),
               ("resync_s", "≤ 10 s", lambda v: v <= 10)],
    "votes": [("acked", "all", None), ("lost", "0", lambda v: v == 0), ("duplicates", "0", lambda v: v == 0),
              ("ack_p50_ms", "", None), ("ack_p99_ms", "≤ 1000 ms", lambda v: v <= 1000),
              ("last_ack_s", "≤ 2 s", lambda v: v <= 2), ("result_ms", "≤ 200 ms", lambda v: v <= 200),
              ("lost_after_kill", "0", lambda v: v == 0)],
    "votes_secret": [("acked", "all", None), ("lost", "0", lambda v: v == 0), ("duplicates", "0", lambda v: v == 0),
                     ("ack_p99_ms", "", None), ("last_ack_s", "≤ 5 s (1000), ≤ 1 s (100)", None),
                     ("server_cpu_per_ballot_ms", "", None), ("verify_cpu_per_ballot_ms", "", None),
                     ("result_ms", "≤ 1000 ms after the k-th confirmation", lambda v: v <= 1000),
                     ("lost_after_kill", "0", lambda v: v == 0)],
    "tablet_crypto": [("confidence_10_ms", "p50 ≤ 1000 ms in Chromium", None),
                      ("meets_target", "true", lambda v: v is True), ("secret_1_answer_ms", "", None),
                      ("election_10_3_ms", "", None)],
    "record": [("message_median_ms", "", None), ("attendance_median_ms", "", None), ("verify_s", "", None),
               ("verify_problems", "0", lambda v: v == 0)],
    "documents": [("ingest_s", "", None), ("max_stall_ms", "≤ 50 ms", lambda v: v <= 50),
                  ("download_mb_s", "", None), ("nginx_mb_s", "baseline", None),
                  ("ratio_download", "≥ 0.5 × nginx", lambda v: v >= 0.5),
                  ("xaccel_ratio", "≥ 0.9 × nginx", lambda v: v >= 0.9), ("search_p99_ms", "≤ 50 ms", lambda v: v <= 50)],
    "petitions": [("list_p99_ms", "≤ 100 ms", lambda v: v <= 100), ("search_p99_ms", "≤ 100 ms", lambda v: v <= 100),
                  ("report_json_s", "≤ 5 s", lambda v: v <= 5), ("report_pdf_s", "≤ 5 s", lambda v: v <= 5)],
}
BASELINES = {"fanout": "bare python-socketio gevent broadcaster (`bare_p99_ms`), same run",
             "documents": "nginx serving the same file from disk (`nginx_mb_s`), same run",
             "votes": "none run here; OpenSlides 3.4 reports minutes of waiting with 60 voters",
             "votes_secret": "the open-vote burst of the same run (`votes`): what encryption and proofs add",
             "tablet_crypto": "the same module in Node (`node` figures), same run",
             "petitions": "none run here; the figures are one process (route, query, JSON) per request, 100,000 cases "
                          "across 100 councils",
             "record": "before the chain carried the record's rows (commit 3dba015, same machine, 300 changes): "
                       "message 3.78 ms, attendance 5.78 ms, verify 0.021 s over 632 entries"}


def scaled_available() -> str | None:
    """None if the scaled topology can run here, else why not."""
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        return "nginx is not installed"
    try:
        import redis
        redis.Redis.from_url(os.environ.get("KYHOP_BENCH_REDIS", "redis://127.0.0.1:6379/0"),
                             socket_connect_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001 - any failure: no Redis
        return f"Redis not reachable ({type(exc).__name__})"
    try:
        from sqlalchemy import create_engine
        from deployments import PG_ADMIN
        with create_engine(PG_ADMIN, connect_args={"connect_timeout": 3}).connect():
            pass
    except Exception as exc:  # noqa: BLE001
        return f"PostgreSQL not reachable ({type(exc).__name__})"
    return None


def run(script: str, args: list[str]) -> dict:
    """One benchmark in its own process group: whatever it leaves running (a server after a failure) is killed
    with it, and its output goes to files, so nothing it started can keep this waiting."""
    t = time.time()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, str(HERE / f"{script}.py"), *args], stdout=out, stderr=err, text=True,
                                env={**os.environ, "PATH": os.environ.get("PATH", "") + ":/usr/sbin"},
                                start_new_session=True)
        try:
            proc.wait(1200)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        out.seek(0), err.seek(0)
        lines, errors = out.read().strip().splitlines(), err.read().strip().splitlines()
    if proc.returncode != 0 or not lines:
        topology = args[args.index("--topology") + 1] if "--topology" in args else "embedded"
        return {"bench": script, "topology": topology, "error": (errors or ["did not finish within 20 minutes"])[-1]}
    result = json.loads(lines[-1])
    result["wall_s"] = round(time.time() - t, 1)
    print(f"  {script} {' '.join(args)}: {errors[-1]}", file=sys.stderr)
    return result


def machine() -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
               if line.startswith("MemTotal"))

    def version(cmd: list[str]) -> str:
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
            return (out.stdout or out.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "not found"

    return [f"- CPU: {cpu}, {os.cpu_count()} cores; memory {mem // 1024} MiB; {platform.platform()}",
            f"- Python {platform.python_version()}; {version(['psql', '--version'])}; "
            f"{version(['redis-server', '--version'])}; {version(['nginx', '-v'])}",
            "- Clients run on the same machine as the servers (they share its 2 cores): figures are upper bounds "
            "of latency and lower bounds of throughput."]


def table(name: str, results: list[dict]) -> list[str]:
    cols = [r for r in results if r.get("bench") == name]
    if not cols:
        return []
    out = [f"### {name}", "", f"Baseline: {BASELINES[name]}.", "",
           "| figure | target | " + " | ".join(r.get("topology", "embedded") for r in cols) + " |",
           "|---|---|" + "---|" * len(cols)]
    keys = [k for k, _, _ in TARGETS[name]]
    keys += [k for r in cols for k in r if k not in keys and k not in ("bench", "topology")]
    seen = set()
    for key in keys:
        if key in seen:
            continue
        seen.add(key)
        target, check = next(((t, c) for k, t, c in TARGETS[name] if k == key), ("", None))
        cells = []
        for r in cols:
            v = r.get(key, "—")
            mark = ""
            if check and isinstance(v, (int, float)) and r.get("topology", "embedded") == "embedded":
                mark = " ✓" if check(v) else " ✗"
            cells.append(f"{v}{mark}")
        out.append(f"| {key} | {target} | " + " | ".join(cells) + " |")
    errors = [r for r in cols if "error" in r]
    out += [""] + [f"Error ({r.get('topology', 'embedded')}): {r['error']}" for r in errors]
    return out + [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--out", default=str(HERE / "REPORT.md"))
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    why_not = scaled_available()
    topologies = ["embedded"] + ([] if why_not else ["scaled"])
    results = []
    started = datetime.now(timezone.utc)
    for topology in topologies:
        print(f"{topology}:", file=sys.stderr)
        results.append(run("fanout", ["--clients", str(args.clients), "--topology", topology]))
        results.append(run("votes", ["--clients", str(args.clients), "--topology", topology]))
        results.append(run("votes", ["--clients", str(args.clients), "--topology", topology, "--mode", "secret"]))
        results.append(run("documents", ["--topology", topology]))
    results.append(run("tablet_crypto", []))
    results.append(run("record", []))
    results.append(run("petitions", []))
    lines = [f"# kyhop benchmark report — {started:%Y-%m-%d %H:%M} UTC", "",
             "Produced by `make bench` (bench/report.py). Each figure comes from one run of bench/<name>.py; "
             "runs on a shared machine vary, so compare several reports rather than single figures.", "",
             "## Machine", "", *machine(), "",
             "## Topologies", "",
             "- **embedded**: one `kyhop serve` process (gevent), SQLite (WAL, synchronous=FULL).",
             "- **scaled**: " + ("two gunicorn/gevent kyhop processes on PostgreSQL, events across them through "
                                 "Redis, nginx in front (websockets proxied, documents by X-Accel-Redirect), "
                                 "as deploy/scaled.py starts it. Restart = rolling restart; kill = one process."
                                 if not why_not else f"not run here: {why_not}."),
             "", "Targets are those the issues set for the embedded server on this 2-core machine; ✓/✗ marks "
             "them for the embedded column only.", "",
             f"## Figures ({args.clients} clients)", ""]
    for name in ("fanout", "votes", "votes_secret", "tablet_crypto", "record", "documents", "petitions"):
        lines += table(name, results)
    lines += ["## Raw results", "", "```json", *(json.dumps(r, ensure_ascii=False) for r in results), "```", ""]
    Path(args.out).write_text("\n".join(lines))
    print(f"report: {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
