"""OpenAPI description of the open-data API (no login): sessions, polls and results for other systems."""
from __future__ import annotations

from flask import Blueprint, jsonify

bp = Blueprint("openapi", __name__)


def _get(summary: str, params: list[dict], schema: dict) -> dict:
    return {"get": {"summary": summary, "parameters": params,
                    "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": schema}}},
                                  "404": {"$ref": "#/components/responses/NotFound"}}}}


def _id(name: str, where: str = "path") -> dict:
    return {"name": name, "in": where, "required": True, "schema": {"type": "integer", "minimum": 1}}


SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "kyhop — dữ liệu mở / open data", "version": "1",
             "description": "Public sessions of People's Councils: agenda, public documents and every vote with its "
                            "result. Open votes carry each delegate's choice; secret ballots carry totals only."},
    "paths": {
        "/api/public/councils": _get("Councils with public sessions", [], {"type": "object", "properties": {
            "councils": {"type": "array", "items": {"$ref": "#/components/schemas/Council"}}}}),
        "/api/public/councils/{council_id}/sessions": _get("A council's public sessions", [_id("council_id")], {
            "type": "object", "properties": {"council": {"$ref": "#/components/schemas/Council"},
                                             "sessions": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}}}}),
        "/api/public/sessions/{session_id}": _get("A public session: agenda, public documents, polls and results",
                                                  [_id("session_id")], {"type": "object", "properties": {
                                                      "session": {"$ref": "#/components/schemas/Session"},
                                                      "agenda": {"type": "array", "items": {"type": "object"}},
                                                      "documents": {"type": "array", "items": {"type": "object"}},
                                                      "polls": {"type": "array", "items": {"$ref": "#/components/schemas/Poll"}}}}),
        "/api/public/delegates/{user_id}/votes": _get("A delegate's public voting record (open votes)", [_id("user_id")],
                                                      {"type": "object"}),
        "/api/public/search": _get("Search the public sessions of a council (diacritics ignored)",
                                   [_id("council", "query"), {"name": "q", "in": "query", "required": True,
                                                              "schema": {"type": "string", "minLength": 2, "maxLength": 200}}],
                                   {"type": "object"}),
    },
    "components": {
        "schemas": {
            "Council": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
                                                         "level": {"type": "string", "enum": ["province", "commune"]}}},
            "Session": {"type": "object", "properties": {
                "id": {"type": "integer"}, "number": {"type": "integer"}, "title": {"type": "string"},
                "kind": {"type": "string", "enum": ["regular", "thematic", "extraordinary"]},
                "status": {"type": "string"}, "start_date": {"type": "string", "format": "date"},
                "end_date": {"type": "string", "format": "date"},
                "sealed_hash": {"type": ["string", "null"], "description": "SHA-256 chain head at closing"}}},
            "Poll": {"type": "object", "properties": {
                "id": {"type": "integer"}, "title": {"type": "string"},
                "kind": {"type": "string", "enum": ["open", "secret", "election", "confidence"]},
                "status": {"type": "string", "enum": ["closed", "cancelled"]},
                "result": {"type": ["object", "null"], "description": "counts and percentages of the base; 'named' "
                                                                      "lists each delegate's choice for open votes"}}},
            "Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
                "code": {"type": "string"}, "message_vi": {"type": "string"}, "message_en": {"type": "string"}}}}},
        },
        "responses": {"NotFound": {"description": "Not found or not public",
                                   "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
    },
}


@bp.get("/api/openapi.json")
def openapi():
    return jsonify(SPEC)
