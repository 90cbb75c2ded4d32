from server.shapes import INT, STR, null, obj

AGENDA_ITEM = obj({"id": INT, "parent_id": null(INT), "number": STR, "depth": INT, "title": STR, "kind": STR,
                   "planned_minutes": INT, "presenter": STR, "sitting_id": null(INT)})
