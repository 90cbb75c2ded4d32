from server.shapes import BOOL, DATE, INT, STR, TIME, arr, null, obj

OFFICIAL = obj({"id": INT, "full_name": STR, "agency": obj({"id": INT, "name": STR})})
ANSWER = obj({"mode": STR, "text": STR, "at": TIME, "late": BOOL, "speech_id": null(INT)})
SLIP = obj({"id": INT, "author": obj({"id": INT, "full_name": STR}), "official": OFFICIAL, "session_id": null(INT),
            "text": STR, "cases": arr(obj({"id": INT, "code": STR, "summary": STR, "status": STR})),
            "follows_up": null(obj({"id": INT, "text": STR, "official": OFFICIAL})), "group_id": null(INT),
            "status": STR, "answer": null(ANSWER), "answer_deadline": null(DATE), "overdue": BOOL, "public": BOOL,
            "created_at": TIME})
GROUP = obj({"id": INT, "title": STR, "official": OFFICIAL, "selected": BOOL, "agenda_item_id": null(INT),
             "position": INT, "session_id": INT, "slips": arr(SLIP)})
COMMITMENT = obj({"id": INT, "official": OFFICIAL, "session_id": null(INT), "slip_id": null(INT),
                  "group_id": null(INT), "text": STR, "deadline": DATE, "status": STR, "done_on": null(DATE),
                  "progress": STR, "overdue": BOOL, "public": BOOL, "created_at": TIME})
BOARD = obj({"groups": arr(GROUP), "unplaced": arr(SLIP), "earlier_commitments": arr(COMMITMENT)})
APPLIED = obj({"items": arr(obj({"group_id": INT, "agenda_item_id": INT}))})
ANSWERER = null(obj({"id": INT, "full_name": STR}))
