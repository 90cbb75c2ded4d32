from server.shapes import INT, STR, TIME, null, obj

NOTE = obj({"uuid": STR, "document_id": INT, "version": INT, "page": null(INT), "text": STR, "created_at": TIME,
            "updated_at": TIME, "where_vi": STR, "where_en": STR})
