"""Documents: ingest time of a 300-page PDF and how long the server stalls meanwhile, download throughput
(embedded server vs nginx serving the same file, and vs nginx behind X-Accel-Redirect), and search p99
over 2,000 pages. nginx figures are null where nginx is not installed. Last line: one JSON object.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import aiohttp
import requests

from common import report, Instance, Server, free_port, percentile
from deployments import deployment

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from server.documents.samples import make_pdf  # noqa: E402

CLIENTS = 200  # concurrent downloads
PACKET_MB = 20

NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path {tmp}/nginx-body;
  proxy_temp_path {tmp}/nginx-proxy;
  fastcgi_temp_path {tmp}/nginx-fcgi;
  uwsgi_temp_path {tmp}/nginx-uwsgi;
  scgi_temp_path {tmp}/nginx-scgi;
  server {{
    listen 127.0.0.1:{static_port};
    location /files/ {{ alias {docs}/; }}
  }}
  server {{
    listen 127.0.0.1:{proxy_port};
    location /_kyhop_documents/ {{ internal; alias {docs}/; }}
    location / {{ proxy_pass http://127.0.0.1:{app_port}; proxy_http_version 1.1; proxy_set_header Host $host; }}
  }}
}}
"""


def upload(http, base, session_id, data: bytes, name: str) -> tuple[dict, float]:
    t = time.time()
    r = http.post(f"{base}/api/sessions/{session_id}/documents?filename={name}&kind=report&access=public",
                  data=data, headers={"Content-Type": "application/pdf"})
    r.raise_for_status()
    return r.json()["document"], time.time() - t


def throughput(url: str, headers: dict, seconds: float = 5.0, clients: int = CLIENTS) -> float:
    """Aggregate MB/s of `clients` concurrent clients downloading the same URL over keep-alive connections."""
    async def main() -> int:
        total = 0
        conn = aiohttp.TCPConnector(limit=clients)
        async with aiohttp.ClientSession(connector=conn, headers=headers) as s:
            stop = time.time() + seconds

            async def client():
                nonlocal total
                while time.time() < stop:
                    async with s.get(url) as r:
                        async for chunk in r.content.iter_chunked(1 << 16):
                            total += len(chunk)

            await asyncio.gather(*(client() for _ in range(clients)))
        return total

    t = time.time()
    got = asyncio.run(main())
    return got / (time.time() - t) / 1e6


def padded(pdf: bytes, size: int) -> bytes:
    """The PDF grown to `size` bytes (a packet of scanned appendices weighs this much): incompressible bytes
    after its end, then its own cross-reference pointer again, so it stays the same valid document."""
    startxref = pdf[pdf.rindex(b"startxref"):]
    filler = bytes(b if b not in (10, 13) else 32 for b in random.Random(1).randbytes(size - len(pdf)))
    return pdf + b"\n%" + filler + b"\n" + startxref


