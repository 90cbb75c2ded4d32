from server.shapes import INT, STR, TIME, arr, null, obj

VERSION = obj({"number": INT, "pages": INT, "size": INT, "sha256": STR, "filename": STR, "uploaded_at": TIME,
               "url": STR})
DOCUMENT = obj({"id": INT, "session_id": INT, "agenda_item_id": null(INT), "title": STR, "kind": STR, "access": STR,
                "current": VERSION}, {"versions": arr(VERSION), "url": STR})
# snippet: null for a confidential document — its page only, never its words (rules.may_quote)
HIT = obj({"document_id": INT, "title": STR, "session_id": INT, "page": INT, "snippet": null(STR)})
