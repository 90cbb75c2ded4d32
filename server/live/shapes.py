from server.agenda.shapes import AGENDA_ITEM
from server.attendance.shapes import ATTENDANCE, ROLL_ROW
from server.questioning.shapes import ANSWERER
from server.sessions.shapes import SESSION
from server.shapes import BOOL, INT, STR, TIME, arr, extend, null, obj
from server.speaking.shapes import SPEAKING
from server.voting.shapes import COMMITTEE, MY_VOTE, POLL

_REF = obj({"id": INT, "name": STR})
SNAPSHOT = obj({"seq": INT, "session": SESSION, "council": _REF, "term": _REF, "status": STR,
                "current_item_id": null(INT), "paused": BOOL, "message": STR, "sealed_hash": null(STR),
                "agenda": arr(AGENDA_ITEM), "attendance": ATTENDANCE, "poll": null(POLL),
                "speaking": extend(SPEAKING, {"answerer": ANSWERER}),
                "committee": null(COMMITTEE), "server_time": TIME,
                "me": obj({"id": INT, "role": STR, "full_name": STR, "permissions": arr(STR), "attendance": null(STR),
                           "vote": null(MY_VOTE)})},
               {"roll": arr(ROLL_ROW)})
