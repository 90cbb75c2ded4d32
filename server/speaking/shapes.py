from server.shapes import BOOL, INT, NUM, STR, TIME, arr, null, obj

_PERSON = {"user_id": INT, "full_name": STR, "title": STR, "constituency": STR, "role": STR}
SPEECH = obj({"id": INT, **_PERSON, "kind": STR, "agenda_item_id": INT, "addressee": STR, "subject": STR,
              "answers_speech_id": null(INT), "started_at": TIME, "limit_s": INT, "added_s": INT,
              "paused_at": null(TIME), "paused_total_s": NUM, "ended_at": null(TIME), "duration_s": null(INT),
              "overrun_s": null(INT)})
SPEAKING = obj({"item_id": null(INT), "closed": BOOL, "current": null(SPEECH),
                "queue": arr(obj({"id": INT, **_PERSON, "kind": STR, "addressee": STR, "subject": STR,
                                  "priority": BOOL, "invited": BOOL}))})
SPEECH_LOG = obj({"speeches": arr(SPEECH)}, {"written": arr(obj({"id": INT, **_PERSON, "agenda_item_id": INT,
                                                                 "text": STR, "created_at": TIME}))})
