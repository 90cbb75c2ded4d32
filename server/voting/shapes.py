from server.shapes import ANY, BOOL, INT, LINE, STR, TIME, arr, extend, null, obj

RULE = obj({"base": STR, "num": INT, "den": INT, "strict": BOOL, "text": arr(STR)})
_COUNTS = {"total": INT, "present": INT, "cast": INT, "did_not_vote": INT, "absent": INT}
_CHECKS = {"consistent": BOOL, "receipts": arr(obj({"receipt": STR, "choice": ANY})),  # receipts: before 0004
           "trackers": arr(STR), "counts": arr(arr(INT)),
           "named": arr(obj({"user_id": INT, "full_name": STR, "choice": STR}))}
ANSWER_RESULT = obj({**_COUNTS, "base": INT, "answers": obj({"for": LINE, "against": LINE, "abstain": LINE}),
                     "passed": BOOL, "rule": arr(STR)}, _CHECKS)
ELECTION_RESULT = obj({**_COUNTS, "seats": INT,
                       "candidates": arr(extend(LINE, {"option_id": INT, "elected": BOOL, "qualified": BOOL})),
                       "elected": arr(INT), "tie": BOOL, "tied": arr(INT), "new_round_needed": BOOL}, _CHECKS)
CONFIDENCE_RESULT = obj({**_COUNTS, "people": arr(obj({"option_id": INT, "high": LINE, "medium": LINE, "low": LINE,
                                                       "low_over_half": BOOL, "low_two_thirds": BOOL}))}, _CHECKS)
PROGRESS = obj({"poll_id": INT, "cast": INT, "entitled": INT})
CORRECTION = obj({"id": INT, "reason": STR, "delegate_id": null(INT), "choice": null(STR), "author_id": INT, "at": TIME})
POLL = obj({"id": INT, "session_id": INT, "agenda_item_id": null(INT), "kind": STR, "title": STR, "secret": BOOL,
            "status": STR, "rule": RULE, "seats": null(INT), "changeable": BOOL, "duration_s": INT,
            "repeat_of_id": null(INT), "opened_at": null(TIME), "deadline": null(TIME), "closed_at": null(TIME),
            "counted_at": null(TIME),
            "total": null(INT), "present": null(INT), "options": arr(obj({"id": INT, "label": STR})),
            "result": null({"anyOf": [ANSWER_RESULT, ELECTION_RESULT, CONFIDENCE_RESULT]})},
           {"progress": PROGRESS, "corrections": arr(CORRECTION),
            "encryption": obj({"key_id": INT, "context": STR, "public_key": STR, "questions": arr(arr(INT))}),
            "counting": obj({"confirmed": INT, "needed": INT, "size": INT,
                             "members": arr(obj({"number": INT, "user_id": INT, "confirmed": BOOL}))})})
MY_VOTE = obj({"poll_id": INT, "entitled": BOOL, "has_voted": BOOL}, {"choice": null(STR), "tracker": null(STR)})
BALLOT_ANSWER = obj({"recorded": BOOL, "poll_id": INT},
                    {"tracker": STR, "choice": ANY, "request_id": STR, "changed": BOOL})
COMMITTEE = obj({"key_id": INT, "session_id": INT, "status": STR, "threshold": INT, "size": INT,
                 "public_key": null(STR), "context": STR,
                 "members": arr(obj({"number": INT, "user_id": INT, "full_name": STR, "joined": BOOL, "dealt": BOOL,
                                     "confirmed": BOOL, "complaint": null(STR)},
                                    {"transport_key": null(STR), "deal": ANY, "verification_key": null(STR),
                                     "share_proof": ANY}))})
BOARD = obj({"board": obj({"poll_id": INT, "kind": STR, "status": STR, "context": STR, "questions": arr(arr(INT)),
                           "committee": COMMITTEE, "ballots": arr(obj({"tracker": STR, "ballot": ANY})),
                           "aggregate": ANY, "decryptions": arr(obj({"number": INT, "partial": ANY})),
                           "counts": ANY})})
MY_VOTES = obj({"votes": arr(obj({"poll_id": INT, "session_id": INT, "title": STR, "kind": STR, "status": STR,
                                  "opened_at": null(TIME), "present": BOOL, "has_voted": BOOL, "choice": null(STR),
                                  "passed": null(BOOL)}))})
