"""The public archive: what the public and the press may read, without logging in.

Only sessions the council marked public and that have begun; only public documents; every closed poll
with its counts and result — for open votes how each delegate voted, for secret kinds totals only, with
the board of encrypted ballots that lets anyone recheck them (server/voting/board.py). A public meeting's
conclusion notice after bế mạc; the question slips, answers and commitments the council published, with the
commitments' status (server/archive/questions.py).
"""
from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify
from sqlalchemy import select

from server.accounts.models import DELEGATE_ROLES, User
from server.agenda.service import agenda_json, items_of
from server.agenda.shapes import AGENDA_ITEM
from server.archive import bundle as bundles
from server.archive import minutes, questions, signing
from server.archive.conclusion import CONCLUSION
from server.archive.models import Resolution
from server.archive.resolutions import resolution_json
from server.archive.shapes import RESOLUTION
from server.councils.models import Council
from server.db import db
from server.documents import rules as doc_rules
from server.documents import service as documents
from server.documents import storage
from server.documents.models import Document, DocumentVersion
from server.documents.search import search as search_pages
from server.documents.shapes import DOCUMENT, HIT
from server.errors import ApiError
from server.questioning.shapes import ANSWER, COMMITMENT, OFFICIAL
from server.sessions.models import MEETING_KINDS, CouncilSession
from server.sessions.service import session_json
from server.sessions.shapes import SESSION
from server.sessions.web import serve_file
from server.shapes import BOOL, DATE, INT, STR, TIME, arr, extend, null, obj
from server.validation import Field, accepts, query, returns
from server.voting.board import board_json
from server.voting.models import OpenBallot, Poll, PollVoter
from server.voting.reading import poll_json
from server.voting.shapes import BOARD, POLL

bp = Blueprint("public", __name__, url_prefix="/api/public")
_COUNCIL = obj({"id": INT, "name": STR})
PUBLIC_STATUSES = ("in_progress", "closed")


def _not_found() -> ApiError:
    return ApiError(404, "not_found", "Không tìm thấy.", "Not found.")


def _is_public():
    """The sessions in the public archive: marked public by the council and begun (khai mạc)."""
    return CouncilSession.public.is_(True) & CouncilSession.status.in_(PUBLIC_STATUSES)


def _public_session(session_id: int) -> CouncilSession:
    cs = db().get(CouncilSession, session_id)
    if cs is None or not cs.public or cs.status not in PUBLIC_STATUSES:
        raise _not_found()
    return cs


def _closed_public_session(session_id: int) -> CouncilSession:
    """A public session after bế mạc: its minutes and its bundle are final and public with it."""
    cs = _public_session(session_id)
    if cs.status != "closed":
        raise _not_found()
    return cs


def _public_council(council_id: int) -> Council:
    """The council, if it has a public session; a council with none is not in the public archive at all
    (not its name, not its delegates)."""
    council = db().get(Council, council_id)
    if council is None or db().scalar(select(CouncilSession.id).where(
            CouncilSession.council_id == council.id, _is_public()).limit(1)) is None:
        raise _not_found()
    return council


def _public_poll(p: Poll) -> dict:
    out = poll_json(db(), p, full=True)
    if out["result"]:
        out["result"] = {k: v for k, v in out["result"].items() if k != "receipts"}
    return out


@bp.get("/councils")
@returns(obj({"councils": arr(obj({"id": INT, "name": STR, "level": STR}))}))
def councils():
    rows = db().execute(select(Council.id, Council.name, Council.level).where(Council.id.in_(
        select(CouncilSession.council_id).where(_is_public()))).order_by(Council.name)).all()
    return jsonify({"councils": [{"id": i, "name": n, "level": lv} for i, n, lv in rows]})


