"""OpenAPI description of the whole HTTP API, generated from the routes themselves.

Every route's path, permission (`@require`) and input (`@accepts`: body, query, media, success status)
are read off the app, so the description cannot drift from the code that validates the requests.
"""
from __future__ import annotations

import re

from flask import Blueprint, Flask, current_app, jsonify

from server.validation import MAX_ID, MAX_IDS, Field, declared_of, returns

bp = Blueprint("openapi", __name__)

ERROR = {"$ref": "#/components/schemas/Error"}
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
# What each status means for a route; a route lists those that can happen to it.
_ERRORS = {
    "400": "Malformed JSON / JSON không hợp lệ",
    "401": "Not logged in / chưa đăng nhập",
    "403": "Role not allowed, or CSRF token missing / không có quyền, hoặc thiếu mã CSRF",
    "404": "Not found, or of another council / không tìm thấy, hoặc thuộc hội đồng khác",
    "409": "Not possible in the current state / không thực hiện được ở trạng thái hiện tại",
    "413": "Too large / quá lớn",
    "415": "Wrong media type / sai định dạng dữ liệu",
    "422": "Invalid field / trường không hợp lệ",
    "429": "Too many attempts / quá nhiều lần thử",
    "503": "A PDF worker is busy or the database is unavailable / máy chủ tạm bận",
    "507": "The server's storage is full; nothing was stored / máy chủ hết dung lượng, không lưu gì",
}


def field_schema(f: Field) -> dict:
    if f.kind in ("text", "secret"):
        s: dict = {"type": "string", "maxLength": f.max_len}
        if f.required:
            s["minLength"] = 1
    elif f.kind == "texts":
        s = {"type": "array", "maxItems": 50, "items": {"type": "string", "maxLength": f.max_len}}
    elif f.kind == "ids":
        s = {"type": "array", "maxItems": MAX_IDS, "items": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}
    elif f.kind in ("int", "id"):
        lo = 1 if f.kind == "id" and f.min is None else f.min
        s = {"type": "integer", "maximum": MAX_ID if f.max is None else f.max}
        if lo is not None:
            s["minimum"] = lo
    elif f.kind == "bool":
        s = {"type": "boolean"}
    elif f.kind == "date":
        s = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    elif f.kind == "enum":
        s = {"type": "string", "enum": list(f.choices)}
    else:  # "any": the domain rule that owns it checks the shape
        return {"description": f.label_en}
    if f.label_en:
        s["title"] = f.label_en
    if f.label_vi:
        s["description"] = f.label_vi
    return s


def object_schema(spec: dict[str, Field], *, partial: bool) -> dict:
    props = {}
    for name, f in spec.items():
        s = field_schema(f)
        if not f.required and "type" in s:
            s = {**s, "type": [s["type"], "null"]}  # null: not given (in a PATCH: clear it)
        props[name] = s
    out = {"type": "object", "properties": props, "additionalProperties": False}
    required = [n for n, f in spec.items() if f.required]
    if required and not partial:
        out["required"] = required
    return out


def _operation(rule, method: str, view) -> tuple[str, dict]:
    d = declared_of(view)
    permission = getattr(view, "permission", None)
    path = _PARAM.sub(r"{\2}", rule.rule)
    params = [{"name": name, "in": "path", "required": True,
               "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID} if conv == "int" else {"type": "string"}}
              for conv, name in _PARAM.findall(rule.rule)]
    params += [{"name": name, "in": "query", "required": f.required, "schema": field_schema(f)}
               for name, f in d.query.items()]
    doc = (view.__doc__ or view.__name__.replace("_", " ")).strip()
    op: dict = {"operationId": f"{method}_{rule.endpoint.replace('.', '_')}", "summary": doc.splitlines()[0],
                "tags": [rule.endpoint.split(".")[0]], "parameters": params}
    if len(doc.splitlines()) > 1:
        op["description"] = doc
    if permission:
        op["security"] = [{"session": []}]
        op["x-permission"] = permission
    codes = ["404"]
    writes = method in ("post", "put", "patch", "delete")
    if permission:
        codes += ["401", "403"]
    elif writes:
        codes.append("403")  # the CSRF check
    if d.body is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": object_schema(d.body, partial=d.partial)}}}
        codes += ["400", "413", "415", "422"]
    elif d.raw:
        op["requestBody"] = {"required": True, "content": {d.raw: {"schema": {"type": "string", "format": "binary"}}}}
        codes += ["400", "413", "415", "422", "507"]
    if d.query:
        codes.append("422")
    if writes or rule.endpoint.startswith(("documents.", "archive.")):
        codes += ["409", "503"]
    if rule.endpoint == "accounts.login":
        codes += ["401", "429", "503"]
    ok = {"description": "OK", "content": {m: {"schema": getattr(view, "returns", None) if m == "application/json"
                                              else {"type": "string", "format": "binary"}}
                                          for m in d.produces.split(", ")}}
    op["responses"] = {str(d.status): ok, **{c: {"description": _ERRORS[c], "content": {"application/json": {
        "schema": ERROR}}} for c in sorted(set(codes))}}
    return path, op


def build(app: Flask) -> dict:
    paths: dict[str, dict] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith("/api/") or rule.endpoint == "openapi.openapi":
            continue
        view = app.view_functions[rule.endpoint]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            path, op = _operation(rule, method.lower(), view)
            paths.setdefault(path, {})[method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": "kyhop API", "version": "1",
                 "description": "Sessions of People's Councils: members, agenda, live control, attendance, documents, "
                                "votes, speeches, minutes and the public archive. Log in with POST /api/auth/login; "
                                "send the `csrf_token` it returns as the X-CSRF-Token header on every write. Every "
                                "error carries a message in Vietnamese and in English. The live channel "
                                "(socket.io, /socket.io) carries the events of each change; /api/sessions/{id}/live "
                                "is its snapshot."},
        "paths": paths,
        "components": {
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "kyhop_session"}},
            "schemas": {"Error": {"type": "object", "required": ["error"], "properties": {"error": {
                "type": "object", "required": ["code", "message", "message_vi", "message_en"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                               "message_vi": {"type": "string", "minLength": 1},
                               "message_en": {"type": "string", "minLength": 1},
                               "details": {"type": "object"}}}}}},
        },
    }


@bp.get("/api/openapi.json")
@returns({"type": "object", "required": ["openapi", "info", "paths"]})
def openapi():
    """This description."""
    spec = current_app.extensions.get("kyhop_openapi")
    if spec is None:
        spec = current_app.extensions["kyhop_openapi"] = build(current_app)
    return jsonify(spec)
