"""Full-text search over 20,000 pages (issue 16, item 6; target p99 ≤ 50 ms): the time of one search through
the whole stack in one process — route, the FTS5 (SQLite) or tsvector (PostgreSQL) query, snippets of the
best 50 — for a mix of rare and very common words (the common ones are on every page: the most pages a
search ranks, server/documents/search.py CANDIDATES).

    python bench/search.py [--pages 20000] [--queries 300] [--database-url URL]

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
from server.documents.models import Document, DocumentPage, DocumentVersion  # noqa: E402
from server.documents.rules import fold  # noqa: E402
from server.documents.samples import PARAGRAPHS  # noqa: E402
from common import in_process_app  # noqa: E402
from tests.conftest import ApiClient  # noqa: E402
from tests.factories import build_council  # noqa: E402

PAGES_PER_DOC = 100
RARE = ["kè sông Hồng", "đất đai Đà Nẵng", "chợ nổi Cái Răng", "đập Phú Ninh", "cống Xuân Thủy", "hồ Đá Đen",
        "trường mầm non Hoa Sen", "cầu Rồng", "đường tỉnh 602", "bến xe Đức Long"]
COMMON = ["ngân sách", "ngan sach nha nuoc", "hội đồng nhân dân", "dự toán", "nghi quyet", "ủy ban"]


def page_text(rng: random.Random) -> str:
    paras = rng.sample(PARAGRAPHS, min(len(PARAGRAPHS), 6)) * 3
    if rng.random() < 0.02:
        paras.insert(rng.randrange(len(paras)), rng.choice(RARE))
    return " ".join(paras)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=20000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--database-url")
    args = ap.parse_args()
    app, _cfg = in_process_app("search", args.database_url)
    data = build_council(app, "s")
    rng = random.Random(16)
    t0 = time.perf_counter()
    with app.app_context():
        for d in range(-(-args.pages // PAGES_PER_DOC)):
            with transaction() as s:
                doc = Document(council_id=data.council_id, session_id=data.session_id, title=f"Tài liệu {d + 1}",
                               kind="report", access=("public", "delegates", "confidential")[d % 3])
                s.add(doc)
                s.flush()
                v = DocumentVersion(council_id=data.council_id, document_id=doc.id, number=1, sha256="0" * 64,
                                    size=1, pages=PAGES_PER_DOC, filename="t.pdf")
                s.add(v)
                s.flush()
                texts = [page_text(rng) for _ in range(PAGES_PER_DOC)]
                s.execute(insert(DocumentPage), [{"council_id": data.council_id, "version_id": v.id, "page": i + 1,
                                                  "text": t, "folded": fold(t)} for i, t in enumerate(texts)])
    load_s = time.perf_counter() - t0
    c = ApiClient(app.test_client())
    assert c.login("sthuky").status_code == 200
    latencies, found = [], 0
    for i in range(args.queries):
        q = rng.choice(RARE if i % 2 else COMMON)
        url = f"/api/sessions/{data.session_id}/search" if i % 3 else "/api/search"
        t = time.perf_counter()
        r = c.get(url, query_string={"q": q})
        latencies.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, r.json
        found += len(r.json["hits"])
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(round(p / 100 * (len(latencies) - 1))))], 1)

    result = {"bench": "search", "database": app.extensions["kyhop.engine"].dialect.name, "pages": args.pages,
              "queries": args.queries, "load_s": round(load_s, 1), "search_p50_ms": pct(50), "search_p99_ms": pct(99),
              "search_max_ms": round(latencies[-1], 1), "target_p99_ms": 50, "hits_per_query": round(found / args.queries, 1)}
    print(f"search over {args.pages} pages ({result['database']}): p50 {result['search_p50_ms']} ms, "
          f"p99 {result['search_p99_ms']} ms (target ≤ 50)", file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
