"""Full-text search (migrations 0008 and 0011, server/documents/search.py) on SQLite (FTS5) and PostgreSQL (tsvector
through unaccent):
blind to diacritics and to đ/d, ranked, with page numbers and snippets whose hits are marked by sentinels
(never markup), a confidential document's pages only, and never another council's documents."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from server.documents import search
from server.documents.rules import MARK_END, MARK_START, fold, snippet, terms
from server.documents.samples import make_pdf

S, E = MARK_START, MARK_END


@pytest.fixture
def app(app_on_both):  # every test here, on SQLite and on PostgreSQL
    return app_on_both


def upload(c, session_id: int, title: str, extra: str, pages: int = 1, access: str = "public") -> int:
    r = c.post(f"/api/sessions/{session_id}/documents?filename=t.pdf&kind=report&access={access}&title={title}",
               data=make_pdf(title, pages, extra=extra), content_type="application/pdf")
    assert r.status_code == 201, r.json
    return r.json["document"]["id"]


def hits(c, session_id: int, q: str) -> list[dict]:
    r = c.get(f"/api/sessions/{session_id}/search", query_string={"q": q})
    assert r.status_code == 200, r.json
    return r.json["hits"]


def test_blind_to_diacritics_and_to_d(council, client_for):
    sec = client_for("athuky")
    doc = upload(sec, council.session_id, "Tờ trình",
                 "Quy hoạch sử dụng đất đai ở Đà Nẵng; nguồn ngân sách tỉnh Kỳ Sơn.")
    for q, marked in (("ngan sach", "ngân sách"), ("NGÂN SÁCH", "ngân sách"), ("dat dai", "đất đai"),
                      ("đất đai", "đất đai"), ("DAT DAI", "đất đai"), ("da nang", "Đà Nẵng"), ("Đà Nẵng", "Đà Nẵng"),
                      ("ky son", "Kỳ Sơn"), ("ngân sác", "ngân sách")):  # the last word also as typed so far
        found = hits(sec, council.session_id, q)
        assert [(h["document_id"], h["page"]) for h in found] == [(doc, 1)], q
        assert f"{S}{marked}{E}".lower() in found[0]["snippet"].lower(), (q, found[0]["snippet"])
    # a word is a word: "da" is not "dai", and every word must be on the page
    assert hits(sec, council.session_id, "ngan sach hue") == []


def test_ranked_with_page_numbers(council, client_for):
    sec = client_for("athuky")
    once = upload(sec, council.session_id, "Một lần", "Kè sông Hồng.")
    thrice = upload(sec, council.session_id, "Ba lần", "Kè sông Hồng; kè sông Hồng đoạn hai; kè sông Hồng đoạn ba.")
    apart = upload(sec, council.session_id, "Rời nhau", "Sông Đà, kè đá, và Hồng Lĩnh.")
    found = hits(sec, council.session_id, "ke song hong")
    # the words in a row before the words apart; among those, the page with more hits first
    assert [h["document_id"] for h in found] == [thrice, once, apart]
    assert all(h["page"] == 1 for h in found)
    assert found[0]["snippet"].count(f"{S}Kè sông Hồng{E}") + found[0]["snippet"].count(f"{S}kè sông Hồng{E}") == 3
    # page numbers: a word on the last page of three
    doc = upload(sec, council.session_id, "Ba trang", "Cống Xuân Thủy", pages=3)
    assert {h["page"] for h in hits(sec, council.session_id, "cong xuan thuy") if h["document_id"] == doc} == {1, 2, 3}


def test_only_the_first_pages_found_are_ranked(council, client_for, monkeypatch):
    """A word on every page costs no more than a rarer one: the first CANDIDATES pages found (in the index's
    order: here, as uploaded) are ranked, the words in a row first; the others are not looked at."""
    sec = client_for("athuky")
    apart = upload(sec, council.session_id, "Rời nhau", "Sông Đà, kè đá, và Hồng Lĩnh.")
    once = upload(sec, council.session_id, "Một lần", "Kè sông Hồng.")
    upload(sec, council.session_id, "Hai lần", "Kè sông Hồng; kè sông Hồng đoạn hai.")
    monkeypatch.setattr(search, "CANDIDATES", 2)
    assert [h["document_id"] for h in hits(sec, council.session_id, "ke song hong")] == [once, apart]


def test_postgres_folds_the_text_itself(app, council, client_for):
    """On PostgreSQL the index is of the page's text through the `kyhop` configuration (unaccent, then simple):
    diacritics and đ/Đ folded by the database, not by the copy folded in Python."""
    engine = app.extensions["kyhop.engine"]
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT to_tsvector('kyhop', 'Đà Nẵng; ĐẤT ĐAI, đường') "
                                 "= to_tsvector('kyhop', 'da nang; dat dai, duong')")).scalar()
    sec = client_for("athuky")
    doc = upload(sec, council.session_id, "Tờ trình", "Quy hoạch Đà Nẵng")
    with engine.begin() as conn:
        conn.execute(text("UPDATE document_pages SET folded = ''"))  # the Python fold plays no part
    found = hits(sec, council.session_id, "da nang")
    assert [(h["document_id"], h["page"]) for h in found] == [(doc, 1)]
    assert f"{S}Đà Nẵng{E}" in found[0]["snippet"]


def test_snippets_are_text_with_sentinels(council, client_for):
    sec = client_for("athuky")
    upload(sec, council.session_id, "Thẻ", "<b>Trường</b> & <script>alert(1)</script> mầm non Hoa Sen")
    [hit] = hits(sec, council.session_id, "mam non hoa sen")
    assert f"{S}mầm non Hoa Sen{E}" in hit["snippet"]
    assert "<script>alert(1)</script>" in hit["snippet"]  # as text: the client escapes it, then marks the hits
    # a page cannot fake a hit: the sentinels are taken out of its text first
    assert snippet(f"x {S}giả{E} y thật", terms("that")) == f"x giả y {S}thật{E}"


def test_snippet_rules():
    words = terms(fold("đường giao thông"))
    assert words == ["duong", "giao", "thong"]
    long = "Mở đầu. " * 40 + "Đường giao thông liên xã. " + "Kết thúc. " * 40
    s = snippet(long, words)
    assert s.startswith("…") and s.endswith("…") and f"{S}Đường giao thông{E}" in s and len(s) < 220
    assert snippet("Không có gì", ["xyz"]) == "Không có gì"
    assert snippet("ĐƯỜNG", ["duo"]) == f"{S}ĐƯỜNG{E}"  # the last word as a prefix


def test_confidential_documents_give_pages_only(council, client_for):
    sec = client_for("athuky")
    secret = upload(sec, council.session_id, "Mật", "Phương án nhân sự Bí Mật", pages=2, access="confidential")
    for user in ("athuky", "achutich", "adb01"):
        c = client_for(user)
        found = hits(c, council.session_id, "phuong an nhan su")
        assert sorted((h["document_id"], h["page"], h["snippet"]) for h in found) == [(secret, 1, None), (secret, 2, None)]
        archive = c.get("/api/search", query_string={"q": "phuong an nhan su"}).json["hits"]
        assert sorted((h["document_id"], h["page"], h["snippet"]) for h in archive) == [(secret, 1, None), (secret, 2, None)]
    for user in ("akhach", "amanhinh"):  # guests and the hall display: not even the page
        assert hits(client_for(user), council.session_id, "phuong an nhan su") == []
        assert client_for(user).get("/api/search", query_string={"q": "phuong an nhan su"}).json["hits"] == []


def test_the_councils_archive_and_no_other_council(council, other_council, client_for):
    sec, other = client_for("athuky"), client_for("bthuky")
    mine = upload(sec, council.session_id, "Của ta", "Chợ nổi Cái Răng")
    theirs = upload(other, other_council.session_id, "Của họ", "Chợ nổi Cái Răng")
    r = sec.post("/api/sessions", {"number": 2, "kind": "regular", "title": "Kỳ họp thứ hai",
                                   "start_date": "2026-12-10", "end_date": "2026-12-11"})
    assert r.status_code == 201, r.json
    draft = upload(sec, r.json["session"]["id"], "Dự thảo", "Chợ nổi Cái Răng mở rộng")
    assert {h["document_id"] for h in hits(sec, council.session_id, "cho noi cai rang")} == {mine}
    # the archive: every session of the council the user may see — the draft for the secretary, not for delegates
    assert {h["document_id"] for h in sec.get("/api/search?q=cho+noi+cai+rang").json["hits"]} == {mine, draft}
    assert {h["document_id"] for h in client_for("adb01").get("/api/search?q=cho+noi+cai+rang").json["hits"]} == {mine}
    assert {h["document_id"] for h in other.get("/api/search?q=cho+noi+cai+rang").json["hits"]} == {theirs}
    # another council's session is not found
    assert client_for("adb01").get(f"/api/sessions/{other_council.session_id}/search?q=cho+noi").status_code == 404


def test_revisions_and_the_public_archive(council, client_for):
    sec = client_for("athuky")
    doc = upload(sec, council.session_id, "Bản đầu", "Hồ chứa nước Đá Đen")
    r = sec.post(f"/api/documents/{doc}/versions?filename=v2.pdf", data=make_pdf("Bản hai", 1, extra="Đập Phú Ninh"),
                 content_type="application/pdf")
    assert r.status_code == 201
    assert hits(sec, council.session_id, "da den") == []  # only the current version
    assert [h["document_id"] for h in hits(sec, council.session_id, "dap phu ninh")] == [doc]
    assert client_for("athuky").patch(f"/api/sessions/{council.session_id}", {"public": True}).status_code == 200
    from tests.conftest import open_session
    open_session(client_for, council)
    public = client_for().get(f"/api/public/search?council={council.council_id}&q=dap phu ninh").json["documents"]
    assert [(h["document_id"], h["page"]) for h in public] == [(doc, 1)] and f"{S}Đập Phú Ninh{E}" in public[0]["snippet"]


@pytest.mark.parametrize("q", ['"ngan" OR sach*', "sach:*", "a & b | !c", "NEAR(x y)", "'; drop table x; --", "ngân-sách",
                               "%_%_", "\\\\"])
def test_query_syntax_is_only_words(council, client_for, q):
    sec = client_for("athuky")
    upload(sec, council.session_id, "Tờ trình", "Nguồn ngân sách tỉnh.")
    r = sec.get(f"/api/sessions/{council.session_id}/search", query_string={"q": q})
    assert r.status_code in (200, 422), (q, r.json)