@bp.get("/councils/<int:council_id>/sessions")
@returns(obj({"council": _COUNCIL, "sessions": arr(SESSION)}))
def sessions(council_id: int):
    council = _public_council(council_id)
    rows = db().scalars(select(CouncilSession).where(CouncilSession.council_id == council.id, _is_public())
                        .order_by(CouncilSession.start_date.desc())).all()
    return jsonify({"council": {"id": council.id, "name": council.name}, "sessions": [session_json(cs) for cs in rows]})


_FILES = obj({"minutes_pdf": null(STR), "minutes_signed_pdf": null(STR), "bundle": null(STR)},
             {"conclusion_pdf": null(STR), "conclusion_signed_pdf": null(STR)})


@bp.get("/sessions/<int:session_id>")
@returns(obj({"council": _COUNCIL, "session": SESSION, "agenda": arr(AGENDA_ITEM), "documents": arr(DOCUMENT), "polls": arr(POLL),
              "resolutions": arr(extend(RESOLUTION, {"document_url": null(STR)})), "files": _FILES}))
def session(session_id: int):
    """The session as the public reads it: agenda, public documents, closed polls, the resolutions they
    passed (with the resolution's document when it is public) and, after bế mạc, the minutes (and their
    signed copy) and the open-data bundle."""
    cs = _public_session(session_id)
    s = db()
    docs = [d for d in s.scalars(select(Document).where(Document.session_id == cs.id).order_by(Document.id))
            if d.access == "public"]
    public_docs = {d.id for d in docs}
    polls = s.scalars(select(Poll).where(Poll.session_id == cs.id, Poll.status.in_(("closed", "cancelled")))
                      .order_by(Poll.id)).all()
    council = s.get(Council, cs.council_id)
    rows = s.scalars(select(Resolution).where(Resolution.session_id == cs.id).order_by(Resolution.year, Resolution.number))
    base = f"/api/public/sessions/{cs.id}"
    closed = cs.status == "closed"
    return jsonify({"council": {"id": council.id, "name": council.name}, "session": session_json(cs),
                    "agenda": agenda_json(items_of(s, cs.id)),
                    "documents": [{**documents.document_json(s, d), "url": f"/api/public/documents/{d.id}/file"} for d in docs],
                    "polls": [_public_poll(p) for p in polls],
                    "resolutions": [{**resolution_json(r), "document_id": r.document_id if r.document_id in public_docs else None,
                                     "document_url": f"/api/public/documents/{r.document_id}/file"
                                     if r.document_id in public_docs else None} for r in rows],
                    "files": {"minutes_pdf": f"{base}/minutes.pdf" if closed else None,
                              "minutes_signed_pdf": f"{base}/minutes.signed.pdf"
                              if closed and signing.current(s, cs.id, "minutes") else None,
                              "bundle": f"{base}/bundle.zip" if closed else None,
                              **_conclusion_files(cs, base)}})


def _conclusion_files(cs: CouncilSession, base: str) -> dict:
    """A meeting's conclusion notice after bế mạc (a plenary session has none)."""
    if cs.status != "closed" or cs.kind not in MEETING_KINDS:
        return {}
    return {"conclusion_pdf": f"{base}/conclusion.pdf", "conclusion_signed_pdf": f"{base}/conclusion.signed.pdf"
            if signing.current(db(), cs.id, "conclusion") else None}


def _rendered_minutes(cs: CouncilSession, paper: minutes.Paper = minutes.MINUTES) -> bytes:
    return minutes.pdf_bytes(current_app.config["KYHOP"], db(), cs, minutes.current(db(), cs, paper), paper)


def _closed_public_meeting(session_id: int) -> CouncilSession:
    cs = _closed_public_session(session_id)
    if cs.kind not in MEETING_KINDS:
        raise _not_found()
    return cs


