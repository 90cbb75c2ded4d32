"""Tablet ballot encryption: how long client/src/ballots/elgamal.js encryptBallot() takes in a real browser.

Bundles the module with the project's Vite (bench/tablet_crypto/: index.html, entry.js, measure.mjs), serves
the build on 127.0.0.1, opens it in headless Chromium (/usr/bin/chromium, driven by Playwright) and times,
with performance.now() inside the page, three ballots: a one-answer secret ballot ([[3,1,1]]), a
10-person confidence rating (10 × [3,1,1]) and an election of 3 seats among 10 candidates ([[10,0,3]]).
Each case runs in a fresh page: one cold call (the first: JIT, noble's base-point tables), then the median
and p90 of --runs timed calls, in ms. The same in Node (node bench/tablet_crypto/node.mjs, one process per
case) for comparison. Every ballot timed is checked by the server's verify_ballot, so what is measured is a
ballot the server accepts. --cpu-throttle N slows the page's CPU N times (DevTools emulation) for a rough
idea of a slower tablet; the default measures this machine as it is.

Target: a 10-person confidence ballot encrypted in ≤ 1 s in Chromium (median, unthrottled).
Last line: one JSON object.
"""
from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from common import ROOT, percentile, report

HERE = Path(__file__).resolve().parent / "tablet_crypto"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
VITE = ROOT / "client" / "node_modules" / "vite" / "bin" / "vite.js"
CASES = ["secret_1_answer", "confidence_10", "election_10_3"]  # names in bench/tablet_crypto/measure.mjs
CONTEXT = "poll:1:1"  # measure.mjs CONTEXT
TARGET_MS = 1000


def public_key() -> str:
    """A committee public key: a random ristretto255 point, made by the server's own code."""
    from server.voting.elgamal import base, hx, random_scalar
    return hx(base(random_scalar()))


def check(y_hex: str, questions, ballot) -> None:
    """The server accepts the ballot (raises ProofError otherwise)."""
    from server.voting.elgamal import verify_ballot
    verify_ballot(CONTEXT, bytes.fromhex(y_hex), [tuple(q) for q in questions], ballot)


def figures(cold: float, times: list[float]) -> dict:
    return {"cold": round(cold, 1), "p50": round(percentile(times, 50), 1), "p90": round(percentile(times, 90), 1),
            "runs": len(times)}


def build(out: Path) -> Path:
    """The page, bundled by the project's Vite into out/dist."""
    subprocess.run(["node", str(VITE), "build", "--config", str(HERE / "vite.config.mjs"), "--configLoader", "native"],
                   cwd=ROOT, env={**os.environ, "TABLET_CRYPTO_OUT": str(out)}, check=True, timeout=120,
                   stdout=subprocess.DEVNULL)
    return out / "dist"


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def chromium(dist: Path, y_hex: str, runs: int, throttle: float) -> tuple[str, dict]:
    from playwright.sync_api import sync_playwright

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(dist)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/index.html"
    results = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                version = browser.version
                for name in CASES:  # a fresh page per case, so each cold call is a real first call
                    ctx = browser.new_context()
                    page = ctx.new_page()
                    errors = []
                    page.on("pageerror", lambda e: errors.append(str(e)))
                    if throttle > 1:
                        ctx.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
                    page.goto(url)
                    try:
                        page.wait_for_function("window.tabletCrypto !== undefined", timeout=15000)
                    except Exception:
                        raise RuntimeError(f"the bench page did not load: {errors or 'no error reported'}")
                    r = page.evaluate("([n, y, k]) => window.tabletCrypto.measure(n, y, k)", [name, y_hex, runs])
                    check(y_hex, r["questions"], r["ballot"])
                    results[name] = figures(r["cold"], r["times"])
                    ctx.close()
            finally:
                browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return version, results


def node(y_hex: str, runs: int) -> tuple[str, dict]:
    results = {}
    for name in CASES:  # one process per case, as above
        out = subprocess.run(["node", str(HERE / "node.mjs"), name, y_hex, str(runs)], cwd=ROOT, check=True,
                             capture_output=True, text=True, timeout=120)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results[name] = figures(r["cold"], r["times"])
    version = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return version, results


def run(runs: int, throttle: float) -> dict:
    y_hex = public_key()
    tmp = Path(tempfile.mkdtemp(prefix="kyhop-bench-tablet-"))
    try:
        version, browser = chromium(build(tmp), y_hex, runs, throttle)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    node_version, in_node = node(y_hex, runs)
    meets = browser["confidence_10"]["p50"] <= TARGET_MS
    return {"bench": "tablet_crypto", "chromium": version, "cpu_throttle": throttle,
            **{f"{name}_ms": browser[name] for name in CASES},
            "node": {"version": node_version, **{f"{name}_ms": in_node[name] for name in CASES}},
            "target_confidence_10_ms": TARGET_MS, "meets_target": meets}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20, help="timed calls per case after the cold one")
    parser.add_argument("--cpu-throttle", type=float, default=1.0, help="slow the page's CPU N times (1 = off)")
    args = parser.parse_args()
    result = run(args.runs, args.cpu_throttle)
    for name in CASES:
        b, n = result[f"{name}_ms"], result["node"][f"{name}_ms"]
        print(f"{name:16} chromium: cold {b['cold']:7.1f} ms  p50 {b['p50']:7.1f} ms  p90 {b['p90']:7.1f} ms"
              f"   | node: cold {n['cold']:7.1f}  p50 {n['p50']:7.1f}  p90 {n['p90']:7.1f}", file=sys.stderr)
    c = result["confidence_10_ms"]
    throttled = f", CPU throttled ×{args.cpu_throttle:g}" if args.cpu_throttle > 1 else ""
    summary = (f"tablet_crypto (Chromium {result['chromium']}{throttled}): 10-person confidence ballot p50 "
               f"{c['p50']} ms, p90 {c['p90']} ms, cold {c['cold']} ms; target ≤ {TARGET_MS} ms: "
               f"{'met' if result['meets_target'] else 'NOT met'}")
    report(result, summary)


if __name__ == "__main__":
    main()
