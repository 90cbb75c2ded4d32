"""What keeping the record on the chain costs: the time of one recorded change (a chair's message to the hall,
an attendance mark) through the whole stack in one process — route, transaction, the rows read back and
put on the chain, commit, delivery — and the time `kyhop verify` takes to re-derive the record after them.

    python bench/record.py [--changes 300] [--database-url URL]

Last line: one JSON object.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import in_process_app, percentile, report  # noqa: E402
from tests.conftest import ApiClient  # noqa: E402
from tests.factories import build_council  # noqa: E402


def ms(name: str, samples: list[float]) -> dict:
    return {f"{name}_median_ms": round(percentile(samples, 50) * 1000, 2),
            f"{name}_p95_ms": round(percentile(samples, 95) * 1000, 2)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--changes", type=int, default=300)
    ap.add_argument("--database-url")
    args = ap.parse_args()
    app, cfg = in_process_app("record", args.database_url)
    data = build_council(app, "r", delegates=40)

    def client(username: str) -> ApiClient:
        c = ApiClient(app.test_client())
        c.login(username)
        return c

    chair, sec = client("rchutich"), client("rthuky")
    base = f"/api/sessions/{data.session_id}"
    for u in ["rchutich"] + data.delegates()[:30]:
        assert client(u).post(f"{base}/check-in").status_code == 200
    assert chair.post(f"{base}/control", {"action": "open"}).status_code == 200

    messages = []
    for i in range(args.changes):
        t = time.perf_counter()
        r = chair.post(f"{base}/control", {"action": "message", "message": f"Thông báo số {i}"})
        messages.append(time.perf_counter() - t)
        assert r.status_code == 200, r.json
    marks, late = [], data.delegates()[30:]
    for i in range(args.changes):
        who = data.users[late[i % len(late)]]
        t = time.perf_counter()
        r = sec.put(f"{base}/attendance/{who}", {"status": "excused" if i % 2 else "absent", "reason": f"Lý do {i}"})
        marks.append(time.perf_counter() - t)
        assert r.status_code == 200, r.json

    from server.archive.verify import verify
    from server.db import db
    with app.app_context():
        t = time.perf_counter()
        problems = verify(db())
        verify_s = time.perf_counter() - t
        from sqlalchemy import func, select

        from server.journal.models import SessionEvent
        entries = db().scalar(select(func.count()).select_from(SessionEvent))
    out = {"bench": "record", "topology": "embedded" if cfg.database_url.startswith("sqlite") else "postgresql",
           "changes": args.changes, **ms("message", messages), **ms("attendance", marks), "chain_entries": entries,
           "verify_s": round(verify_s, 3), "verify_problems": len(problems)}
    report(out, f"chair's message: median {out['message_median_ms']} ms, p95 {out['message_p95_ms']} ms; "
                f"attendance mark: median {out['attendance_median_ms']} ms, p95 {out['attendance_p95_ms']} ms; "
                f"kyhop verify over {entries} entries: {out['verify_s']} s, {len(problems)} problems")


if __name__ == "__main__":
    main()
