from server.shapes import INT, NUM, STR, TIME, arr, null, obj

# ink: the page's highlight strokes, each x0, y0, x1, y1, … in fractions of the page (notes/rules.clean_ink)
NOTE = obj({"uuid": STR, "document_id": INT, "version": INT, "page": null(INT), "text": STR, "ink": null(arr(arr(NUM))),
            "created_at": TIME, "updated_at": TIME, "where_vi": STR, "where_en": STR})
