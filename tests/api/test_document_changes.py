"""What changed in a revision (GET /api/documents/<id>/versions/<n>/changes): pages changed, moved, added and
removed, each changed page's passages; read as the document is (confidential, council, unknown → 404); computed
in the worker and kept on disk per pair of files; every version stays downloadable."""
from __future__ import annotations

import threading

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


def test_every_page_says_which_page_it_was(council, client_for):
    sec = client_for("athuky")
    doc = upload(sec, council.session_id, BODY[:5])
    new = BODY[:2] + ["Phụ lục. Danh mục công trình bổ sung."] + [BODY[2].replace("giao thông", "thủy lợi")] + BODY[3:5]
    revise(sec, doc["id"], new)
    out = client_for("adb01").get(f"/api/documents/{doc['id']}/versions/2/changes").json
    assert out["from_pages"] == [1, 2, None, 3, 4, 5]  # a note on old page 3 is on page 4 now
    assert {p["page"]: (p["status"], p["from_page"]) for p in out["changed"]} == {3: ("added", None), 4: ("changed", 3)}


def test_tablets_asking_at_once_compare_the_pair_once(app, council, client_for, monkeypatch):
    """Every tablet's sync fetches a revision's changes at the same moment: one worker job, the others wait for it."""
    sec = client_for("athuky")
    doc = upload(sec, council.session_id, BODY)
    revise(sec, doc["id"], revised_texts())
    started, release, calls = threading.Event(), threading.Event(), []
    real = revisions.storage.run_worker

    def worker(*args, **kw):
        calls.append(args[0])
        started.set()
        release.wait(10)
        return real(*args, **kw)

    monkeypatch.setattr(revisions.storage, "run_worker", worker)
    url = f"/api/documents/{doc['id']}/versions/2/changes"
    answers = []
    tablets = [threading.Thread(target=lambda u=u: answers.append(client_for(u).get(url))) for u in ("adb01", "adb02")]
    tablets[0].start()
    assert started.wait(10)
    tablets[1].start()
    tablets[1].join(0.5)  # the second asks while the first is comparing
    release.set()
    for t in tablets:
        t.join(30)
    assert [r.status_code for r in answers] == [200, 200] and answers[0].json == answers[1].json
    assert calls == ["changes"]
