"""A province starts using the product from nothing: `kyhop create-council`, `kyhop import-members`, then a
session prepared and run through the HTTP API of a real server process, up to a vote's result."""
from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT
from tests.live.helpers import Http

MEMBERS = ["username,full_name,role,title,password",
           "tk.sonla,Lò Thị Thư Ký,thư ký,Chuyên viên,mat-khau-thu-ky",
           "ct.sonla,Cầm Văn Chủ Tọa,chủ tọa,Chủ tịch HĐND,mat-khau-chu-toa",
           *[f"db{i}.sonla,Đại Biểu {i},đại biểu,,mat-khau-dai-bieu-{i}" for i in range(1, 6)]]


def kyhop(tmp, *args) -> str:
    env = {**os.environ, "KYHOP_INSTANCE_DIR": str(tmp / "instance"), "KYHOP_DATABASE_URL": f"sqlite:///{tmp / 'kyhop.db'}",
           "KYHOP_DOCUMENTS_DIR": str(tmp / "documents"), "KYHOP_SECRET_KEY": "test-secret-key-" + "x" * 32}
    done = subprocess.run([sys.executable, "-m", "server.cli", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_fresh_deployment_reaches_a_vote(tmp_path, server_factory):
    out = kyhop(tmp_path, "create-council", "--name", "HĐND tỉnh Sơn Thượng", "--level", "province",
                "--term-name", "Khóa I, nhiệm kỳ 2026–2031", "--term-years", "2026-2031")
    council_id = int(out.split("\t")[0])
    (tmp_path / "members.csv").write_text("\n".join(MEMBERS) + "\n", encoding="utf-8")
    kyhop(tmp_path, "import-members", str(tmp_path / "members.csv"), "--council", str(council_id))
    assert "HĐND tỉnh Sơn Thượng" in kyhop(tmp_path, "list-councils")

    srv = server_factory(f"sqlite:///{tmp_path / 'kyhop.db'}")
    sec = Http(srv.url, "tk.sonla", "mat-khau-thu-ky")
    r = sec.post("/api/sessions", {"number": 1, "kind": "regular", "title": "Kỳ họp thứ nhất",
                                   "start_date": "2026-07-01", "end_date": "2026-07-01"})
    assert r.status_code == 201, r.text
    sid = r.json()["session"]["id"]
    assert sec.post(f"/api/sessions/{sid}/agenda", {"title": "Biểu quyết nghị quyết", "kind": "voting"}).status_code == 201
    r = sec.s.patch(f"{srv.url}/api/sessions/{sid}", json={"status": "published"}, headers={"X-CSRF-Token": sec.csrf})
    assert r.status_code == 200, r.text

    chair = Http(srv.url, "ct.sonla", "mat-khau-chu-toa")
    delegates = [Http(srv.url, f"db{i}.sonla", f"mat-khau-dai-bieu-{i}") for i in range(1, 6)]
    for person in [chair, *delegates[:4]]:  # 5 of 6: two-thirds met
        assert person.post(f"/api/sessions/{sid}/check-in").status_code == 200
    assert chair.post(f"/api/sessions/{sid}/control", {"action": "open"}).status_code == 200
    poll = chair.post(f"/api/sessions/{sid}/polls", {"title": "Thông qua nghị quyết", "kind": "open"}).json()["poll"]
    assert chair.post(f"/api/polls/{poll['id']}/open").status_code == 200
    for i, person in enumerate([chair, *delegates[:4]]):
        r = person.post(f"/api/polls/{poll['id']}/ballots", {"request_id": f"fresh-deploy-ballot-{i:04d}",
                                                            "choice": "for" if i < 4 else "against"})
        assert r.status_code == 200, r.text
    closed = chair.post(f"/api/polls/{poll['id']}/close").json()["event"]["patch"]["poll"]["result"]
    assert closed["answers"]["for"]["text"] == "4/6 — 66,67%" and closed["passed"] is True


def test_a_hundred_councils_from_one_csv(tmp_path):
    rows = ["name,level,term_name,start_year,end_year,quorum,admin_username"]
    rows += [f"HĐND xã Số {i},xã,Khóa I,2026,2031,,qt.xa{i:03d}" for i in range(1, 101)]
    (tmp_path / "councils.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = kyhop(tmp_path, "create-council", "--csv", str(tmp_path / "councils.csv")).splitlines()
    assert len(out) == 100 and all(len(line.split("\t")) == 4 for line in out)  # id, name, admin, password
    listed = kyhop(tmp_path, "list-councils").splitlines()
    assert len(listed) == 100 and any(line.split("\t")[1] == "HĐND xã Số 100" for line in listed)
