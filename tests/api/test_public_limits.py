"""Nothing beyond what is public: the public archive names only councils that have a public session and
only open votes of public sessions; every unknown, non-public or absurd id is a 404 with the bilingual
error body; search never returns the text of a confidential document (its page only)."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from server.db import transaction
from server.documents.samples import make_pdf
from server.sessions.models import CouncilSession
from server.voting.models import OpenBallot, Poll, PollVoter
from tests.api.test_documents import upload
from tests.api.test_public import publish_session
from tests.conftest import open_session

ABSURD = ("0", "2147483648", "99999999999999999999", "9" * 5000, "-1", "abc")
PATHS = ("/api/public/councils/{}/sessions", "/api/public/sessions/{}", "/api/public/polls/{}/board",
         "/api/public/documents/{}/file", "/api/public/delegates/{}/votes")


def assert_not_found(r, what=""):
    assert r.status_code == 404, (what, r.status_code, r.data[:300])
    err = r.json["error"]
    assert err["code"] == "not_found" and err["message_vi"] and err["message_en"], (what, err)


def make_public(council, client_for):
    """The council's session marked public and opened (khai mạc): it is in the public archive."""
    assert client_for(f"{council.prefix}thuky").patch(f"/api/sessions/{council.session_id}", {"public": True}).status_code == 200
    open_session(client_for, council)


def test_a_council_without_public_sessions_is_not_found(council, other_council, client_for):
    anon = client_for()
    make_public(council, client_for)
    assert [c["id"] for c in anon.get("/api/public/councils").json["councils"]] == [council.council_id]
    assert anon.get(f"/api/public/councils/{council.council_id}/sessions").status_code == 200
    r = anon.get(f"/api/public/councils/{other_council.council_id}/sessions")
    assert "Bên Kia" not in r.get_data(as_text=True)
    assert_not_found(r, "council without public sessions")
    # marked public but not begun (published): still nothing public
    assert client_for("bthuky").patch(f"/api/sessions/{other_council.session_id}", {"public": True}).status_code == 200
    assert_not_found(anon.get(f"/api/public/councils/{other_council.council_id}/sessions"), "public, not begun")
    assert_not_found(anon.get(f"/api/public/sessions/{other_council.session_id}"), "public, not begun")


def test_a_delegate_of_a_council_without_public_sessions_is_not_found(council, other_council, client_for):
    anon = client_for()
    make_public(council, client_for)
    assert anon.get(f"/api/public/delegates/{council.users['adb01']}/votes").status_code == 200
    for user in ("bdb01", "bchutich"):
        r = anon.get(f"/api/public/delegates/{other_council.users[user]}/votes")
        assert "Đại Biểu" not in r.get_data(as_text=True) and "Chủ Tịch" not in r.get_data(as_text=True)
        assert_not_found(r, user)
    for user in ("athuky", "akhach", "aadmin", "amanhinh"):  # not delegates: no voting record to show
        assert_not_found(anon.get(f"/api/public/delegates/{council.users[user]}/votes"), user)


def _closed_open_poll(s, council, session_id: int, title: str, choice: str) -> int:
    p = Poll(council_id=council.council_id, session_id=session_id, kind="open", title=title, status="closed",
             result={"passed": False})
    s.add(p)
    s.flush()
    s.add(PollVoter(poll_id=p.id, user_id=council.users["adb01"], council_id=council.council_id, present=True,
                    has_voted=True))
    s.add(OpenBallot(council_id=council.council_id, poll_id=p.id, user_id=council.users["adb01"], choice=choice,
                     request_id=f"direct-{title}"))
    return p.id


def test_a_delegates_record_lists_only_open_votes_of_public_sessions(app, council, client_for):
    open_poll, secret = publish_session(council, client_for)
    sec = client_for("athuky")
    assert sec.patch(f"/api/sessions/{council.session_id}", {"public": True}).status_code == 200
    with app.app_context(), transaction() as s:  # a later session, held behind closed doors
        closed_doors = CouncilSession(council_id=council.council_id, term_id=council.term_id, number=2, kind="thematic",
                                      title="Kỳ họp kín", start_date=date(2026, 12, 20), end_date=date(2026, 12, 20),
                                      status="closed")
        s.add(closed_doors)
        s.flush()
        hidden_poll = _closed_open_poll(s, council, closed_doors.id, "Nhân sự nội bộ", "against")
        closed_doors_id = closed_doors.id
    anon = client_for()
    record = anon.get(f"/api/public/delegates/{council.users['adb01']}/votes")
    assert record.status_code == 200
    assert [(v["poll_id"], v["choice"]) for v in record.json["votes"]] == [(open_poll["id"], "for")]
    text = record.get_data(as_text=True)
    assert "Nhân sự nội bộ" not in text and "Kỳ họp kín" not in text and secret["title"] not in text
    # the closed-door session, its poll and its documents are nowhere in the public archive
    upload(sec, replace(council, session_id=closed_doors_id),
           make_pdf("Nội bộ", 1, extra="Đường giao thông nội bộ"), title="Báo cáo nội bộ")
    assert_not_found(anon.get(f"/api/public/sessions/{closed_doors_id}"))
    sessions = anon.get(f"/api/public/councils/{council.council_id}/sessions").json["sessions"]
    assert [x["id"] for x in sessions] == [council.session_id]
    found = anon.get(f"/api/public/search?council={council.council_id}&q=noi bo").json
    assert found == {"polls": [], "documents": []}
    assert anon.get(f"/api/public/search?council={council.council_id}&q=nhan su").json["polls"] == []
    assert hidden_poll not in [p["id"] for p in anon.get(f"/api/public/sessions/{council.session_id}").json["polls"]]


