"""Sample oversight (giám sát xác suất, issue 17 item 4): a committee or delegate group draws a sample of the cases
reported resolved, seeded by the chain's last hash before the draw — anyone recomputes it from the chain alone —,
draws once per round (a second draw is refused, a quiet deletion and redraw is named by `kyhop verify`), and
confirms or reopens each drawn case (a reopened one goes back to its agency, which answers again)."""
from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from server.accounts.models import User
from server.archive.verify import verify
from server.db import db, transaction
from server.journal import head, record_council
from tests.factories import add_agency

SOON = (date.today() + timedelta(days=30)).isoformat()
BAN = "Ban Kinh tế - Ngân sách"


@pytest.fixture
def app(app_on_both):  # the seed is read with the chain locked: on both databases
    return app_on_both


@pytest.fixture
def client_for(client_for):
    """One login per user and test (each login is a deliberate Argon2 run)."""
    logged_in = {}

    def get(username: str | None = None):
        if username is None:
            return client_for()
        if username not in logged_in:
            logged_in[username] = client_for(username)
        return logged_in[username]
    return get


def resolved_cases(app, council, client_for, texts: list[str], field="transport") -> list[dict]:
    """Cases heard at a meeting, sent to the council's agency and reported resolved by it."""
    sec = client_for(f"{council.prefix}thuky")
    agency = add_agency(app, council, f"Sở {field}", username=f"{council.prefix}coquan-{field}")
    m = sec.post("/api/voter-meetings", {"held_on": "2026-11-01", "place": "Nhà văn hóa", "constituency": "Đơn vị 1"})
    assert m.status_code == 201, m.json
    out = []
    for t in texts:
        case = sec.post(f"/api/voter-meetings/{m.json['meeting']['id']}/petitions",
                        {"text": t, "field": field, "level": "province"}).json["case"]
        assert sec.post(f"/api/petitions/{case['id']}/transfer", {"agency_id": agency, "deadline": SOON}).status_code == 200
        r = client_for(f"{council.prefix}coquan-{field}").post(f"/api/petitions/{case['id']}/answer",
                                                              {"status": "resolved", "text": f"Đã giải quyết: {t}"})
        assert r.status_code == 200, r.json
        out.append(r.json["case"])
    return out


def group(client_for, council, name: str, members: list[str]) -> int:
    """A group of the council (Ban … a committee, Tổ … a delegate group) with these members."""
    sec = client_for(f"{council.prefix}thuky")
    for u in members:
        assert sec.patch(f"/api/members/{council.users[u]}", {"groups": [name]}).status_code == 200
    return next(g["id"] for g in sec.get("/api/council").json["groups"] if g["name"] == name)


def chain(app, council_id: int) -> list[dict]:
    """The council's chain as plain rows, read by SQL (nothing of the product's code)."""
    with app.app_context():
        rows = db().execute(text("SELECT chain_seq, kind, data, prev_hash, hash FROM session_events "
                                 "WHERE council_id = :c ORDER BY chain_seq"), {"c": council_id}).mappings().all()
        return [{**r, "data": json.loads(r["data"]) if isinstance(r["data"], str) else r["data"]} for r in rows]


def sql(app, statement: str, **params):
    with app.app_context(), transaction() as s:
        return s.execute(text(statement), params)


def problems(app) -> list[str]:
    with app.app_context():
        return verify(db())


def recompute(seed: str, population: list[int], size: int) -> list[int]:
    """The draw as docs/petitions.md tells anyone to redo it: each case's SHA-256 of 'seed:id', smallest first."""
    return sorted(set(population), key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).hexdigest())[:size]


def test_the_draw_is_reproducible_from_the_chain(app, council, client_for):
    cases = resolved_cases(app, council, client_for, [f"Sửa đường thôn {i}" for i in range(1, 13)])
    resolved_cases(app, council, client_for, ["Trạm y tế xã xuống cấp", "Thiếu bác sĩ"], field="health")
    ban = group(client_for, council, BAN, ["adb01", "adb02"])
    before = chain(app, council.council_id)[-1]
    r = client_for("adb01").post("/api/petitions/samples", {"group_id": ban, "round": "Quý IV/2026", "size": 4,
                                                            "field": "transport"})
    assert r.status_code == 201, r.json
    sample = r.json["sample"]
    # the seed is the hash the chain ended with before the draw; the draw's entry links to it
    assert sample["seed"] == before["hash"]
    entry = next(e for e in chain(app, council.council_id) if e["kind"] == "petition.sample_drawn")
    assert entry["chain_seq"] == before["chain_seq"] + 1 and entry["prev_hash"] == before["hash"]
    # anyone recomputes it from the entry: the population is the resolved cases of the field, the picks follow
    d = entry["data"]
    assert d["population"] == sorted(c["id"] for c in cases) == sample["population"]
    assert d["filters"] == {"field": "transport"} and d["size"] == 4
    assert d["seed"] == entry["prev_hash"] and d["picked"] == recompute(entry["prev_hash"], d["population"], 4)
    assert [c["id"] for c in sample["picked"]] == d["picked"]
    assert {c["status"] for c in sample["picked"]} == {"resolved"} and all(c["code"].startswith("KN-") for c in sample["picked"])
    assert sample["check"] == {"entry": entry["chain_seq"], "prev_hash": before["hash"], "ok": True, "problems": []}
    assert problems(app) == []


