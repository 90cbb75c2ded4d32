"""Full-text search of the pages of the current versions of documents: one function for the session's search,
the council's archive and the public archive. Blind to diacritics and to đ/d: SQLite FTS5 over the text folded
in Python (migration 0008), PostgreSQL a tsvector of the text through the `kyhop` configuration, which folds
with unaccent (migration 0011). Every word of the query must be on the page; the last one also as the
beginning of a word. The pages holding the query's words in a row come first, then the best ranked: bm25 on
SQLite, ts_rank of the query's words on PostgreSQL.

Ranking reads each page it ranks, so it is bounded: the first CANDIDATES pages found in the index's order are
ranked, not all of them. A word on every page (ngân sách, hội đồng) costs the same as a word on a thousand;
a rarer query is ranked over every page that holds it.

The statements are built once (everything that varies is a parameter): building and keying a statement each
time cost more than searching a rare word."""
from __future__ import annotations

import functools

from sqlalchemy import Integer, String, any_, bindparam, case, column, func, literal_column, select, table, text
from sqlalchemy.dialects.postgresql import ARRAY

from server.db import db
from server.documents import rules
from server.documents.models import Document, DocumentPage, DocumentVersion
from server.errors import ApiError

CANDIDATES = 1000
_FTS = table("document_pages_fts", column("rowid"))
_KYHOP = literal_column("'kyhop'::regconfig")


def _too_short() -> ApiError:
    return ApiError(422, "invalid", "Từ khóa tìm kiếm quá ngắn.", "The search term is too short.", field="q")


def search(council_id: int, query: str, allowed: list[str], session_ids: list[int] | None = None,
           limit: int = 50) -> list[dict]:
    """The best pages first (then by document and page) of the council's documents of the `allowed` access
    levels, in `session_ids` if given. A page of a confidential document is its page only (snippet None): its
    words reach a reader only in their own stamped copy. A snippet marks its hits (rules.MARK_START/END)."""
    q = rules.fold(query)
    words = rules.terms(q)
    if len(q) < 2 or not words:
        raise _too_short()
    if session_ids is not None and not session_ids:
        return []
    s = db()
    sqlite = s.get_bind().dialect.name == "sqlite"
    ranked, params = (_sqlite, _sqlite_params) if sqlite else (_postgres, _postgres_params)
    ids = list(s.scalars(ranked(CANDIDATES, limit, session_ids is not None),
                         {**params(words), "council_id": council_id, "allowed": allowed, "sessions": session_ids}))
    if not ids:
        return []
    found = {row[0]: row[1:] for row in s.execute(_shown(sqlite), {"ids": ids})}
    return [{"document_id": doc_id, "title": title, "session_id": session_id, "page": page,
             "snippet": rules.snippet(page_text, words, folded) if page_text is not None else None}
            for doc_id, title, session_id, page, page_text, folded in (found[pid] for pid in ids)]


def _in(col, name: str, sqlite: bool, type_=Integer):
    """`col` in the list given as parameter `name`: SQLite expands it, PostgreSQL takes one array (the driver
    converts a statement of more than 50 parameters again at every execution)."""
    return col.in_(bindparam(name, expanding=True)) if sqlite else col == any_(bindparam(name, type_=ARRAY(type_)))


def _versions(by_session: bool, sqlite: bool):
    """The versions searched: the current ones of the council's documents of the allowed access levels (in the
    sessions given). A subquery the page query computes once, before its pages (never joined per page)."""
    versions = (select(DocumentVersion.id)
                .join(Document, (DocumentVersion.document_id == Document.id)
                      & (DocumentVersion.number == Document.current_version))
                .where(Document.council_id == bindparam("council_id"), _in(Document.access, "allowed", sqlite, String)))
    return versions.where(_in(Document.session_id, "sessions", sqlite)) if by_session else versions


@functools.cache
def _sqlite(candidates: int, limit: int, by_session: bool):
    """The first `candidates` pages in rowid order with bm25 (lower is better), the words in a row first."""
    found = (select(_FTS.c.rowid.label("id"), DocumentPage.version_id, DocumentPage.page,
                    literal_column("bm25(document_pages_fts)").label("score"))
             .join(DocumentPage, DocumentPage.id == _FTS.c.rowid)
             .where(text("document_pages_fts MATCH :every"), DocumentPage.version_id.in_(_versions(by_session, True)))
             .order_by(_FTS.c.rowid).limit(candidates).cte("found"))
    # the phrase looked for between the first and the last candidate only: FTS5 seeks to that range of rowids
    in_a_row = found.c.id.in_(select(_FTS.c.rowid).where(
        text("document_pages_fts MATCH :phrase"),
        _FTS.c.rowid.between(select(func.min(found.c.id)).scalar_subquery(),
                             select(func.max(found.c.id)).scalar_subquery())))
    return select(found.c.id).order_by(in_a_row.desc(), found.c.score, found.c.version_id, found.c.page).limit(limit)


def _sqlite_params(words: list[str]) -> dict:
    """Each word a quoted string: nothing the user types is FTS5 syntax; * after the last: a prefix."""
    return {"every": " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*',
            "phrase": '"' + " ".join(words) + '"*'}


@functools.cache
def _postgres(candidates: int, limit: int, by_session: bool):
    """The first `candidates` pages found, the words in a row first, then by ts_rank of any of the words (how
    often they occur, over the page's length: cheaper than the rank of all of them together, which weighs every
    pair of their positions); the tsvector is in the row (migration 0011), so this reads no TOAST. The
    versions are an array computed once (an InitPlan), so the planner cannot join them once per page."""
    tsv = literal_column("document_pages.folded_tsv")
    every, phrase, any_word = (func.to_tsquery(_KYHOP, bindparam(name, type_=String))
                               for name in ("every", "phrase", "any_word"))
    found = (select(DocumentPage.id, DocumentPage.version_id, DocumentPage.page,
                    tsv.op("@@")(phrase).label("in_a_row"), func.ts_rank(tsv, any_word, 1).label("score"))
             .where(tsv.op("@@")(every),
                    DocumentPage.version_id == any_(func.array(_versions(by_session, False).scalar_subquery())))
             .limit(candidates).subquery("found"))
    return (select(found.c.id).order_by(found.c.in_a_row.desc(), found.c.score.desc(), found.c.version_id,
                                        found.c.page).limit(limit))


def _postgres_params(words: list[str]) -> dict:
    quoted = [f"'{w}'" for w in words[:-1]] + [f"'{words[-1]}':*"]
    return {"every": " & ".join(quoted), "phrase": " <-> ".join(quoted), "any_word": " | ".join(quoted)}


@functools.cache
def _shown(sqlite: bool):
    """What is shown of the pages found, read after ranking (not carried through the sort of every match); the
    words of a page that may not be quoted are not even read."""
    quotable = Document.access.in_([a for a in rules.ACCESS if rules.may_quote(a)])
    return (select(DocumentPage.id, Document.id, Document.title, Document.session_id, DocumentPage.page,
                   case((quotable, DocumentPage.text)), case((quotable, DocumentPage.folded)))
            .join(DocumentVersion, DocumentVersion.id == DocumentPage.version_id)
            .join(Document, Document.id == DocumentVersion.document_id)
            .where(_in(DocumentPage.id, "ids", sqlite)))
