from server.shapes import BOOL, DATE, INT, STR, arr, null, obj

# an RFC 3161 token over the seal, as read (server/timestamping.py token_info): the TSA's time and name
SEAL_TIMESTAMP = obj({"time": STR, "tsa": STR, "algorithm": STR, "digest": STR})
SESSION = obj({"id": INT, "number": INT, "kind": STR, "title": STR, "location": STR, "start_date": DATE,
               "end_date": DATE, "status": STR, "sealed_hash": null(STR), "public": BOOL},
              {"seal_timestamp": null(SEAL_TIMESTAMP), "group_id": null(INT), "council_id": INT,
               "council": STR, "invited": BOOL})
SITTING = obj({"id": INT, "date": DATE, "part": STR, "title": STR})
EVENT = obj({"session_id": INT, "seq": INT, "kind": STR,
             "patch": {"type": "object", "description": "snapshot sections the event replaces (GET …/live)"}})
CHANGED = obj({"seq": INT, "event": null(EVENT)})  # the answer to a command: the event it recorded, if any
# someone invited to a session or meeting: an official of the council (an agency's account) or, at a giao ban, a
# standing committee member of another council
INVITEE = obj({"user_id": INT, "full_name": STR, "title": STR, "official": BOOL, "council_id": INT, "council": STR,
               "agency": STR})
INVITABLE = obj({"officials": arr(obj({"user_id": INT, "full_name": STR, "title": STR, "agency": STR})),
                 "councils": arr(obj({"id": INT, "name": STR}))})