def test_a_round_cannot_be_drawn_again(app, council, client_for):
    resolved_cases(app, council, client_for, [f"Sửa cống thôn {i}" for i in range(1, 7)])
    ban = group(client_for, council, BAN, ["adb01"])
    to = group(client_for, council, "Tổ đại biểu số 1", ["adb02"])
    member = client_for("adb01")
    first = member.post("/api/petitions/samples", {"group_id": ban, "round": "Quý IV/2026", "size": 2}).json["sample"]
    n = len(chain(app, council.council_id))
    # the same round again, however typed: refused, clearly, and nothing written
    for name in ("Quý IV/2026", "quy  iv/2026"):
        r = client_for("athuky").post("/api/petitions/samples", {"group_id": ban, "round": name, "size": 2})
        assert r.status_code == 409 and r.json["error"]["code"] == "sample_drawn", r.json
        assert "một lần" in r.json["error"]["message_vi"] and "drawn once" in r.json["error"]["message_en"]
    assert len(chain(app, council.council_id)) == n
    # another group draws the same round, and the group its next one
    assert client_for("adb02").post("/api/petitions/samples", {"group_id": to, "round": "Quý IV/2026", "size": 2}).status_code == 201
    assert member.post("/api/petitions/samples", {"group_id": ban, "round": "Quý I/2027", "size": 2}).status_code == 201
    # the row deleted beside the product: the chain still has the draw, so drawing again is refused all the same
    sql(app, "DELETE FROM petition_samples WHERE id = :i", i=first["id"])
    r = member.post("/api/petitions/samples", {"group_id": ban, "round": "Quý IV/2026", "size": 2})
    assert r.status_code == 409, r.json
    found = problems(app)
    assert f"petition_samples {first['id']}: deleted beside the product" in " ".join(found)
    assert any(f"sample {first['id']} " in p and "it is gone from the table" in p for p in found), found


def test_a_redraw_on_the_chain_and_an_edited_sample_are_named(app, council, client_for):
    """What an insider could do beside the product: a second draw entry of a round (as a product without the
    chain check would write), picks edited in the table, a draw whose seed is not the chain's."""
    cases = resolved_cases(app, council, client_for, [f"Đèn đường thôn {i}" for i in range(1, 9)])
    ban = group(client_for, council, BAN, ["adb01"])
    sample = client_for("adb01").post("/api/petitions/samples", {"group_id": ban, "round": "Quý IV/2026", "size": 3}).json["sample"]
    pool = [c["id"] for c in cases]
    with app.app_context(), transaction() as s:  # a second, well-formed draw of the same round
        seed = head(s, council.council_id)
        record_council(s, council.council_id, None, "petition.sample_drawn", {
            "sample_id": 999999, "group_id": ban, "round": "Quý IV/2026", "size": 3, "filters": {},
            "population": pool, "seed": seed, "picked": recompute(seed, pool, 3)})
    found = problems(app)
    assert any(f"group {ban} drew round «Quý IV/2026» 2 times" in p for p in found), found
    assert not any("seed" in p or "picks" in p for p in found), found

    other = [i for i in pool if i not in sample["population"][:0] and i not in [c["id"] for c in sample["picked"]]]
    sql(app, "UPDATE petition_samples SET picked = :p WHERE id = :i", p=json.dumps(other[:3]), i=sample["id"])
    found = problems(app)
    assert f"council {council.council_id}: sample {sample['id']} (chain entry #" in " ".join(found)
    assert any("its picked is not what its chain entry says" in p for p in found), found
    assert any(f"petition_samples {sample['id']}: picked is" in p for p in found), found
    check = client_for("athuky").get(f"/api/petitions/samples/{sample['id']}").json["sample"]["check"]
    assert check["ok"] is False and check["problems"] == ["its picked is not what its chain entry says"]


