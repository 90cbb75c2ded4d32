"""The giao ban (issue 18, Done when): a commune council's standing members take part in the province's meeting —
they follow it, read its documents and speak — and reach nothing else of the province council; the province's
members reach nothing of the commune's. An official invited to a meeting reads it and may be given the floor, and
sees no other session. Each is attacked: other ids, control actions, polls, confidential documents, members,
petitions; and an invitation withdrawn takes everything away."""
from __future__ import annotations

import pytest

from server.documents.samples import make_pdf
from tests.api.test_meetings import groups
from tests.api.test_petitions import meeting as voter_meeting
from tests.api.test_petitions import petition
from tests.factories import add_agency, build_council

DATES = {"start_date": "2026-12-15", "end_date": "2026-12-15"}


def upload(sec, session_id: int, access: str, title: str) -> int:
    r = sec.post(f"/api/sessions/{session_id}/documents?filename=a.pdf&kind=other&access={access}&title={title}",
                 data=make_pdf(title, 1), content_type="application/pdf")
    assert r.status_code == 201, r.json
    return r.json["document"]["id"]


@pytest.fixture
def world(app, client_for):
    """A province (p) and a commune (c), each with its standing committee, its own kỳ họp (the factory's), a
    document and a petition case; the province's giao ban with the commune's standing committee invited, published,
    with a public, a delegates' and a confidential document."""
    p = build_council(app, "p", name="HĐND tỉnh Sơn Lâm")
    c = build_council(app, "c", name="HĐND xã Tân Hòa")
    st = groups(client_for, p, {"chutich": ["Thường trực HĐND"], "db01": ["Thường trực HĐND"]})["Thường trực HĐND"]
    groups(client_for, c, {"chutich": ["Thường trực HĐND"], "db01": ["Thường trực HĐND"]})
    psec, csec = client_for("pthuky"), client_for("cthuky")
    gb = psec.post("/api/sessions", {"kind": "giao_ban", "group_id": st, "title": "Hội nghị giao ban quý IV",
                                     **DATES}).json["session"]["id"]
    assert psec.post(f"/api/sessions/{gb}/agenda", {"title": "Tình hình hoạt động quý IV", "kind": "discussion_plenary"}
                     ).status_code == 201
    docs = {a: upload(psec, gb, a, f"giao-ban-{a}") for a in ("public", "delegates", "confidential")}
    other_doc = upload(psec, p.session_id, "public", "ky-hop-tinh")
    commune_doc = upload(csec, c.session_id, "public", "ky-hop-xa")
    assert psec.post(f"/api/sessions/{gb}/invitees", {"council_id": c.council_id}).status_code == 200
    assert psec.patch(f"/api/sessions/{gb}", {"status": "published"}).status_code == 200
    cases = {}
    for d, sec in ((p, psec), (c, csec)):
        agency = add_agency(app, d)
        case = petition(sec, voter_meeting(sec, d), "Sửa đường liên xã")["id"]
        assert sec.post(f"/api/petitions/{case}/transfer", {"agency_id": agency, "deadline": "2030-01-01"}).status_code == 200
        cases[d.prefix] = case
    return {"p": p, "c": c, "gb": gb, "docs": docs, "other_doc": other_doc, "commune_doc": commune_doc,
            "cases": cases, "standing": st}


