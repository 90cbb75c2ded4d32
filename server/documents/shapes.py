from server.shapes import BOOL, INT, STR, TIME, arr, null, obj

# a PDF signature as validated (worker.signatures_of): signer, their time, the TSA's time, the verdicts
SIGNATURE = obj({"field": STR, "signer": null(STR), "signed_at": null(STR), "timestamp": null(STR), "tsa": null(STR),
                 "intact": BOOL, "valid": BOOL, "trusted": BOOL, "whole_document": BOOL}, {"summary": STR, "problem": STR})
VERSION = obj({"number": INT, "pages": INT, "size": INT, "sha256": STR, "filename": STR, "uploaded_at": TIME,
               "url": STR, "signatures": null(arr(SIGNATURE))})
# problems (staff only): what failed on the current file after ingest — left out of the packet, not stamped
PROBLEM = obj({"kind": STR, "found_at": TIME})
DOCUMENT = obj({"id": INT, "session_id": INT, "agenda_item_id": null(INT), "title": STR, "kind": STR, "access": STR,
                "current": VERSION}, {"versions": arr(VERSION), "url": STR, "problems": arr(PROBLEM)})
# snippet: null for a confidential document — its page only, never its words (rules.may_quote); otherwise plain
# text with each hit between \u0002 and \u0003 (rules.MARK_START/END: the client escapes it and marks them)
HIT = obj({"document_id": INT, "title": STR, "session_id": INT, "page": INT, "snippet": null(STR)})
# a revision's change summary (changes.py): the pages of version `to` not unchanged since version `from`, each with
# the changed passages (the new words, their word positions on the page and the characters before them without
# spaces, the old words they replace); from_pages: for every page of `to`, its page in `from` (null: added)
PASSAGE = obj({"start": INT, "end": INT, "at": INT, "text": STR, "removed": STR})
CHANGES = obj({"document_id": INT, "from": INT, "to": INT, "pages": INT, "unchanged": INT, "removed": arr(INT),
               "changed": arr(obj({"page": INT, "status": STR, "from_page": null(INT), "passages": arr(PASSAGE)})),
               "from_pages": arr(null(INT))})
