"""A revision's change summary for a 300-page document (issue 16, item 6; target ≤ 5 s, off the event loop):
the time of GET /api/documents/<id>/versions/2/changes through the whole stack in one process — the page texts
read from the database, compared in the documents worker process (server/documents/changes.py), the answer
cached on disk — first computed (cold), then from the cache (warm); and the comparison alone, for the revision
the issue describes (a few pages changed, one moved) and for a worst case (every page edited).

    python bench/changes.py [--pages 300] [--database-url URL]

Last line: one JSON object.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from server.db import transaction  # noqa: E402
from server.documents.changes import compare  # noqa: E402
from server.documents.models import Document, DocumentPage, DocumentVersion  # noqa: E402
from server.documents.rules import fold  # noqa: E402
from server.documents.samples import PARAGRAPHS  # noqa: E402
from common import in_process_app  # noqa: E402
from tests.conftest import ApiClient  # noqa: E402
from tests.factories import build_council  # noqa: E402

VOCABULARY = " ".join(PARAGRAPHS).split()


def pages_of(count: int, rng: random.Random) -> list[str]:
    """Pages of about 450 words (≈ 2,800 characters) each, lines of 12 words, 'Trang n/N' at the foot."""
    out = []
    for n in range(count):
        words = [rng.choice(VOCABULARY) for _ in range(450)]
        lines = [" ".join(words[i:i + 12]) for i in range(0, len(words), 12)]
        out.append("\n".join(lines + [f"Trang {n + 1}/{count}"]))
    return out


def edit(page: str, rng: random.Random, words: int = 3) -> str:
    w = page.split(" ")
    for _ in range(words):
        w[rng.randrange(len(w) - 3)] = rng.choice(("mười", "tỷ", "đồng", "SỬA", "bổ sung"))
    return " ".join(w)


def revision(old: list[str], rng: random.Random) -> list[str]:
    """A few pages changed, one moved."""
    new = list(old)
    for i in rng.sample(range(len(old)), 5):
        new[i] = edit(new[i], rng)
    new.insert(len(new) * 2 // 3, new.pop(len(new) // 5))
    return new


def timed(f, *a):
    t = time.perf_counter()
    out = f(*a)
    return time.perf_counter() - t, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--database-url")
    args = ap.parse_args()
    rng = random.Random(16)
    old = pages_of(args.pages, rng)
    new = revision(old, rng)
    compare_s, summary = timed(compare, old, new)
    worst_s, _ = timed(compare, old, [edit(p, rng, 20) for p in old])

    app, _cfg = in_process_app("changes", args.database_url)
    data = build_council(app, "s")
    with app.app_context(), transaction() as s:
        doc = Document(council_id=data.council_id, session_id=data.session_id, title="Dự thảo 300 trang",
                       kind="draft_resolution", access="delegates", current_version=2)
        s.add(doc)
        s.flush()
        for number, texts in ((1, old), (2, new)):
            v = DocumentVersion(council_id=data.council_id, document_id=doc.id, number=number,
                                sha256=f"{number:064x}", size=1, pages=len(texts), filename=f"v{number}.pdf")
            s.add(v)
            s.flush()
            s.execute(insert(DocumentPage), [{"council_id": data.council_id, "version_id": v.id, "page": i + 1,
                                              "text": t, "folded": fold(t)} for i, t in enumerate(texts)])
        doc_id = doc.id
    c = ApiClient(app.test_client())
    assert c.login("sdb01").status_code == 200
    url = f"/api/documents/{doc_id}/versions/2/changes"
    cold_s, r = timed(c.get, url)
    assert r.status_code == 200, r.json
    warm_s, r2 = timed(c.get, url)
    assert r2.json == r.json
    statuses = sorted(p["status"] for p in r.json["changed"])
    result = {"bench": "changes", "pages": args.pages, "changed": statuses.count("changed"), "moved": statuses.count("moved"),
              "added": statuses.count("added"), "removed": len(r.json["removed"]),
              "compare_s": round(compare_s, 3), "compare_every_page_edited_s": round(worst_s, 3),
              "route_cold_s": round(cold_s, 3), "route_warm_s": round(warm_s, 4), "target_s": 5,
              "off_event_loop": "documents worker process", "summary_matches": summary["pages"] == r.json["changed"]}
    print(f"change summary of {args.pages} pages: compare {result['compare_s']} s (every page edited "
          f"{result['compare_every_page_edited_s']} s), route cold {result['route_cold_s']} s, warm "
          f"{result['route_warm_s']} s (target ≤ 5 s)", file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