def test_the_communes_standing_members_take_part_in_the_provinces_meeting(app, world, client_for):
    p, gb, docs = world["p"], world["gb"], world["docs"]
    guest = client_for("cchutich")  # the commune's chair: a chair at home, an invitee here
    mine = {s["id"]: s for s in guest.get("/api/sessions").json["sessions"]}
    assert mine[gb]["invited"] is True and mine[gb]["council"] == "HĐND tỉnh Sơn Lâm"
    assert world["c"].session_id in mine and p.session_id not in mine  # their own sessions, and this one only
    detail = guest.get(f"/api/sessions/{gb}")
    assert detail.status_code == 200 and detail.json["session"]["kind"] == "giao_ban"
    live = guest.get(f"/api/sessions/{gb}/live").json
    assert live["me"]["role"] == "invitee" and "session.control" not in live["me"]["permissions"]
    assert "roll" not in live  # nobody's attendance by name
    listed = {d["id"] for d in guest.get(f"/api/sessions/{gb}/documents").json["documents"]}
    assert listed == {docs["public"], docs["delegates"]}
    for access in ("public", "delegates"):
        assert guest.get(f"/api/documents/{docs[access]}").status_code == 200
        r = guest.get(f"/api/documents/{docs[access]}/versions/1/file")
        assert r.status_code == 200 and r.data.startswith(b"%PDF")
    assert guest.get(f"/api/sessions/{gb}/packet").status_code == 200

    # the meeting opens with the province's standing committee; the invitees' check-ins never count
    chair = client_for("pchutich")
    for u in ("cchutich", "cdb01"):
        assert client_for(u).post(f"/api/sessions/{gb}/check-in").status_code == 200
    att = chair.get(f"/api/sessions/{gb}/live").json["attendance"]
    assert (att["present"], att["total"]) == (0, 2)
    assert chair.post(f"/api/sessions/{gb}/control", {"action": "open"}).status_code == 409
    for u in ("pchutich", "pdb01"):
        assert client_for(u).post(f"/api/sessions/{gb}/check-in").status_code == 200
    assert chair.post(f"/api/sessions/{gb}/control", {"action": "open"}).status_code == 200

    # the commune's chair asks for the floor and is given it; a commune delegate may also be given it directly
    asked = guest.post(f"/api/sessions/{gb}/floor", {"kind": "discussion", "subject": "Kết quả quý IV của xã"})
    assert asked.status_code == 201, asked.json
    queue = asked.json["event"]["patch"]["speaking"]["queue"]
    given = chair.post(f"/api/sessions/{gb}/floor/chair", {"action": "give", "request_id": queue[0]["id"]})
    assert given.status_code == 200, given.json
    assert given.json["event"]["patch"]["speaking"]["current"]["user_id"] == world["c"].users["cchutich"]
    direct = chair.post(f"/api/sessions/{gb}/floor/chair", {"action": "give", "user_id": world["c"].users["cdb01"],
                                                            "kind": "discussion"})
    assert direct.status_code == 200, direct.json
    assert guest.get(f"/api/sessions/{gb}/speeches").status_code == 200


