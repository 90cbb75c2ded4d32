"""Full-text search of the pages of the current versions of documents: one function for the session's search,
the council's archive and the public archive. The index (migration 0008) is over the folded text, so the
search is blind to diacritics and to đ/d: SQLite FTS5 ranked by bm25, PostgreSQL a tsvector ranked by
ts_rank, after the pages holding the query's words in a row. Every word of the query must be on the page;
the last one also as the beginning of a word."""
from __future__ import annotations

from sqlalchemy import column, func, literal_column, select, table, text

from server.db import db
from server.documents import rules
from server.documents.models import Document, DocumentPage, DocumentVersion
from server.errors import ApiError

_FTS = table("document_pages_fts", column("rowid"))


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
    # the versions searched: the current ones of the documents the reader may see (few, next to the pages)
    versions = (select(DocumentVersion.id)
                .join(Document, (DocumentVersion.document_id == Document.id)
                      & (DocumentVersion.number == Document.current_version))
                .where(Document.council_id == council_id, Document.access.in_(allowed)))
    if session_ids is not None:
        versions = versions.where(Document.session_id.in_(session_ids))
    stmt = select(DocumentPage.id).where(DocumentPage.version_id.in_(versions))
    # the pages with the words as typed, one after the other, first; then the best ranked
    if s.get_bind().dialect.name == "sqlite":
        # each word a quoted string: nothing the user types is FTS5 syntax; * after the last: a prefix
        every = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
        phrase = '"' + " ".join(words) + '"*'
        in_a_row = DocumentPage.id.in_(select(_FTS.c.rowid).where(text("document_pages_fts MATCH :phrase")
                                                                  .bindparams(phrase=phrase)))
        stmt = (stmt.join(_FTS, _FTS.c.rowid == DocumentPage.id)
                .where(text("document_pages_fts MATCH :every").bindparams(every=every.strip()))
                .order_by(in_a_row.desc(), literal_column("bm25(document_pages_fts)")))  # bm25: lower is better
    else:
        quoted = [f"'{w}'" for w in words[:-1]] + [f"'{words[-1]}':*"]
        tsv = literal_column("document_pages.folded_tsv")
        every = func.to_tsquery(literal_column("'simple'::regconfig"), " & ".join(quoted))
        phrase = func.to_tsquery(literal_column("'simple'::regconfig"), " <-> ".join(quoted))
        stmt = stmt.where(tsv.op("@@")(every)).order_by(tsv.op("@@")(phrase).desc(), func.ts_rank(tsv, every).desc())
    ids = list(s.scalars(stmt.order_by(DocumentPage.version_id, DocumentPage.page).limit(limit)))
    if not ids:
        return []
    # what is shown of the pages found, read after ranking (not carried through the sort of every match)
    found = {pid: (doc_id, title, sid, access, page) for pid, doc_id, title, sid, access, page in s.execute(
        select(DocumentPage.id, Document.id, Document.title, Document.session_id, Document.access, DocumentPage.page)
        .join(DocumentVersion, DocumentVersion.id == DocumentPage.version_id)
        .join(Document, Document.id == DocumentVersion.document_id).where(DocumentPage.id.in_(ids)))}
    quotable = [pid for pid in ids if rules.may_quote(found[pid][3])]
    texts = {pid: (t, f) for pid, t, f in s.execute(select(DocumentPage.id, DocumentPage.text, DocumentPage.folded)
                                                    .where(DocumentPage.id.in_(quotable)))} if quotable else {}
    return [{"document_id": found[pid][0], "title": found[pid][1], "session_id": found[pid][2], "page": found[pid][4],
             "snippet": rules.snippet(texts[pid][0], words, texts[pid][1]) if pid in texts else None} for pid in ids]
