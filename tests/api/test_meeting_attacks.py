"""Meetings and questioning attacked from the inside: what a slip shows of the petition cases it cites to readers
who may not see those cases, agenda items deleted under documents and issue groups (the chain must keep what the
database changes by itself), a giao ban turned into another kind with another council's members still invited, and
edits made in SQL beside the product to slips, commitments and invitations, which `kyhop verify` must name."""
from __future__ import annotations

from server.documents.samples import make_pdf
from tests.api.test_giao_ban import DATES
from tests.api.test_meetings import groups
from tests.api.test_petitions import meeting as voter_meeting
from tests.api.test_petitions import petition
from tests.api.test_questioning import (
    TOMORROW,
    chain,
    chain_ok,
    constituency,
    officials,
    questioning_item,
    slip,
)
from tests.api.test_tamper import _verify_edited
from tests.factories import build_council


def test_a_slip_shows_only_the_cited_cases_its_reader_may_see(app, council, client_for):
    """A case's summary may name voters: citing it in a slip must not show it to a delegate of another
    constituency or to an official whose agency it was not sent to."""
    official, _ = officials(app, council)
    constituency(app, council, "adb01")
    constituency(app, council, "adb02", "Đơn vị bầu cử số 2")
    sec, d1, d2, ag = client_for("athuky"), client_for("adb01"), client_for("adb02"), client_for("acoquan")
    case = petition(sec, voter_meeting(sec, council), "Ông Nguyễn Văn A, thôn Đông, kiến nghị sửa đường")
    s1 = slip(d1, official, case_ids=[case["id"]], session_id=council.session_id)
    assert [c["id"] for c in s1["cases"]] == [case["id"]]  # the author sees what they cited
    assert [c["id"] for c in sec.get(f"/api/question-slips/{s1['id']}").json["cases"]] == [case["id"]]
    # the case is not d2's (another constituency) nor the official's (never sent to their agency)
    for reader in (d2, ag):
        assert reader.get(f"/api/petitions/{case['id']}").status_code == 404
        assert reader.get(f"/api/question-slips/{s1['id']}").json["cases"] == []
        listed = {x["id"]: x for x in reader.get("/api/question-slips").json["slips"]}
        assert listed[s1["id"]]["cases"] == []
        board = reader.get(f"/api/sessions/{council.session_id}/questioning").json
        assert all(x["cases"] == [] for x in board["unplaced"])
        assert "Nguyễn Văn A" not in str(reader.get("/api/question-slips").json)


def test_deleting_an_agenda_item_keeps_the_chain_whole(app, council, client_for):
    """The database clears a document's item when the item goes (ON DELETE SET NULL): the chain must hold that
    change too, or verify reports an edit nobody made."""
    sec = client_for("athuky")
    item = council.item_ids[1]
    r = sec.post(f"/api/sessions/{council.session_id}/documents?filename=a.pdf&kind=other&access=public&title=t"
                 f"&agenda_item_id={item}", data=make_pdf("t", 1), content_type="application/pdf")
    assert r.status_code == 201, r.json
    assert sec.delete(f"/api/agenda/{item}").status_code == 200
    assert sec.get(f"/api/documents/{r.json['document']['id']}").json["document"]["agenda_item_id"] is None
    assert chain_ok(app) == []


def test_an_applied_issue_groups_item_is_not_deleted_from_under_it(app, council, client_for):
    """The sub-item an issue group became holds its authors' floor requests: deleting it is refused (409), not a
    server error, and nothing changes."""
    official, _ = officials(app, council)
    chair, d1, sec = client_for("achutich"), client_for("adb01"), client_for("athuky")
    s1 = slip(d1, official, session_id=council.session_id)
    g = chair.post(f"/api/sessions/{council.session_id}/question-groups",
                   {"title": "Giao thông", "official_id": official, "slip_ids": [s1["id"]]}).json
    assert chair.patch(f"/api/question-groups/{g['id']}", {"selected": True}).status_code == 200
    item = questioning_item(sec, council)
    applied = chair.post(f"/api/sessions/{council.session_id}/questioning/apply", {"agenda_item_id": item}).json
    before = chain(app, council.council_id)
    for gone in (applied["items"][0]["agenda_item_id"], item):
        r = sec.delete(f"/api/agenda/{gone}")
        assert r.status_code == 409, (gone, r.status_code)
        assert r.json["error"]["message_vi"] and r.json["error"]["message_en"]
    assert chain(app, council.council_id) == before
    assert chair.get(f"/api/sessions/{council.session_id}/questioning").json["groups"][0]["agenda_item_id"] == \
        applied["items"][0]["agenda_item_id"]
    assert chain_ok(app) == []