def test_an_invitee_reaches_nothing_else_of_the_province(app, world, client_for):
    p, c, gb, docs = world["p"], world["c"], world["gb"], world["docs"]
    guest = client_for("cchutich")
    chair = client_for("pchutich")
    for u in ("pchutich", "pdb01"):
        client_for(u).post(f"/api/sessions/{gb}/check-in")
    assert chair.post(f"/api/sessions/{gb}/control", {"action": "open"}).status_code == 200
    poll = client_for("pthuky").post(f"/api/sessions/{gb}/polls", {"title": "Thông qua", "kind": "open"}).json["poll"]["id"]

    # the meeting's control, polls, attendance, committee, minutes, receipts, opinions: as if it did not exist
    refused = [
        ("post", f"/api/sessions/{gb}/control", {"action": "pause"}),
        ("post", f"/api/sessions/{gb}/floor/chair", {"action": "close"}),
        ("post", f"/api/sessions/{gb}/polls", {"title": "X", "kind": "open"}),
        ("get", f"/api/sessions/{gb}/polls", None),
        ("get", f"/api/polls/{poll}", None),
        ("post", f"/api/polls/{poll}/open", {}),
        ("post", f"/api/polls/{poll}/ballots", {"request_id": "giao-ban-ballot-0001", "choice": "for"}),
        ("put", f"/api/sessions/{gb}/attendance/{p.users['pdb01']}", {"status": "absent"}),
        ("get", f"/api/sessions/{gb}/committee", None),
        ("put", f"/api/sessions/{gb}/committee", {"members": [1, 2, 3]}),
        ("get", f"/api/sessions/{gb}/minutes", None),
        ("get", f"/api/sessions/{gb}/receipts", None),
        ("post", f"/api/sessions/{gb}/receipts", {"versions": []}),
        ("post", f"/api/sessions/{gb}/opinions", {"text": "x"}),
        ("get", f"/api/sessions/{gb}/invitees", None),
        ("post", f"/api/sessions/{gb}/invitees", {"council_id": c.council_id}),
        ("patch", f"/api/sessions/{gb}", {"title": "X"}),
        ("post", f"/api/sessions/{gb}/agenda", {"title": "X", "kind": "report"}),
        ("get", f"/api/documents/{docs['confidential']}", None),
        ("get", f"/api/documents/{docs['confidential']}/versions/1/file", None),
        ("get", f"/api/documents/{docs['public']}/notes", None),
        # the province's other session and its documents
        ("get", f"/api/sessions/{p.session_id}", None),
        ("get", f"/api/sessions/{p.session_id}/live", None),
        ("get", f"/api/sessions/{p.session_id}/documents", None),
        ("post", f"/api/sessions/{p.session_id}/check-in", {}),
        ("post", f"/api/sessions/{p.session_id}/floor", {"kind": "discussion"}),
        ("get", f"/api/documents/{world['other_doc']}", None),
        ("get", f"/api/documents/{world['other_doc']}/versions/1/file", None),
        # the province's petitions
        ("get", f"/api/petitions/{world['cases']['p']}", None),
    ]
    for method, path, body in refused:
        r = getattr(guest, method)(path) if body is None else getattr(guest, method)(path, body)
        assert r.status_code in (403, 404), (method, path, r.status_code)
    assert guest.get(f"/api/sessions/{gb}/live").status_code == 200  # still following the meeting itself
    # lists are their own council's: members, petitions, search, resolutions
    names = {m["full_name"] for m in guest.get("/api/members").json["members"]}
    assert names and all(m["id"] not in p.users.values() for m in guest.get("/api/members").json["members"]), names
    assert {x["id"] for x in guest.get("/api/petitions").json["cases"]} == {world["cases"]["c"]}
    hits = guest.get("/api/search?q=ban").json["hits"]  # the archive searched is the commune's own
    assert hits and not {h["session_id"] for h in hits} & {p.session_id, gb}
    assert guest.get(f"/api/sessions/{gb}/search?q=giao").status_code == 200
    assert world["docs"]["confidential"] not in {h["document_id"] for h in
                                                 guest.get(f"/api/sessions/{gb}/search?q=giao").json["hits"]}


def test_the_provinces_members_read_nothing_of_the_commune(app, world, client_for):
    c = world["c"]
    for u in ("pchutich", "pdb01", "pthuky", "padmin"):
        them = client_for(u)
        assert c.session_id not in {s["id"] for s in them.get("/api/sessions").json["sessions"]}
        for path in (f"/api/sessions/{c.session_id}", f"/api/sessions/{c.session_id}/documents",
                     f"/api/documents/{world['commune_doc']}", f"/api/documents/{world['commune_doc']}/versions/1/file",
                     f"/api/petitions/{world['cases']['c']}", f"/api/members/{c.users['cchutich']}"):
            assert them.get(path).status_code in (403, 404, 405), (u, path)
        assert all(m["id"] not in c.users.values() for m in them.get("/api/members").json["members"])


