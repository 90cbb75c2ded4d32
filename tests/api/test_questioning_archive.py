"""Questioning in the archive: the public archive shows the slips, answers and commitments the council published
(commitments open, overdue or done), nothing unpublished and no voter's name; a meeting's bundle carries its
questioning and its conclusion notice; delegate activity counts slips, questions asked and follow-ups."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, timedelta

from sqlalchemy import select, update

from server.db import transaction
from server.petitions.models import PetitionCase
from server.questioning.models import Commitment, QuestionSlip
from server.sessions.models import CouncilSession
from tests.api.test_conclusion import A_WRITTEN, PROMISES, Q_FOLLOW, Q_SLIP, Q_WRITTEN, held_meeting
from tests.factories import build_council
from tests.tablets import ok

VOTER = "Ông Nguyễn Văn Tư"  # a voter named in a petition a slip cites


def publish(app, m, slips=(), commitments=()) -> None:
    with app.app_context(), transaction() as s:
        s.execute(update(QuestionSlip).where(QuestionSlip.id.in_(slips)).values(public=True))
        s.execute(update(Commitment).where(Commitment.id.in_(commitments)).values(public=True))


def cite_a_petition(app, data, slip_id: int) -> None:
    with app.app_context(), transaction() as s:
        case = PetitionCase(council_id=data.council_id, code=f"KN-{slip_id:06d}", summary=f"{VOTER} đề nghị nạo vét kênh",
                            field="environment", level="province", status="in_progress")
        s.add(case)
        s.flush()
        s.get(QuestionSlip, slip_id).case_ids = [case.id]


def test_the_public_archive_shows_what_was_published_with_the_commitments_status(app, client_for):
    data = build_council(app, "p", delegates=5)
    m = held_meeting(app, data, kind="standing")
    slip, written, follow = m.slips
    cite_a_petition(app, data, slip)
    done, overdue, unpublished = m.commitments
    with app.app_context(), transaction() as s:
        s.get(Commitment, done).status, s.get(Commitment, done).done_on = "done", date(2026, 11, 1)
        s.get(Commitment, overdue).deadline = date.today() - timedelta(days=3)
    anon = client_for()
    url = f"/api/public/councils/{data.council_id}/questions"
    assert anon.get(url).status_code == 404  # nothing published, no public session: the council is not there
    publish(app, m, slips=(slip, written), commitments=(done, overdue))
    got = ok(anon.get(url))
    assert got["council"]["name"] == "HĐND xã P"
    texts = {x["text"]: x for x in got["slips"]}
    assert set(texts) == {Q_SLIP, Q_WRITTEN}  # the follow-up was not published
    assert texts[Q_SLIP]["author"]["full_name"] == "Đại Biểu Số 1"
    assert texts[Q_SLIP]["official"]["full_name"] == "Cán bộ Sở Giao thông vận tải"
    assert texts[Q_SLIP]["answer"]["mode"] == "live"  # the group's official answered at the meeting
    answer = texts[Q_WRITTEN]["answer"]
    assert answer["mode"] == "written" and answer["text"] == A_WRITTEN and answer["late"] is True
    status = {c["text"]: c["status"] for c in got["commitments"]}
    assert status == {PROMISES[0]: "done", PROMISES[1]: "overdue"}
    body = json.dumps(got, ensure_ascii=False)
    assert Q_FOLLOW not in body and PROMISES[2] not in body and VOTER not in body and "KN-" not in body
    assert unpublished and follow
    assert client_for().get("/api/public/councils/999999/questions").status_code == 404


def test_a_meetings_bundle_carries_its_questioning_and_conclusion(app, client_for):
    data = build_council(app, "b", delegates=5)
    m = held_meeting(app, data, kind="explanation")
    publish(app, m, slips=(m.slips[0],), commitments=(m.commitments[0],))
    with app.app_context(), transaction() as s:
        s.get(CouncilSession, m.session_id).public = True
    private = client_for("bthuky").get(f"/api/sessions/{m.session_id}/bundle.zip")
    public = client_for().get(f"/api/public/sessions/{m.session_id}/bundle.zip")
    for r, slips, promises in ((private, {Q_SLIP, Q_WRITTEN, Q_FOLLOW}, set(PROMISES)), (public, {Q_SLIP}, {PROMISES[0]})):
        assert r.status_code == 200, r.json
        z = zipfile.ZipFile(io.BytesIO(r.data))
        q = json.loads(z.read("questioning.json"))
        assert {x["text"] for x in q["slips"]} == slips and {c["text"] for c in q["commitments"]} == promises
        assert VOTER not in z.read("questioning.json").decode()
        assert Q_FOLLOW in z.read("conclusion.txt").decode() and z.read("conclusion.pdf")[:5] == b"%PDF-"
        assert "conclusion.pdf" in z.read("MANIFEST.sha256").decode()
    files = ok(client_for().get(f"/api/public/sessions/{m.session_id}"))["files"]
    assert files["conclusion_pdf"] and files["conclusion_signed_pdf"] is None
    assert client_for().get(files["conclusion_pdf"]).data[:5] == b"%PDF-"
    plenary = client_for().get(f"/api/public/sessions/{data.session_id}/conclusion.pdf")
    assert plenary.status_code == 404


def test_delegate_activity_counts_slips_questions_and_follow_ups(app, client_for):
    data = build_council(app, "c", delegates=5)
    m = held_meeting(app, data, kind="standing")
    with app.app_context(), transaction() as s:  # a withdrawn slip is not counted
        s.add(QuestionSlip(council_id=data.council_id, author_id=data.users["cdb01"], official_id=m.official,
                           text="Rút lại", status="withdrawn"))
        assert s.scalar(select(QuestionSlip.id).where(QuestionSlip.follows_up_id.is_not(None)))
    rows = {r["full_name"]: r for r in ok(client_for("cthuky").get("/api/activity"))["delegates"]}
    # Số 1 wrote two slips for the meeting; Số 2 an earlier one (for no meeting), its follow-up, and asked live
    assert (rows["Đại Biểu Số 1"]["slips"], rows["Đại Biểu Số 1"]["questions"], rows["Đại Biểu Số 1"]["follow_ups"]) == (2, 0, 0)
    assert (rows["Đại Biểu Số 2"]["slips"], rows["Đại Biểu Số 2"]["questions"], rows["Đại Biểu Số 2"]["follow_ups"]) == (2, 1, 1)
    assert (rows["Đại Biểu Số 3"]["slips"], rows["Đại Biểu Số 3"]["questions"]) == (0, 0)
    sheet = client_for("cthuky").get("/api/activity?format=csv").data.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(sheet)))
    head, second = table[0], next(r for r in table if r[0] == "Đại Biểu Số 2")
    assert [second[head.index(c)] for c in ("Phiếu chất vấn", "Chất vấn tại kỳ họp, phiên họp", "Tái chất vấn")] == ["2", "1", "1"]