def test_a_giao_ban_keeps_its_kind_while_another_council_is_invited(app, client_for):
    """Another council's members may be invited to a giao ban only: the meeting cannot become a kỳ họp or the
    standing committee's own meeting with them still invited (they would reach it)."""
    p = build_council(app, "p", name="HĐND tỉnh Sơn Lâm")
    c = build_council(app, "c", name="HĐND xã Tân Hòa")
    st = groups(client_for, p, {"chutich": ["Thường trực HĐND"], "db01": ["Thường trực HĐND"]})["Thường trực HĐND"]
    groups(client_for, c, {"chutich": ["Thường trực HĐND"]})
    psec = client_for("pthuky")
    gb = psec.post("/api/sessions", {"kind": "giao_ban", "group_id": st, "title": "Giao ban quý IV", **DATES}).json["session"]["id"]
    assert psec.post(f"/api/sessions/{gb}/invitees", {"council_id": c.council_id}).status_code == 200
    assert psec.patch(f"/api/sessions/{gb}", {"status": "published"}).status_code == 200
    before = chain(app, p.council_id)
    for change in ({"kind": "standing"}, {"kind": "regular", "group_id": None}, {"kind": "explanation"}):
        r = psec.patch(f"/api/sessions/{gb}", change)
        assert r.status_code == 409, (change, r.status_code, r.json)
        assert r.json["error"]["message_vi"] and r.json["error"]["message_en"]
    assert chain(app, p.council_id) == before
    assert client_for("pchutich").get(f"/api/sessions/{gb}").json["session"]["kind"] == "giao_ban"
    # with the other council's members no longer invited, it may change
    assert psec.delete(f"/api/sessions/{gb}/invitees/{c.users['cchutich']}").status_code == 200
    assert psec.patch(f"/api/sessions/{gb}", {"kind": "standing"}).status_code == 200


def test_verify_names_edits_of_questioning_and_invitations_made_beside_the_product(app, council, client_for):
    official, other = officials(app, council)
    st = groups(client_for, council, {"chutich": ["Thường trực HĐND"], "db01": ["Thường trực HĐND"]})["Thường trực HĐND"]
    sec, chair, d1 = client_for("athuky"), client_for("achutich"), client_for("adb01")
    s1 = slip(d1, official, session_id=council.session_id)
    g = chair.post(f"/api/sessions/{council.session_id}/question-groups",
                   {"title": "Giao thông", "official_id": official, "slip_ids": [s1["id"]]}).json
    assert client_for("acoquan").post(f"/api/question-slips/{s1['id']}/answer", {"text": "Đã có kế hoạch"}).status_code == 200
    promise = chair.post("/api/commitments", {"official_id": official, "text": "Sửa đường", "deadline": TOMORROW}).json
    m = sec.post("/api/sessions", {"kind": "explanation", "group_id": st, "title": "Giải trình", **DATES}).json["session"]["id"]
    assert sec.post(f"/api/sessions/{m}/invitees", {"user_id": official}).status_code == 200
    assert _verify_edited(app, []) == []
    edits = {
        "commitment done": ("UPDATE commitments SET status = 'done' WHERE id = :i", {"i": promise["id"]}, "commitments"),
        "commitment progress": ("UPDATE commitments SET progress = 'Xong' WHERE id = :i", {"i": promise["id"]}, "commitments"),
        "answer rewritten": ("UPDATE question_slips SET answer_text = 'Khác' WHERE id = :i", {"i": s1["id"]}, "question_slips"),
        "slip to another official": ("UPDATE question_slips SET official_id = :o WHERE id = :i",
                                     {"i": s1["id"], "o": other}, "question_slips"),
        "slip published": ("UPDATE question_slips SET public = true WHERE id = :i", {"i": s1["id"]}, "question_slips"),
        "group's official": ("UPDATE question_groups SET official_id = :o WHERE id = :i",
                             {"i": g["id"], "o": other}, "question_groups"),
        "commitment's recorder": ("UPDATE commitments SET created_by_id = :u WHERE id = :i",
                                  {"i": promise["id"], "u": council.users["athuky"]}, "commitments"),
        "invitation backdated": ("UPDATE session_invitees SET invited_at = '2020-01-01' WHERE session_id = :m",
                                 {"m": m}, "session_invitees"),
        "invitation removed": ("DELETE FROM session_invitees WHERE session_id = :m", {"m": m}, "session_invitees"),
        "invitation added": ("INSERT INTO session_invitees (session_id, user_id, council_id, invited_at) VALUES "
                             "(:s, :u, :c, '2026-01-01')".strip(),
                             {"s": council.session_id, "u": other, "c": council.council_id}, "session_invitees"),
    }
    for what, (statement, params, table) in edits.items():
        found = _verify_edited(app, [(statement, params)])
        assert found and all(table in f for f in found), (what, found)