def test_a_withdrawn_invitation_takes_everything_away(app, world, client_for):
    gb, docs = world["gb"], world["docs"]
    guest = client_for("cdb01")
    assert guest.get(f"/api/documents/{docs['public']}/versions/1/file").status_code == 200
    assert client_for("pthuky").delete(f"/api/sessions/{gb}/invitees/{world['c'].users['cdb01']}").status_code == 200
    assert gb not in {s["id"] for s in guest.get("/api/sessions").json["sessions"]}
    for path in (f"/api/sessions/{gb}", f"/api/sessions/{gb}/live", f"/api/sessions/{gb}/documents",
                 f"/api/documents/{docs['public']}", f"/api/documents/{docs['public']}/versions/1/file"):
        assert guest.get(path).status_code in (403, 404), path
    assert guest.post(f"/api/sessions/{gb}/check-in").status_code == 404
    assert guest.post(f"/api/sessions/{gb}/floor", {"kind": "discussion"}).status_code == 404
    # the chair cannot give them the floor any more either
    for u in ("pchutich", "pdb01"):
        client_for(u).post(f"/api/sessions/{gb}/check-in")
    chair = client_for("pchutich")
    assert chair.post(f"/api/sessions/{gb}/control", {"action": "open"}).status_code == 200
    r = chair.post(f"/api/sessions/{gb}/floor/chair", {"action": "give", "user_id": world["c"].users["cdb01"],
                                                       "kind": "discussion"})
    assert r.status_code == 422
    # the one still invited keeps their place
    assert client_for("cchutich").get(f"/api/sessions/{gb}").status_code == 200


def test_an_invited_official_reads_the_meeting_and_answers_but_sees_no_other_session(app, council, client_for):
    st = groups(client_for, council, {"chutich": ["Thường trực HĐND"], "db01": ["Thường trực HĐND"]})["Thường trực HĐND"]
    add_agency(app, council, "Sở Tài chính")
    sec, chair = client_for("athuky"), client_for("achutich")
    official = client_for("acoquan")
    explain = sec.post("/api/sessions", {"kind": "explanation", "group_id": st, "title": "Phiên giải trình về ngân sách",
                                         **DATES}).json["session"]["id"]
    other = sec.post("/api/sessions", {"kind": "standing", "group_id": st, "title": "Phiên họp tháng 12",
                                       **DATES}).json["session"]["id"]
    sec.post(f"/api/sessions/{explain}/agenda", {"title": "Giải trình", "kind": "discussion_plenary"})
    for sid in (explain, other):
        assert sec.patch(f"/api/sessions/{sid}", {"status": "published"}).status_code == 200
    docs = {a: upload(sec, explain, a, f"giai-trinh-{a}") for a in ("public", "delegates", "confidential")}
    elsewhere = upload(sec, other, "public", "thang-12")
    # not invited yet: an official sees no session at all
    assert official.get("/api/sessions").json["sessions"] == []
    assert official.get(f"/api/sessions/{explain}").status_code == 404
    assert official.get(f"/api/documents/{docs['public']}/versions/1/file").status_code == 404
    assert sec.post(f"/api/sessions/{explain}/invitees", {"user_id": council.users["acoquan"]}).status_code == 200

    assert [s["id"] for s in official.get("/api/sessions").json["sessions"]] == [explain]
    assert {d["id"] for d in official.get(f"/api/sessions/{explain}/documents").json["documents"]} == \
        {docs["public"], docs["delegates"]}
    assert official.get(f"/api/documents/{docs['delegates']}/versions/1/file").status_code == 200
    assert official.get(f"/api/documents/{docs['confidential']}/versions/1/file").status_code == 404
    for path in (f"/api/sessions/{other}", f"/api/sessions/{council.session_id}", f"/api/sessions/{other}/documents",
                 f"/api/documents/{elsewhere}", f"/api/sessions/{explain}/polls", f"/api/sessions/{explain}/minutes"):
        assert official.get(path).status_code in (403, 404), path
    for u in ("achutich", "adb01"):
        client_for(u).post(f"/api/sessions/{explain}/check-in")
    assert chair.post(f"/api/sessions/{explain}/control", {"action": "open"}).status_code == 200
    given = chair.post(f"/api/sessions/{explain}/floor/chair", {"action": "give", "user_id": council.users["acoquan"],
                                                                "kind": "explanation"})
    assert given.status_code == 200, given.json
    assert given.json["event"]["patch"]["speaking"]["current"]["user_id"] == council.users["acoquan"]
    assert official.post(f"/api/sessions/{explain}/control", {"action": "pause"}).status_code == 403