def test_a_draw_not_seeded_by_the_chain_is_named(app, council, client_for):
    cases = resolved_cases(app, council, client_for, [f"Nạo vét kênh {i}" for i in range(1, 9)])
    ban = group(client_for, council, BAN, ["adb01"])
    pool = [c["id"] for c in cases]
    chosen = "12" * 32  # a seed picked to suit, not the chain's
    with app.app_context(), transaction() as s:
        head(s, council.council_id)
        record_council(s, council.council_id, None, "petition.sample_drawn", {
            "sample_id": 999998, "group_id": ban, "round": "Quý II/2027", "size": 3, "filters": {},
            "population": pool[1:], "seed": chosen, "picked": recompute(chosen, pool[1:], 3)})
    found = problems(app)
    assert any("sample 999998" in p and "its seed is not the hash of the chain entry before it" in p for p in found), found
    assert any("sample 999998" in p and "its population is not the cases the chain has reported resolved" in p
               for p in found), found


def test_only_the_groups_members_or_the_office_draw_and_find(app, council, other_council, client_for):
    cases = resolved_cases(app, council, client_for, [f"Cấp nước sạch thôn {i}" for i in range(1, 5)])
    ban = group(client_for, council, BAN, ["adb01"])
    group(client_for, council, "Ban Pháp chế", ["adb02"])
    add_agency(app, council, "Sở Nội vụ", username="acoquan-nv")
    n = len(chain(app, council.council_id))
    body = {"group_id": ban, "round": "Quý IV/2026", "size": 2}
    r = client_for("adb02").post("/api/petitions/samples", body)  # a delegate of another committee
    assert r.status_code == 403 and BAN in r.json["error"]["message_vi"] and BAN in r.json["error"]["message_en"]
    for user in ("akhach", "amanhinh"):
        assert client_for(user).post("/api/petitions/samples", body).status_code == 403
    assert client_for("acoquan-nv").post("/api/petitions/samples", body).status_code == 403
    assert client_for("bthuky").post("/api/petitions/samples", body).status_code == 422  # not a group of theirs
    assert len(chain(app, council.council_id)) == n
    with app.app_context():
        assert db().execute(text("SELECT count(*) FROM petition_samples")).scalar() == 0
    # the office may draw for the group; a member finds
    sample = client_for("athuky").post("/api/petitions/samples", body).json["sample"]
    drawn = sample["picked"][0]["id"]
    finding = {"case_id": drawn, "verdict": "confirmed", "text": "Đã kiểm tra tại thôn"}
    assert client_for("adb02").post(f"/api/petitions/samples/{sample['id']}/findings", finding).status_code == 403
    assert client_for("bthuky").post(f"/api/petitions/samples/{sample['id']}/findings", finding).status_code == 404
    assert client_for("bthuky").get(f"/api/petitions/samples/{sample['id']}").status_code == 404
    assert client_for("bthuky").get("/api/petitions/samples").json["samples"] == []
    assert client_for("akhach").get("/api/petitions/samples").status_code == 403
    assert client_for("adb01").post(f"/api/petitions/samples/{sample['id']}/findings", finding).status_code == 201
    assert {c["id"] for c in cases} >= {c["id"] for c in sample["picked"]}


def test_a_finding_reopens_the_case_and_the_agency_answers_again(app, council, client_for):
    cases = resolved_cases(app, council, client_for, [f"Xây cầu dân sinh thôn {i}" for i in range(1, 6)])
    to = group(client_for, council, "Tổ đại biểu số 2", ["adb03", "adb04"])
    with app.app_context(), transaction() as s:  # the members come from elsewhere: the cases are not their constituency's
        for u in ("adb03", "adb04"):
            s.get(User, council.users[u]).constituency = "Đơn vị 9"
    member = client_for("adb03")
    sample = member.post("/api/petitions/samples", {"group_id": to, "round": "Đợt 1/2027", "size": 3}).json["sample"]
    first, second, third = (c["id"] for c in sample["picked"])
    url = f"/api/petitions/samples/{sample['id']}/findings"
    r = member.post(url, {"case_id": first, "verdict": "reopened", "text": "Cầu chưa xây, chỉ mới đổ móng"})
    assert r.status_code == 201, r.json
    got = next(c for c in r.json["sample"]["picked"] if c["id"] == first)
    assert got["status"] == "reopened" and got["finding"]["verdict"] == "reopened"
    assert got["finding"]["by"] == "Đại Biểu Số 3"
    assert client_for("adb04").post(url, {"case_id": second, "verdict": "confirmed", "text": "Đúng như báo cáo"}).status_code == 201
    # one finding per case
    r = member.post(url, {"case_id": first, "verdict": "confirmed", "text": "x"})
    assert r.status_code == 409 and r.json["error"]["code"] == "finding_exists"
    # the case is back with its agency, which answers again; the history shows the finding and the reopening
    sec = client_for("athuky")
    steps = sec.get(f"/api/petitions/{first}").json["case"]["steps"]
    assert [s["kind"] for s in steps][-2:] == ["finding", "reopened"]
    assert steps[-2]["text"] == "Cầu chưa xây, chỉ mới đổ móng" and steps[-1]["status"] == "reopened"
    assert [s["kind"] for s in sec.get(f"/api/petitions/{second}").json["case"]["steps"]][-1] == "finding"
    agency = client_for("acoquan-transport")
    assert first in [c["id"] for c in agency.get("/api/petitions?status=reopened").json["cases"]]
    r = agency.post(f"/api/petitions/{first}/answer", {"status": "resolved", "text": "Đã xây xong cầu"})
    assert r.status_code == 200 and r.json["case"]["status"] == "resolved"
    # a case no longer resolved cannot be confirmed; the reopening reached the chain with the finding
    sec.post(f"/api/petitions/{third}/reopen", {"text": "Văn phòng kiểm tra lại"})
    r = member.post(url, {"case_id": third, "verdict": "confirmed", "text": "x"})
    assert r.status_code == 409 and r.json["error"]["code"] == "not_resolved"
    kinds = [e["kind"] for e in chain(app, council.council_id)]
    assert kinds.count("petition.finding") == 2 and kinds.count("petition.reopened") == 2
    with app.app_context():
        verdicts = db().execute(text("SELECT case_id, verdict FROM petition_findings ORDER BY id")).all()
    assert [tuple(v) for v in verdicts] == [(first, "reopened"), (second, "confirmed")]
    listed = sec.get("/api/petitions/samples").json["samples"]
    assert [s["id"] for s in listed] == [sample["id"]] and listed[0]["population_size"] == len(cases)
    assert problems(app) == []


