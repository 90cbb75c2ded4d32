from server.documents.shapes import SIGNATURE
from server.sessions.shapes import SEAL_TIMESTAMP
from server.shapes import BOOL, DATE, INT, LINE, STR, TIME, arr, dict_of, null, obj

RESOLUTION = obj({"id": INT, "code": STR, "number": INT, "year": INT, "normative": BOOL, "title": STR,
                  "adopted_on": DATE, "poll_id": INT, "session_id": INT, "document_id": null(INT)})
ACTIVITY = obj({"term": obj({"id": INT, "name": STR}), "delegates": arr(obj({
    "user_id": INT, "full_name": STR, "title": STR, "constituency": STR, "sessions": INT, "present": INT,
    "excused": INT, "attendance": LINE, "speeches": dict_of(INT), "speaking_s": INT, "polls": INT,
    "polls_present": INT, "polls_voted": INT, "slips": INT, "questions": INT, "follow_ups": INT}))})
SIGNED = obj({"id": INT, "kind": STR, "origin": STR, "sha256": STR, "size": INT, "resolution_id": null(INT),
              "signatures": arr(SIGNATURE), "created_at": TIME, "url": STR})
MINUTES = obj({"text": STR}, {"sealed_hash": null(STR), "seal_timestamp": null(SEAL_TIMESTAMP), "signed": null(SIGNED),
                              "updated_at": TIME})
