"""Several hundred generated broken and hostile PDFs uploaded to a real server, four at a time: each is
refused with a message naming the file or ingested; no worker crashes the server or hangs; a refusal
leaves no row and no file behind."""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

from sqlalchemy import create_engine, func, select

from server.documents.models import Document, DocumentVersion
from server.documents.storage import WORKER_TIMEOUT_S
from tests.fault.test_crash import setup
from tests.live.helpers import Http
from tests.pdf_corpus import corpus


def children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (the server's PDF workers)."""
    out = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return out


def test_hostile_pdf_corpus_through_upload(tmp_path, server_factory):
    cfg, a = setup(tmp_path)
    srv = server_factory()
    sec = Http(srv.url, "athuky")
    files = corpus()
    assert len(files) >= 400

    def send(item):
        name, data = item
        r = sec.s.post(f"{srv.url}/api/sessions/{a.session_id}/documents?filename={quote(name)}&kind=other&access=public",
                       data=data, headers={"X-CSRF-Token": sec.csrf, "Content-Type": "application/pdf"},
                       timeout=WORKER_TIMEOUT_S + 60)
        return name, r.status_code, r.json()

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(send, files))

    accepted = [name for name, status, _ in answers if status == 201]
    for name, status, body in answers:
        assert status in (201, 422), (name, status, body)
        if status == 422:
            err = body["error"]
            assert name in err["message_vi"] and name in err["message_en"], (name, err)
    refused = {name for name, status, _ in answers if status == 422}
    for must_refuse in ("empty.pdf", "zip.pdf", "html.pdf", "encrypted.pdf", "loop-kids.pdf", "bomb.pdf",
                        "deep-array.pdf", "random-0.pdf"):
        assert must_refuse in refused, must_refuse

    assert sec.get("/healthz").status_code == 200 and srv.proc.poll() is None
    assert children(srv.proc.pid) == []  # no worker left running
    engine = create_engine(cfg.database_url)
    with engine.connect() as conn:
        docs = conn.scalar(select(func.count()).select_from(Document))
        versions = conn.scalar(select(func.count()).select_from(DocumentVersion))
        shas = set(conn.scalars(select(DocumentVersion.sha256)))
    engine.dispose()
    assert docs == versions == len(accepted)
    # every accepted version has its file, a refused one left none, and nothing half-written remains
    assert {p.stem for p in (cfg.documents_dir / "objects").rglob("*.pdf")} == shas
    assert list((cfg.documents_dir / "tmp").glob("*")) == []
