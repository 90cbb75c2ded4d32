from server.shapes import BOOL, INT, STR, obj

ATTENDANCE = obj({"present": INT, "total": INT, "absent": INT, "required": INT, "quorum_met": BOOL})
ROLL_ROW = obj({"user_id": INT, "full_name": STR, "title": STR, "status": STR, "reason": STR})
