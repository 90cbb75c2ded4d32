"""What changed in a revision (GET /api/documents/<id>/versions/<n>/changes): pages changed, moved, added and
removed, each changed page's passages; read as the document is (confidential, council, unknown → 404); computed
in the worker and kept on disk per pair of files; every version stays downloadable."""
from __future__ import annotations

from server.documents import revisions
from server.documents.samples import make_pages

BODY = [f"Điều {n}. Nội dung trang {n}: ngân sách tỉnh năm 2027 chi cho giao thông, giáo dục và y tế, "
        f"khoản mục số {n * 7} theo kế hoạch của Ủy ban nhân dân tỉnh." for n in range(1, 7)]


def upload(c, session_id: int, texts: list[str], access: str = "public") -> dict:
    r = c.post(f"/api/sessions/{session_id}/documents?filename=a.pdf&kind=draft_resolution&access={access}&title=Dự+thảo",
               data=make_pages(texts), content_type="application/pdf")
    assert r.status_code == 201, r.json
    return r.json["document"]


def revise(c, doc_id: int, texts: list[str]) -> None:
    r = c.post(f"/api/documents/{doc_id}/versions?filename=b.pdf", data=make_pages(texts), content_type="application/pdf")
    assert r.status_code == 201, r.json


def revised_texts() -> list[str]:
    new = list(BODY)
    new[1] = new[1].replace("giao thông", "thủy lợi")  # page 2 changed
    new.insert(5, new.pop(0))  # page 1 moved to the end (page 6)
    new.append("Phụ lục. Danh mục công trình bổ sung.")  # a page added
    return new


def test_pages_changed_moved_added_and_passages(app, council, client_for):
    sec = client_for("athuky")
    doc = upload(sec, council.session_id, BODY)
    revise(sec, doc["id"], revised_texts())
    r = client_for("adb01").get(f"/api/documents/{doc['id']}/versions/2/changes")
    assert r.status_code == 200, r.json
    out = r.json
    assert (out["from"], out["to"], out["pages"], out["removed"]) == (1, 2, 7, [])
    pages = {p["page"]: p for p in out["changed"]}
    assert {n: (p["status"], p["from_page"]) for n, p in pages.items()} == {
        1: ("changed", 2), 6: ("moved", 1), 7: ("added", None)}
    assert [(x["text"], x["removed"]) for x in pages[1]["passages"]] == [("thủy lợi,", "giao thông,")]
    assert out["unchanged"] == 4
    # cached by the two files: asked again, not computed again
    v1, v2 = (v["sha256"] for v in sec.get(f"/api/documents/{doc['id']}").json["document"]["versions"])
    with app.app_context():
        assert revisions.cache_path(v1, v2).exists()
    # ?from= compares with any version; the versions themselves stay downloadable
    revise(sec, doc["id"], BODY[:5])
    r = sec.get(f"/api/documents/{doc['id']}/versions/3/changes", query_string={"from": 1})
    assert r.status_code == 200 and r.json["removed"] == [6] and r.json["changed"] == []
    for n in (1, 2, 3):
        assert sec.get(f"/api/documents/{doc['id']}/versions/{n}/file").status_code == 200


def test_read_as_the_document_is(council, other_council, client_for):
    sec = client_for("athuky")
    secret = upload(sec, council.session_id, BODY, access="confidential")
    revise(sec, secret["id"], revised_texts())
    url = f"/api/documents/{secret['id']}/versions/2/changes"
    assert client_for("adb01").get(url).status_code == 200
    assert client_for("akhach").get(url).status_code == 404  # a guest may not read it: it is not there
    assert client_for("bdb01").get(url).status_code == 404  # another council's
    assert client_for().get(url).status_code == 401


def test_unknown_versions_and_documents_are_404(council, client_for):
    sec = client_for("athuky")
    doc = upload(sec, council.session_id, BODY[:2])
    assert sec.get(f"/api/documents/{doc['id']}/versions/1/changes").status_code == 404  # nothing before it
    assert sec.get(f"/api/documents/{doc['id']}/versions/2/changes").status_code == 404
    assert sec.get(f"/api/documents/{doc['id']}/versions/1/changes?from=5").status_code == 404
    assert sec.get("/api/documents/999999/versions/2/changes").status_code == 404
    assert sec.get(f"/api/documents/{doc['id']}/versions/1/changes?from=x").status_code == 422
