"""A JSON Schema (2020-12) of a Popolo export, for testing the bundle's vote_events.json.

No package on PyPI or npm ships the Popolo project's own schemas (draft-03 files published with the
specification at popoloproject.com/specs), and copying them into this repository is not allowed, so this
document is written here. It follows the specification's definitions of vote_event, vote, count, motion,
person, organization and event (the legislative session): the same property names, the same types (most
of them string-or-null), the same required properties (a count's option and value), date-times for a vote
event's and a motion's dates, dates for an event's. Where the specification lets any other property through,
this schema is stricter: a property is either one the specification defines or one flagged with a leading
"+", the specification's own advice for extensions — so nothing of ours passes for Popolo unmarked.
"""
from __future__ import annotations

import jsonschema_rs

STR = {"type": ["string", "null"]}
DATETIME = {"type": ["string", "null"], "format": "date-time"}
DATE = {"type": ["string", "null"], "pattern": r"^[0-9]{4}((-[0-9]{2}){0,2}|(-[0-9]{2}){2}T[0-9]{2}(:[0-9]{2}){0,2}"
                                               r"(Z|[+-][0-9]{2}(:[0-9]{2})?))$"}
EXTENSION = {"^\\+": {}}  # "+name": ours, outside the specification


def _class(properties: dict, required: tuple[str, ...] = ()) -> dict:
    return {"type": "object", "properties": properties, "required": list(required),
            "patternProperties": EXTENSION, "additionalProperties": False}


def _list(ref: str) -> dict:
    return {"type": "array", "items": {"$ref": f"#/$defs/{ref}"}}


DEFS = {
    "link": _class({"url": {"type": "string"}, "note": STR}, ("url",)),
    "identifier": _class({"identifier": {"type": "string"}, "scheme": STR}, ("identifier",)),
    "person": _class({
        "id": STR, "name": STR, "family_name": STR, "given_name": STR, "additional_name": STR, "honorific_prefix": STR,
        "honorific_suffix": STR, "patronymic_name": STR, "sort_name": STR, "email": STR, "gender": STR,
        "birth_date": DATE, "death_date": DATE, "image": STR, "summary": STR, "biography": STR,
        "national_identity": STR, "identifiers": _list("identifier"), "links": _list("link"), "votes": _list("vote"),
        "created_at": DATETIME, "updated_at": DATETIME, "sources": _list("link")}),
    "organization": _class({
        "id": STR, "name": STR, "classification": STR, "identifiers": _list("identifier"), "parent_id": STR,
        "parent": {"$ref": "#/$defs/organization"}, "area_id": STR, "abstract": STR, "description": STR,
        "founding_date": DATE, "dissolution_date": DATE, "image": STR, "links": _list("link"),
        "motions": _list("motion"), "vote_events": _list("vote_event"), "votes": _list("vote"),
        "children": _list("organization"), "created_at": DATETIME, "updated_at": DATETIME, "sources": _list("link")}),
    "event": _class({
        "id": STR, "name": STR, "description": STR, "start_date": DATE, "end_date": DATE, "location": STR,
        "status": STR, "identifiers": _list("identifier"), "classification": STR, "organization_id": STR,
        "organization": {"$ref": "#/$defs/organization"}, "parent_id": STR, "parent": {"$ref": "#/$defs/event"},
        "children": _list("event"), "created_at": DATETIME, "updated_at": DATETIME, "sources": _list("link")}),
    "motion": _class({
        "id": STR, "organization_id": STR, "organization": {"$ref": "#/$defs/organization"},
        "legislative_session_id": STR, "legislative_session": {"type": ["object", "null"]}, "creator_id": STR,
        "creator": {"$ref": "#/$defs/person"}, "text": STR, "classification": STR, "date": DATETIME,
        "requirement": STR, "result": STR, "vote_events": _list("vote_event"), "created_at": DATETIME,
        "updated_at": DATETIME, "sources": _list("link")}),
    "count": _class({"option": {"type": "string"}, "value": {"type": "integer"}, "group_id": STR,
                     "group": {"type": ["object", "null"]}}, ("option", "value")),
    "vote": _class({
        "id": STR, "vote_event_id": STR, "vote_event": {"$ref": "#/$defs/vote_event"}, "voter_id": STR,
        "voter": {"type": ["object", "null"]}, "option": STR, "group_id": STR, "group": {"$ref": "#/$defs/organization"},
        "role": STR, "weight": {"type": ["number", "null"]}, "pair_id": STR, "pair": {"$ref": "#/$defs/person"}}),
    "group_result": _class({"group_id": STR, "group": {"type": ["object", "null"]}, "result": {"type": "string"}},
                           ("result",)),
    "vote_event": _class({
        "id": STR, "organization_id": STR, "organization": {"$ref": "#/$defs/organization"},
        "legislative_session_id": STR, "legislative_session": {"$ref": "#/$defs/event"}, "identifier": STR,
        "motion_id": STR, "motion": {"$ref": "#/$defs/motion"}, "classification": STR, "start_date": DATETIME,
        "end_date": DATETIME, "result": STR, "group_results": _list("group_result"), "counts": _list("count"),
        "votes": _list("vote"), "created_at": DATETIME, "updated_at": DATETIME, "sources": _list("link")}),
}

# The file: collections of the classes, as Popolo exports lay them out, each thing once.
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {"organizations": _list("organization"), "events": _list("event"), "persons": _list("person"),
                   "motions": _list("motion"), "vote_events": _list("vote_event")},
    "additionalProperties": False,
    "$defs": DEFS,
}


def problems(doc: dict) -> list[str]:
    """Where `doc` breaks the schema: each error with the path to it."""
    validator = jsonschema_rs.Draft202012Validator(SCHEMA, validate_formats=True)
    return [f"/{'/'.join(map(str, e.instance_path))}: {e.message}" for e in validator.iter_errors(doc)]
