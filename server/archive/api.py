from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from flask_login import current_user

from server.accounts.authz import require
from server.archive.activity import activity, as_csv
from server.councils.service import current_term
from server.db import db
from server.errors import ApiError

bp = Blueprint("archive", __name__, url_prefix="/api")


@bp.get("/activity")
@require("activity.read")
def delegate_activity():
    """Each delegate's record in the current term; ?format=csv for the yearly evaluation spreadsheet."""
    term = current_term(db(), current_user.council_id)
    if term is None:
        raise ApiError(404, "no_term", "Hội đồng chưa có khóa hiện hành.", "The council has no current term.")
    rows = activity(db(), current_user.council_id, term.id)
    if request.args.get("format") == "csv":
        return Response(as_csv(rows), mimetype="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="hoat-dong-dai-bieu.csv"'})
    return jsonify({"term": {"id": term.id, "name": term.name}, "delegates": rows})
