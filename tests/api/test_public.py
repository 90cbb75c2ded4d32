"""The public archive shows what the public may see, and nothing confidential or secret."""
import json

from server.documents.samples import make_pdf
from tests.api.test_documents import upload
from server.voting.board import check
from tests.conftest import open_session
from tests.tablets import Committee, cast


def publish_session(council, client_for):
    sec = client_for("athuky")
    upload(sec, council, make_pdf("Báo cáo công khai", 1, extra="Đường giao thông"), title="Báo cáo công khai")
    upload(sec, council, make_pdf("Chỉ đại biểu", 1, extra="Đường giao thông"), title="Chỉ đại biểu", access="delegates")
    upload(sec, council, make_pdf("Mật", 1, extra="Đường giao thông"), title="Tài liệu mật", access="confidential")
    chair = open_session(client_for, council)
    base = f"/api/sessions/{council.session_id}"
    open_poll = chair.post(f"{base}/polls", {"title": "Nghị quyết dự toán", "kind": "open"}).json["poll"]
    secret = chair.post(f"{base}/polls", {"title": "Bầu Phó Chủ tịch", "kind": "secret"}).json["poll"]
    com = Committee(council.session_id, [(council.users[u], client_for(u)) for u in ("adb01", "adb02", "adb03")])
    com.ceremony(sec)
    for poll in (open_poll, secret):
        chair.post(f"/api/polls/{poll['id']}/open", {"acknowledge_small": True})
        poll = chair.get(f"/api/polls/{poll['id']}").json["poll"]
        for u in ("adb01", "adb02"):
            if poll["secret"]:
                assert cast(client_for(u), poll, "for").status_code == 200
            else:
                client_for(u).post(f"/api/polls/{poll['id']}/ballots", {"request_id": f"open-{u}-0000000000", "choice": "for"})
        chair.post(f"/api/polls/{poll['id']}/close")
    for n in (1, 2):
        assert com.confirm_count(n, secret["id"]).status_code == 201
    return open_poll, secret


def test_private_sessions_are_invisible(council, client_for):
    anon = client_for()
    assert anon.get(f"/api/public/sessions/{council.session_id}").status_code == 404
    publish_session(council, client_for)
    assert anon.get(f"/api/public/sessions/{council.session_id}").status_code == 404  # not marked public
    assert anon.get(f"/api/public/councils/{council.council_id}/sessions").status_code == 404  # nor its council


def test_public_session_shows_votes_but_nothing_confidential_or_secret(council, client_for):
    open_poll, secret = publish_session(council, client_for)
    assert client_for("athuky").patch(f"/api/sessions/{council.session_id}", {"public": True}).status_code == 200
    anon = client_for()
    page = anon.get(f"/api/public/sessions/{council.session_id}")
    assert page.status_code == 200
    body = page.json
    assert [d["title"] for d in body["documents"]] == ["Báo cáo công khai"]
    polls = {p["id"]: p for p in body["polls"]}
    named = {n["full_name"]: n["choice"] for n in polls[open_poll["id"]]["result"]["named"]}
    assert named["Đại Biểu Số 1"] == "for" and named["Đại Biểu Số 5"] == "absent"
    assert polls[secret["id"]]["result"]["answers"]["for"]["count"] == 2
    text = json.dumps(body, ensure_ascii=False)
    assert "Tài liệu mật" not in text and "Chỉ đại biểu" not in text
    assert "named" not in polls[secret["id"]]["result"]
    board = anon.get(f"/api/public/polls/{secret['id']}/board").json["board"]  # anyone can recheck the count
    assert check(board) == polls[secret["id"]]["result"]["counts"] == [[2, 0, 0]]
    assert sorted(b["tracker"] for b in board["ballots"]) == polls[secret["id"]]["result"]["trackers"]
    assert "Đại Biểu Số 1" not in json.dumps(board["ballots"], ensure_ascii=False)
    assert anon.get(f"/api/public/polls/{open_poll['id']}/board").status_code == 404
    assert anon.get(body["documents"][0]["url"]).status_code == 200
    all_docs = client_for("athuky").get(f"/api/sessions/{council.session_id}/documents").json["documents"]
    for d in all_docs:
        if d["access"] != "public":
            assert anon.get(f"/api/public/documents/{d['id']}/file").status_code == 404
    hits = anon.get(f"/api/public/search?council={council.council_id}&q=duong giao thong").json
    assert [h["title"] for h in hits["documents"]] == ["Báo cáo công khai"]
    assert [p["title"] for p in anon.get(f"/api/public/search?council={council.council_id}&q=du toan").json["polls"]] == \
        ["Nghị quyết dự toán"]
    record = anon.get(f"/api/public/delegates/{council.users['adb01']}/votes").json["votes"]
    assert [(v["title"], v["choice"]) for v in record] == [("Nghị quyết dự toán", "for")]  # the secret one is absent


def test_openapi_describes_the_open_data_api(council, client_for):
    spec = client_for().get("/api/openapi.json").json
    assert spec["openapi"].startswith("3.")
    for path in ("/api/public/councils", "/api/public/sessions/{session_id}", "/api/public/search"):
        assert path in spec["paths"]