@bp.get("/sessions/<int:session_id>/minutes.pdf")
@accepts(produces="application/pdf")
def minutes_pdf(session_id: int):
    """A public session's minutes after bế mạc (before it they are a draft, and not public)."""
    cs = _closed_public_session(session_id)
    return Response(_rendered_minutes(cs), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="bien-ban-ky-hop-{cs.number}.pdf"'})


@bp.get("/sessions/<int:session_id>/minutes.signed.pdf")
@accepts(produces="application/pdf")
def signed_minutes_pdf(session_id: int):
    return _signed(_closed_public_session(session_id), minutes.MINUTES)


def _signed(cs: CouncilSession, paper: minutes.Paper):
    row = signing.current(db(), cs.id, paper.kind)
    if row is None:
        raise _not_found()
    return serve_file(storage.object_path(current_app.config["KYHOP"], row.sha256), row.sha256, row.created_at,
                      f"{paper.stem}-{cs.number}-ky-so.pdf")


@bp.get("/sessions/<int:session_id>/conclusion.pdf")
@accepts(produces="application/pdf")
def conclusion_pdf(session_id: int):
    """A public meeting's conclusion notice after bế mạc."""
    cs = _closed_public_meeting(session_id)
    return Response(_rendered_minutes(cs, CONCLUSION), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{CONCLUSION.stem}-{cs.number}.pdf"'})


@bp.get("/sessions/<int:session_id>/conclusion.signed.pdf")
@accepts(produces="application/pdf")
def signed_conclusion_pdf(session_id: int):
    cs = _closed_public_meeting(session_id)
    return _signed(cs, CONCLUSION)


@bp.get("/sessions/<int:session_id>/bundle.zip")
@accepts(produces="application/zip")
def session_bundle(session_id: int):
    """The open-data bundle of a public session after bế mạc: public documents only, and in the chain the
    entries of the other documents withheld (numbers and hashes only) — `kyhop verify` checks it all the same."""
    cs = _closed_public_session(session_id)
    data = bundles.build(db(), cs, _rendered_minutes(cs), public=True,
                         conclusion_pdf=_rendered_minutes(cs, CONCLUSION) if cs.kind in MEETING_KINDS else None)
    return Response(data, mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="ky-hop-{cs.number}.zip"'})


@bp.get("/polls/<int:poll_id>/board")
@returns(BOARD)
def poll_board(poll_id: int):
    """A closed secret poll's board: every encrypted ballot with its tracker and proofs, the committee's key
    and decryptions — what `kyhop verify` and anyone's own verifier recheck."""
    p = db().get(Poll, poll_id)
    if p is None or p.key_id is None or p.status != "closed":
        raise _not_found()
    _public_session(p.session_id)
    return jsonify({"board": board_json(db(), p)})


@bp.get("/documents/<int:doc_id>/file")
@accepts(produces="application/pdf")
def document_file(doc_id: int):
    doc = db().get(Document, doc_id)
    if doc is None or doc.access != "public":
        raise _not_found()
    _public_session(doc.session_id)
    v = db().scalar(select(DocumentVersion).where(DocumentVersion.document_id == doc.id,
                                                  DocumentVersion.number == doc.current_version))
    path, etag = documents.file_for(doc, v, None)
    return serve_file(path, etag, v.uploaded_at, v.filename)


_VOTE = obj({"poll_id": INT, "title": STR, "session": STR, "session_id": INT, "choice": STR, "passed": null(BOOL)},
            {"session_date": DATE, "item": null(obj({"id": INT, "number": STR, "title": STR}))})


@bp.get("/delegates/<int:user_id>/votes")
@returns(obj({"delegate": obj({"id": INT, "full_name": STR, "title": STR}), "votes": arr(_VOTE)}, {"council": _COUNCIL}))
def delegate_votes(user_id: int):
    """A delegate's public voting record: their choice in every open vote of the public sessions, with the
    agenda item voted on. Only delegates of a council in the public archive (a council without a public
    session names nobody)."""
    s = db()
    u = s.get(User, user_id)
    if u is None or u.role not in DELEGATE_ROLES:
        raise _not_found()
    council = _public_council(u.council_id)
    rows = s.execute(select(Poll, CouncilSession, PollVoter.present, OpenBallot.choice)
                     .join(CouncilSession, CouncilSession.id == Poll.session_id)
                     .join(PollVoter, (PollVoter.poll_id == Poll.id) & (PollVoter.user_id == u.id))
                     .outerjoin(OpenBallot, (OpenBallot.poll_id == Poll.id) & (OpenBallot.user_id == u.id))
                     .where(Poll.kind == "open", Poll.status == "closed", CouncilSession.council_id == u.council_id,
                            _is_public())
                     .order_by(Poll.closed_at.desc())).all()
    items: dict[int, dict] = {}
    for sid in {cs.id for _p, cs, _present, _choice in rows}:
        items.update({i["id"]: {"id": i["id"], "number": i["number"], "title": i["title"]}
                      for i in agenda_json(items_of(s, sid))})
    return jsonify({"delegate": {"id": u.id, "full_name": u.full_name, "title": u.title},
                    "council": {"id": council.id, "name": council.name},
                    "votes": [{"poll_id": p.id, "title": p.title, "session": cs.title, "session_id": cs.id,
                               "session_date": cs.start_date.isoformat(), "item": items.get(p.agenda_item_id),
                               "choice": choice or ("did_not_vote" if present else "absent"),
                               "passed": (p.result or {}).get("passed")} for p, cs, present, choice in rows]})


@bp.get("/search")
@accepts(query={"council": Field("id", required=True, label_vi="Hội đồng", label_en="Council"),
                "q": Field("text", required=True, max_len=200, label_vi="Từ khóa", label_en="Search term")})
@returns(obj({"polls": arr(obj({"type": STR, "poll_id": INT, "session_id": INT, "title": STR})), "documents": arr(HIT)}))
def search():
    """Across the public sessions of a council: poll titles and public documents' text, without diacritics.
    A council without a public session is not found."""
    args = query()
    council_id, q = _public_council(args["council"]).id, doc_rules.fold(args["q"])
    if len(q) < 2:
        raise ApiError(422, "invalid", "Cần hội đồng và từ khóa (ít nhất 2 ký tự).",
                       "Give a council and a search term (2 characters or more).", field="q")
    s = db()
    public_sessions = list(s.scalars(select(CouncilSession.id).where(CouncilSession.council_id == council_id,
                                                                     _is_public())))
    polls = [{"type": "poll", "poll_id": p.id, "session_id": p.session_id, "title": p.title}
             for p in s.scalars(select(Poll).where(Poll.session_id.in_(public_sessions), Poll.status == "closed"))
             if q in doc_rules.fold(p.title)]
    hits = search_pages(council_id, q, ["public"], public_sessions)
    return jsonify({"polls": polls, "documents": hits})


_PUBLIC_SLIP = obj({"id": INT, "author": obj({"id": INT, "full_name": STR}), "official": OFFICIAL, "session_id": null(INT),
                    "text": STR, "follows_up_id": null(INT), "group_id": null(INT), "status": STR, "answer": null(ANSWER),
                    "answer_deadline": null(DATE), "overdue": BOOL, "public": BOOL, "created_at": TIME})


@bp.get("/councils/<int:council_id>/questions")
@returns(obj({"council": _COUNCIL, "slips": arr(_PUBLIC_SLIP), "commitments": arr(COMMITMENT)}))
def council_questions(council_id: int):
    """The question slips the council published, with their answers (live or written, late ones marked), and
    the commitments it published, each open, overdue or done. Delegates' and officials' names only: not the
    petition cases a slip cites."""
    s = db()
    council = s.get(Council, council_id)
    if council is None or not questions.publishes(s, council.id):
        council = _public_council(council_id)
    return jsonify({"council": {"id": council.id, "name": council.name}, **questions.of_council(s, council.id)})