def run(pages: int, search_pages: int, topology: str) -> dict:
    dep = deployment(topology, 5).start()
    inst, srv = dep.inst, dep
    http = _staff(inst, srv)
    big = make_pdf("Báo cáo tổng hợp ý kiến cử tri", pages, extra="Đường giao thông liên xã và trường học vùng cao")

    # ingest while probing the server every 5 ms (scaled: through nginx): the largest gap is how long live traffic would stall
    gaps, done = [], threading.Event()

    def probe():
        s = requests.Session()
        while not done.is_set():
            t = time.time()
            s.get(f"{srv.url}/healthz")
            gaps.append((time.time() - t) * 1000)
            time.sleep(0.005)

    prober = threading.Thread(target=probe)
    prober.start()
    doc, ingest_s = upload(http, srv.url, inst.session_id, big, "tong-hop.pdf")
    done.set()
    prober.join()

    cookie = {"Cookie": http.headers["Cookie"]}
    # (b) CLIENTS concurrent downloads of a 20 MB packet
    doc, _ = upload(http, srv.url, inst.session_id, padded(big, PACKET_MB << 20), "ho-so-20mb.pdf")
    url = srv.url + doc["current"]["url"]
    download = throughput(url, cookie)  # scaled: nginx sends the bytes after the app's X-Accel-Redirect

    # search over search_pages pages
    n_docs = max(1, -(-search_pages // pages))
    extra = make_pdf("Tài liệu tham khảo", pages, extra="Chương trình mục tiêu quốc gia xây dựng nông thôn mới")
    for i in range(n_docs - 1):
        upload(http, srv.url, inst.session_id, extra + f"%{i}".encode(), f"tk-{i}.pdf")
    words = ["duong giao thong", "nong thon moi", "ngan sach", "truong hoc", "uy ban nhan dan", "khong co tu nay"]
    s = requests.Session()
    s.headers.update(cookie)
    lat = []
    for _ in range(200):
        t = time.time()
        r = s.get(f"{srv.url}/api/sessions/{inst.session_id}/search", params={"q": random.choice(words)})
        r.raise_for_status()
        lat.append((time.time() - t) * 1000)

    nginx_mb_s = xaccel_mb_s = None
    if shutil.which("nginx"):
        static_port, proxy_port = free_port(), free_port()
        sha = doc["current"]["sha256"]
        conf = inst.tmp / "nginx.conf"
        app_port = srv.server.port if topology == "embedded" else free_port()
        conf.write_text(NGINX_CONF.format(tmp=inst.tmp, docs=dep.documents_dir, static_port=static_port,
                                          proxy_port=proxy_port, app_port=app_port))
        for d in [inst.tmp, *(p for p in dep.documents_dir.rglob("*") if p.is_dir())]:
            d.chmod(0o755)  # nginx's workers run unprivileged
        if topology == "embedded":  # the embedded server again, now handing the bytes to nginx
            srv.stop()
            srv.server = Server({**inst.env, "KYHOP_X_ACCEL_PREFIX": "/_kyhop_documents/"}, app_port)
            srv.start()
        ng = subprocess.Popen(["nginx", "-c", str(conf), "-g", "daemon off;"], stderr=subprocess.DEVNULL)
        time.sleep(0.5)
        try:
            nginx_mb_s = throughput(f"http://127.0.0.1:{static_port}/files/objects/{sha[:2]}/{sha}.pdf", {})
            if topology == "embedded":
                xaccel_mb_s = throughput(f"http://127.0.0.1:{proxy_port}{doc['current']['url']}", cookie)
        finally:
            ng.terminate()
            ng.wait()
    srv.stop()
    return {"bench": "documents", "topology": topology, "ingest_pages": pages, "ingest_s": round(ingest_s, 2),
            "download_clients": CLIENTS, "download_file_mb": round(PACKET_MB * 1.048576, 1),
            "max_stall_ms": round(max(gaps), 1), "probe_p50_ms": round(percentile(gaps, 50), 1),
            "file_mb": round(len(big) / 1e6, 2), "download_mb_s": round(download, 1),
            "nginx_mb_s": nginx_mb_s and round(nginx_mb_s, 1),
            "ratio_download": nginx_mb_s and round(download / nginx_mb_s, 2),
            "xaccel_mb_s": xaccel_mb_s and round(xaccel_mb_s, 1),
            "xaccel_ratio": xaccel_mb_s and round(xaccel_mb_s / nginx_mb_s, 2),
            "search_pages": n_docs * pages, "search_p50_ms": round(percentile(lat, 50), 1),
            "search_p99_ms": round(percentile(lat, 99), 1)}


def _staff(inst: Instance, srv) -> requests.Session:
    """A secretary of the bench council, logged in the ordinary way."""
    from server.accounts.passwords import hash_password
    from sqlalchemy import create_engine, text
    engine = create_engine(inst.database_url)
    with engine.begin() as conn:
        council = conn.execute(text("SELECT id FROM councils")).scalar()
        conn.execute(text("INSERT INTO users (council_id, username, full_name, password_hash, role, title, constituency,"
                          " active, created_at) VALUES (:c, 'bench-secretary', 'Thư ký', :h, 'secretary', '', '', true,"
                          " CURRENT_TIMESTAMP)"), {"c": council, "h": hash_password("bench-password")})
    engine.dispose()
    s = requests.Session()
    csrf = s.get(f"{srv.url}/api/auth/me").json()["csrf_token"]
    r = s.post(f"{srv.url}/api/auth/login", json={"username": "bench-secretary", "password": "bench-password"},
               headers={"X-CSRF-Token": csrf})
    r.raise_for_status()
    s.headers.update({"X-CSRF-Token": r.json()["csrf_token"],
                      "Cookie": "; ".join(f"{c.name}={c.value}" for c in s.cookies)})
    return s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--search-pages", type=int, default=2000)
    parser.add_argument("--topology", choices=("embedded", "scaled"), default="embedded")
    args = parser.parse_args()
    r = run(args.pages, args.search_pages, args.topology)
    report(r, f"ingest {r['ingest_pages']} pages in {r['ingest_s']} s (max stall {r['max_stall_ms']} ms); download "
          f"{r['download_mb_s']} MB/s vs nginx {r['nginx_mb_s']} (x-accel {r['xaccel_mb_s']}); search p99 "
          f"{r['search_p99_ms']} ms over {r['search_pages']} pages")


if __name__ == "__main__":
    main()