def test_bad_input_changes_nothing(app, council, client_for):
    sec = client_for("athuky")
    ban = group(client_for, council, BAN, ["adb01"])
    standing = group(client_for, council, "Thường trực HĐND", ["achutich"])
    assert sec.post("/api/petitions/samples", {"group_id": ban, "round": "Quý IV/2026", "size": 2}).json["error"]["code"] \
        == "nothing_to_draw"  # nothing resolved yet
    cases = resolved_cases(app, council, client_for, ["Sửa chợ xã", "Sửa trường mẫu giáo"])
    n = len(chain(app, council.council_id))
    bad = [({"group_id": ban, "round": "Quý IV/2026", "size": 0}, 422),
           ({"group_id": ban, "round": "", "size": 2}, 422),
           ({"group_id": ban, "round": "x" * 41, "size": 2}, 422),
           ({"group_id": ban, "size": 2}, 422),
           ({"group_id": standing, "round": "Quý IV/2026", "size": 2}, 422),
           ({"group_id": 999999, "round": "Quý IV/2026", "size": 2}, 422),
           ({"group_id": ban, "round": "Quý IV/2026", "size": 2, "agency_id": 999999}, 422),
           ({"group_id": ban, "round": "Quý IV/2026", "size": 2, "field": "nonsense"}, 422),
           ({"group_id": ban, "round": "Quý IV/2026", "size": 2, "field": "health"}, 409),  # no resolved case of it
           ({"group_id": ban, "round": "Quý IV/2026", "size": "2"}, 422)]
    for body, status in bad:
        r = sec.post("/api/petitions/samples", body)
        assert r.status_code == status, (body, r.json)
        assert r.json["error"]["message_vi"] and r.json["error"]["message_en"]
    assert len(chain(app, council.council_id)) == n
    sample = sec.post("/api/petitions/samples", {"group_id": ban, "round": "Quý IV/2026", "size": 1}).json["sample"]
    undrawn = next(c["id"] for c in cases if c["id"] != sample["picked"][0]["id"])
    n = len(chain(app, council.council_id))
    url = f"/api/petitions/samples/{sample['id']}/findings"
    for body, status in [({"case_id": undrawn, "verdict": "reopened", "text": "x"}, 422),
                         ({"case_id": sample["picked"][0]["id"], "verdict": "maybe", "text": "x"}, 422),
                         ({"case_id": sample["picked"][0]["id"], "verdict": "reopened"}, 422),
                         ({"case_id": sample["picked"][0]["id"], "verdict": "reopened", "text": " "}, 422)]:
        r = sec.post(url, body)
        assert r.status_code == status, (body, r.json)
    assert sec.post("/api/petitions/samples/999999/findings", {"case_id": undrawn, "verdict": "confirmed", "text": "x"}).status_code == 404
    assert len(chain(app, council.council_id)) == n
    assert {c["status"] for c in sec.get("/api/petitions?status=resolved").json["cases"]} == {"resolved"}
    assert sec.get(f"/api/petitions/samples/{sample['id']}").json["sample"]["picked"][0]["finding"] is None
