from server.shapes import BOOL, INT, STR, arr, null, obj

USER = obj({"id": INT, "full_name": STR, "role": STR, "title": STR, "constituency": STR, "active": BOOL},
           {"username": STR, "must_change_password": BOOL, "agency_id": INT})
COUNCIL_REF = obj({"id": INT, "name": STR}, {"level": STR})
ME = obj({"user": null(USER), "csrf_token": STR}, {"council": COUNCIL_REF, "permissions": arr(STR)})
LOGGED_OUT = obj({"ok": BOOL, "csrf_token": STR})