def test_public_search_of_a_council_without_public_sessions_is_not_found(council, other_council, client_for):
    sec = client_for("bthuky")
    upload(sec, other_council, make_pdf("Công khai", 1, extra="Đường giao thông"), title="Báo cáo công khai")
    anon = client_for()
    for council_id in (other_council.council_id, 999999):
        assert_not_found(anon.get(f"/api/public/search?council={council_id}&q=duong giao thong"), council_id)
    make_public(council, client_for)
    assert anon.get(f"/api/public/search?council={council.council_id}&q=duong giao thong").status_code == 200
    for absurd in ("0", "2147483648", "99999999999999999999", "9" * 5000, "abc"):
        # a query parameter out of the id range is refused as a field, like every query id of the API
        r = anon.get(f"/api/public/search?council={absurd}&q=duong giao thong")
        assert r.status_code == 422 and r.json["error"]["details"]["field"] == "council", absurd


def test_every_public_route_answers_404_to_unknown_non_public_and_absurd_ids(council, other_council, client_for):
    open_poll, secret = publish_session(council, client_for)  # everything exists, nothing is public yet
    anon = client_for()
    docs = client_for("athuky").get(f"/api/sessions/{council.session_id}/documents").json["documents"]
    non_public = {
        "/api/public/councils/{}/sessions": [council.council_id, other_council.council_id],
        "/api/public/sessions/{}": [council.session_id, other_council.session_id],
        "/api/public/polls/{}/board": [secret["id"], open_poll["id"]],
        "/api/public/documents/{}/file": [d["id"] for d in docs],
        "/api/public/delegates/{}/votes": [council.users["adb01"], council.users["achutich"],
                                           other_council.users["bdb01"]],
    }
    for path in PATHS:
        for value in [*ABSURD, "999999", *map(str, non_public[path])]:
            r = anon.get(path.format(value))
            assert_not_found(r, path.format(value[:30]))
            assert "Đại Biểu" not in r.get_data(as_text=True) and "HĐND" not in r.get_data(as_text=True)
    assert anon.get("/api/public/councils").json == {"councils": []}
    assert_not_found(anon.get(f"/api/public/search?council={council.council_id}&q=duong giao thong"))
    # once public, the same ids answer — except what stays private (other documents, the open poll's board)
    assert client_for("athuky").patch(f"/api/sessions/{council.session_id}", {"public": True}).status_code == 200
    assert anon.get(f"/api/public/councils/{council.council_id}/sessions").status_code == 200
    assert anon.get(f"/api/public/sessions/{council.session_id}").status_code == 200
    assert anon.get(f"/api/public/polls/{secret['id']}/board").status_code == 200
    assert anon.get(f"/api/public/delegates/{council.users['adb01']}/votes").status_code == 200
    assert_not_found(anon.get(f"/api/public/polls/{open_poll['id']}/board"))
    for d in docs:
        r = anon.get(f"/api/public/documents/{d['id']}/file")
        assert r.status_code == (200 if d["access"] == "public" else 404), d["title"]


@pytest.mark.parametrize("user", ["athuky", "achutich", "adb01", "aadmin"])
def test_search_gives_only_the_page_of_a_confidential_document(council, client_for, user):
    sec = client_for("athuky")
    upload(sec, council, make_pdf("Công khai", 2, extra="Đường giao thông liên xã"), title="Báo cáo công khai")
    upload(sec, council, make_pdf("Đại biểu", 1, extra="Đường giao thông nội bộ"), title="Chỉ đại biểu",
           access="delegates")
    upload(sec, council, make_pdf("Mật", 3, extra="Đường giao thông mật phương án Bí Mật"), title="Tài liệu mật",
           access="confidential")
    r = client_for(user).get(f"/api/sessions/{council.session_id}/search?q=duong giao thong")
    assert r.status_code == 200
    hits = r.json["hits"]
    by_title: dict[str, list] = {}
    for h in hits:
        by_title.setdefault(h["title"], []).append(h)
    assert set(by_title) == {"Báo cáo công khai", "Chỉ đại biểu", "Tài liệu mật"}
    assert all("Đường giao thông" in h["snippet"] for t in ("Báo cáo công khai", "Chỉ đại biểu") for h in by_title[t])
    assert sorted(h["page"] for h in by_title["Tài liệu mật"]) == [1, 2, 3]  # ranked, not in page order
    for h in by_title["Tài liệu mật"]:
        assert h["snippet"] is None, h  # the document and the page, never its text
        assert set(h) == {"document_id", "title", "session_id", "page", "snippet"}
    assert "Bí Mật" not in json.dumps(hits, ensure_ascii=False)
    # the words of the confidential text only find it; they are never sent back
    only = client_for(user).get(f"/api/sessions/{council.session_id}/search?q=phuong an bi mat").json["hits"]
    assert sorted((h["title"], h["page"], h["snippet"]) for h in only) == [("Tài liệu mật", p, None) for p in (1, 2, 3)]


def test_guests_search_finds_no_confidential_page(council, client_for):
    sec = client_for("athuky")
    upload(sec, council, make_pdf("Mật", 1, extra="Phương án Bí Mật"), title="Tài liệu mật", access="confidential")
    for user in ("akhach", "amanhinh"):
        assert client_for(user).get(f"/api/sessions/{council.session_id}/search?q=bi mat").json["hits"] == []
