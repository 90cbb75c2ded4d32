from server.accounts.shapes import USER
from server.shapes import BOOL, INT, STR, arr, dict_of, extend, null, obj

GROUP = obj({"id": INT, "kind": STR, "name": STR})
MEMBER = extend(USER, {"groups": arr(GROUP), "term_id": null(INT)})  # term_id: the term a delegate belongs to
TERM_REF = obj({"id": INT, "name": STR, "start_year": INT, "end_year": INT})
TERM = extend(TERM_REF, {"current": BOOL, "delegates": INT})
COUNCIL_SETTINGS = obj({"quorum": arr(INT), "speaking_limits": dict_of(INT)})
COUNCIL_INFO = extend(COUNCIL_SETTINGS, {"id": INT, "name": STR, "level": STR, "term": null(TERM_REF),
                                         "delegates": INT, "groups": arr(GROUP)})
COUNCIL = obj({"id": INT, "name": STR, "level": STR, "archived": BOOL, "term": null(TERM), "delegates": INT,
               "members": INT})
INITIAL_PASSWORD = obj({"username": STR, "initial_password": STR})
