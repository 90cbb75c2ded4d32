from server.shapes import BOOL, DATE, INT, STR, TIME, arr, extend, null, obj

AGENCY = obj({"id": INT, "name": STR, "level": STR, "email": STR, "active": BOOL})
MEETING = obj({"id": INT, "held_on": DATE, "place": STR, "constituency": STR, "group_id": null(INT), "voters": INT,
               "delegate_ids": arr(INT), "record_filename": null(STR), "petitions": INT})
FILE = obj({"filename": STR, "sha256": STR, "size": INT})
UPLOADED = extend(FILE, {"token": STR})  # an answer names its files so (api._file_token)
CASE = obj({"id": INT, "code": STR, "summary": STR, "field": STR, "level": STR, "area": STR, "committee_id": null(INT),
            "status": STR, "agency_id": null(INT), "agency": null(STR), "deadline": null(DATE), "overdue": BOOL,
            "due_soon": BOOL, "merged_into": null(STR), "resolved_on": null(DATE), "petitions": INT, "answer": null(STR),
            "answered_at": null(TIME), "updated_at": TIME})
STEP = obj({"id": INT, "kind": STR, "status": STR, "agency": null(STR), "deadline": null(DATE), "text": STR,
            "files": arr(FILE), "by": null(STR), "at": TIME})
ORIGIN = obj({"id": INT, "text": STR, "area": STR, "meeting": obj({"id": INT, "held_on": DATE, "place": STR,
                                                                    "constituency": STR})})
CASE_DETAIL = extend(CASE, {"origins": arr(ORIGIN), "steps": arr(STEP), "merged_codes": arr(STR)})
PUBLIC_CASE = obj({"code": STR, "summary": STR, "field": STR, "level": STR, "area": STR, "status": STR,
                   "agency": null(STR), "deadline": null(DATE), "answer": null(STR), "answered_at": null(TIME),
                   "steps": arr(obj({"kind": STR, "status": STR, "agency": null(STR), "at": TIME}))})
COUNT = obj({"key": STR, "label": STR, "count": INT})
REPORT = obj({"council": obj({"id": INT, "name": STR}), "from": null(DATE), "to": null(DATE), "today": DATE, "total": INT,
              "by_status": arr(COUNT), "by_field": arr(COUNT), "by_level": arr(COUNT),
              "by_agency": arr(obj({"agency_id": null(INT), "name": STR, "total": INT, "resolved": INT, "explained": INT,
                                    "pending": INT, "not_resolved": INT, "overdue": INT})),
              "overdue": arr(obj({"id": INT, "code": STR, "summary": STR, "agency": null(STR), "deadline": DATE,
                                  "days": INT})),
              "samples": arr(obj({"id": INT, "group": STR, "round": STR, "size": INT, "population": INT, "drawn_on": DATE,
                                  "cases": arr(obj({"case_id": INT, "code": STR, "verdict": null(STR), "text": STR}))}))})
REMINDER = obj({"id": INT, "case_id": INT, "code": STR, "summary": STR, "agency": null(STR), "deadline": DATE,
                "status": STR, "overdue": BOOL, "emailed": BOOL, "at": TIME})
FINDING = obj({"verdict": STR, "text": STR, "by": null(STR), "at": TIME})
SAMPLE = obj({"id": INT, "group": obj({"id": INT, "kind": STR, "name": STR}), "round": STR, "size": INT,
              "filters": obj({}, {"field": STR, "agency_id": INT}), "population_size": INT, "seed": STR,
              "picked": arr(extend(CASE, {"finding": null(FINDING)})), "drawn_by": null(STR), "at": TIME})
DRAW_CHECK = obj({"entry": null(INT), "prev_hash": null(STR), "ok": BOOL, "problems": arr(STR)})
SAMPLE_DETAIL = extend(SAMPLE, {"population": arr(INT), "check": DRAW_CHECK})
