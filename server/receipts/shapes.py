from server.shapes import INT, STR, TIME, arr, null, obj

DELEGATE_RECEIPT = obj({"user_id": INT, "full_name": STR, "status": STR, "received_at": null(TIME),
                        "opened_at": null(TIME)})
DOCUMENT_RECEIPTS = obj({"document_id": INT, "title": STR, "kind": STR, "access": STR, "version": INT,
                         "summary_vi": STR, "summary_en": STR,
                         "counts": obj({"not_received": INT, "received": INT, "opened": INT}),
                         "delegates": arr(DELEGATE_RECEIPT)})
